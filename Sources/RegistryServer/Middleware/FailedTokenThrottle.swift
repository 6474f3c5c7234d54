import NIOConcurrencyHelpers

/// Slows down guessing of API tokens: after ``limit`` failed token checks from one client address within ``window``,
/// further requests with a token from that address are refused (429) without looking the token up, until the window
/// has passed.
public final class FailedTokenThrottle: Sendable {
    /// Failed checks allowed per address and window unless the operator sets another limit.
    public static let defaultLimit = 10
    /// The window failed checks are counted in unless the operator sets another.
    public static let defaultWindow: Duration = .seconds(60)

    private struct Failures {
        var count: Int
        var since: ContinuousClock.Instant
    }

    private let failures = NIOLockedValueBox<[String: Failures]>([:])
    private let capacity: Int
    /// Failed checks allowed per address and window.
    let limit: Int
    /// How long failures from an address are counted from the first.
    let window: Duration

    public init(limit: Int = defaultLimit, window: Duration = defaultWindow, capacity: Int = 100_000) {
        self.limit = limit
        self.window = window
        self.capacity = capacity
    }

    /// Whether `address` may have a token checked now.
    func allows(_ address: String) -> Bool {
        let now = ContinuousClock.now
        return failures.withLockedValue { failures in
            guard let entry = failures[address] else { return true }
            if now - entry.since >= window {
                failures[address] = nil
                return true
            }
            return entry.count < limit
        }
    }

    /// Counts a failed check from `address`.
    func recordFailure(from address: String) {
        let now = ContinuousClock.now
        failures.withLockedValue { failures in
            if failures.count >= capacity { failures.removeAll(keepingCapacity: true) }
            if var entry = failures[address], now - entry.since < window {
                entry.count += 1
                failures[address] = entry
            } else {
                failures[address] = Failures(count: 1, since: now)
            }
        }
    }
}
