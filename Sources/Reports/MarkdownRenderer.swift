import Foundation

/// RP.1–RP.4: renders a ``ReportDocument`` as readable Markdown: pipe tables whose cells are escaped, typed text with
/// every Markdown and HTML character backslash-escaped so it shows as typed and runs as nothing.
public struct MarkdownRenderer: Sendable {
    public init() {}

    public func render(_ document: ReportDocument) -> String {
        var lines = ["# \(Self.escaped(document.title))", "", Self.escaped(document.subtitle), "", "> \(Self.escaped(document.provenance))", ""]
        for block in document.blocks {
            lines += render(block) + [""]
        }
        return lines.joined(separator: "\n")
    }

    private func render(_ block: ReportBlock) -> [String] {
        switch block {
        case .heading(let title, _): ["## \(Self.escaped(title))"]
        case .prose(let text): [Self.markdown(text)]
        case .note(let text): ["> " + Self.markdown(text).replacingOccurrences(of: "\n", with: "\n> ")]
        case .keyFigures(let figures): figures.map { "- **\(Self.escaped($0.label, inline: true))**:\(Self.escaped($0.value, inline: true))" }
        case .table(let table): render(table)
        case .chart(let chart): chart.bars.map { "- \(Self.escaped($0.label, inline: true)):\(ReportFormat.decimal($0.value, 2))" }
        case .stackedChart(let chart):
            ["**\(Self.escaped(chart.title, inline: true))**"]
                + chart.bars.map { bar in
                    "- \(Self.escaped(bar.label, inline: true)):"
                        + zip(chart.series, bar.parts).map { "\(Self.escaped($0, inline: true)) \($1)" }.joined(separator: ",")
                }
        }
    }

    private func render(_ table: ReportTable) -> [String] {
        let header = "| " + table.columns.map { Self.cell(.text($0.title)) }.joined(separator: " | ") + " |"
        let rule = "|" + table.columns.map { $0.numeric ? " ---: " : " --- " }.joined(separator: "|") + "|"
        let rows = table.rows.map { "| " + $0.map(Self.cell).joined(separator: " | ") + " |" }
        return ["**\(Self.escaped(table.caption))**", "", header, rule] + rows
    }

    private static func markdown(_ text: ReportText) -> String {
        text.origin == .trusted ? text.markdown : escaped(text.markdown)
    }

    /// Text as plain Markdown, showing as typed: the characters that open HTML, links, emphasis, code, tables or
    /// headings are backslash-escaped (CommonMark §2.4) everywhere, and list and quote markers at the start of a line.
    /// `inline` text continues a line, so its first character is not at a line's start; `oneLine` text has its line
    /// breaks turned into spaces. Works on UTF-8 bytes: every character it escapes is ASCII, and no byte of a
    /// multi-byte character is.
    static func escaped(_ text: String, inline: Bool = false, oneLine: Bool = false) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 16)
        var atLineStart = !inline
        var afterLeadingDigits = false
        var previous: UInt8 = 0
        for var byte in text.utf8 {
            if oneLine, byte == UInt8(ascii: "\n") {
                if previous == UInt8(ascii: "\r") { result.removeLast() }
                byte = UInt8(ascii: " ")
            }
            previous = byte
            let marker =
                (atLineStart && (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")))
                || ((atLineStart || afterLeadingDigits) && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ")")))
            if alwaysEscaped.contains(byte) || marker { result.append(UInt8(ascii: "\\")) }
            result.append(byte)
            afterLeadingDigits = (atLineStart || afterLeadingDigits) && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            atLineStart = byte == UInt8(ascii: "\n") || (atLineStart && byte == UInt8(ascii: " "))
        }
        return String(decoding: result, as: UTF8.self)
    }

    static let alwaysEscaped = Set("\\`*_[]<>|#!=~&".utf8)

    /// A table cell on one line: text escaped, numbers as they are.
    static func cell(_ cell: ReportTable.Cell) -> String {
        guard case .text(let text) = cell else { return cell.plain }
        return escaped(text, inline: true, oneLine: true)
    }
}
