/// Shared parsing for the fixed-width integers: PostgreSQL sends them as plain decimal digits.
public protocol PostgresInteger: PostgresCodable, FixedWidthInteger {}

extension PostgresInteger {
    public var postgresText: String { String(self) }

    public init(postgresText text: String) throws {
        guard let value = Self(text) else {
            throw PostgresDecodingError(type: Self.self, reason: "not an integer in range")
        }
        self = value
    }
}

extension Int: PostgresInteger {}
extension Int16: PostgresInteger {}
extension Int32: PostgresInteger {}
extension Int64: PostgresInteger {}
