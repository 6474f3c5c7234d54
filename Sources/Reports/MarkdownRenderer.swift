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
    /// `inline` text continues a line, so its first character is not at a line's start.
    static func escaped(_ text: String, inline: Bool = false) -> String {
        var result = ""
        var atLineStart = !inline, afterLeadingDigits = false
        for character in text {
            let marker = (atLineStart && "-+".contains(character)) || ((atLineStart || afterLeadingDigits) && ".)".contains(character))
            if Self.alwaysEscaped.contains(character) || marker { result.append("\\") }
            result.append(character)
            afterLeadingDigits = (atLineStart || afterLeadingDigits) && character.isNumber
            atLineStart = character == "\n" || (atLineStart && character == " ")
        }
        return result
    }

    static let alwaysEscaped: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "!", "=", "~", "&"]

    /// A table cell on one line: text escaped, numbers as they are.
    static func cell(_ cell: ReportTable.Cell) -> String {
        guard case .text(let text) = cell else { return cell.plain }
        return escaped(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "), inline: true)
    }
}
