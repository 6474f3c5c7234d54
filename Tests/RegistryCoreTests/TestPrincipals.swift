import RegistryCore

extension RegistryDatabase {
    /// Opens `account` and returns its actor, authenticated by its token as the API authenticates requests.
    func actor(for account: NewAccount, requestID: String = "req-test") async throws -> Principal {
        try await write(AuditContext(role: "test", action: "account.create")) { connection in
            let (_, token) = try AccountStore().create(account, on: connection)
            return try AccountStore().actor(for: token, requestID: requestID, on: connection)!
        }
    }
}
