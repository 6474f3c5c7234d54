import Foundation

/// A `json`/`jsonb` value carried as a `Codable` Swift value.
public struct PostgresJSON<Value: Codable & Sendable>: PostgresCodable {
    /// The decoded value.
    public var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public var postgresText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a Codable value into JSON only fails for non-finite floats, which the registry never stores.
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    public init(postgresText text: String) throws {
        do {
            value = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw PostgresDecodingError(type: Value.self, reason: "JSON does not match the expected shape")
        }
    }
}
