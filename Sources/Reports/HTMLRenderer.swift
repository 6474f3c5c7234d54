import Foundation
import Markdown

/// RP.1–RP.4: renders a ``ReportDocument`` as one standalone HTML file: the stylesheet of `reports/` embedded, a table
/// of contents, real tables with numbers right-aligned, inline SVG charts, print styles for A4. Prose goes through
/// libcmark in its safe mode; typed text first has its `<` escaped, so raw HTML shows as text and runs as nothing.
public struct HTMLRenderer: Sendable {
    /// The CSS embedded in every report (`reports/style.css`).
    public var stylesheet: String

    public init(stylesheet: String) {
        self.stylesheet = stylesheet
    }

    public func render(_ document: ReportDocument) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escaped(document.title))</title>
            <style>
            \(stylesheet)</style>
            </head>
            <body>
            <header>
            <h1>\(Self.escaped(document.title))</h1>
            <p class="subtitle">\(Self.escaped(document.subtitle))</p>
            <p class="provenance">\(Self.escaped(document.provenance))</p>
            </header>

            """
        html += tableOfContents(document)
        html += "<main>\n"
        for block in document.blocks { html += render(block) }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    /// The document as a fragment for a page of the workspace, which has its own layout and stylesheet: title,
    /// provenance, contents and blocks, no `<style>` (the pages' policy allows none inline).
    public func fragment(_ document: ReportDocument) -> String {
        var html = """
            <article class="report">
            <header>
            <h2>\(Self.escaped(document.title))</h2>
            <p class="subtitle">\(Self.escaped(document.subtitle))</p>
            <p class="provenance">\(Self.escaped(document.provenance))</p>
            </header>

            """
        html += tableOfContents(document)
        for block in document.blocks { html += render(block) }
        return html + "</article>\n"
    }

    /// Text that people typed (a committee's remark) as HTML, the way the reports render it: libcmark's safe mode after
    /// `<` is escaped, so `<script>` shows as text and a `javascript:` link goes nowhere.
    public static func typed(_ markdown: String) -> String {
        html(.typed(markdown))
    }

    private func tableOfContents(_ document: ReportDocument) -> String {
        let items = document.sections.map { "<li><a href=\"#\(Self.escaped($0.anchor))\">\(Self.escaped($0.title))</a></li>" }
        return "<nav class=\"toc\">\n<h2>目录</h2>\n<ol>\n" + items.joined(separator: "\n") + "\n</ol>\n</nav>\n"
    }

    private func render(_ block: ReportBlock) -> String {
        switch block {
        case .heading(let title, let anchor):
            "<h2 id=\"\(Self.escaped(anchor))\">\(Self.escaped(title))</h2>\n"
        case .prose(let text):
            "<div class=\"prose\">\n\(Self.html(text))</div>\n"
        case .note(let text):
            "<aside class=\"note\">\n\(Self.html(text))</aside>\n"
        case .keyFigures(let figures):
            "<dl class=\"figures\">\n"
                + figures.map { "<div><dt>\(Self.escaped($0.label))</dt><dd>\(Self.escaped($0.value))</dd></div>" }.joined(separator: "\n")
                + "\n</dl>\n"
        case .table(let table):
            render(table)
        case .chart(let chart):
            SVGBarChart(chart).svg
        case .stackedChart(let chart):
            SVGStackedBarChart(chart).svg
        }
    }

    private func render(_ table: ReportTable) -> String {
        func cell(_ tag: String, _ text: String, numeric: Bool) -> String {
            "<\(tag)\(numeric ? " class=\"num\"" : "")>\(Self.escaped(text))</\(tag)>"
        }
        let head = table.columns.map { cell("th", $0.title, numeric: $0.numeric) }.joined()
        let body = table.rows.map { row in
            "<tr>" + zip(row, table.columns).map { cell("td", $0.plain, numeric: $1.numeric) }.joined() + "</tr>"
        }
        return "<table>\n<caption>\(Self.escaped(table.caption))</caption>\n<thead><tr>\(head)</tr></thead>\n<tbody>\n"
            + body.joined(separator: "\n") + "\n</tbody>\n</table>\n"
    }

    /// Prose through libcmark (safe mode); typed text with its `<` escaped first, so raw HTML shows as text.
    static func html(_ text: ReportText) -> String {
        let source = text.origin == .trusted ? text.markdown : text.markdown.replacingOccurrences(of: "<", with: "\\<")
        return Markdown.html(source)
    }

    /// Text for HTML content and attribute values. Works on UTF-8 bytes, so a `<` stays escaped even when a
    /// combining mark follows it.
    static func escaped(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): result += "&amp;".utf8
            case UInt8(ascii: "<"): result += "&lt;".utf8
            case UInt8(ascii: ">"): result += "&gt;".utf8
            case UInt8(ascii: "\""): result += "&quot;".utf8
            case UInt8(ascii: "'"): result += "&#39;".utf8
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// An inline SVG of a horizontal bar chart, coordinates written with fixed decimals so output is byte-identical.
struct SVGBarChart {
    let chart: BarChart

    init(_ chart: BarChart) {
        self.chart = chart
    }

    static let labelWidth = 260.0, barWidth = 380.0, rowHeight = 22.0

    var svg: String {
        let height = Self.rowHeight * Double(chart.bars.count) + 30
        let rows = chart.bars.enumerated().map { index, bar in row(index, bar.label, bar.value) }
        return """
            <figure class="chart">
            <svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 \(f(Self.labelWidth + Self.barWidth + 70)) \(f(height))" aria-label="\(HTMLRenderer.escaped(chart.title))">
            \(rows.joined(separator: "\n"))
            </svg>
            <figcaption>\(HTMLRenderer.escaped(chart.title))</figcaption>
            </figure>

            """
    }

    private func row(_ index: Int, _ label: String, _ value: Double) -> String {
        let y = 10 + Self.rowHeight * Double(index)
        let width = chart.maximum > 0 ? Self.barWidth * max(0, min(value, chart.maximum)) / chart.maximum : 0
        return """
            <text x="\(f(Self.labelWidth - 8))" y="\(f(y + 15))" text-anchor="end">\(HTMLRenderer.escaped(label))</text>\
            <rect x="\(f(Self.labelWidth))" y="\(f(y + 3))" width="\(f(width))" height="\(f(Self.rowHeight - 6))" class="bar"/>\
            <text x="\(f(Self.labelWidth + width + 6))" y="\(f(y + 15))">\(ReportFormat.decimal(value, 2))</text>
            """
    }

    private func f(_ value: Double) -> String { ReportFormat.decimal(value, 1) }
}

/// An inline SVG of a stacked horizontal bar chart with its legend, one class per series (`part0` …) so the stylesheet
/// colours them; coordinates with fixed decimals so output is byte-identical.
struct SVGStackedBarChart {
    let chart: StackedBarChart

    init(_ chart: StackedBarChart) {
        self.chart = chart
    }

    var svg: String {
        let rowHeight = SVGBarChart.rowHeight
        let labelWidth = SVGBarChart.labelWidth
        let legend = chart.series.enumerated().map { index, name in
            let x = labelWidth + 110 * Double(index)
            return """
                <rect x="\(f(x))" y="4" width="12" height="12" class="part\(index)"/>\
                <text x="\(f(x + 16))" y="15">\(HTMLRenderer.escaped(name))</text>
                """
        }
        let rows = chart.bars.enumerated().map { index, bar in row(30 + rowHeight * Double(index), bar) }
        let height = rowHeight * Double(chart.bars.count) + 40
        let box = "0 0 \(f(labelWidth + SVGBarChart.barWidth + 70)) \(f(height))"
        return """
            <figure class="chart">
            <svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="\(box)" aria-label="\(HTMLRenderer.escaped(chart.title))">
            \((legend + rows).joined(separator: "\n"))
            </svg>
            <figcaption>\(HTMLRenderer.escaped(chart.title))</figcaption>
            </figure>

            """
    }

    private func row(_ y: Double, _ bar: StackedBarChart.Bar) -> String {
        let scale = SVGBarChart.barWidth / Double(chart.maximum)
        var x = SVGBarChart.labelWidth
        var parts: [String] = []
        for (index, part) in bar.parts.enumerated() where part > 0 {
            let width = scale * Double(part)
            parts.append(
                "<rect x=\"\(f(x))\" y=\"\(f(y + 3))\" width=\"\(f(width))\" height=\"\(f(SVGBarChart.rowHeight - 6))\" class=\"part\(index)\">"
                    + "<title>\(HTMLRenderer.escaped(chart.series[index])) \(part)</title></rect>"
            )
            x += width
        }
        return """
            <text x="\(f(SVGBarChart.labelWidth - 8))" y="\(f(y + 15))" text-anchor="end">\(HTMLRenderer.escaped(bar.label))</text>\
            \(parts.joined())<text x="\(f(x + 6))" y="\(f(y + 15))">\(bar.parts.reduce(0, +))</text>
            """
    }

    private func f(_ value: Double) -> String { ReportFormat.decimal(value, 1) }
}
