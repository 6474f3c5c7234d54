import Foundation

/// One data line of a tab-separated reference file.
struct TabSeparatedRecord: Sendable {
    /// The file name, for error messages.
    let file: String
    /// 1-based line number in the file.
    let line: Int
    let columns: [String]
    let values: [String]

    /// The value of a column; the header was checked, so every expected column is present.
    subscript(column: String) -> String {
        values[columns.firstIndex(of: column)!]
    }

    /// The value, or `nil` when the field is empty.
    func optional(_ column: String) -> String? {
        let value = self[column]
        return value.isEmpty ? nil : value
    }

    /// The value, which must not be empty.
    func required(_ column: String) throws -> String {
        guard let value = optional(column) else { throw error("column \(column) is empty") }
        return value
    }

    /// An error about this line.
    func error(_ message: String) -> ReferenceDataError {
        ReferenceDataError(file: file, line: line, message: message)
    }
}

/// Reads the tab-separated reference files of `sql/reference/`: UTF-8, a header line naming the columns, one record
/// per line, fields separated by a single tab, no quoting. Blank lines are skipped; `\r\n` line ends are accepted.
enum TabSeparatedFile {
    /// Reads `url`, checking that the header is exactly `columns` and every record has one field per column.
    static func read(_ url: URL, columns: [String]) throws -> [TabSeparatedRecord] {
        let file = url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ReferenceDataError(file: file, message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ReferenceDataError(file: file, message: "not valid UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Split on "\n" only (a Swift Character joins "\r\n", so split on the scalar and drop a trailing "\r").
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            var line = String(String.UnicodeScalarView(scalars))
            if line.hasSuffix("\r") { line.removeLast() }
            return line
        }
        guard let headerIndex = lines.firstIndex(where: { !$0.isEmpty }) else {
            throw ReferenceDataError(file: file, message: "the file is empty; expected the header \(columns.joined(separator: "<TAB>"))")
        }
        let header = fields(of: lines[headerIndex])
        guard header == columns else {
            throw ReferenceDataError(
                file: file,
                line: headerIndex + 1,
                message: "header is \(header.joined(separator: "<TAB>")), expected \(columns.joined(separator: "<TAB>"))"
            )
        }
        var records: [TabSeparatedRecord] = []
        for index in lines.indices where index > headerIndex && !lines[index].isEmpty {
            let values = fields(of: lines[index])
            let lineNumber = index + 1
            guard values.count == columns.count else {
                throw ReferenceDataError(
                    file: file,
                    line: lineNumber,
                    message: "expected \(columns.count) tab-separated fields (\(columns.joined(separator: ", "))), found \(values.count)"
                )
            }
            for (column, value) in zip(columns, values) where value != value.trimmingCharacters(in: .whitespaces) {
                throw ReferenceDataError(file: file, line: lineNumber, message: "column \(column) has leading or trailing spaces")
            }
            records.append(TabSeparatedRecord(file: file, line: lineNumber, columns: columns, values: values))
        }
        return records
    }

    private static func fields(of line: String) -> [String] {
        line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
}
