import Logging
import Postgres
import RegistryCore

/// A44.1: seals the audit trail on a short schedule: chains the audit rows that writers committed unsealed
/// (`sql/0090_audit_sealed_after_commit.sql`), so the sealed head stays a fraction of a second behind the writes.
/// A sealer already running elsewhere (another instance, `registry audit seal`) makes a round do nothing.
public struct AuditSealer: Sendable {
    let database: RegistryDatabase
    let interval: Duration
    let logger: Logger
    /// Rows one round chains at most, so that a round stays within a request's statement budget.
    static let rowsPerRound = 5_000

    public init(database: RegistryDatabase, interval: Duration, logger: Logger) {
        self.database = database
        self.interval = interval
        self.logger = logger
    }

    /// Seals once per interval (at once again while a round was full), until the task is cancelled. A row the sealer
    /// stops at, or a failure, is logged once until it changes.
    public func run() async {
        var reported: String?
        while !Task.isCancelled {
            var full = false
            do {
                let result = try await database.client.withConnection { try AuditTrail.seal(maxRows: Self.rowsPerRound, on: $0) }
                full = result.sealed >= Self.rowsPerRound
                if let problem = result.problem, problem != reported {
                    logger.error("audit sealer stopped: \(problem)")
                }
                reported = result.problem
            } catch {
                let message = "\(error)"
                if message != reported { logger.error("audit sealing failed: \(message)") }
                reported = message
            }
            if !full { try? await Task.sleep(for: interval) }
        }
    }
}
