import Foundation

/// Where and how to connect: a libpq connection string or URI, and an optional database name that overrides it.
///
/// An empty connection string lets libpq read the standard `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`,
/// `PGPASSWORD` … variables. The string may hold a password: it is never logged.
public struct PostgresConfiguration: Sendable {
    public var connectionString: String
    /// Replaces the database named in ``connectionString`` (used to reach a sibling database on the same server).
    public var database: String?
    /// Replaces the role named in ``connectionString`` (the registry's roles: `sql/0050_least_privilege.sql`).
    public var user: String?
    public var applicationName: String
    /// Sessions refuse every write (`default_transaction_read_only`), as a streaming standby does: a pool meant for
    /// reads fails loudly on a write routed to it by mistake, even when it points at the primary.
    public var readOnly: Bool
    /// Sessions plan for short requests: no JIT compilation and no parallel workers, whose start-up costs more than
    /// the milliseconds an API query takes (both measured at provincial scale, `docs/performance.md`), no statement
    /// runs longer than ``requestStatementTimeout`` unless its transaction grants itself more, none waits for a lock
    /// longer than ``requestLockTimeout``, and an idle open transaction or a vanished client ends the session's work.
    public var interactive: Bool

    /// How long one statement of an interactive session may run: one request never ties up a connection for long.
    public static let requestStatementTimeout = "5s"
    /// How long one statement of an interactive session waits for a lock (the audit chain's head, a row another
    /// transaction writes): a request held up behind a long import gives up and is answered 503 with Retry-After.
    public static let requestLockTimeout = "3s"
    /// A transaction left open and idle (a client killed mid-transaction) is ended, and its locks released, after this.
    public static let idleInTransactionTimeout = "30s"
    /// How often a running statement checks that its client is still there; a vanished client's query is cancelled.
    public static let clientConnectionCheckInterval = "2s"

    public init(
        connectionString: String,
        database: String? = nil,
        applicationName: String = "registry",
        readOnly: Bool = false,
        interactive: Bool = false
    ) {
        self.connectionString = connectionString
        self.database = database
        self.applicationName = applicationName
        self.readOnly = readOnly
        self.interactive = interactive
    }

    /// `DATABASE_URL` when set, else the `PG*` variables.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        Self(connectionString: environment["DATABASE_URL"] ?? "")
    }

    /// The same connection with read-only sessions, named `applicationName` in `pg_stat_activity`.
    public func readingOnly(as applicationName: String) -> Self {
        var copy = self
        copy.readOnly = true
        copy.applicationName = applicationName
        return copy
    }

    /// The same connection with sessions planned for short requests (``interactive``).
    public func forRequests() -> Self {
        var copy = self
        copy.interactive = true
        return copy
    }

    /// The same server, another database.
    public func withDatabase(_ name: String) -> Self {
        var copy = self
        copy.database = name
        return copy
    }

    /// The same server and database, as another role.
    public func asUser(_ name: String) -> Self {
        var copy = self
        copy.user = name
        return copy
    }

    /// libpq's keyword/value pairs: the first `dbname` is expanded as a full connection string.
    var parameters: [(String, String)] {
        var pairs = [("dbname", connectionString), ("fallback_application_name", applicationName)]
        if let database { pairs.append(("dbname", database)) }
        if let user { pairs.append(("user", user)) }
        return pairs
    }
}
