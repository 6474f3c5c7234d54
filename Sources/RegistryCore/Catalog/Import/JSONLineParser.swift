/// A strict JSON (RFC 8259) reader for one line of a JSON Lines file holding an object.
///
/// It returns the object's members in order, each value as the import needs it: a string decoded, a number or
/// `true`/`false` as written, `null`, or a nested array or object as its JSON text (checked, not decoded — the
/// database reads it as `jsonb`). Anything else, including a string that is not valid UTF-8, is a ``Failure``.
struct JSONLineParser {
    /// A member's value.
    enum Value: Equatable {
        case string(String)
        /// A number, `true` or `false`, as written.
        case literal(String)
        case null
        /// An array or object, as its JSON text.
        case nested(String)
    }

    /// The line is not one JSON object.
    struct Failure: Error, Equatable {}

    private let bytes: [UInt8]
    private var position = 0
    private static let maximumDepth = 64

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The members of the object on `line`, in order.
    static func members(of line: [UInt8]) throws(Failure) -> [(key: String, value: Value)] {
        var parser = JSONLineParser(line)
        return try parser.object()
    }

    private mutating func object() throws(Failure) -> [(key: String, value: Value)] {
        skipSpace()
        try expect(UInt8(ascii: "{"))
        var members: [(key: String, value: Value)] = []
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                members.append((key, try value()))
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                break
            }
        }
        skipSpace()
        guard position == bytes.count else { throw Failure() }
        return members
    }

    private mutating func value() throws(Failure) -> Value {
        switch peek() {
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let start = position
            try skipValue(depth: 0)
            guard let text = String(validating: bytes[start..<position], as: UTF8.self) else { throw Failure() }
            return .nested(text)
        case UInt8(ascii: "n"):
            try word("null")
            return .null
        case UInt8(ascii: "t"):
            try word("true")
            return .literal("true")
        case UInt8(ascii: "f"):
            try word("false")
            return .literal("false")
        default:
            let start = position
            try number()
            return .literal(String(decoding: bytes[start..<position], as: UTF8.self))
        }
    }

    /// Checks a nested value without decoding it.
    private mutating func skipValue(depth: Int) throws(Failure) {
        guard depth < Self.maximumDepth else { throw Failure() }
        skipSpace()
        switch peek() {
        case UInt8(ascii: "{"):
            position += 1
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return
            }
            while true {
                skipSpace()
                _ = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return
            }
        case UInt8(ascii: "["):
            position += 1
            skipSpace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                try skipValue(depth: depth + 1)
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return
            }
        default:
            _ = try value()
        }
    }

    /// A string, decoded: escapes resolved (surrogate pairs joined), raw control characters refused.
    private mutating func string() throws(Failure) -> String {
        try expect(UInt8(ascii: "\""))
        var decoded: [UInt8] = []
        while true {
            guard let byte = peek() else { throw Failure() }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: decoded, as: UTF8.self) else { throw Failure() }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case 0..<0x20:
                throw Failure()
            default:
                decoded.append(byte)
            }
        }
    }

    private mutating func escape(into decoded: inout [UInt8]) throws(Failure) {
        guard let byte = peek() else { throw Failure() }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "b"): decoded.append(8)
        case UInt8(ascii: "f"): decoded.append(12)
        case UInt8(ascii: "n"): decoded.append(10)
        case UInt8(ascii: "r"): decoded.append(13)
        case UInt8(ascii: "t"): decoded.append(9)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                try expect(UInt8(ascii: "\\"))
                try expect(UInt8(ascii: "u"))
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw Failure() }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw Failure() }
            decoded += Array(String(Character(unicode)).utf8)
        default:
            throw Failure()
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw Failure() }
            position += 1
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Failure()
            }
            value = value << 4 | digit
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() throws(Failure) {
        if peek() == UInt8(ascii: "-") { position += 1 }
        if peek() == UInt8(ascii: "0") {
            position += 1
        } else {
            try digits()
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            try digits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            try digits()
        }
    }

    private mutating func digits() throws(Failure) {
        let start = position
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        guard position > start else { throw Failure() }
    }

    private mutating func word(_ word: StaticString) throws(Failure) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected { try expect(byte) }
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard peek() == byte else { throw Failure() }
        position += 1
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }
}
