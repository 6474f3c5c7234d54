import Foundation
import Hummingbird
import RegistryCore
import Reports

/// A report of the registry (RP.1–RP.3) readable in the workspace: the same document the downloads hold, rendered as a
/// fragment of the page (no inline styles), with the links that download it and, where the report takes one, the
/// form that picks its year or "as of" day.
struct ReportPage: PageView {
    static let template = "report"
    var title: String
    /// The report as HTML from ``HTMLRenderer/fragment(_:)``: prose through libcmark's safe mode, everything else escaped.
    var reportHTML: String?
    /// Shown when there is no report to show (no published plan, no assessment).
    var missing: String
    var downloads: [ReportDownload.Link]
    var anyDownloads: Bool
    var picker: Picker?

    /// A GET form that picks what the report covers.
    struct Picker: Sendable {
        var action: String
        var fields: [FormField]
        /// Inputs the form carries unchanged (`division`).
        var hidden: [Hidden] = []

        struct Hidden: Sendable {
            var name: String
            var value: String
        }
    }

    init(title: String, document: ReportDocument?, downloads: [ReportDownload.Link], picker: Picker?, missing: String) {
        self.title = title
        reportHTML = document.map { HTMLRenderer(stylesheet: "").fragment($0) }
        self.missing = missing
        self.downloads = document == nil ? [] : downloads
        anyDownloads = !self.downloads.isEmpty
        self.picker = picker
    }
}

extension ReportPage.Picker {
    /// The year and "as of" day of the open-plan report.
    init(action: String, year: String, asOf: String) {
        self.init(
            action: action,
            fields: [
                FormField("year", label: "计划年度", type: "number", value: year, errors: FormErrors()),
                FormField("as_of", label: "进度截至", type: "date", value: asOf, errors: FormErrors()),
            ]
        )
    }
}

/// The downloads of a report: Markdown and standalone HTML with the stylesheet of `reports/`, byte-identical to what
/// `registry report` writes.
enum ReportDownload {
    /// A download link.
    struct Link: Sendable {
        var label: String
        var href: String
    }

    static let labels = ["md": "下载 Markdown", "html": "下载 HTML", "csv": "下载 CSV 附录"]

    /// Links to `base` with `&format=` each of `formats`.
    static func links(_ base: String, _ formats: [String]) -> [Link] {
        formats.map { Link(label: labels[$0] ?? $0, href: base + "&format=" + $0) }
    }

    /// The document as an attachment named `name.md` or `name.html`; any other format is refused.
    static func response(_ document: ReportDocument, format: String, name: String, reports: ReportService) throws -> Response {
        let (text, type): (String, String)
        switch format {
        case "md": (text, type) = (reports.markdown(document), "text/markdown; charset=utf-8")
        case "html": (text, type) = (try reports.html(document), "text/html; charset=utf-8")
        default: throw RegistryError.invalid("format", "格式须为 md 或 html。")
        }
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name).\(format)\"", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
