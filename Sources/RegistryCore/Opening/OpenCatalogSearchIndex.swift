import Foundation
import Postgres
import Synchronization

/// A28.1: the open catalog's entries held in memory for its search with words, so that the facets are counted over
/// tens of thousands of matches in milliseconds instead of a heap visit each.
///
/// It is a copy of `open_catalog_entry` (the database stays the one judge of what is open) tagged with the open
/// catalog's generation (`open_catalog_generation`, `sql/0149`). A search answers from it only when the generation its
/// own connection sees is the copy's; otherwise the statement of ``OpenPortal`` answers, and ``refresh()`` (run by the
/// service in the background) reads the catalog again. Its answers are the statement's, tested side by side.
public final class OpenCatalogSearchIndex: Sendable {
    /// Where the copy is read from: the pool the searches read from, so that both see the same generation.
    public let database: RegistryDatabase
    private let held = Mutex<OpenCatalogSnapshot?>(nil)

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// The generation of the open catalog the index holds; `nil` while it holds none.
    public var generation: Int64? { held.withLock { $0?.generation } }

    /// How many entries the index holds.
    public var count: Int { held.withLock { $0?.itemIDs.count ?? 0 } }

    /// Reads the open catalog again unless the index holds its current generation; returns whether it now holds one (an
    /// empty open catalog is not held). A copy found stale is let go before the new one is read, so that at most one is
    /// held.
    @discardableResult
    public func refresh() async throws -> Bool {
        guard try await catalogGeneration() != generation else { return false }
        held.withLock { $0 = nil }
        let snapshot = try await database.read(budget: .long) { try OpenCatalogSnapshot.load(on: $0) }
        held.withLock { $0 = snapshot }
        return snapshot != nil
    }

    /// The open catalog's generation now, as ``database`` reads it.
    public func catalogGeneration() async throws -> Int64 {
        try await database.read { try Self.catalogGeneration(on: $0) }
    }

    /// The open catalog's generation as `connection` sees it.
    static func catalogGeneration(on connection: Connection) throws -> Int64 {
        try connection.queryOne("select generation from open_catalog_generation").decode("generation")
    }

    /// The search ``OpenPortal/matches(_:limit:from:facetValues:index:on:)`` makes for `query` and its `words`, answered
    /// from the copy; `nil` when the copy is not of the generation `connection` sees. The words are lower-cased by the
    /// database, as its statement lowers them.
    func matches(
        _ query: OpenPortalQuery,
        words: [String],
        limit: Int,
        from start: OpenPortalPageStart,
        facetValues: Int?,
        on connection: Connection
    ) throws -> OpenPortalMatches? {
        let asked = try connection.queryOne(
            """
            select g.generation, lower(\(words.joined(separator: " "))::text) as phrase,
                   array(select lower(w.w) from unnest(\(words)::text[]) with ordinality w(w, n) order by w.n) as words
              from open_catalog_generation g
            """
        )
        let generation: Int64 = try asked.decode("generation")
        guard let snapshot = held.withLock({ $0?.generation == generation ? $0 : nil }) else { return nil }
        let search = OpenCatalogSnapshot.Search(
            query: query,
            words: try asked.decode("words", as: [String].self).map { Array($0.utf8) },
            phrase: Array(try asked.decode("phrase", as: String.self).utf8)
        )
        let found = snapshot.find(search, limit: limit, from: start, facetValues: facetValues)
        let labels = try Self.labels(of: found.facets, on: connection)
        return OpenPortalMatches(
            total: found.total,
            itemIDs: found.itemIDs,
            facets: found.facets.map { OpenPortalFacetValue(facet: $0.facet, value: $0.value, label: labels[$0.key], count: $0.count) },
            next: found.next
        )
    }

    /// The names of the divisions, institutions and categories among `facets`, as the statement labels them.
    private static func labels(of facets: [OpenCatalogSnapshot.Tally], on connection: Connection) throws -> [String: String] {
        let named = facets.filter { [.division, .institution, .category].contains($0.facet) }
        guard !named.isEmpty else { return [:] }
        let rows = try connection.query(
            """
            select f.facet || ':' || f.value as key, \(OpenPortal.facetLabel(of: "f")) as label
              from unnest(\(named.map(\.facet.rawValue))::text[], \(named.map(\.value))::text[]) f(facet, value)
            """
        )
        var labels: [String: String] = [:]
        for row in rows {
            if let label: String = try row.decodeIfPresent("label") { labels[try row.decode("key")] = label }
        }
        return labels
    }
}
