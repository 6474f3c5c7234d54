/// A bearer token: 256 random bits, shown once when the account is created; only its SHA-256 is stored.
public struct APIToken: Sendable, Hashable, CustomStringConvertible {
    /// The token as the client sends it: `rg_` and 64 hex digits.
    public let value: String

    /// A new token from the system's cryptographic random source.
    public static func generate() -> APIToken {
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<4).map { _ in
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
        return APIToken(value: prefix + digits.joined())
    }

    /// A token read from a request; `nil` when it does not have a token's shape (so no lookup is wasted on it).
    public init?(presented: String) {
        guard presented.count == Self.prefix.count + 64, presented.hasPrefix(Self.prefix),
            presented.dropFirst(Self.prefix.count).allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        value = presented
    }

    private init(value: String) {
        self.value = value
    }

    /// Never print a token by accident.
    public var description: String { "APIToken(rg_…)" }

    private static let prefix = "rg_"
}
