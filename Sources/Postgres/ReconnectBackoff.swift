import Foundation

/// Spaces out a pool's attempts to open a connection while the server cannot be reached.
///
/// While the server answers, connections open freely. After a failed attempt the next one waits 250 ms, then twice as
/// long after each further failure, up to ``maxDelay``; until then — and while that one attempt is in flight — a lease
/// that needs a new connection fails at once with ``PostgresError/Kind/connectionFailed`` (a 503 upstream) instead of
/// knocking at the server itself. The first attempt that succeeds ends the backoff: recovery needs no restart.
final class ReconnectBackoff: @unchecked Sendable {
    static let firstDelay: Duration = .milliseconds(250)
    static let maxDelay: Duration = .seconds(4)

    private let lock = NSLock()
    private var failures = 0
    private var notBefore: ContinuousClock.Instant?
    private var attemptInFlight = false
    private var attemptCount = 0

    /// Attempts to connect made so far (for tests and logs).
    var attempts: Int { lock.withLock { attemptCount } }

    /// `nil` when the caller may try to connect now; otherwise how long until the next attempt is due.
    func permission() -> Duration? {
        lock.withLock {
            let now = ContinuousClock.now
            if failures > 0 {
                if attemptInFlight { return max((notBefore ?? now) - now, Self.firstDelay) }
                if let notBefore, now < notBefore { return notBefore - now }
                attemptInFlight = true
            }
            attemptCount += 1
            return nil
        }
    }

    func succeeded() {
        lock.withLock {
            failures = 0
            notBefore = nil
            attemptInFlight = false
        }
    }

    func failed() {
        lock.withLock {
            failures += 1
            attemptInFlight = false
            let delay = Self.firstDelay * (1 << min(failures - 1, 8))
            notBefore = ContinuousClock.now + min(delay, Self.maxDelay)
        }
    }
}
