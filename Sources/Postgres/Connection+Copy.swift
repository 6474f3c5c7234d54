import CLibPQ
import Foundation

extension Connection {
    /// Bulk-loads rows with `COPY … FROM STDIN` in text format; `nil` fields load as NULL.
    ///
    /// Table and column names are identifiers fixed in code and are quoted here. Returns the number of rows copied.
    @discardableResult
    public func copy(into table: String, columns: [String], rows: some Sequence<[String?]>) throws -> Int {
        let statement = "copy \(quoteIdentifier(table)) (\(columns.map(quoteIdentifier).joined(separator: ", "))) from stdin"
        guard let start = PQexec(handle, statement) else { throw connectionError() }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            defer { PQclear(start) }
            throw serverError(start)
        }
        PQclear(start)

        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyChunkSize + 4096)
        var sendFailure: PostgresError?
        for row in rows {
            precondition(row.count == columns.count, "COPY row has \(row.count) fields for \(columns.count) columns")
            Self.appendCopyLine(row, to: &buffer)
            if buffer.count >= Self.copyChunkSize {
                if let failure = send(&buffer) {
                    sendFailure = failure
                    break
                }
            }
        }
        if sendFailure == nil, let failure = send(&buffer) { sendFailure = failure }
        if PQputCopyEnd(handle, sendFailure == nil ? nil : "aborted by client") != 1 { throw connectionError() }

        var copied = 0
        var firstError: (any Error)? = sendFailure
        while let result = PQgetResult(handle) {
            do {
                copied += try consume(result).affectedRows
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return copied
    }

    private static let copyChunkSize = 1 << 16

    private func send(_ buffer: inout [UInt8]) -> PostgresError? {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard !buffer.isEmpty else { return nil }
        let status = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        return status == 1 ? nil : connectionError()
    }

    /// One line of COPY text format: tab-separated, `\N` for NULL, backslash escapes for the special characters.
    static func appendCopyLine(_ fields: [String?], to buffer: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(9) }
            guard let field else {
                buffer += [92, 78]
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case 92: buffer += [92, 92]
                case 9: buffer += [92, 116]
                case 10: buffer += [92, 110]
                case 13: buffer += [92, 114]
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(10)
    }
}

/// Quotes an identifier fixed in code for use in SQL text.
public func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
