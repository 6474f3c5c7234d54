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

    /// Reads the catalog now, then keeps it current until the task is cancelled. A failure is logged once until it
    /// changes or the reading succeeds again (the database may be away for a while: searches fail or wait meanwhile).
    public func run() async {
        var seen: Int64?
        var failure: String?
        while !Task.isCancelled {
            do {
                let generation = try await index.catalogGeneration()
                if generation != index.generation, seen == nil || generation == seen {
                    try await build()
                }
                seen = generation
                if failure != nil { logger.info("the open catalog can be read again for its search index") }
                failure = nil
            } catch {
                let text = "\(error)"
                if text != failure { logger.error("the open catalog's search index cannot be read: \(text)") }
                failure = text
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
