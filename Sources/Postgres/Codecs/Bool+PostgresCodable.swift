extension Bool: PostgresCodable {
    public var postgresText: String { self ? "t" : "f" }

    public init(postgresText text: String) throws {
        switch text {
        case "t": self = true
        case "f": self = false
        default: throw PostgresDecodingError(type: Bool.self, reason: "expected t or f")
        }
    }
}
