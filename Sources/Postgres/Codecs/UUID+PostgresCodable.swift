import Foundation

extension UUID: PostgresCodable {
    public var postgresText: String { uuidString.lowercased() }

    public init(postgresText text: String) throws {
        guard let value = UUID(uuidString: text) else {
            throw PostgresDecodingError(type: UUID.self, reason: "not a UUID")
        }
        self = value
    }
}
