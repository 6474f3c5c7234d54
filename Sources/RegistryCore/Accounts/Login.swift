/// A44.1: the name an account signs in to the web workspace with — lower case, 3 to 32 characters, as the database's
/// `account_login_shape_a44_1` requires. Input is trimmed and lower-cased first.
public struct Login: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// The login typed in `text`, or a refusal naming the field `login`.
    public init(_ text: String) throws(RegistryError) {
        let value = String(text.trimmingWhitespace).lowercased()
        if value.isEmpty { throw .missing("login", "登录名") }
        guard Self.hasShape(value) else { throw SignInRules.loginShape.error }
        self.value = value
    }

    public var description: String { value }

    private static func hasShape(_ value: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (3...32).contains(value.count), let first = value.first, first.isASCII, first.isLetter else { return false }
        return value.allSatisfy(allowed.contains)
    }
}
