import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

/// The DCAT-AP 3 export over HTTP (A28.1, A28.3): the catalog and each dataset in Turtle, JSON-LD and RDF/XML with
/// their media types, distributions of unconditional items, and nothing of an item suspended by an objection. The
/// export's conformance to the DCAT-AP shapes and the sameness of the three graphs are checked with rdflib and pySHACL
/// by scripts/harvest-check.sh.
@Suite("DCAT-AP 3 export over HTTP: formats, distributions, suspended items absent (A28.1, A28.3)")
struct DCATAPITests {
    @Test("A28.1 the catalog and a dataset in three serialisations; A28.3 a suspended item appears in none")
    func export() async throws {
        let world = try await OpeningAPITests.world()
        let c = world.callers
        try await world.registry.test { client in
            let catalog = try await world.openCatalog(client, as: "healthClerk")
            let versions = "/api/v1/catalogs/\(catalog.id)/versions"
            let version = try await world.call(client, .post, versions, as: "healthClerk", expect: .created, decoding: Identified.self).id
            var ids: [String: String] = [:]
            let items = [
                ("H-1", CatalogAPITests.World.item("H-1", name: #"医疗机构名录 \"A&B\" <1>"#)),
                ("H-2", CatalogAPITests.World.item("H-2", name: "护士执业注册")),
                ("C-1", CatalogAPITests.World.item("C-1", name: "医疗机构执业登记", ["open_type": "\"conditional\"", "open_conditions": "\"限科研用途\""])),
            ]
            for (code, body) in items {
                let uri = "/api/v1/catalog-versions/\(version)/items"
                ids[code] = try await world.call(client, .post, uri, as: "healthClerk", body, expect: .created, decoding: AddedItem.self).itemID
                    .lowercased()
            }
            try await world.call(
                client,
                .post,
                "/api/v1/catalog-versions/\(version)/items/\(ids["H-1"]!)/distributions",
                as: "healthClerk",
                DistributionsAPITests.distribution(),
                expect: .created
            )
            try await world.call(client, .post, "/api/v1/catalog-versions/\(version)/submit", as: "healthClerk", expect: .ok)
            try await world.call(client, .post, "/api/v1/catalog-versions/\(version)/approve", as: "xinchengReviewer", expect: .ok)
            // A28.3: an objection suspends H-2 at once.
            try await world.call(
                client,
                .post,
                "/api/v1/open-objections",
                as: "citizen",
                #"{"item_id": "\#(ids["H-2"]!)", "harm": "privacy", "description": "含本人信息", "evidence": "截图"}"#,
                expect: .created
            )

            for format in RDFFormat.allCases {
                let response = try await c.send(client, .get, "/api/v1/dcat/catalog.\(format.rawValue)", as: nil)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == format.mediaType)
                #expect(response.text.contains(ids["H-1"]!) && response.text.contains(ids["C-1"]!), "\(format)")
                #expect(!response.text.contains(ids["H-2"]!), "a suspended item is never exported (\(format))")
                #expect(response.text.contains("https://data.nmg.gov.cn/files/H-1.csv"))
                #expect(response.text.contains("http://publications.europa.eu/resource/authority/access-right/RESTRICTED"))
                #expect(response.text.contains("http://publications.europa.eu/resource/authority/data-theme/HEAL"))
                #expect(response.text.contains("PagedCollection"))
                #expect(!response.text.contains(OpeningAPITests.citizenID) && !response.text.contains("张三"), "nothing personal")
                let dataset = try await c.send(client, .get, "/api/v1/dcat/datasets/\(ids["C-1"]!).\(format.rawValue)", as: nil)
                #expect(dataset.status == .ok && dataset.headers[.contentType] == format.mediaType)
                let suspended = try await c.send(client, .get, "/api/v1/dcat/datasets/\(ids["H-2"]!).\(format.rawValue)", as: nil)
                #expect(suspended.status == .notFound, "\(suspended.text)")
            }
            let turtle = try await c.send(client, .get, "/api/v1/dcat/datasets/\(ids["H-1"]!).ttl", as: nil).text
            #expect(turtle.contains(#"dct:title "医疗机构名录 \"A&B\" <1>"@zh"#), "\(turtle)")
            #expect(turtle.contains(#"spdx:checksumValue "\#(DistributionsAPITests.checksum)"^^<http://www.w3.org/2001/XMLSchema#hexBinary>"#))
            let xml = try await c.send(client, .get, "/api/v1/dcat/datasets/\(ids["H-1"]!).rdf", as: nil).text
            #expect(xml.contains("医疗机构名录 &quot;A&amp;B&quot; &lt;1&gt;"), "\(xml)")
            let jsonLD = try await c.send(client, .get, "/api/v1/dcat/catalog.jsonld", as: nil)
            #expect(try jsonLD.decode([[String: JSONText]].self).isEmpty == false, "a JSON-LD array of nodes")
            #expect(try await c.send(client, .get, "/api/v1/dcat/catalog.ttl?page=2", as: nil).status == .notFound)
            #expect(try await c.send(client, .get, "/api/v1/dcat/catalog.ttl?page=0", as: nil).status == .badRequest)
            #expect(try await c.send(client, .get, "/api/v1/dcat/datasets/\(ids["H-1"]!).csv", as: nil).status == .badRequest)
        }
    }
}
