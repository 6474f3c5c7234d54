import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import Testing

/// Attribute evaluations and conversions over HTTP (A22.1, A29.1): for every route, who may and may not call it.
@Suite("Attribute evaluations and conversions over HTTP")
struct EvaluationsAPITests {
    typealias World = SupplyAPITests.World

    @Test("POST /attribute-evaluations: only the item's clerk; an evaluation of an unconditionally shared item is refused (A22.1)")
    func evaluate() async throws {
        let world = try await World.make()
        let conditional = try await world.publish("C1", by: SupplyAPITests.hohhotHealth, share: "conditional", open: "not_open")
        let unconditional = try await world.publish("U1", by: SupplyAPITests.hohhotHealth)
        @Sendable func body(_ item: UUID, kind: String = "share") -> String {
            """
            {"item_id": "\(item.uuidString.lowercased())", "kind": "\(kind)", "outcome": "keep", "reason": "仍需限定条件", "evaluator": "评估组"}
            """
        }
        try await world.registry.test { client async throws in
            let path = "/api/v1/attribute-evaluations"
            #expect(try await world.send(client, .post, path, as: nil, body: body(conditional)).status == .unauthorized)
            let before = try await world.snapshot()
            for actor in ["policeClerk", "regionClerk", "hohhotReviewer", "committee", "admin", "dataUser"] {
                #expect(try await world.send(client, .post, path, as: actor, body: body(conditional)).status == .forbidden, "\(actor)")
            }
            let refused = try await world.send(client, .post, path, as: "healthClerk", body: body(unconditional))
            #expect(refused.status == .unprocessableContent)
            #expect(try SupplyAPITests.error(refused.text).article == "A22.1")
            let open = try await world.send(client, .post, path, as: "healthClerk", body: body(unconditional, kind: "open"))
            #expect(try SupplyAPITests.error(open.text).article == "A29.1")
            #expect(try await world.send(client, .post, path, as: "healthClerk", body: body(UUID())).status == .notFound)
            #expect(try await world.snapshot() == before)
            let created = try await world.send(client, .post, path, as: "healthClerk", body: body(conditional))
            #expect(created.status == .created)
            #expect(created.text.contains("\"outcome\":\"keep\""))
        }
        try await world.drop()
    }

    @Test("POST /attribute-conversions: only the item's clerk; a not-shared item converted without a basis is refused")
    func convert() async throws {
        let world = try await World.make()
        let item = try await world.publish("N1", by: SupplyAPITests.hohhotHealth, share: "not_shared", open: "not_open")
        let version = try await world.registry.registry.write(AuditContext(role: "test")) { connection in
            let version = try connection.query(
                """
                insert into catalog_version (catalog_id) select catalog_id from catalog_item where id = \(item) returning id
                """
            ).first!.decode("id", as: UUID.self)
            try connection.query(
                """
                insert into catalog_item_revision (
                    item_id, version_id, name, data_form, data_items, share_type, share_conditions, share_reason,
                    share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, update_frequency,
                    collecting_department, approving_department, providing_department, source_institution_uscc,
                    category_scheme, category_code, grade)
                select item_id, \(version), name, data_form, data_items, 'conditional', share_conditions, share_reason,
                       share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, update_frequency,
                       collecting_department, approving_department, providing_department, source_institution_uscc,
                       category_scheme, category_code, grade
                  from catalog_item_published where item_id = \(item)
                """
            )
            return version
        }
        @Sendable func body(basis: String?) -> String {
            """
            {"item_id": "\(item.uuidString.lowercased())", "kind": "share", "from_type": "not_shared", "to_type": "conditional",
             \(basis.map { "\"basis\": \"\($0)\"," } ?? "") "version_id": "\(version.uuidString.lowercased())"}
            """
        }
        try await world.registry.test { client async throws in
            let path = "/api/v1/attribute-conversions"
            #expect(try await world.send(client, .post, path, as: nil, body: body(basis: "desensitisation")).status == .unauthorized)
            let before = try await world.snapshot()
            for actor in ["policeClerk", "regionClerk", "hohhotReviewer", "committee", "admin", "dataUser"] {
                #expect(try await world.send(client, .post, path, as: actor, body: body(basis: "desensitisation")).status == .forbidden, "\(actor)")
            }
            let refused = try await world.send(client, .post, path, as: "healthClerk", body: body(basis: nil))
            #expect(refused.status == .unprocessableContent)
            let error = try SupplyAPITests.error(refused.text)
            #expect(error.article == "A22.1")
            #expect(error.field == "basis")
            #expect(try await world.snapshot() == before)
            let created = try await world.send(client, .post, path, as: "healthClerk", body: body(basis: "desensitisation"))
            #expect(created.status == .created)
            #expect(created.text.contains("\"basis\":\"desensitisation\""))
        }
        try await world.drop()
    }

    @Test("GET /attribute-evaluations and /attribute-conversions: within what the caller oversees; data users none")
    func listings() async throws {
        let world = try await World.make()
        let item = try await world.publish("C1", by: SupplyAPITests.hohhotHealth, share: "conditional")
        try await world.registry.test { client async throws in
            let body = """
                {"item_id": "\(item.uuidString.lowercased())", "kind": "share", "outcome": "convert", "reason": "可无条件共享", "evaluator": "评估组"}
                """
            #expect(try await world.send(client, .post, "/api/v1/attribute-evaluations", as: "healthClerk", body: body).status == .created)
            for path in ["/api/v1/attribute-evaluations", "/api/v1/attribute-conversions"] {
                #expect(try await world.send(client, .get, path, as: nil).status == .unauthorized)
                #expect(try await world.send(client, .get, path, as: "dataUser").status == .forbidden)
                #expect(
                    try await world.send(client, .get, "\(path)?institution=\(SupplyAPITests.hohhotHealth)", as: "regionClerk").status == .forbidden
                )
                #expect(try await world.send(client, .get, "\(path)?division=150000", as: "hohhotReviewer").status == .forbidden)
                #expect(try await world.send(client, .get, "\(path)?kind=both", as: "committee").status == .badRequest)
                for actor in ["healthClerk", "policeClerk", "hohhotReviewer", "regionReviewer", "hohhotPlanner", "committee", "admin"] {
                    #expect(try await world.send(client, .get, path, as: actor).status == .ok, "\(actor) \(path)")
                }
            }
            let own = try await world.send(client, .get, "/api/v1/attribute-evaluations?kind=share", as: "healthClerk")
            #expect(own.text.contains("\"total\":1"))
            let other = try await world.send(client, .get, "/api/v1/attribute-evaluations", as: "policeClerk")
            #expect(other.text.contains("\"total\":0"))
        }
        try await world.drop()
    }
}
