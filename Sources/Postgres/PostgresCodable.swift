/// A value that can be bound as a query parameter in PostgreSQL's text format.
public protocol PostgresEncodable: Sendable {
    /// The value as PostgreSQL parses it in text format (for example `t`, `42`, `2024-06-04`).
    var postgresText: String { get }
}

/// A value that can be read from a result column in PostgreSQL's text format.
public protocol PostgresDecodable {
    /// Parses the text PostgreSQL sends for a non-NULL value; throws ``PostgresDecodingError`` when it cannot.
    init(postgresText text: String) throws
}

/// A value that can be both bound and read.
public typealias PostgresCodable = PostgresDecodable & PostgresEncodable

/// A column value that could not be read as the requested type. The value itself is not repeated: it could be personal data.
public struct PostgresDecodingError: Error, CustomStringConvertible, Sendable {
    /// The Swift type that was requested.
    public var type: String
    /// The column, once known.
    public var column: String?
    /// What went wrong.
    public var reason: String

    public init(type: Any.Type, reason: String, column: String? = nil) {
        self.type = String(describing: type)
        self.reason = reason
        self.column = column
    }

    public var description: String {
        "cannot decode column \(column ?? "?") as \(type): \(reason)"
    }
}

/// A Swift enum whose raw values are the labels of a PostgreSQL enum (or the text of a checked column): conforming is
/// all it takes to bind and read it.
public protocol PostgresEnum: PostgresCodable, RawRepresentable where RawValue == String {}

extension PostgresEnum {
    public var postgresText: String { rawValue }

    public init(postgresText text: String) throws {
        guard let value = Self(rawValue: text) else {
            throw PostgresDecodingError(type: Self.self, reason: "unknown value of the enum")
        }
        self = value
    }
}
