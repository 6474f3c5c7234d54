import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Distributions and coverage over HTTP (A28.1, A10.3, A16.1): described in a draft and reviewed with it, carried into
/// the next version, refreshed on an approved item by its institution, shown for unconditionally open items only; bad
/// addresses, checksums and media types refused with their field and article, from the API and from plain SQL alike.
@Suite("Distributions over HTTP: review, carry forward, refresh, open catalog, refusals (A28.1, A10.3, A16.1)")
struct DistributionsAPITests {
    typealias World = CatalogAPITests.World

    static let checksum = String(repeating: "ab", count: 32)

    static func distribution(_ overrides: [String: String] = [:]) -> String {
        var members: [String: String] = [
            "title": "\"医疗机构名录(CSV)\"", "access_url": "\"https://data.nmg.gov.cn/datasets/H-1\"",
            "download_url": "\"https://data.nmg.gov.cn/files/H-1.csv\"", "media_type": "\"text/csv\"", "format": "\"CSV\"",
            "byte_size": "20480", "checksum_sha256": "\"\(checksum.uppercased())\"", "license_name": "\"CC BY 4.0\"",
            "license_url": "\"https://creativecommons.org/licenses/by/4.0/\"", "issued_on": "\"2026-01-05\"", "modified_on": "\"2026-10-31\"",
        ]
        members.merge(overrides) { $1 }
        return "{" + members.sorted { $0.key < $1.key }.map { "\"\($0)\": \($1)" }.joined(separator: ", ") + "}"
    }

    @Test(
        "A28.1 a URL that is not http(s) or points at loopback, private or link-local, a bad checksum or an unknown media type is refused with its field"
    )
    func refusals() async throws {
        let world = try await OpeningAPITests.world()
        try await world.registry.test { client in
            let catalog = try await world.openCatalog(client, as: "healthClerk")
            let version =
                try await world.call(
                    client,
                    .post,
                    "/api/v1/catalogs/\(catalog.id)/versions",
                    as: "healthClerk",
                    expect: .created,
                    decoding: Identified.self
                ).id
            let item =
                try await world.call(
                    client,
                    .post,
                    "/api/v1/catalog-versions/\(version)/items",
                    as: "healthClerk",
                    World.item("H-1"),
                    expect: .created,
                    decoding: AddedItem.self
                ).itemID
            let uri = "/api/v1/catalog-versions/\(version)/items/\(item)/distributions"
            let refused: [(String, String, String)] = [
                ("access_url", "\"ftp://data.nmg.gov.cn/H-1.csv\"", "A28.1"), ("access_url", "\"http://localhost:8080/x\"", "A28.1"),
                ("access_url", "\"http://127.0.0.1/x\"", "A28.1"), ("access_url", "\"http://2130706433/x\"", "A28.1"),
                ("download_url", "\"http://192.168.1.10/H-1.csv\"", "A28.1"), ("download_url", "\"http://[fe80::1]/H-1.csv\"", "A28.1"),
                ("download_url", "\"http://169.254.169.254/latest\"", "A28.1"), ("license_url", "\"http://10.0.0.1/licence\"", "A28.1"),
                ("checksum_sha256", "\"abc123\"", "A28.1"), ("media_type", "\"csv\"", "A28.1"), ("media_type", "\"text/x-unknown\"", "A28.1"),
                ("byte_size", "-1", "A28.1"), ("modified_on", "\"2025-01-01\"", "A28.1"),
            ]
            let before = try await world.snapshot()
            for (field, value, article) in refused {
                let response = try await world.callers.send(client, .post, uri, as: "healthClerk", Self.distribution([field: value]))
                #expect(response.status == .unprocessableContent, "\(field)=\(value): \(response.text)")
                let error = try response.decode(ErrorBody.self).error
                #expect(error.field == field, "\(field)=\(value): \(response.text)")
                #expect(error.article == article, "\(field)=\(value): \(response.text)")
            }
            #expect(try await world.snapshot() == before)
            let missing = try await world.callers.send(client, .post, uri, as: "healthClerk", #"{"title": "无地址"}"#)
            #expect(missing.status == .badRequest, "\(missing.text)")
            try await world.callers.expect(
                client,
                .post,
                uri,
                Self.distribution(),
                [("educationClerk", .forbidden), ("xinchengReviewer", .forbidden), (nil, .unauthorized)]
            )

            // Plain SQL meets the same rules.
            let sqlError = try await world.registry.registry.write(AuditContext(role: "test", action: "sql")) { connection -> RegistryError? in
                let revision = try connection.query("select id from catalog_item_revision where item_id = \(UUID(uuidString: item)!)").first!
                    .decode("id", as: Int64.self)
                do {
                    try connection.query(
                        "insert into catalog_distribution (revision_id, title, access_url) values (\(revision), '内网', 'https://172.16.0.5/x')"
                    )
                    return nil
                } catch let error as PostgresError {
                    return RegistryError(error)
                }
            }
            #expect(sqlError?.field == "access_url" && sqlError?.article == "A28.1")
        }
    }

    @Test(
        "A28.1 / A10.3 / A16.1 distributions are reviewed with the version, carried into the next one, refreshed by the institution only, shown for unconditional items only"
    )
    func lifecycle() async throws {
        let world = try await OpeningAPITests.world()
        try await world.registry.test { client in
            let lifecycle = DistributionLifecycle(world: world, client: client)
            let draft = try await lifecycle.describeDistributionsInDraft()
            try await lifecycle.approveAndShowInOpenCatalog(draft.v1, h1: draft.h1, c1: draft.c1)
            try await lifecycle.refreshApprovedItem(draft.h1)
            let v2 = try await lifecycle.carryIntoNextVersion(versions: draft.versions, h1: draft.h1)
            try await lifecycle.refreshWhileNextVersionIsUnderReview(v2, h1: draft.h1)
        }
    }
}

/// A distribution as the API answers with it (`Distribution`), as far as the distribution tests check it.
private struct DistributionBody: Decodable {
    var id: String
    var title: String
    var checksumSha256: String?
    /// Whether the distribution refreshes the published revision's files (A16.1).
    var refresh: Bool
}

/// The period and division an item's data cover (`ItemCoverage`).
private struct CoverageBody: Decodable {
    var temporalFrom: String?
    var temporalTo: String?
    var spatialDivision: String?
}

/// An item's coverage and distributions (`ItemDistributions`).
private struct ItemDistributions: Decodable {
    var coverage: CoverageBody?
    var distributions: [DistributionBody]
}

/// `GET /open-catalog`: each entry's code, coverage and distributions (none for an item obtained by application).
private struct OpenEntries: Decodable {
    struct Entry: Decodable {
        var itemCode: String
        var coverage: CoverageBody?
        var distributions: [DistributionBody]?
    }

    var items: [Entry]
}

/// The steps of `DistributionsAPITests.lifecycle`, in order: each takes what an earlier step returned.
private struct DistributionLifecycle {
    typealias World = CatalogAPITests.World
    let world: World
    let client: any TestClientProtocol
    var c: Callers { world.callers }
}

extension DistributionLifecycle {
    /// A28.1: a draft of 卫健委 with H-1 (unconditionally open) and C-1 (conditional), a distribution on each, H-1's
    /// coverage; a period ending before it starts is refused. Returns the versions URI, the draft and both items.
    func describeDistributionsInDraft() async throws -> (versions: String, v1: String, h1: String, c1: String) {
        let catalog = try await world.openCatalog(client, as: "healthClerk")
        let catalogID = catalog.id
        let versions = "/api/v1/catalogs/\(catalogID)/versions"
        let v1 = try await world.call(client, .post, versions, as: "healthClerk", expect: .created, decoding: Identified.self).id
        let items = "/api/v1/catalog-versions/\(v1)/items"
        let h1 = try await world.call(client, .post, items, as: "healthClerk", World.item("H-1"), expect: .created, decoding: AddedItem.self)
            .itemID
        let c1 =
            try await world.call(
                client,
                .post,
                "/api/v1/catalog-versions/\(v1)/items",
                as: "healthClerk",
                World.item("C-1", name: "医疗机构执业登记", ["open_type": "\"conditional\"", "open_conditions": "\"限科研用途\""]),
                expect: .created,
                decoding: AddedItem.self
            ).itemID
        let added = try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(v1)/items/\(h1)/distributions",
            as: "healthClerk",
            DistributionsAPITests.distribution(),
            expect: .created,
            decoding: DistributionBody.self
        )
        #expect(added.checksumSha256 == DistributionsAPITests.checksum)
        #expect(added.refresh == false)
        try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(v1)/items/\(c1)/distributions",
            as: "healthClerk",
            DistributionsAPITests.distribution(),
            expect: .created
        )
        let coverage = try await world.call(
            client,
            .put,
            "/api/v1/catalog-versions/\(v1)/items/\(h1)/coverage",
            as: "healthClerk",
            #"{"temporal_from": "2020-01-01", "temporal_to": "2026-10-31", "spatial_division": "150102"}"#,
            expect: .ok,
            decoding: ItemDistributions.self
        )
        #expect(coverage.coverage?.spatialDivision == "150102")
        let badPeriod = try await c.send(
            client,
            .put,
            "/api/v1/catalog-versions/\(v1)/items/\(h1)/coverage",
            as: "healthClerk",
            #"{"temporal_from": "2026-01-01", "temporal_to": "2020-01-01"}"#
        )
        #expect(badPeriod.status == .unprocessableContent && badPeriod.text.contains("temporal_to"), "\(badPeriod.text)")
        return (versions, v1, h1, c1)
    }

    /// A10.3 / A28.2: a submitted draft takes no distribution; the open catalog shows nothing before approval, and after
    /// it the distributions and coverage of the unconditional item only.
    func approveAndShowInOpenCatalog(_ v1: String, h1: String, c1: String) async throws {
        try await world.call(client, .post, "/api/v1/catalog-versions/\(v1)/submit", as: "healthClerk", expect: .ok)
        try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(v1)/items/\(h1)/distributions",
            as: "healthClerk",
            DistributionsAPITests.distribution(),
            expect: .unprocessableContent
        )
        try await world.call(client, .post, "/api/v1/catalog-versions/\(v1)/approve", as: "xinchengReviewer", expect: .ok)
        let open = try await c.send(client, .get, "/api/v1/open-catalog", as: nil)
        let entries = Dictionary(uniqueKeysWithValues: try open.decode(OpenEntries.self).items.map { ($0.itemCode, $0) })
        #expect(entries["H-1"]?.distributions?.count == 1)
        #expect(entries["C-1"]?.distributions == nil, "A28.2: a conditional item is obtained through an application")
        #expect(entries["H-1"]?.coverage?.temporalFrom == "2020-01-01")
        let offer = try await world.call(
            client,
            .get,
            "/api/v1/open-catalog/\(c1)/distributions",
            as: "citizen",
            expect: .ok,
            decoding: ItemDistributions.self
        )
        #expect(offer.distributions.isEmpty)
    }

    /// A16.1: a refresh of the same media type by the institution's clerk, audited; anything else refused.
    func refreshApprovedItem(_ h1: String) async throws {
        let refresh = DistributionsAPITests.distribution([
            "title": "\"医疗机构名录(2026年11月)\"", "download_url": "\"https://data.nmg.gov.cn/files/H-1-202611.csv\"",
        ])
        try await c.expect(
            client,
            .post,
            "/api/v1/catalog-items/\(h1)/distributions",
            refresh,
            [
                ("educationClerk", .forbidden), ("xinchengReviewer", .forbidden), ("citizen", .forbidden), (nil, .unauthorized),
            ]
        )
        let other = try await c.send(
            client,
            .post,
            "/api/v1/catalog-items/\(h1)/distributions",
            as: "healthClerk",
            DistributionsAPITests.distribution(["media_type": "\"application/json\""])
        )
        #expect(other.status == .unprocessableContent && other.text.contains("A16.1"), "\(other.text)")
        let refreshed = try await world.call(
            client,
            .post,
            "/api/v1/catalog-items/\(h1)/distributions",
            as: "healthClerk",
            refresh,
            expect: .created,
            decoding: DistributionBody.self
        )
        #expect(refreshed.refresh == true)
        let audited = try await world.registry.registry.read { connection in
            try connection.query(
                "select count(*) as n from audit_log where action = 'catalog.distribution.refresh' and entity = 'catalog_distribution'"
            )
            .first!.decode("n", as: Int.self)
        }
        #expect(audited == 1)
        let afterRefresh = try await world.call(
            client,
            .get,
            "/api/v1/open-catalog/\(h1)/distributions",
            as: "citizen",
            expect: .ok,
            decoding: ItemDistributions.self
        )
        #expect(afterRefresh.distributions.count == 2)
    }

    /// A10.3: a new version of the item starts with its distributions and coverage; removing one waits for review.
    /// Returns the new version.
    func carryIntoNextVersion(versions: String, h1: String) async throws -> String {
        let v2 = try await world.call(client, .post, versions, as: "healthClerk", expect: .created, decoding: Identified.self).id
        try await world.call(
            client,
            .put,
            "/api/v1/catalog-versions/\(v2)/items/\(h1)",
            as: "healthClerk",
            World.fields(name: "医疗机构名录(修订)"),
            expect: .ok
        )
        let carried = try await world.call(
            client,
            .get,
            "/api/v1/catalog-versions/\(v2)/items/\(h1)/distributions",
            as: "healthClerk",
            expect: .ok,
            decoding: ItemDistributions.self
        )
        let carriedList = carried.distributions
        #expect(carriedList.count == 2)
        #expect(carried.coverage?.temporalTo == "2026-10-31")
        try await c.expect(
            client,
            .get,
            "/api/v1/catalog-versions/\(v2)/items/\(h1)/distributions",
            nil,
            [("educationClerk", .forbidden), ("xinchengReviewer", .ok)]
        )
        let first = try #require(carriedList.first { $0.title == "医疗机构名录(CSV)" }).id
        try await world.call(
            client,
            .delete,
            "/api/v1/catalog-versions/\(v2)/items/\(h1)/distributions/\(first)",
            as: "healthClerk",
            expect: .noContent
        )
        let stillOpen = try await world.call(
            client,
            .get,
            "/api/v1/open-catalog/\(h1)/distributions",
            as: "citizen",
            expect: .ok,
            decoding: ItemDistributions.self
        )
        #expect(stillOpen.distributions.count == 2, "the version in force keeps both until the new one is approved")
        return v2
    }

    /// A refresh made while the new version awaits review reaches it, so approval does not lose it (A16.1, A10.3).
    func refreshWhileNextVersionIsUnderReview(_ v2: String, h1: String) async throws {
        try await world.call(client, .post, "/api/v1/catalog-versions/\(v2)/submit", as: "healthClerk", expect: .ok)
        try await world.call(
            client,
            .post,
            "/api/v1/catalog-items/\(h1)/distributions",
            as: "healthClerk",
            DistributionsAPITests.distribution(["title": "\"医疗机构名录(2026年12月)\""]),
            expect: .created
        )
        try await world.call(client, .post, "/api/v1/catalog-versions/\(v2)/approve", as: "xinchengReviewer", expect: .ok)
        let approved = try await world.call(
            client,
            .get,
            "/api/v1/open-catalog/\(h1)/distributions",
            as: "citizen",
            expect: .ok,
            decoding: ItemDistributions.self
        )
        let titles = approved.distributions.map(\.title)
        #expect(titles == ["医疗机构名录(2026年11月)", "医疗机构名录(2026年12月)"], "\(titles)")
    }
}
