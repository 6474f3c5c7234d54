import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Postgres
import RegistryServer
import TestSupport
import Testing

@testable import RegistryCore

/// The open catalog held in memory (A28.1, `OpenCatalogSearchIndex`): it answers every search with words exactly as
/// the statement does — matches, order, pages, cursors and every facet's counts — and only while it holds the
/// generation of the open catalog that the search's connection sees.
@Suite("Open catalog search index: the statement's answers, from memory, while current (A28.1)")
struct OpenCatalogSearchIndexTests {
    typealias World = CatalogAPITests.World

    /// Searches covering every facet, words in names, descriptions and data items, several words, one character, a word
    /// found nowhere and values no entry has.
    static let queries: [OpenPortalQuery] = {
        let words = ["医疗机构", "医疗", "名录", "执业 医疗", "机构名录", "医", "学校名录", "床位", "无此词语"]
        let facets: [OpenPortalQuery] = [
            OpenPortalQuery(),
            OpenPortalQuery(openType: .unconditional),
            OpenPortalQuery(division: "150100"),
            OpenPortalQuery(division: "150102", grade: .general),
            OpenPortalQuery(division: "150103"),
            OpenPortalQuery(institution: World.education),
            OpenPortalQuery(category: "livelihood.health"),
            OpenPortalQuery(updateFrequency: .yearly),
            OpenPortalQuery(format: "CSV"),
            OpenPortalQuery(format: "PDF"),
            OpenPortalQuery(openType: .conditional, updateFrequency: .monthly),
        ]
        return words.flatMap { text in
            facets.map { facets in
                var query = facets
                query.text = text
                return query
            }
        }
    }()

    /// The statement's answer and the index's for `query`, on one connection.
    static func answers(
        _ query: OpenPortalQuery,
        limit: Int,
        from start: OpenPortalPageStart,
        facetValues: Int?,
        index: OpenCatalogSearchIndex,
        on connection: Connection
    ) throws -> (statement: OpenPortalMatches, index: OpenPortalMatches?) {
        let statement = try OpenPortal.matches(query, limit: limit, from: start, facetValues: facetValues, on: connection)
        let words = (query.text ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        let held = try index.matches(query, words: words, limit: limit, from: start, facetValues: facetValues, on: connection)
        return (statement, held)
    }

    @Test("A28.1 the index answers every search with words as the statement does: matches, order, pages, cursors, facets")
    func sameAnswers() async throws {
        let world = try await OpeningAPITests.world()
        let index = OpenCatalogSearchIndex(database: world.registry.registry.readReplica)
        #expect(try await !index.refresh(), "an empty open catalog is not held")
        #expect(index.generation == nil)
        try await world.registry.test { client in _ = try await OpenCatalogSearchAPITests.publish(world, client) }
        #expect(try await index.refresh(), "read at first")
        #expect(try await !index.refresh(), "not read again while current")
        #expect(index.count == 6, "X-1, C-1, H-1, A-1, B-1 and E-1: S-1 suspended, W-1 withdrawn, N-1 not open")
        try await world.registry.registry.read { connection in
            for query in Self.queries {
                // At least two values a facet: the statement's total adds up the open types' counts.
                for facetValues in [nil, 50, 2] {
                    for (limit, offset) in [(50, 0), (2, 0), (2, 1), (1, 3)] {
                        let (statement, held) = try Self.answers(
                            query,
                            limit: limit,
                            from: .offset(offset),
                            facetValues: facetValues,
                            index: index,
                            on: connection
                        )
                        #expect(held == statement, "\(query) limit \(limit) offset \(offset) facet values \(String(describing: facetValues))")
                    }
                }
                // Page by cursor, one match a page: the same cursors, and every match visited once.
                var start = OpenPortalPageStart()
                var visited: [UUID] = []
                while true {
                    let (statement, held) = try Self.answers(query, limit: 1, from: start, facetValues: 50, index: index, on: connection)
                    #expect(held == statement, "\(query) after \(String(describing: start.cursor))")
                    visited += statement.itemIDs
                    guard let next = statement.next else { break }
                    start = OpenPortalPageStart(after: next)
                }
                let all = try Self.answers(query, limit: 50, from: .offset(0), facetValues: nil, index: index, on: connection)
                #expect(visited == all.statement.itemIDs, "\(query): cursors visit every match once, in order")
            }
        }
        try await world.registry.drop()
    }

    @Test("A28.1 a change of the open catalog leaves the index unused until it is read again; the statement answers meanwhile")
    func staleIndexUnused() async throws {
        let world = try await OpeningAPITests.world()
        let ids = try await world.registry.test { client in try await OpenCatalogSearchAPITests.publish(world, client) }
        let index = OpenCatalogSearchIndex(database: world.registry.registry.readReplica)
        try await index.refresh()
        let query = OpenPortalQuery(text: "医疗机构")
        let search: @Sendable (Connection) throws -> (statement: OpenPortalMatches, index: OpenPortalMatches?) = { connection in
            try Self.answers(query, limit: 50, from: .offset(0), facetValues: 50, index: index, on: connection)
        }
        let before = try await world.registry.registry.read(search)
        #expect(before.index == before.statement)
        #expect(before.statement.total == 5)

        // The suspended item restored (A28.3): a new generation of the open catalog.
        let generation = try #require(index.generation)
        try await world.registry.test { client in try await OpenCatalogSearchAPITests.restore(world, client, item: ids["S-1"]!) }
        #expect(try await index.catalogGeneration() > generation)
        let stale = try await world.registry.registry.read(search)
        #expect(stale.index == nil, "a copy of another generation answers nothing")
        #expect(stale.statement.total == 6, "S-1 is found again at once")

        #expect(try await index.refresh())
        let after = try await world.registry.registry.read(search)
        #expect(after.index == after.statement)
        #expect(after.index?.total == 6)

        // Only the derivation moves the generation: the service may not write it.
        await #expect(throws: (any Error).self) {
            try await world.registry.registry.maintain { try $0.query("update open_catalog_generation set generation = 1") }
        }
        try await world.registry.drop()
    }

    /// Waits, a few seconds at most, until `index` holds the generation the open catalog is at.
    static func waitUntilCurrent(_ index: OpenCatalogSearchIndex) async throws -> Bool {
        for _ in 0..<600 {
            if try await index.generation == index.catalogGeneration() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("A28.1 the service reads the open catalog at start and again after it changed")
    func keptCurrent() async throws {
        let world = try await OpeningAPITests.world()
        let ids = try await world.registry.test { client in try await OpenCatalogSearchAPITests.publish(world, client) }
        let index = OpenCatalogSearchIndex(database: world.registry.registry.readReplica)
        let indexing = OpenCatalogIndexing(index: index, interval: .milliseconds(20), logger: Logger(label: "registry-test"))
        let keeping = Task { await indexing.run() }
        #expect(try await Self.waitUntilCurrent(index), "read at start")
        #expect(index.count == 6)
        try await world.registry.test { client in try await OpenCatalogSearchAPITests.restore(world, client, item: ids["S-1"]!) }
        #expect(try await Self.waitUntilCurrent(index), "read again after the change")
        #expect(index.count == 7, "S-1 restored")
        keeping.cancel()
        await keeping.value
        try await world.registry.drop()
    }

    @Test("A28.1 a transaction that changed the open catalog does not hold the generation before its commit")
    func generationTakenAtCommit() async throws {
        let world = try await OpeningAPITests.world()
        let ids = try await world.registry.test { client in try await OpenCatalogSearchAPITests.publish(world, client) }
        let index = OpenCatalogSearchIndex(database: world.registry.registry)
        let generation = try await index.catalogGeneration()
        let configuration = world.registry.database.configuration
        /// Files a copy of S-1's objection against `item`, which suspends it (A28.3): its entry goes.
        @Sendable func object(to item: String, on connection: Connection) throws {
            try AuditContext(role: "test", action: "fixture").apply(on: connection)
            try connection.query(
                """
                insert into open_objection (item_id, institution_uscc, complainant_account, harm, description, evidence,
                                            received_at, received_on)
                select \(item)::uuid, institution_uscc, complainant_account, harm, description, evidence, received_at,
                       received_on
                  from open_objection where item_id = \(ids["S-1"]!)::uuid
                """
            )
        }
        let holder = try Connection(configuration: configuration)
        try holder.query("begin")
        try object(to: ids["X-1"]!, on: holder)
        // Another transaction changes the open catalog and commits while the first is open.
        let other = Task.detached {
            let connection = try Connection(configuration: configuration)
            try connection.query("begin")
            try object(to: ids["H-1"]!, on: connection)
            try connection.query("commit")
        }
        var (committed, waited) = (false, false)
        for _ in 0..<600 where !committed && !waited {
            committed =
                try holder.queryOne(
                    "select count(*)::int as n from open_objection where item_id = \(ids["H-1"]!)::uuid"
                ).decode("n") > 0
            waited =
                try holder.queryOne(
                    "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
                ).decode("n") > 0
            if !committed && !waited { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(committed && !waited, "the other transaction committed without waiting for the first")
        try holder.query("commit")
        try await other.value
        #expect(try await index.catalogGeneration() == generation + 2, "each transaction moved the generation once")
        #expect(try await OpenCatalogSearchAPITests.keptCountsDrift(world) == 0)
        try await world.registry.drop()
    }

    @Test("A28.1 GET /api/v1/open-catalog with words answers the same from the index as from the statement")
    func sameOverHTTP() async throws {
        let world = try await OpeningAPITests.world()
        try await world.registry.test { client in _ = try await OpenCatalogSearchAPITests.publish(world, client) }
        let index = OpenCatalogSearchIndex(database: world.registry.registry.readReplica)
        try await index.refresh()
        let uri = "/api/v1/open-catalog?q=%E5%8C%BB%E7%96%97%E6%9C%BA%E6%9E%84&limit=2"
        let statement = try await world.registry.test { client in
            try await world.call(client, .get, uri, as: "citizen", expect: .ok, decoding: OpenCatalogPageBody.self)
        }
        let held = try await world.registry.test(searchIndex: index) { client in
            try await world.call(client, .get, uri, as: "citizen", expect: .ok, decoding: OpenCatalogPageBody.self)
        }
        #expect(held.codes == statement.codes)
        #expect(held.total == statement.total)
        #expect(held.nextCursor == statement.nextCursor)
        #expect(held.facets.mapValues { $0.map { "\($0.value)=\($0.count)" } } == statement.facets.mapValues { $0.map { "\($0.value)=\($0.count)" } })
        try await world.registry.drop()
    }
}
