import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

/// Violations and security records over HTTP (A49.1, A50.1, A36.1): who may call each route, refusals with field and
/// article.
@Suite("Violations and security records over HTTP (A49.1, A50.1, A36.1)")
struct SupervisionAPITests {
    typealias World = CatalogAPITests.World

    @Test("a reviewer records and closes a violation; the institution follows; security checks by its clerk")
    func routes() async throws {
        let world = try await World.make()
        let c = world.callers
        try await world.registry.test { client in
            let violation = """
                {"subject": "institution", "institution": "\(World.health)", "clause": "A49(2)", "description": "逾期未答复共享申请",
                 "found_on": "2026-10-09", "rectification_due": "2030-10-30"}
                """
            try await c.expect(client, .post, "/api/v1/violations", violation, [(nil, .unauthorized), ("healthClerk", .forbidden), ("huiminReviewer", .forbidden)])
            let wrong = try await c.send(client, .post, "/api/v1/violations", as: "xinchengReviewer", violation.replacingOccurrences(of: "A49(2)", with: "A50(2)"))
            #expect(wrong.status == .unprocessableContent)
            #expect(try wrong.decode(ErrorBody.self).error.field == "clause")
            let recorded = try await world.call(client, .post, "/api/v1/violations", as: "xinchengReviewer", violation, expect: .created)
            let id = recorded["id"] as! String
            try await c.expect(client, .get, "/api/v1/violations/\(id)", nil, [("healthClerk", .ok), ("hohhotReviewer", .ok), ("educationClerk", .forbidden), ("committee", .ok)])
            let early = try await c.send(client, .post, "/api/v1/violations/\(id)/close", as: "xinchengReviewer", #"{"state": "referred", "referred_to": "纪委", "outcome": "未整改"}"#)
            #expect(try early.decode(ErrorBody.self).error.article == "A49.1")
            try await c.expect(client, .post, "/api/v1/violations/\(id)/close", #"{"state": "rectified", "outcome": "已整改"}"#, [("hohhotReviewer", .forbidden), ("xinchengReviewer", .ok)])
            let listed = try await world.call(client, .get, "/api/v1/violations?state=rectified", as: "healthClerk", expect: .ok)
            #expect((listed["violations"] as? [Any])?.count == 1)

            let check = #"{"kind": "periodic_check", "checked_on": "2026-06-30", "findings": "未发现问题", "issues_found": 0}"#
            try await c.expect(client, .post, "/api/v1/security-checks", check, [("dataUser", .forbidden), ("healthClerk", .created)])
            let checks = try await world.call(client, .get, "/api/v1/security-checks?institution=\(World.health)", as: "xinchengReviewer", expect: .ok)
            #expect((checks["checks"] as? [Any])?.count == 1)
        }
        try await world.registry.drop()
    }
}
