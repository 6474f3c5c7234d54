import Foundation

/// Reads an import file row by row into staging rows — the line number and every column of ``CatalogImportColumns``
/// as text, `nil` where the file gives no value — and notes each row it cannot read as a problem of its line.
///
/// Only the current row is in memory. Checking the values is the database's part (`catalog_import_validate`); this
/// reader only knows the container: the CSV header and quoting, JSON syntax, the encoding.
final class CatalogImportReader {
    private var csv: CSVRecordReader?
    /// For each CSV header cell, the position of its column in ``CatalogImportColumns/all``.
    private var csvColumns: [Int?] = []
    private var jsonl: JSONLinesReader?
    /// Rows the file holds, read so far (readable or not; blank lines do not count).
    private(set) var rowsRead = 0
    /// The rows that could not be read, in line order.
    private(set) var problems: [CatalogImportProblem] = []

    /// Opens `source` as `format`; for CSV, reads and checks the header.
    ///
    /// - Throws: ``RegistryError`` (`invalid_input`, field `file`) when the header is missing, names a column twice or a
    ///   column that does not exist, or lacks a required column: the file is refused before any row is read.
    init(source: ImportByteSource, format: CatalogImportFormat) throws {
        switch format {
        case .csv:
            var records = CSVRecordReader(source: source)
            guard let header = try records.next() else {
                throw RegistryError(.invalidInput, "导入文件为空:CSV 文件的第一行须为表头。", field: "file")
            }
            csvColumns = try Self.columns(ofHeader: header)
            csv = records
        case .jsonl:
            jsonl = JSONLinesReader(source: source)
        }
    }

    /// The next readable row as staged (`line` first), or `nil` at the end of the file.
    func next() throws -> [String?]? {
        while true {
            if csv != nil {
                guard let record = try csv?.next() else { return nil }
                rowsRead += 1
                if let row = stagingRow(record) { return row }
            } else {
                guard let line = try jsonl?.next() else { return nil }
                rowsRead += 1
                if let row = stagingRow(line) { return row }
            }
        }
    }

    // MARK: CSV

    /// For each header cell, the position of its column in ``CatalogImportColumns/all``.
    private static func columns(ofHeader header: CSVRecordReader.Record) throws -> [Int?] {
        guard header.problem == nil else {
            throw RegistryError(.invalidInput, "CSV 表头无法读取:请检查引号和文件编码(须为 UTF-8)。", field: "file")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen: Set<String> = []
        for name in names {
            guard CatalogImportColumns.position[name] != nil else {
                throw RegistryError(
                    .invalidInput,
                    "CSV 表头含有未知的列“\(name)”。可用的列:\(CatalogImportColumns.all.joined(separator: "、"))。",
                    field: "file"
                )
            }
            guard seen.insert(name).inserted else {
                throw RegistryError(.invalidInput, "CSV 表头中“\(name)”列出现了两次。", field: "file")
            }
        }
        let missing = CatalogImportColumns.all.filter { CatalogImportColumns.required.contains($0) && !seen.contains($0) }
        guard missing.isEmpty else {
            throw RegistryError(.invalidInput, "CSV 表头缺少必填列:\(missing.joined(separator: "、"))。", field: "file")
        }
        return names.map { CatalogImportColumns.position[$0] }
    }

    private func stagingRow(_ record: CSVRecordReader.Record) -> [String?]? {
        let columns = csvColumns
        switch record.problem {
        case .quote?:
            return refuse(line: record.line, field: nil, CatalogImportRules.csvQuote)
        case .encoding?:
            return refuse(line: record.line, field: nil, CatalogImportRules.textEncoding)
        case nil:
            break
        }
        guard record.fields.count == columns.count else {
            return refuse(line: record.line, field: nil, CatalogImportRules.csvFieldCount)
        }
        var row = [String?](repeating: nil, count: CatalogImportColumns.staging.count)
        row[0] = String(record.line)
        for (cell, column) in zip(record.fields, columns) {
            if let column { row[column + 1] = cell }
        }
        return row
    }

    // MARK: JSON Lines

    private func stagingRow(_ line: JSONLinesReader.Line) -> [String?]? {
        guard let members = line.members else {
            return refuse(line: line.number, field: nil, CatalogImportRules.jsonObject)
        }
        var row = [String?](repeating: nil, count: CatalogImportColumns.staging.count)
        row[0] = String(line.number)
        var seen: Set<String> = []
        for (key, value) in members {
            guard let column = CatalogImportColumns.position[key] else {
                return refuse(line: line.number, field: key, CatalogImportRules.jsonKeyKnown)
            }
            guard seen.insert(key).inserted else {
                return refuse(line: line.number, field: key, CatalogImportRules.jsonKeyOnce)
            }
            switch value {
            case .string(let text):
                guard !text.utf8.contains(0) else { return refuse(line: line.number, field: key, CatalogImportRules.textEncoding) }
                row[column + 1] = text
            case .literal(let text):
                row[column + 1] = text
            case .null:
                row[column + 1] = nil
            case .nested(let json):
                guard key == "data_items" else { return refuse(line: line.number, field: key, CatalogImportRules.jsonText) }
                row[column + 1] = json
            }
        }
        return row
    }

    private func refuse(line: Int, field: String?, _ rule: Rule) -> [String?]? {
        problems.append(CatalogImportProblem(line: line, field: field, rule: rule))
        return nil
    }
}

/// The lines of a JSON Lines stream, each parsed as one object; blank lines are skipped.
struct JSONLinesReader {
    /// One non-blank line: its number (1-based) and its members, `nil` when it is not one JSON object in UTF-8.
    struct Line {
        var number: Int
        var members: [(key: String, value: JSONLineParser.Value)]?
    }

    private var source: ImportByteSource
    private var chunk: [UInt8] = []
    private var position = 0
    private var number = 0
    private var finished = false

    init(source: ImportByteSource) {
        self.source = source
    }

    mutating func next() throws -> Line? {
        while let bytes = try nextLine() {
            number += 1
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            var content = bytes[...]
            if number == 1, content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
            return Line(number: number, members: try? JSONLineParser.members(of: Array(content)))
        }
        return nil
    }

    /// The bytes up to the next LF (without it), or `nil` at the end of the input.
    private mutating func nextLine() throws -> [UInt8]? {
        var line: [UInt8] = []
        while true {
            if position == chunk.count {
                guard !finished, let next = try source.next() else {
                    finished = true
                    return line.isEmpty ? nil : line
                }
                chunk = next
                position = 0
            }
            if let end = chunk[position...].firstIndex(of: 10) {
                line += chunk[position..<end]
                position = end + 1
                return line
            }
            line += chunk[position...]
            position = chunk.count
        }
    }
}
