import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

/// Demands for data outside the catalog over HTTP (A24.1, A25.1): who may call each route, the due dates from the
/// calendar, refusals with the field and the article.
@Suite("Demands outside the catalog over HTTP: review, reply, delivery, refusals (A24.1)")
struct ShareDemandsAPITests {
    typealias World = CatalogAPITests.World

    static let demand = """
        {"data_wanted": "辖区中小学生年度体检结果", "data_items": ["学生姓名", "视力"], "scenario": "学生近视防控",
         "commitment": true, "mode": "file", "end_date": "2099-12-31", "proposed_source": "\(World.health)"}
        """

    @Test("filed by the requester, reviewed by its authority, answered and delivered by the source named")
    func routes() async throws {
        let world = try await World.make()
        let c = world.callers
        try await world.registry.test { client in
            let base = "/api/v1/share-demands"
            try await c.expect(client, .post, base, Self.demand, [(nil, .unauthorized), ("dataUser", .forbidden), ("xinchengReviewer", .forbidden)])
            let blank = try await world.callers.send(
                client,
                .post,
                base,
                as: "educationClerk",
                Self.demand.replacingOccurrences(of: "辖区中小学生年度体检结果", with: " ")
            )
            #expect(blank.status == .unprocessableContent, "\(blank.text)")
            #expect(try blank.decode(ErrorBody.self).error.field == "data_wanted")
            #expect(try blank.decode(ErrorBody.self).error.article == "A24.1")

            let filed = try await world.call(client, .post, base, as: "educationClerk", Self.demand, expect: .created)
            let id = (filed["demand"] as! [String: Any])["id"] as! String
            let queue = try await world.call(client, .get, "\(base)/review-queue", as: "xinchengReviewer", expect: .ok)
            #expect((queue["demands"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            try await c.expect(client, .get, "\(base)/review-queue", nil, [("educationClerk", .forbidden), ("hohhotReviewer", .ok)])

            let review = "\(base)/\(id)/review"
            let forward = #"{"forward": true, "source": "\#(World.health)"}"#
            try await c.expect(
                client,
                .post,
                review,
                forward,
                [("hohhotReviewer", .forbidden), ("educationClerk", .forbidden), ("healthClerk", .forbidden)]
            )
            let noReason = try await world.callers.send(client, .post, review, as: "xinchengReviewer", #"{"forward": false}"#)
            #expect(try noReason.decode(ErrorBody.self).error.field == "review_note")
            let forwarded = try await world.call(client, .post, review, as: "xinchengReviewer", forward, expect: .ok)
            let replyDue = (forwarded["demand"] as! [String: Any])["reply_due"] as! String
            let reviewedOn = CivilDate(iso: (forwarded["demand"] as! [String: Any])["reviewed_on"] as! String)!
            let expected = try await world.registry.registry.read { try WorkingDayCalendarStore().dueDate(from: reviewedOn, workingDays: 5, on: $0) }
            #expect(replyDue == expected.description)

            try await c.expect(
                client,
                .get,
                "\(base)/\(id)",
                nil,
                [
                    ("educationClerk", .ok), ("healthClerk", .ok), ("hohhotReviewer", .ok), ("huiminReviewer", .forbidden), (nil, .unauthorized),
                ]
            )
            let due = try await world.call(client, .get, "/api/v1/share-requests/due?within=10", as: "healthClerk", expect: .ok)
            #expect((due["due"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["demand"])
            let reply = "\(base)/\(id)/reply"
            try await c.expect(client, .post, reply, #"{"confirm": true}"#, [("educationClerk", .forbidden), ("xinchengReviewer", .forbidden)])
            let noBasis = try await world.callers.send(client, .post, reply, as: "healthClerk", #"{"confirm": false, "refusal_reason": "涉及未成年人信息"}"#)
            #expect(noBasis.status == .unprocessableContent)
            #expect(try noBasis.decode(ErrorBody.self).error.field == "refusal_legal_basis")
            let confirmed = try await world.call(
                client,
                .post,
                reply,
                as: "healthClerk",
                #"{"confirm": true, "delivery_date": "2099-06-30"}"#,
                expect: .ok
            )
            #expect((confirmed["demand"] as! [String: Any])["delivery_due"] as? String == "2099-06-30")

            let responsibility = try await world.call(client, .get, "/api/v1/share-lists/responsibility", as: "healthClerk", expect: .ok)
            #expect((responsibility["rows"] as? [[Any]])?.map { $0.first as? String } == ["目录外需求"])

            try await c.expect(client, .post, "\(base)/\(id)/withdraw", nil, [("healthClerk", .forbidden)])
            try await c.expect(client, .post, "\(base)/\(id)/deliver", nil, [("educationClerk", .forbidden)])
            let delivered = try await world.call(client, .post, "\(base)/\(id)/deliver", as: "healthClerk", #"{"note": "已交付"}"#, expect: .ok)
            #expect(
                (delivered["history"] as? [[String: Any]])?.map { $0["state"] as? String } == ["submitted", "forwarded", "confirmed", "delivered"]
            )
            let again = try await world.callers.send(client, .post, "\(base)/\(id)/withdraw", as: "educationClerk")
            #expect(again.status == .unprocessableContent)
            #expect(try again.decode(ErrorBody.self).error.article == "A24.1")
            let listed = try await world.call(client, .get, "\(base)?state=delivered", as: "educationClerk", expect: .ok)
            #expect((listed["demands"] as? [Any])?.count == 1)
        }
        try await world.registry.drop()
    }
}
