extension Double: PostgresCodable {
    public var postgresText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return description
    }

    public init(postgresText text: String) throws {
        guard let value = Double(text) else {
            throw PostgresDecodingError(type: Double.self, reason: "not a floating-point number")
        }
        self = value
    }
}
