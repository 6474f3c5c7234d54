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
        try await world.registry.test { client in
            let round = ShareDemandRound(world: world, client: client)
            try await round.refuseDemandsThatCannotBeFiled()
            let id = try await round.fileDemand()
            try await round.reviewAndForward(id)
            try await round.confirmBySource(id)
            try await round.deliverDemand(id)
        }
        try await world.registry.drop()
    }
}

/// A share demand with its history (`ShareDemandDetail`), as far as the demand tests check it.
private struct DemandBody: Decodable {
    struct Demand: Decodable {
        var id: String
        var replyDue: String?
        var reviewedOn: String?
        var deliveryDue: String?
    }

    struct Event: Decodable {
        var state: String
    }

    var demand: Demand
    var history: [Event]
}

/// `GET /share-demands` and its review queue: the demands' ids.
private struct DemandList: Decodable {
    var demands: [Identified]
}

/// `GET /share-requests/due`: the kind of each due obligation (`demand` for a share demand).
private struct DueDemands: Decodable {
    struct Entry: Decodable {
        var kind: String
    }

    var due: [Entry]
}

/// `GET /share-lists/{list}` as JSON: the list's rows of cells.
private struct ShareListBody: Decodable {
    var rows: [[String?]]
}

/// The steps of `ShareDemandsAPITests.routes`, in order: each takes what an earlier step returned.
private struct ShareDemandRound {
    typealias World = CatalogAPITests.World
    let world: World
    let client: any TestClientProtocol
    let base = "/api/v1/share-demands"
    var c: Callers { world.callers }
}

extension ShareDemandRound {
    /// A24.1: filing is refused without a token, to a data user and to an authority; a blank `data_wanted` is named.
    func refuseDemandsThatCannotBeFiled() async throws {
        try await c.expect(
            client,
            .post,
            base,
            ShareDemandsAPITests.demand,
            [(nil, .unauthorized), ("dataUser", .forbidden), ("xinchengReviewer", .forbidden)]
        )
        let blank = try await world.callers.send(
            client,
            .post,
            base,
            as: "educationClerk",
            ShareDemandsAPITests.demand.replacingOccurrences(of: "辖区中小学生年度体检结果", with: " ")
        )
        #expect(blank.status == .unprocessableContent, "\(blank.text)")
        #expect(try blank.decode(ErrorBody.self).error.field == "data_wanted")
        #expect(try blank.decode(ErrorBody.self).error.article == "A24.1")
    }

    /// The requester files; the demand waits in its authority's review queue (and the one above). Returns its id.
    func fileDemand() async throws -> String {
        let filed = try await world.call(
            client,
            .post,
            base,
            as: "educationClerk",
            ShareDemandsAPITests.demand,
            expect: .created,
            decoding: DemandBody.self
        )
        let id = filed.demand.id
        let queue = try await world.call(client, .get, "\(base)/review-queue", as: "xinchengReviewer", expect: .ok, decoding: DemandList.self)
        #expect(queue.demands.map(\.id) == [id])
        try await c.expect(client, .get, "\(base)/review-queue", nil, [("educationClerk", .forbidden), ("hohhotReviewer", .ok)])
        return id
    }

    /// A24.1 / A25.1: only the requester's authority reviews; a refusal needs a note; forwarded to the source named,
    /// whose reply is due 5 working days after the review.
    func reviewAndForward(_ id: String) async throws {
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
        let forwarded = try await world.call(client, .post, review, as: "xinchengReviewer", forward, expect: .ok, decoding: DemandBody.self)
        let replyDue = forwarded.demand.replyDue
        let reviewedOn = try #require(forwarded.demand.reviewedOn.flatMap { CivilDate(iso: $0) })
        let expected = try await world.registry.registry.read { try WorkingDayCalendarStore().dueDate(from: reviewedOn, workingDays: 5, on: $0) }
        #expect(replyDue == expected.description)
    }

    /// Who reads the demand; it is due at the source, which alone replies: a refusal needs its legal basis, a
    /// confirmation sets the delivery date; the demand joins the source's responsibility list.
    func confirmBySource(_ id: String) async throws {
        try await c.expect(
            client,
            .get,
            "\(base)/\(id)",
            nil,
            [
                ("educationClerk", .ok), ("healthClerk", .ok), ("hohhotReviewer", .ok), ("huiminReviewer", .forbidden), (nil, .unauthorized),
            ]
        )
        let due = try await world.call(
            client,
            .get,
            "/api/v1/share-requests/due?within=10",
            as: "healthClerk",
            expect: .ok,
            decoding: DueDemands.self
        )
        #expect(due.due.map(\.kind) == ["demand"])
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
            expect: .ok,
            decoding: DemandBody.self
        )
        #expect(confirmed.demand.deliveryDue == "2099-06-30")

        let responsibility = try await world.call(
            client,
            .get,
            "/api/v1/share-lists/responsibility",
            as: "healthClerk",
            expect: .ok,
            decoding: ShareListBody.self
        )
        #expect(responsibility.rows.map { $0.first ?? nil } == ["目录外需求"])
    }

    /// Only the source delivers and only the requester withdraws; a delivered demand is not withdrawn (A24.1).
    func deliverDemand(_ id: String) async throws {
        try await c.expect(client, .post, "\(base)/\(id)/withdraw", nil, [("healthClerk", .forbidden)])
        try await c.expect(client, .post, "\(base)/\(id)/deliver", nil, [("educationClerk", .forbidden)])
        let delivered = try await world.call(
            client,
            .post,
            "\(base)/\(id)/deliver",
            as: "healthClerk",
            #"{"note": "已交付"}"#,
            expect: .ok,
            decoding: DemandBody.self
        )
        #expect(delivered.history.map(\.state) == ["submitted", "forwarded", "confirmed", "delivered"])
        let again = try await world.callers.send(client, .post, "\(base)/\(id)/withdraw", as: "educationClerk")
        #expect(again.status == .unprocessableContent)
        #expect(try again.decode(ErrorBody.self).error.article == "A24.1")
        let listed = try await world.call(client, .get, "\(base)?state=delivered", as: "educationClerk", expect: .ok, decoding: DemandList.self)
        #expect(listed.demands.count == 1)
    }
}
