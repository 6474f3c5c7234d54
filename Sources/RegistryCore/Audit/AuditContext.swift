import Foundation
import Postgres

/// A44.1: who acts in a transaction, as the audit trail records it.
///
/// The generic row trigger `audit_row_change()` (in C since `sql/0145_audit_row_trigger_in_c.sql`) reads these values
/// from transaction-local settings (`registry.actor_account`, `registry.actor_role`, `registry.actor_institution`,
/// `registry.request_id`, `registry.action`). Apply the context right after BEGIN, on the connection that runs the
/// workflow:
///
///     try await client.withTransaction(auditedAs: context.acting("catalog.submit")) { connection in … }
public struct AuditContext: Sendable, Hashable {
    /// The account that acts; `nil` for the system itself (seeding, scheduled jobs).
    public var actorAccount: UUID?
    /// The role the account acts in (`clerk`, `reviewer`, `admin` …).
    public var role: String?
    /// Unified social credit code (统一社会信用代码) of the institution the actor acts for.
    public var institution: String?
    /// Identifier of the request (HTTP request id, CLI invocation) that caused the change.
    public var requestID: String?
    /// Semantic action such as `catalog.submit`; when `nil` the trail records the SQL operation.
    public var action: String?

    public init(
        actorAccount: UUID? = nil,
        role: String? = nil,
        institution: String? = nil,
        requestID: String? = nil,
        action: String? = nil
    ) {
        self.actorAccount = actorAccount
        self.role = role
        self.institution = institution
        self.requestID = requestID
        self.action = action
    }

    /// The same actor performing another semantic action.
    public func acting(_ action: String) -> AuditContext {
        var copy = self
        copy.action = action
        return copy
    }

    /// Sets the transaction-local `registry.*` settings in one statement; unset values become `''`.
    ///
    /// Call it inside a transaction (settings made with `set_config(…, true)` end with the transaction; outside one
    /// they would end with this very statement). Calling it again later in the same transaction replaces the values,
    /// for instance to record a second action.
    public func apply(on connection: Connection) throws {
        try connection.query(
            """
            select set_config('registry.actor_account', \(actorAccount?.uuidString.lowercased() ?? ""), true),
                   set_config('registry.actor_role', \(role ?? ""), true),
                   set_config('registry.actor_institution', \(institution ?? ""), true),
                   set_config('registry.request_id', \(requestID ?? ""), true),
                   set_config('registry.action', \(action ?? ""), true)
            """
        )
    }
}

extension Connection {
    /// A44.1: runs `body` in BEGIN … COMMIT with `context` applied first, so every audited change in it names its actor.
    @discardableResult
    public func transaction<Result>(auditedAs context: AuditContext, _ body: (Connection) throws -> Result) throws -> Result {
        try transaction { connection in
            try context.apply(on: connection)
            return try body(connection)
        }
    }
}

extension PostgresClient {
    /// A44.1: a pooled transaction with `context` applied right after BEGIN.
    @discardableResult
    public func withTransaction<Result: Sendable>(
        auditedAs context: AuditContext,
        _ body: @escaping @Sendable (Connection) throws -> Result
    ) async throws -> Result {
        try await withTransaction { connection in
            try context.apply(on: connection)
            return try body(connection)
        }
    }
}
