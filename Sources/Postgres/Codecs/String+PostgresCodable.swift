extension String: PostgresCodable {
    public var postgresText: String { self }

    public init(postgresText text: String) throws {
        self = text
    }
}
