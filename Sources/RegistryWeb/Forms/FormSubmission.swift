import HTTPTypes
import Hummingbird
import RegistryCore

/// A page whose form can be refused: it names the inputs it shows, so that a refusal of one of them is placed beside
/// it and any other above the form.
public protocol FormPage: PageView {
    /// The names of the inputs the form shows (as ``RegistryError/field`` names them).
    static var fields: Set<String> { get }
}

extension WebSite {
    /// Runs a form's `action` — which calls a workflow and answers with a redirect (POST-redirect-GET). When the input
    /// is refused, the form is shown again by `reshow`, with what the user typed and the refusal beside its field;
    /// any other error is left to the error pages. `reshow` may read what the page shows only when it is needed.
    public func submit<Page: FormPage>(
        _ request: Request,
        context: WebRequestContext,
        reshow: (FormErrors) async throws -> Page,
        _ action: () async throws -> Response
    ) async throws -> Response {
        do {
            return try await action()
        } catch let error as RegistryError where error.belongsOnForm {
            let status: HTTPResponse.Status = error.code == .tooManyRequests ? .tooManyRequests : .unprocessableContent
            return try render(try await reshow(FormErrors(error, shownFields: Page.fields)), for: request, context: context, status: status)
        }
    }
}
