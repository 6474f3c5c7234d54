/// Records of an RFC 4180 CSV stream, one at a time, with the line each starts on.
///
/// Fields are separated by commas and records by LF or CRLF. A quoted field may hold commas, line breaks and quotes
/// written twice (`""`). A quote inside an unquoted field is taken as text. Blank lines are skipped. A malformed
/// record (text after a closing quote, a quote never closed, bytes that are not UTF-8, a NUL character) is returned
/// with its ``Record/problem`` so the caller can report its line and go on with the next record.
struct CSVRecordReader {
    /// One record: the physical line it starts on (1-based) and its fields.
    struct Record: Equatable {
        var line: Int
        var fields: [String]
        var problem: Problem?
    }

    /// Why a record cannot be read.
    enum Problem: Equatable {
        /// A quoted field is followed by text before the next comma, or is never closed.
        case quote
        /// A field is not valid UTF-8 or contains a NUL character.
        case encoding
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private var source: ImportByteSource
    private var chunk: [UInt8] = []
    private var position = 0
    private var line = 1
    private var first = true
    private var finished = false

    init(source: ImportByteSource) {
        self.source = source
    }

    /// The next record, or `nil` at the end of the input.
    mutating func next() throws -> Record? {
        while true {
            guard var record = try readRecord() else { return nil }
            if first {
                first = false
                if record.fields.first?.first == "\u{FEFF}" { record.fields[0].removeFirst() }  // a byte order mark
            }
            if record.problem == nil, record.fields.count == 1, record.fields[0].isEmpty { continue }  // a blank line
            return record
        }
    }

    private mutating func readRecord() throws -> Record? {
        guard try fill() else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var problem: Problem?
        var sawQuotedField = false

        func finishField() {
            if let text = String(validating: field, as: UTF8.self), !field.contains(0) {
                fields.append(text)
            } else {
                fields.append("")
                if problem == nil { problem = .encoding }
            }
            field.removeAll(keepingCapacity: true)
        }

        while try fill() {
            let byte = chunk[position]
            position += 1
            switch (state, byte) {
            case (.quoted, UInt8(ascii: "\"")):
                state = .quoteInQuoted
            case (.quoted, _):
                if byte == 10 { line += 1 }
                field.append(byte)
            case (.quoteInQuoted, UInt8(ascii: "\"")):
                field.append(byte)
                state = .quoted
            case (_, UInt8(ascii: ",")):
                finishField()
                state = .fieldStart
            case (_, 10):
                line += 1
                finishField()
                return Record(line: startLine, fields: fields, problem: problem)
            case (_, 13):
                continue  // CR of CRLF (a CR outside quotes is never data)
            case (.fieldStart, UInt8(ascii: "\"")):
                state = .quoted
                sawQuotedField = true
            case (.quoteInQuoted, _):
                problem = problem ?? .quote  // text after the closing quote
                field.append(byte)
                state = .unquoted
            default:
                field.append(byte)
                state = .unquoted
            }
        }
        if state == .quoted { problem = .quote }
        if fields.isEmpty && field.isEmpty && !sawQuotedField && state == .fieldStart { return nil }
        finishField()
        return Record(line: startLine, fields: fields, problem: problem)
    }

    /// Makes sure a byte is available at `position`; `false` at the end of the input.
    private mutating func fill() throws -> Bool {
        while position == chunk.count {
            if finished { return false }
            guard let next = try source.next() else {
                finished = true
                return false
            }
            chunk = next
            position = 0
        }
        return true
    }
}
