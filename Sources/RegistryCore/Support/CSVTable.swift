/// A table exported as CSV (RFC 4180) for people who open it in a spreadsheet: a header of Chinese labels, UTF-8 with
/// a byte-order mark so that spreadsheets read the Chinese text, CRLF line ends.
///
/// Cells are written so that a spreadsheet never runs them: a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is prefixed with an apostrophe (CSV formula injection), and cells with commas, quotes or line
/// breaks are quoted.
public struct CSVTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String?]]

    public init(header: [String], rows: [[String?]]) {
        self.header = header
        self.rows = rows
    }

    /// The CSV text, byte-order mark first.
    public var text: String {
        "\u{FEFF}" + ([header] + rows.map { $0.map { $0 ?? "" } }).map { $0.map(Self.cell).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One cell: defused when a spreadsheet would take it for a formula, quoted when it needs to be.
    public static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }
}
