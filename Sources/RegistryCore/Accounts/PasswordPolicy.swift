/// What a web password must be: at least ``minimumLength`` characters and not one of the common passwords that
/// guessing tries first. Only Swift sees a password (the database keeps its bcrypt hash), so this is its one check.
public struct PasswordPolicy: Sendable {
    /// The fewest characters a password may have.
    public static let minimumLength = 12
    private let common: Set<String>

    /// A policy refusing the passwords in `commonPasswords` (one per line; compared case-insensitively).
    public init(commonPasswords: String) {
        let lines = commonPasswords.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace.lowercased() }
        common = Set(lines.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    /// Refuses a password that is too short, common, or not typed the same twice.
    public func check(_ password: String, repeated: String) throws(RegistryError) {
        if password.isEmpty { throw .missing("password", "新密码") }
        if password.count < Self.minimumLength {
            throw .invalid("password", "密码至少需要 \(Self.minimumLength) 个字符。")
        }
        if common.contains(password.lowercased()) {
            throw .invalid("password", "这是常见密码,容易被猜中:请换一个。")
        }
        if password != repeated { throw .invalid("password_repeated", "两次输入的密码不一致。") }
    }
}
