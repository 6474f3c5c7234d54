import Logging
import RegistryCore

/// A44.1: anchors the audit chain's head outside the database on a schedule: each anchor goes into the service log
/// (`audit anchor …`, kept by the operator's journal) and, when configured, is appended to an anchor file that
/// `registry audit verify --anchors FILE` checks.
public struct AuditAnchoring: Sendable {
    let database: RegistryDatabase
    let file: AuditAnchorFile?
    let interval: Duration
    let logger: Logger

    public init(database: RegistryDatabase, file: AuditAnchorFile?, interval: Duration, logger: Logger) {
        self.database = database
        self.file = file
        self.interval = interval
        self.logger = logger
    }

    /// Anchors now, then once per interval, until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await anchor()
            try? await Task.sleep(for: interval)
        }
    }

    /// Takes one anchor; a failure is logged and the next interval tries again.
    public func anchor() async {
        do {
            let anchor = try await database.read { try AuditAnchor.take(on: $0) }
            try file?.append(anchor)
            logger.info("audit anchor \(anchor)", metadata: ["anchor_file": "\(file?.path ?? "-")"])
        } catch {
            logger.error("audit anchor failed: \(error)")
        }
    }
}
