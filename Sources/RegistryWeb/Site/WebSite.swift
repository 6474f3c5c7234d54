import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import RegistryCore

/// What the workspace ships in `web/` beside `sql/` and `reports/`, loaded once at start: the Mustache templates, the
/// one stylesheet and the list of common passwords.
public struct WebSite: Sendable {
    let templates: MustacheLibrary
    let stylesheet: ByteBuffer
    let passwords: PasswordPolicy

    /// Loads `web/` of the project layout (`REGISTRY_HOME`, as the reports are found).
    public static func load(from layout: ProjectLayout) async throws -> WebSite {
        let web = layout.web
        let templates = try await MustacheLibrary(directory: web.appendingPathComponent("templates").path)
        guard templates.getTemplate(named: "layout") != nil else {
            throw RegistryError(.unavailable, "找不到页面模板:\(web.path)/templates/layout.mustache。")
        }
        let stylesheet = try Data(contentsOf: web.appendingPathComponent("static/registry.css"))
        let common = try String(contentsOf: web.appendingPathComponent("common-passwords.txt"), encoding: .utf8)
        return WebSite(templates: templates, stylesheet: ByteBuffer(bytes: stylesheet), passwords: PasswordPolicy(commonPasswords: common))
    }

    /// `page` in the layout, as an HTML response that no cache keeps.
    public func render<Page: PageView>(
        _ page: Page, for request: Request, context: WebRequestContext, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let frame = PageFrame(page, context: context, path: request.uri.path)
        guard let html = templates.render(TemplateValues.tree(of: frame) ?? frame, withTemplate: Page.template) else {
            throw WebSiteError.missingTemplate(Page.template)
        }
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The site is missing a file it needs: a deployment error, shown as the page of an unexpected error.
enum WebSiteError: Error {
    case missingTemplate(String)
}
