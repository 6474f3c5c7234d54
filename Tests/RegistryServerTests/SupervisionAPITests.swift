import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import Testing

/// Violations and security records over HTTP (A49.1, A50.1, A36.1): who may call each route, refusals with field and
/// article.
@Suite("Violations and security records over HTTP (A49.1, A50.1, A36.1, A37.1)")
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
            try await c.expect(
                client,
                .post,
                "/api/v1/violations",
                violation,
                [(nil, .unauthorized), ("healthClerk", .forbidden), ("huiminReviewer", .forbidden)]
            )
            let wrong = try await c.send(
                client,
                .post,
                "/api/v1/violations",
                as: "xinchengReviewer",
                violation.replacingOccurrences(of: "A49(2)", with: "A50(2)")
            )
            #expect(wrong.status == .unprocessableContent)
            #expect(try wrong.decode(ErrorBody.self).error.field == "clause")
            let recorded = try await world.call(
                client,
                .post,
                "/api/v1/violations",
                as: "xinchengReviewer",
                violation,
                expect: .created,
                decoding: Identified.self
            )
            let id = recorded.id
            try await c.expect(
                client,
                .get,
                "/api/v1/violations/\(id)",
                nil,
                [("healthClerk", .ok), ("hohhotReviewer", .ok), ("educationClerk", .forbidden), ("committee", .ok)]
            )
            // The refusal names what was refused, never another route's subject.
            let refused = try await c.send(client, .get, "/api/v1/violations/\(id)", as: "educationClerk")
            let message = try refused.decode(ErrorBody.self).error.message
            #expect(message.contains("违规记录") && !message.contains("共享申请"), "\(message)")
            let early = try await c.send(
                client,
                .post,
                "/api/v1/violations/\(id)/close",
                as: "xinchengReviewer",
                #"{"state": "referred", "referred_to": "纪委", "outcome": "未整改"}"#
            )
            #expect(try early.decode(ErrorBody.self).error.article == "A49.1")
            try await c.expect(
                client,
                .post,
                "/api/v1/violations/\(id)/close",
                #"{"state": "rectified", "outcome": "已整改"}"#,
                [("huiminReviewer", .forbidden), ("xinchengReviewer", .ok)]
            )
            let listed = try await world.call(
                client,
                .get,
                "/api/v1/violations?state=rectified",
                as: "healthClerk",
                expect: .ok,
                decoding: ViolationList.self
            )
            #expect(listed.violations.count == 1)

            let check = #"{"kind": "periodic_check", "checked_on": "2026-06-30", "findings": "未发现问题", "issues_found": 0}"#
            try await c.expect(client, .post, "/api/v1/security-checks", check, [("dataUser", .forbidden), ("healthClerk", .created)])
            let checks = try await world.call(
                client,
                .get,
                "/api/v1/security-checks?institution=\(World.health)",
                as: "xinchengReviewer",
                expect: .ok,
                decoding: CheckList.self
            )
            #expect(checks.checks.count == 1)
        }
        try await world.registry.drop()
    }

    @Test("A37.1: an institution's clerk records an incident and the authority over it its response; steps out of order are refused")
    func incidents() async throws {
        let world = try await World.make()
        let c = world.callers
        try await world.registry.test { client in
            let body = """
                {"institution": "\(World.health)", "title": "接口遭撞库攻击", "level": "major", "description": "异常登录尝试",
                 "detected_at": "2026-01-05T02:00:00Z"}
                """
            try await c.expect(client, .post, "/api/v1/security-incidents", body, [("dataUser", .forbidden), ("educationClerk", .forbidden)])
            let incident = try await world.call(
                client,
                .post,
                "/api/v1/security-incidents",
                as: "healthClerk",
                body,
                expect: .created,
                decoding: Identified.self
            )
            let path = "/api/v1/security-incidents/\(incident.id)/response"
            let early = try await c.send(client, .post, path, as: "healthClerk", #"{"response": "封禁", "contained_at": "2026-01-05T01:00:00Z"}"#)
            let error = try early.decode(ErrorBody.self).error
            #expect(early.status == .unprocessableContent && error.field == "contained_at" && error.article == "A37.1")
            try await c.expect(
                client,
                .post,
                path,
                #"{"response": "封禁来源地址", "contained_at": "2026-01-05T03:00:00Z"}"#,
                [("educationClerk", .forbidden), ("xinchengReviewer", .ok)]
            )
            let incidents = try await world.call(
                client,
                .get,
                "/api/v1/security-incidents?institution=\(World.health)",
                as: "committee",
                expect: .ok,
                decoding: IncidentList.self
            )
            #expect(incidents.incidents.first?.response == "封禁来源地址")
        }
        try await world.registry.drop()
    }

    @Test("A44.2: the authority over the data records dishonest conduct with a cited basis and ends it early; subject and authorities read it")
    func dishonestConduct() async throws {
        let world = try await World.make()
        let c = world.callers
        let dataUser = try await world.registry.registry.read { connection in
            try connection.query("select id from account where display_name = '某协会'").first!.decode("id", as: UUID.self)
        }
        try await world.registry.test { client in
            let (open, _) = try await ShareRequestsAPITests.publish(world, client)
            let body = """
                {"subject": "data_user", "data_user_account": "\(dataUser)", "item_id": "\(open)", "sphere": "opening",
                 "conduct": "伪造申请材料", "legal_basis": "《内蒙古自治区公共数据管理暂行办法》第四十四条",
                 "effective_from": "2026-01-01", "effective_until": "2099-12-31", "restricts_open_applications": true,
                 "restricts_share_requests": false}
                """
            try await c.expect(
                client,
                .post,
                "/api/v1/dishonest-conduct",
                body,
                [
                    (nil, .unauthorized), ("healthClerk", .forbidden), ("dataUser", .forbidden), ("huiminReviewer", .forbidden),
                ]
            )
            let uncited = try await c.send(
                client,
                .post,
                "/api/v1/dishonest-conduct",
                as: "xinchengReviewer",
                body.replacingOccurrences(of: "《内蒙古自治区公共数据管理暂行办法》第四十四条", with: "x")
            )
            let error = try uncited.decode(ErrorBody.self).error
            #expect(uncited.status == .unprocessableContent && error.field == "legal_basis" && error.article == "A44.2")
            let recorded = try await world.call(
                client,
                .post,
                "/api/v1/dishonest-conduct",
                as: "xinchengReviewer",
                body,
                expect: .created,
                decoding: DishonestConduct.self
            )
            #expect(recorded.inForce == true && recorded.division == "150102")
            let own = try await world.call(
                client,
                .get,
                "/api/v1/dishonest-conduct?in_force=true",
                as: "dataUser",
                expect: .ok,
                decoding: ConductList.self
            )
            #expect(own.records.count == 1)
            let elsewhere = try await world.call(
                client,
                .get,
                "/api/v1/dishonest-conduct",
                as: "huiminReviewer",
                expect: .ok,
                decoding: ConductList.self
            )
            #expect(elsewhere.records.isEmpty)
            try await c.expect(client, .get, "/api/v1/dishonest-conduct?in_force=maybe", nil, [("committee", .badRequest)])
            let path = "/api/v1/dishonest-conduct/\(recorded.id)/end"
            try await c.expect(
                client,
                .post,
                path,
                #"{"reason": "信用修复"}"#,
                [("huiminReviewer", .forbidden), ("dataUser", .forbidden), ("hohhotReviewer", .ok)]
            )
            try await c.expect(client, .post, path, #"{"reason": "再次解除"}"#, [("xinchengReviewer", .unprocessableContent)])
        }
        try await world.registry.drop()
    }

    @Test("only the authority of the data's division or above records or closes a data user's violation; its owner reads it")
    func dataUserViolationWithinAuthority() async throws {
        let world = try await World.make()
        let c = world.callers
        let dataUser = try await world.registry.registry.read { connection in
            try connection.query("select id from account where display_name = '某协会'").first!.decode("id", as: UUID.self)
        }
        try await world.registry.test { client in
            let (open, _) = try await ShareRequestsAPITests.publish(world, client)
            let violation = """
                {"subject": "data_user", "data_user_account": "\(dataUser)", "item_id": "\(open)", "clause": "A50(1)",
                 "description": "超出约定范围使用数据", "found_on": "2026-10-09", "rectification_due": "2026-10-30"}
                """
            // 回民区 is not over 新城区, whose data it is: refused, and nothing suspended.
            try await c.expect(client, .post, "/api/v1/violations", violation, [("huiminReviewer", .forbidden)])
            var sql: RegistryError?
            do {
                try await world.registry.registry.write(AuditContext(role: "psql")) { connection in
                    try connection.query(
                        """
                        insert into violation (subject, data_user_account, item_id, clause, description, found_on, rectification_due,
                                               authority_uscc)
                        values ('data_user', \(dataUser), \(UUID(uuidString: open)!), 'A50(1)', '超出约定范围使用数据', '2026-10-09',
                                '2026-10-30', \(World.authorities["150103"]!))
                        """
                    )
                }
            } catch let error as RegistryError {
                sql = error
            }
            #expect(sql?.field == "authority" && sql?.article == "A49.1", "\(String(describing: sql))")

            let recorded = try await world.call(
                client,
                .post,
                "/api/v1/violations",
                as: "xinchengReviewer",
                violation,
                expect: .created,
                decoding: Identified.self
            )
            let id = recorded.id
            try await c.expect(
                client,
                .get,
                "/api/v1/violations/\(id)",
                nil,
                [
                    ("healthClerk", .ok), ("xinchengReviewer", .ok), ("hohhotReviewer", .ok), ("dataUser", .ok),
                    ("huiminReviewer", .forbidden), ("educationClerk", .forbidden),
                ]
            )
            let owned = try await world.call(
                client,
                .get,
                "/api/v1/violations?institution=\(World.health)",
                as: "healthClerk",
                expect: .ok,
                decoding: ViolationList.self
            )
            #expect(owned.violations.count == 1)
            try await c.expect(
                client,
                .post,
                "/api/v1/violations/\(id)/close",
                #"{"state": "rectified", "outcome": "已整改"}"#,
                [("huiminReviewer", .forbidden), ("hohhotReviewer", .ok)]
            )
        }
        try await world.registry.drop()
    }

    @Test("a dispute goes to the authority of the parties' institutions, or one above all of them (A47.1)")
    func disputeRouted() async throws {
        let world = try await World.make()
        let c = world.callers
        try await world.registry.test { client in
            let parties = #""party_institutions": ["\#(World.education)", "\#(World.health)"]"#
            let elsewhere = try await c.send(
                client,
                .post,
                "/api/v1/disputes",
                as: "educationClerk",
                #"{"subject": "sharing", "description": "争议", \#(parties), "division": "150103"}"#
            )
            #expect(elsewhere.status == .unprocessableContent)
            #expect(try elsewhere.decode(ErrorBody.self).error.field == "division")
            let above = try await world.call(
                client,
                .post,
                "/api/v1/disputes",
                as: "educationClerk",
                #"{"subject": "sharing", "description": "争议", \#(parties), "division": "150100"}"#,
                expect: .created,
                decoding: DisputeFiled.self
            )
            #expect(above.dispute.authorityDivision == "150100")
        }
        try await world.registry.drop()
    }
}

/// `GET /violations`, of which the tests count the violations.
private struct ViolationList: Decodable {
    var violations: [Counted]
}

/// The list of supervision checks, of which the tests count the checks.
private struct CheckList: Decodable {
    var checks: [Counted]
}

/// `GET /security-incidents`: the response recorded for each incident.
private struct IncidentList: Decodable {
    struct Incident: Decodable {
        var response: String?
    }

    var incidents: [Incident]
}

/// A dishonest conduct record (`DishonestConductRecord`): whether it is in force, and in which division.
private struct DishonestConduct: Decodable {
    var id: String
    var inForce: Bool
    var division: String
}

/// `GET /dishonest-conduct`, of which the tests count the records.
private struct ConductList: Decodable {
    var records: [Counted]
}

/// A dispute as filed (`DisputeDetail`): the division of the authority that handles it.
private struct DisputeFiled: Decodable {
    struct Dispute: Decodable {
        var authorityDivision: String
    }

    var dispute: Dispute
}
