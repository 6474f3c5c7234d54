import Logging
import RegistryCore

/// A28.1: keeps the service's copy of the open catalog (``OpenCatalogSearchIndex``) current: it reads the catalog at
/// start, then again whenever the open catalog's generation has changed and held still for one ``interval`` (a busy
/// approval day reads it once its burst is over, not once per item). Searches are answered by the database meanwhile.
public struct OpenCatalogIndexing: Sendable {
    let index: OpenCatalogSearchIndex
    let interval: Duration
    let logger: Logger

    public init(index: OpenCatalogSearchIndex, interval: Duration = .seconds(1), logger: Logger) {
        self.index = index
        self.interval = interval
        self.logger = logger
    }

    /// Reads the catalog now, then keeps it current until the task is cancelled.
    public func run() async {
        var seen: Int64?
        while !Task.isCancelled {
            do {
                let generation = try await index.catalogGeneration()
                if generation != index.generation, seen == nil || generation == seen {
                    try await build()
                }
                seen = generation
            } catch {
                logger.error("the open catalog's search index cannot be read: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }

    private func build() async throws {
        let started = ContinuousClock.now
        guard try await index.refresh() else { return }
        logger.info(
            "open catalog search index read",
            metadata: [
                "entries": "\(index.count)", "generation": "\(index.generation ?? 0)",
                "seconds": "\((ContinuousClock.now - started).components.seconds)",
            ]
        )
    }
}
