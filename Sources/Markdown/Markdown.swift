import CCmark
import Foundation

/// CommonMark to HTML through libcmark, in its default safe mode only.
///
/// Safe mode drops raw HTML and empties `javascript:`, `vbscript:`, `file:` and `data:` links (other than images),
/// so text that people typed — remarks, reasons, descriptions — can go into a report as is.
public enum Markdown {
    /// Renders CommonMark text as an HTML fragment.
    public static func html(_ text: String) -> String {
        let length = text.utf8.count
        guard let rendered = cmark_markdown_to_html(text, length, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
