import Foundation
import Reports
import Testing

/// The two renderers of the report document model (RP.1–RP.4): typed text intact and inert in both formats, numbers
/// right-aligned, byte-identical output.
@Suite("Report renderers: Markdown and standalone HTML")
struct RendererTests {
    static let hostile = "<script>alert(1)</script> [点我](javascript:alert(1)) <b>粗</b> a|b\n=SUM(A1:A9)"

    static let document = ReportDocument(
        title: "《2026年度公共数据管理评估报告》",
        subtitle: "评估范围:呼和浩特市",
        provenance: "审计链头:第 7 条",
        blocks: [
            .heading("排名", anchor: "ranking"),
            .keyFigures([KeyFigure("参评机构", "3 家")]),
            .table(
                ReportTable(
                    caption: "表1",
                    columns: [.init("机构"), .init("总分", numeric: true)],
                    rows: [[.text(hostile), .number(81.666, decimals: 2)], [.text("教育局"), .number(72.5, decimals: 2)]]
                )
            ),
            .chart(BarChart(title: "图1 总分", bars: [("卫健委", 81.67), ("教育局", 72.5)], maximum: 100)),
            .heading("评估委员会调整说明", anchor: "remarks"),
            .prose(.typed(hostile)),
            .prose(.trusted("依据**第三十九条**计算。")),
        ]
    )

    @Test("Markdown: typed text escaped in prose and table cells — no raw HTML, no link, no formula, no broken table")
    func markdown() {
        let text = MarkdownRenderer().render(Self.document)
        #expect(text.contains(#"\<script\>alert(1)\</script\>"#))
        #expect(text.contains(#"\[点我\](javascript:alert(1))"#))
        #expect(!text.contains("<script>") && !text.contains("[点我](") && !text.contains("点我](javascript"))
        #expect(text.contains(#"a\|b \=SUM(A1:A9)"#), "a table cell on one line")
        #expect(text.contains("a\\|b\n\\=SUM(A1:A9)"), "prose keeps its line break, the leading = escaped")
        #expect(text.contains("| --- | ---: |"))
        #expect(text.contains("| 81.67 |") && text.contains("| 72.50 |"))
        #expect(text.contains("依据**第三十九条**计算。"))
    }

    @Test("HTML: typed text shown as text, javascript: link emptied, numbers right-aligned, chart inline, TOC")
    func html() {
        let html = HTMLRenderer(stylesheet: "body{}").render(Self.document)
        #expect(!html.contains("<script>") && !html.contains("<b>粗</b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("href=\"javascript"))
        #expect(html.contains("a|b"))
        #expect(html.contains("=SUM(A1:A9)"))
        #expect(html.contains("<td class=\"num\">81.67</td>"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(html.contains("<a href=\"#ranking\">排名</a>"))
        #expect(html.contains("<strong>第三十九条</strong>"))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
    }

    @Test("typed text that hides a tag behind a combining mark or breaks a cell with CRLF stays inert and on one line")
    func combiningMarksAndLineBreaks() {
        let typed = "<\u{301}script>x</script>\r\n- 项|目"
        let table = ReportDocument(
            title: "t",
            subtitle: "s",
            provenance: "p",
            blocks: [.table(ReportTable(caption: "表", columns: [.init("事项")], rows: [[.text(typed)]]))]
        )
        let html = HTMLRenderer(stylesheet: "").render(table)
        #expect(html.contains("<td>&lt;\u{301}script&gt;x&lt;/script&gt;\r\n- 项|目</td>"))
        let markdown = MarkdownRenderer().render(table)
        #expect(markdown.contains("| \\<\u{301}script\\>x\\</script\\> - 项\\|目 |"))
    }

    @Test("the same document renders to the same bytes; numbers have fixed decimals")
    func byteIdentical() {
        #expect(MarkdownRenderer().render(Self.document) == MarkdownRenderer().render(Self.document))
        #expect(HTMLRenderer(stylesheet: "").render(Self.document) == HTMLRenderer(stylesheet: "").render(Self.document))
        #expect(ReportFormat.decimal(2.005, 2) == "2.01" || ReportFormat.decimal(2.005, 2) == "2.00")
        #expect(ReportFormat.decimal(-0.004, 2) == "0.00")
        #expect(ReportFormat.decimal(70, 2) == "70.00")
        #expect(ReportFormat.decimal(1234.5, 1) == "1234.5")
    }
}
