import Postgres

/// The registry's database as workflows use it: reads on a pooled connection, writes in one audited transaction
/// (A44.1), and every database refusal turned into a ``RegistryError`` that names its rule.
///
/// Writes always go to the primary (`client`). Reads go to the primary too, so that they see what was just written,
/// except through ``readReplica``: the view that lists and reports use, whose reads go to the read pool — a streaming
/// replica when one is configured, which may lag the primary by the replication delay.
///
/// Every transaction and read runs on ``clock`` (W.4): a pinned clock pins `registry.today` in each of them.
public struct RegistryDatabase: Sendable {
    /// The primary: every write, and the reads that must see them.
    public let client: PostgresClient
    /// The pool that ``readReplica`` reads from: a replica's, or the primary when there is none.
    public let reads: PostgresClient
    /// Where ``read(_:)`` runs: `client`, or `reads` in the ``readReplica`` view.
    private let reader: PostgresClient
    /// The registry's clock (W.4); on the real clock, or the sessions' own pin, unless a test or seed pins it.
    public let clock: RegistryClock

    /// Everything on one database.
    public init(client: PostgresClient, clock: RegistryClock = RegistryClock()) {
        self.init(primary: client, reads: client, clock: clock)
    }

    /// Writes and read-your-writes reads on `primary`, lists and reports on `reads`.
    public init(primary: PostgresClient, reads: PostgresClient, clock: RegistryClock = RegistryClock()) {
        self.init(primary: primary, reads: reads, reader: primary, clock: clock)
    }

    private init(primary: PostgresClient, reads: PostgresClient, reader: PostgresClient, clock: RegistryClock) {
        self.client = primary
        self.reads = reads
        self.reader = reader
        self.clock = clock
    }

    /// This database with its reads on the read pool, for lists and reports that may lag the primary; its writes
    /// still go to the primary.
    public var readReplica: RegistryDatabase {
        RegistryDatabase(primary: client, reads: reads, reader: reads, clock: clock)
    }

    /// Runs read-only work on a pooled connection (in a transaction when the clock is pinned or the budget is long, to
    /// hold the setting).
    public func read<Result: Sendable>(
        budget: StatementBudget = .request,
        _ body: @escaping @Sendable (Connection) throws -> Result
    ) async throws -> Result {
        try await mappingErrors {
            guard clock.pinnedDay != nil || budget != .request else { return try await reader.withConnection(body) }
            return try await reader.withTransaction { [clock] connection in
                try budget.apply(on: connection)
                try clock.apply(on: connection)
                return try body(connection)
            }
        }
    }

    /// Runs a change in one transaction with `context` recorded by the audit trail; a refusal changes nothing.
    ///
    /// When the request sent an `Idempotency-Key` (``IdempotencyClaim/current``), the transaction stores the key as
    /// its first statement, so the key commits exactly when the change does.
    @discardableResult
    public func write<Result: Sendable>(
        _ context: AuditContext,
        budget: StatementBudget = .request,
        _ body: @escaping @Sendable (Connection) throws -> Result
    ) async throws -> Result {
        let claim = IdempotencyClaim.current
        let result = try await mappingErrors {
            try await client.withTransaction(auditedAs: context) { [clock] connection in
                try budget.apply(on: connection)
                try clock.apply(on: connection)
                try claim?.record(on: connection)
                return try body(connection)
            }
        }
        claim?.markCommitted()
        return result
    }

    /// Runs unaudited bookkeeping of the service itself (stored `Idempotency-Key`s) in one transaction on the primary.
    @discardableResult
    public func maintain<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        try await mappingErrors {
            try await client.withTransaction { [clock] connection in
                try clock.apply(on: connection)
                return try body(connection)
            }
        }
    }

    private func mappingErrors<Result>(_ work: () async throws -> Result) async throws -> Result {
        do {
            return try await work()
        } catch let error as PostgresError {
            throw RegistryError(error)
        } catch let error as any RegistryErrorConvertible {
            throw error.registryError
        }
    }
}

extension RegistryDatabase {
    /// Throws unless the database answers a trivial query.
    public func ping() async throws {
        _ = try await read { try $0.query("select 1") }
    }
}

/// How long one statement may run. API sessions allow a request a few seconds
/// (``PostgresConfiguration/requestStatementTimeout``); reports, exports, an assessment's computation and the audit
/// trail's verification are given a longer budget for their transaction.
public enum StatementBudget: Sendable, Hashable {
    /// The session's own limit: a few seconds on the API's connections, none on the command line's.
    case request
    /// Up to ``longTimeout`` per statement.
    case long

    /// The long budget: what a province-sized report takes, with room to spare (`docs/performance.md`).
    public static let longTimeout = "15min"

    func apply(on connection: Connection) throws {
        guard self == .long else { return }
        try connection.query("select set_config('statement_timeout', \(Self.longTimeout), true)")
    }
}
