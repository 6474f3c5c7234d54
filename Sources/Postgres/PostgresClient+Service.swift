import ServiceLifecycle

extension PostgresClient: Service {
    /// Keeps the pool open while its service group runs; when the group shuts down (gracefully, or cancelled), closes
    /// it once the leases in flight have finished. Services added after the pool to the same group stop before it.
    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }
}
