import HummingbirdBcrypt
import NIOPosix

/// bcrypt at cost 12 for web passwords, run on NIO's thread pool: a hash takes a quarter of a second, which must never
/// hold an event loop or the cooperative pool.
public struct PasswordHasher: Sendable {
    /// The bcrypt cost: 2^12 rounds.
    public static let cost: UInt8 = 12

    public init() {}

    /// The bcrypt hash of `password`.
    public func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: Self.cost) }
    }

    /// Whether `password` matches `hash`; without a hash (no such login, no password set) a decoy is checked, so that
    /// the answer takes as long either way and tells nothing about which logins exist.
    public func verify(_ password: String, against hash: String?) async throws -> Bool {
        let decoy = hash == nil
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash ?? Self.decoy) }
        return matches && !decoy
    }

    /// A hash to check against when there is none, made once; matching it never signs anyone in.
    private static let decoy = Bcrypt.hash("registry-decoy-password", cost: cost)
}
