import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

/// Disputes over HTTP (A47.1): who may call each route, refusals with field and article, the history of every step.
@Suite("Disputes over HTTP: filed, coordinated, referred, recommended, decided (A47.1)")
struct DisputesAPITests {
    typealias World = CatalogAPITests.World

    @Test("A47.1: a party files; the authority coordinates and refers; the committee recommends; the authority decides")
    func routes() async throws {
        let world = try await World.make()
        let c = world.callers
        try await world.registry.test { client in
            let base = "/api/v1/disputes"
            let body = """
                {"subject": "sharing", "description": "对共享答复范围有争议", "party_institutions": ["\(World.education)", "\(World.health)"]}
                """
            try await c.expect(client, .post, base, body, [(nil, .unauthorized), ("xinchengReviewer", .forbidden), ("committee", .forbidden)])
            let single = #"{"subject": "sharing", "description": "争议", "party_institutions": ["\#(World.education)"]}"#
            let alone = try await c.send(client, .post, base, as: "educationClerk", single)
            #expect(alone.status == .unprocessableContent)
            #expect(try alone.decode(ErrorBody.self).error.field == "parties")
            #expect(try alone.decode(ErrorBody.self).error.article == "A47.1")
            let notParty = try await c.send(client, .post, base, as: "dataUser", body)
            #expect(try notParty.decode(ErrorBody.self).error.field == "filed_by")

            let filed = try await world.call(client, .post, base, as: "educationClerk", body, expect: .created, decoding: DisputeBody.self)
            let dispute = filed.dispute
            let id = dispute.id
            #expect(dispute.state == "filed" && dispute.authorityDivision == "150102")
            #expect(dispute.parties.map(\.institution) == [World.education, World.health])

            try await c.expect(
                client,
                .get,
                "\(base)/\(id)",
                nil,
                [
                    ("educationClerk", .ok), ("healthClerk", .ok), ("hohhotReviewer", .ok), ("committee", .ok), ("huiminReviewer", .forbidden),
                    ("dataUser", .forbidden), (nil, .unauthorized),
                ]
            )
            try await c.expect(
                client,
                .post,
                "\(base)/\(id)/coordinate",
                nil,
                [("hohhotReviewer", .forbidden), ("educationClerk", .forbidden), ("committee", .forbidden)]
            )
            try await world.call(client, .post, "\(base)/\(id)/coordinate", as: "xinchengReviewer", #"{"note": "召集双方"}"#, expect: .ok)
            let noQuestion = try await c.send(client, .post, "\(base)/\(id)/refer", as: "xinchengReviewer")
            #expect(try noQuestion.decode(ErrorBody.self).error.field == "referral_question")
            try await c.expect(client, .post, "\(base)/\(id)/refer", #"{"question": "是否最小必要"}"#, [("healthClerk", .forbidden)])
            try await world.call(client, .post, "\(base)/\(id)/refer", as: "xinchengReviewer", #"{"question": "是否最小必要"}"#, expect: .ok)
            let early = try await c.send(client, .post, "\(base)/\(id)/decide", as: "xinchengReviewer", #"{"decision": "维持"}"#)
            #expect(try early.decode(ErrorBody.self).error.field == "recommendation")
            try await c.expect(
                client,
                .post,
                "\(base)/\(id)/recommend",
                #"{"recommendation": "建议"}"#,
                [("xinchengReviewer", .forbidden), ("educationClerk", .forbidden)]
            )
            let referred = try await world.call(client, .get, "\(base)?state=referred", as: "committee", expect: .ok, decoding: DisputeList.self)
            #expect(referred.disputes.map(\.id) == [id])
            try await world.call(client, .post, "\(base)/\(id)/recommend", as: "committee", #"{"recommendation": "建议仅共享机构名称"}"#, expect: .ok)
            try await c.expect(
                client,
                .post,
                "\(base)/\(id)/decide",
                #"{"decision": "采纳建议"}"#,
                [("educationClerk", .forbidden), ("hohhotReviewer", .forbidden)]
            )
            let decided = try await world.call(
                client,
                .post,
                "\(base)/\(id)/decide",
                as: "xinchengReviewer",
                #"{"decision": "采纳建议"}"#,
                expect: .ok,
                decoding: DisputeBody.self
            )
            let steps = decided.history.map(\.step)
            #expect(steps == ["filed", "coordinating", "referred", "recommended", "decided"])
            let again = try await c.send(client, .post, "\(base)/\(id)/coordinate", as: "xinchengReviewer")
            #expect(again.status == .unprocessableContent)
            #expect(try again.decode(ErrorBody.self).error.article == "A47.1")

            let listed = try await world.call(client, .get, "\(base)?state=decided", as: "healthClerk", expect: .ok, decoding: DisputeList.self)
            #expect(listed.disputes.count == 1)
            let none = try await world.call(client, .get, base, as: "huiminReviewer", expect: .ok, decoding: DisputeList.self)
            #expect(none.disputes.isEmpty)
            try await c.expect(client, .get, base, nil, [("admin", .forbidden)])
        }
        try await world.registry.drop()
    }
}

/// A dispute with its parties and history (`DisputeDetail`), as far as the dispute tests check it.
private struct DisputeBody: Decodable {
    struct Dispute: Decodable {
        struct Party: Decodable {
            var institution: String?
        }

        var id: String
        var state: String
        var authorityDivision: String
        var parties: [Party]
    }

    struct Step: Decodable {
        var step: String
    }

    var dispute: Dispute
    var history: [Step]
}

/// `GET /disputes`: the disputes' ids.
private struct DisputeList: Decodable {
    var disputes: [Identified]
}
