/// `bytea` values, in PostgreSQL's hex format (`\x0a1b…`).
extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public var postgresText: String { Element.encodeArray(self) }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    public init(postgresText text: String) throws {
        self = try Element.decodeArray(text)
    }
}

/// An element type whose arrays have a PostgreSQL text form: bytes (`bytea`) or strings (`text[]`).
public protocol PostgresArrayElement: Sendable {
    static func encodeArray(_ elements: [Self]) -> String
    static func decodeArray(_ text: String) throws -> [Self]
}

extension UInt8: PostgresArrayElement {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    public static func encodeArray(_ elements: [UInt8]) -> String {
        var utf8: [UInt8] = [92, 120]  // \x
        utf8.reserveCapacity(2 + elements.count * 2)
        for byte in elements {
            utf8.append(hexDigits[Int(byte >> 4)])
            utf8.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    public static func decodeArray(_ text: String) throws -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == 92, utf8[1] == 120, utf8.count % 2 == 0 else {
            throw PostgresDecodingError(type: [UInt8].self, reason: "expected bytea in hex format")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else {
                throw PostgresDecodingError(type: [UInt8].self, reason: "invalid hex digit")
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case 48...57: character - 48
        case 97...102: character - 87
        case 65...70: character - 55
        default: nil
        }
    }
}
