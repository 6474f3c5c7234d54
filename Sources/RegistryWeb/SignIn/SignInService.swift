import RegistryCore

/// A44.1: signing in, out and setting a password — the checks of shape here, bcrypt off the event loop, and every rule
/// that needs data judged by the database (`SignInStore`), each step in one audited transaction.
struct SignInService: Sendable {
    let database: RegistryDatabase
    let passwords: PasswordPolicy
    let hasher = PasswordHasher()
    private let store = SignInStore()

    /// Opens a session for the login and password, and returns its id; a wrong pair is recorded as a failure, and
    /// after 5 failures within 15 minutes the login waits.
    func signIn(login text: String, password: String, requestID: String) async throws -> WebSecret {
        let login = try Login(text)
        if password.isEmpty { throw RegistryError.missing("password", "密码") }
        let candidate = try await database.read { try store.candidate(login, on: $0) }
        if let wait = candidate.waitSeconds {
            try await recordFailure(login, throttled: true, requestID: requestID)
            throw Self.mustWait(seconds: wait)
        }
        guard try await hasher.verify(password, against: candidate.passwordHash), let account = candidate.account else {
            try await recordFailure(login, throttled: false, requestID: requestID)
            throw RegistryError(.invalidInput, "登录名或密码不正确。")
        }
        return try await database.write(account.auditContext(requestID: requestID, action: "session.sign_in")) {
            try store.openSession(for: account.id, on: $0)
        }
    }

    /// Ends the request's session, or with `everywhere` every session of its account.
    func signOut(_ signedIn: SignedIn, everywhere: Bool, requestID: String) async throws {
        let action = everywhere ? "session.sign_out_everywhere" : "session.sign_out"
        try await database.write(signedIn.actor.account.auditContext(requestID: requestID, action: action)) {
            if everywhere {
                try store.endAll(of: signedIn.actor.account.id, on: $0)
            } else {
                try store.end(session: signedIn.sessionID, on: $0)
            }
        }
    }

    /// The account a password link is for, while the link can be used.
    func setupAccount(_ token: String) async throws -> Account? {
        guard let token = WebSecret(presented: token) else { return nil }
        return try await database.read { try store.setupAccount(token, on: $0) }
    }

    /// Sets the password of the link's account, using the link; every session of the account ends.
    func setPassword(token text: String, password: String, repeated: String, requestID: String) async throws {
        guard let token = WebSecret(presented: text), let account = try await setupAccount(text) else {
            throw SignInStore.linkRefused
        }
        try passwords.check(password, repeated: repeated)
        let hash = try await hasher.hash(password)
        try await database.write(account.auditContext(requestID: requestID, action: "account.set_password")) {
            _ = try store.redeem(token, passwordHash: hash, on: $0)
        }
    }

    private func recordFailure(_ login: Login, throttled: Bool, requestID: String) async throws {
        let action = throttled ? "session.sign_in_refused" : "session.sign_in_failed"
        try await database.write(AuditContext(requestID: requestID, action: action)) {
            try store.recordFailure(login, throttled: throttled, on: $0)
        }
    }

    private static func mustWait(seconds: Int) -> RegistryError {
        let minutes = max(1, (seconds + 59) / 60)
        return RegistryError(.tooManyRequests, "该登录名连续 5 次登录失败,请在 \(minutes) 分钟后再试。")
    }
}
