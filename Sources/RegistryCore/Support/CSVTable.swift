/// A table exported as CSV (RFC 4180) for people who open it in a spreadsheet: a header of Chinese labels, UTF-8 with
/// a byte-order mark so that spreadsheets read the Chinese text, CRLF line ends.
///
/// Cells are written so that a spreadsheet never runs them: a cell starting with `=`, `+`, `-`, `@`, their full-width
/// forms `＝＋－＠`, a space, a tab, a carriage return or a line feed is prefixed with an apostrophe (CSV formula
/// injection: spreadsheets skip leading blanks and read full-width signs as formulas too), and cells with commas,
/// quotes or line breaks are quoted.
public struct CSVTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String?]]

    public init(header: [String], rows: [[String?]]) {
        self.header = header
        self.rows = rows
    }

    /// The CSV text, byte-order mark first.
    public var text: String {
        Self.byteOrderMark + ([header] + rows).map(Self.record).joined()
    }

    /// What a CSV file starts with, so that spreadsheets read UTF-8.
    public static let byteOrderMark = "\u{FEFF}"

    /// One record with its CRLF: each cell made safe, a missing value empty (for files written a chunk at a time).
    public static func record(_ fields: [String?]) -> String {
        fields.map { $0.map(cell) ?? "" }.joined(separator: ",") + "\r\n"
    }

    /// The first characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts = Set("=+-@＝＋－＠ \t\r\n".unicodeScalars)

    /// One cell: defused when a spreadsheet would take it for a formula, quoted when it needs to be.
    public static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, formulaStarts.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }
}
