import ServiceLifecycle

/// The server's background loops — the calendar watch, audit anchoring and sealing, idempotency key expiry, catalog
/// imports — as one service: they start with the server and are cancelled when it shuts down, before the connection
/// pools close.
struct BackgroundWork: Service {
    let jobs: [@Sendable () async -> Void]

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for job in jobs { group.addTask(operation: job) }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}
