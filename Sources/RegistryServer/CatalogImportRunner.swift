import Foundation
import Logging
import Postgres
import RegistryCore

/// Runs the catalog import jobs (A10.1–A10.3) that clerks queue by uploading a ledger: polls for a waiting job, runs
/// it to its end on one connection of the pool, and polls again. A job left running by a process that died is taken
/// over and resumed after its last committed chunk (``CatalogImportJobs``).
public struct CatalogImportRunner: Sendable {
    let database: RegistryDatabase
    let interval: Duration
    let logger: Logger

    public init(database: RegistryDatabase, interval: Duration = .seconds(1), logger: Logger) {
        self.database = database
        self.interval = interval
        self.logger = logger
    }

    /// Runs jobs until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await runWaiting()
            try? await Task.sleep(for: interval)
        }
    }

    /// Runs every job waiting now, one after the other; a failure is logged and the next poll tries again. Cancelled,
    /// it leaves the job it runs after the chunk in progress (the next runner resumes it).
    public func runWaiting() async {
        let jobs = CatalogImportJobs(clock: database.clock)
        let stopping = StopSignal()
        await withTaskCancellationHandler {
            do {
                while let id = try await database.client.withConnection({ try jobs.runNext(on: $0, stopping: stopping.isSet) }) {
                    logger.info("catalog import job \(id.uuidString.lowercased()) run")
                }
            } catch {
                logger.error("catalog import runner: \(error)")
            }
        } onCancel: {
            stopping.set()
        }
    }
}

/// A flag the import runner's thread reads between two chunks, set when its task is cancelled.
private final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() {
        lock.withLock { value = true }
    }

    @Sendable func isSet() -> Bool {
        lock.withLock { value }
    }
}
