import Foundation
import Mustache
import Testing

@testable import RegistryWeb

/// What the templates are handed and how they escape it: the rows of long lists encoded without reflection read the
/// same as reflected ones, and the pages' escaping leaves no character that could end a text or an attribute.
@Suite("Template values")
struct TemplateValuesTests {
    struct Row: Sendable, TemplateRow {
        var name: String
        var count: Int
        var flagged: Bool
        var note: String?
        var tags: [String]
    }

    struct Reflected: Sendable {
        var name: String
        var count: Int
        var flagged: Bool
        var note: String?
        var tags: [String]
    }

    struct Page: Sendable {
        var title: String
        var note: String
        var rows: [Row]
        var reflected: [Reflected]
    }

    @Test("a TemplateRow renders as the same struct reflected: nil left out (the name found outside), lists, booleans")
    func rowsReadAsReflected() throws {
        let template = try MustacheTemplate(
            string: "{{#rows}}[{{name}} {{count}} {{#flagged}}!{{/flagged}}{{note}} {{#tags}}<{{.}}>{{/tags}}]{{/rows}}"
        )
        let rowsTemplate = try MustacheTemplate(
            string: "{{#reflected}}[{{name}} {{count}} {{#flagged}}!{{/flagged}}{{note}} {{#tags}}<{{.}}>{{/tags}}]{{/reflected}}"
        )
        let page = Page(
            title: "t",
            note: "outside",
            rows: [
                Row(name: "甲", count: 2, flagged: true, note: nil, tags: ["a", "b"]), Row(name: "乙", count: 0, flagged: false, note: "n", tags: []),
            ],
            reflected: [
                Reflected(name: "甲", count: 2, flagged: true, note: nil, tags: ["a", "b"]),
                Reflected(name: "乙", count: 0, flagged: false, note: "n", tags: []),
            ]
        )
        let values = try #require(TemplateValues.tree(of: page))
        #expect(template.render(values) == rowsTemplate.render(values))
        #expect(template.render(values) == "[甲 2 !outside <a><b>][乙 0 n ]")
        let row = try #require(TemplateValues.tree(of: page.rows[0]) as? [String: Any])
        #expect(Set(row.keys) == ["name", "count", "flagged", "tags"])
    }

    @Test("the pages' escaping replaces < > & \" ' byte by byte, a quote before a combining mark too, and keeps the rest")
    func escaping() {
        let escaping = PageEscaping()
        #expect(escaping.escapeText(#"<a href="x">&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
        #expect(escaping.escapeText("\"\u{301}") == "&quot;\u{301}")
        #expect(escaping.escapeText("第二十一条 数据资源 ok") == "第二十一条 数据资源 ok")
        #expect(escaping.escapeText("") == "")
    }

    @Test("the layout selects the pages' escaping: a page's text is escaped in the layout")
    func layoutEscapes() async throws {
        PageEscaping.register()
        let library = try MustacheLibrary(templates: [
            "layout": try MustacheTemplate(string: "{{% CONTENT_TYPE: PAGE_HTML}}\n<main>{{$main}}{{/main}}</main>"),
            "page": try MustacheTemplate(string: "{{<layout}}{{$main}}{{title}}{{/main}}{{/layout}}"),
        ])
        #expect(library.render(["title": "<b>\"甲\"</b>"], withTemplate: "page") == "<main>&lt;b&gt;&quot;甲&quot;&lt;/b&gt;</main>")
    }
}
