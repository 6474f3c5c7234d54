import Logging
import NIOPosix

/// A bounded pool of connections whose blocking work runs on a thread pool.
///
/// Each lease runs its whole closure — often a complete transaction — on one thread of `threadPool`, so libpq never
/// blocks an event loop or the cooperative pool. At most `maxConnections` connections are open; further callers wait
/// in order. A connection found dead (terminated backend, network loss) is closed and replaced, never reused; while
/// the server cannot be reached, new connections are attempted at most once per backoff step (``ReconnectBackoff``).
public final class PostgresClient: Sendable {
    public let configuration: PostgresConfiguration
    public let maxConnections: Int
    private let threadPool: NIOThreadPool
    private let slots: ConnectionSlots
    private let logger: Logger
    /// Spaces out reconnection attempts while the server is down (exponential, capped at a few seconds).
    let backoff = ReconnectBackoff()

    /// Starts a thread pool with one thread per connection; call ``shutdown()`` when done.
    public init(
        configuration: PostgresConfiguration,
        maxConnections: Int = 8,
        logger: Logger = Logger(label: "registry.postgres")
    ) {
        precondition(maxConnections > 0, "a pool needs at least one connection")
        self.configuration = configuration
        self.maxConnections = maxConnections
        self.threadPool = NIOThreadPool(numberOfThreads: maxConnections)
        self.threadPool.start()
        self.slots = ConnectionSlots(capacity: maxConnections)
        self.logger = logger
    }

    /// Runs `body` with a connection of its own; statements outside a transaction commit one by one.
    @discardableResult
    public func withConnection<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        try await lease(body)
    }

    /// Runs `body` in one transaction, rolled back when it throws. It runs once more, from the start, when nothing
    /// can have been done: a connection found dead at BEGIN is replaced; a statement prepared before a migration
    /// changed its table's columns failed and rolled the transaction back, and is prepared anew.
    @discardableResult
    public func withTransaction<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        do {
            return try await lease { try $0.transaction(body) }
        } catch let error as PostgresError where error.failedBeforeAnyWork || error.isStalePreparedStatement {
            logger.warning(
                "transaction not done (\(error.failedBeforeAnyWork ? "connection lost before BEGIN" : "stale prepared statement")); running it again"
            )
            return try await lease { try $0.transaction(body) }
        }
    }

    /// Closes idle connections and stops the threads once running leases finish.
    public func shutdown() async throws {
        await slots.drainIdle()
        try await threadPool.shutdownGracefully()
    }

    private func lease<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        let reserved = try await slots.acquire()
        let configuration = self.configuration
        let backoff = self.backoff
        let outcome: Lease<Result>
        do {
            outcome = try await threadPool.runIfActive {
                Lease.run(body, reserved: reserved, configuration: configuration, backoff: backoff)
            }
        } catch {
            await slots.release(nil)
            throw error
        }
        if outcome.connection == nil, reserved != nil {
            logger.info("replaced a broken database connection")
        }
        await slots.release(outcome.connection)
        return try outcome.result.get()
    }
}

/// A connection on its way between the pool's bookkeeping and the thread of the lease that uses it. ``Connection`` is
/// not `Sendable` — a lease's body cannot keep it or hand it elsewhere — but the pool moves it between leases, one at a
/// time, which is what makes this crossing safe.
private struct Handover: @unchecked Sendable {
    let connection: Connection
}

/// What one lease produced, and the connection to give back if it is still healthy.
private struct Lease<Result: Sendable>: Sendable {
    var result: Swift.Result<Result, any Error>
    var connection: Handover?

    /// Runs on a pool thread: (re)connects when needed, runs the body, and checks the connection's health afterwards.
    static func run(
        _ body: (Connection) throws -> Result,
        reserved: Handover?,
        configuration: PostgresConfiguration,
        backoff: ReconnectBackoff
    ) -> Lease {
        let connection: Connection
        if let reserved, reserved.connection.isUsable {
            connection = reserved.connection
        } else if let wait = backoff.permission() {
            let message = "the database server cannot be reached; the next attempt is due in \(wait.components.seconds) s"
            return Lease(result: .failure(PostgresError(kind: .connectionFailed, messagePrimary: message)), connection: nil)
        } else {
            do {
                connection = try Connection(configuration: configuration)
                backoff.succeeded()
            } catch {
                backoff.failed()
                return Lease(result: .failure(error), connection: nil)
            }
        }
        let result = Swift.Result { try body(connection) }
        return Lease(result: result, connection: reusable(connection).map(Handover.init(connection:)))
    }

    /// A connection goes back to the pool only when it is healthy and out of any transaction.
    private static func reusable(_ connection: Connection) -> Connection? {
        guard connection.isUsable else { return nil }
        if connection.isInTransaction {
            guard (try? connection.query("rollback")) != nil else { return nil }
        }
        return connection
    }
}

/// The pool's bookkeeping: idle connections, the number of slots in use, and the callers waiting in order.
private actor ConnectionSlots {
    private let capacity: Int
    private var idle: [Handover] = []
    private var inUse = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Handover?, any Error>)] = []
    private var waitersEver: UInt64 = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// A connection to reuse, or `nil` meaning "open a new one in the slot now reserved for you".
    func acquire() async throws -> Handover? {
        try Task.checkCancellation()
        if let connection = idle.popLast() {
            inUse += 1
            return connection
        }
        if inUse < capacity {
            inUse += 1
            return nil
        }
        waitersEver += 1
        let id = waitersEver
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.stopWaiting(id) }
        }
    }

    /// A waiter whose task was cancelled leaves the queue with `CancellationError`, holding no slot.
    private func stopWaiting(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Gives a slot back, with its connection when still healthy; the next waiter takes it over directly.
    func release(_ connection: Handover?) {
        if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: connection)
            return
        }
        inUse -= 1
        if let connection { idle.append(connection) }
    }

    func drainIdle() {
        idle.removeAll()
    }
}
