import Logging
import RegistryCore

/// Forgets expired `Idempotency-Key`s on a schedule (hourly in `registry serve`), so the table holds about a day of
/// keys; an expired key is never replayed, even before it is deleted.
public struct IdempotencyKeyExpiry: Sendable {
    let keys: IdempotencyKeys
    let interval: Duration
    let logger: Logger

    public init(database: RegistryDatabase, interval: Duration = .seconds(3600), logger: Logger) {
        self.keys = IdempotencyKeys(database: database)
        self.interval = interval
        self.logger = logger
    }

    /// Deletes the expired keys now, then once per interval, until the task is cancelled; a failure waits for the next.
    public func run() async {
        while !Task.isCancelled {
            do {
                let removed = try await keys.removeExpired()
                if removed > 0 { logger.info("removed \(removed) expired idempotency keys") }
            } catch {
                logger.warning("removing expired idempotency keys failed: \(RegistryError.loggableDescription(of: error))")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
