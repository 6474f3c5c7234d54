/// A random 256-bit secret of the web workspace — a session id in the cookie, or the token of a one-time password
/// link: 64 lower-case hex digits from the system's cryptographic random source; only its SHA-256 is stored.
public struct WebSecret: Sendable, Hashable, CustomStringConvertible {
    /// The secret as the browser holds it.
    public let value: String

    /// A new secret.
    public static func generate() -> WebSecret {
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
        return WebSecret(value: digits.joined())
    }

    /// A secret read from a request; `nil` when it does not have a secret's shape (so no lookup is wasted on it).
    public init?(presented: String) {
        guard presented.utf8.count == 64, presented.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        value = presented
    }

    private init(value: String) {
        self.value = value
    }

    /// Never print a secret by accident.
    public var description: String { "WebSecret(…)" }
}
