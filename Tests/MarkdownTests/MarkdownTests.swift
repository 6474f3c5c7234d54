import Markdown
import Testing

@Suite("Markdown through libcmark (RP.4)")
struct MarkdownTests {
    @Test("renders CommonMark to HTML")
    func rendersCommonMark() {
        #expect(Markdown.html("**评估**意见") == "<p><strong>评估</strong>意见</p>\n")
    }

    @Test("drops raw HTML typed by people")
    func dropsRawHTML() {
        let html = Markdown.html("说明<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
    }

    @Test("empties javascript: links")
    func emptiesJavaScriptLinks() {
        let html = Markdown.html("[点此](javascript:alert(1))")
        #expect(!html.contains("javascript:"))
    }
}
