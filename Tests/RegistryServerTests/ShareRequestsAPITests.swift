import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

/// Share requests and flow-backs over HTTP (A20.2, A23.1–A23.4, A19.1): for every route, who may call it and who may not; deadlines from the
/// calendar; the state machine's refusals reach the client with their article and change nothing.
@Suite("Share requests and flow-backs over HTTP: who may call each route, deadlines, refusals (A19.1, A23.1–A23.4)")
struct ShareRequestsAPITests {
    typealias World = CatalogAPITests.World

    /// Publishes 卫健委's catalog with an unconditional item (H-1) and a conditional one (R-1); returns their ids.
    static func publish(_ world: World, _ client: any TestClientProtocol) async throws -> (open: String, restricted: String) {
        let draft = try await world.openDraftOfNewCatalog(client, as: "healthClerk")
        let version = draft.id
        let open = try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(version)/items",
            as: "healthClerk",
            World.item("H-1"),
            expect: .created,
            decoding: AddedItem.self
        )
        let restricted = try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(version)/items",
            as: "healthClerk",
            World.item(
                "R-1",
                name: "居民健康档案",
                [
                    "share_type": "\"conditional\"", "share_conditions": "\"仅限卫生健康管理\"", "share_reason": "\"含个人健康信息\"",
                    "share_legal_basis": "\"《个人信息保护法》第二十八条\"", "open_type": "\"not_open\"", "not_open_ground": "\"privacy\"",
                    "grade": "\"important\"",
                ]
            ),
            expect: .created,
            decoding: AddedItem.self
        )
        try await world.call(client, .post, "/api/v1/catalog-versions/\(version)/submit", as: "healthClerk", expect: .ok)
        try await world.call(client, .post, "/api/v1/catalog-versions/\(version)/approve", as: "xinchengReviewer", expect: .ok)
        return (open.itemID, restricted.itemID)
    }

    static func body(item: String, items: [String] = ["机构名称"], commitment: Bool = true, purpose: String = "use") -> String {
        let names = items.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            {"item_id": "\(item)", "scenario": "辖区学校卫生监督", "commitment": \(commitment), "data_items": [\(names)],
             "mode": "interface", "end_date": "2099-12-31", "purpose": "\(purpose)"}
            """
    }

    @Test("filing, reading, replying, delivering and withdrawing: the right callers only, due dates from the calendar")
    func routes() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let (open, restricted) = try await Self.publish(world, client)
            let round = ShareRequestRound(world: world, client: client)
            try await round.refuseRequestsThatCannotBeFiled(restricted: restricted)
            let id = try await round.fileConditionalRequest(restricted: restricted)
            try await round.readAndListRequest(id)
            try await round.replyWithinRequest(id)
            try await round.deliverRequest(id)
            try await round.withdrawAndGrantAtOnce(open: open, restricted: restricted)
        }
        try await world.registry.drop()
    }

    @Test("a refusal needs reason and legal basis; a refused request changes nothing (A23.2)")
    func refusalNeedsReasons() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let (_, restricted) = try await Self.publish(world, client)
            let filed = try await world.call(
                client,
                .post,
                "/api/v1/share-requests",
                as: "educationClerk",
                Self.body(item: restricted),
                expect: .created,
                decoding: ShareRequestBody.self
            )
            let id = filed.request.id
            let before = try await world.snapshot()
            let bare = try await world.callers.send(
                client,
                .post,
                "/api/v1/share-requests/\(id)/reply",
                as: "healthClerk",
                #"{"approve": false, "refusal_reason": "涉及隐私"}"#
            )
            #expect(bare.status == .unprocessableContent)
            #expect(try bare.decode(ErrorBody.self).error.field == "refusal_legal_basis")
            #expect(try await world.snapshot() == before)
            let refused = try await world.call(
                client,
                .post,
                "/api/v1/share-requests/\(id)/reply",
                as: "healthClerk",
                #"{"approve": false, "refusal_reason": "涉及隐私", "refusal_legal_basis": "《个人信息保护法》第十三条"}"#,
                expect: .ok,
                decoding: ShareRequestBody.self
            )
            #expect(refused.request.state == "refused")
        }
        try await world.registry.drop()
    }

    @Test("the three lists (A20.1): within the caller's oversight, as JSON or as a CSV whose cells cannot run as formulas")
    func threeLists() async throws {
        let world = try await World.make()
        let c = world.callers
        try await world.registry.test { client in
            let draft = try await world.openDraftOfNewCatalog(client, as: "healthClerk")
            let version = draft.id
            let item = try await world.call(
                client,
                .post,
                "/api/v1/catalog-versions/\(version)/items",
                as: "healthClerk",
                World.item(
                    "N-1",
                    name: "=HYPERLINK(\\\"http://x\\\")",
                    [
                        "share_type": "\"not_shared\"", "share_reason": "\"涉及国家秘密, 不予共享\"", "share_legal_basis": "\"《保守国家秘密法》\"",
                        "open_type": "\"not_open\"", "not_open_ground": "\"law\"", "open_legal_basis": "\"《保守国家秘密法》\"",
                    ]
                ),
                expect: .created,
                decoding: AddedItem.self
            )
            try await world.call(client, .post, "/api/v1/catalog-versions/\(version)/submit", as: "healthClerk", expect: .ok)
            try await world.call(client, .post, "/api/v1/catalog-versions/\(version)/approve", as: "xinchengReviewer", expect: .ok)
            try await world.call(
                client,
                .post,
                "/api/v1/share-requests",
                as: "educationClerk",
                Self.body(item: item.itemID, purpose: "verification"),
                expect: .created
            )

            try await c.expect(
                client,
                .get,
                "/api/v1/share-lists/negative",
                nil,
                [(nil, .unauthorized), ("dataUser", .forbidden), ("committee", .ok)]
            )
            try await c.expect(
                client,
                .get,
                "/api/v1/share-lists/negative?division=150102",
                nil,
                [("huiminReviewer", .forbidden), ("hohhotReviewer", .ok)]
            )
            try await c.expect(client, .get, "/api/v1/share-lists/other", nil, [("admin", .badRequest)])
            let lists = "/api/v1/share-lists"
            let negative = try await world.call(client, .get, "\(lists)/negative", as: "xinchengReviewer", expect: .ok, decoding: ShareListBody.self)
            #expect(negative.rows.first?[2] == "N-1")
            let demand = try await world.call(client, .get, "\(lists)/demand", as: "educationClerk", expect: .ok, decoding: ShareListBody.self)
            #expect(demand.rows.count == 1)
            let others = try await world.call(client, .get, "\(lists)/demand", as: "healthClerk", expect: .ok, decoding: ShareListBody.self)
            #expect(others.rows.isEmpty)

            let csv = try await world.callers.send(client, .get, "/api/v1/share-lists/negative?format=csv", as: "xinchengReviewer")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(lines.first == "\u{FEFF}数源部门代码,数源部门,目录编码,数据资源名称,不予共享理由,法律法规依据")
            #expect(lines[1].contains(",N-1,\"'=HYPERLINK(\"\"http://x\"\")\",\"涉及国家秘密, 不予共享\",《保守国家秘密法》"), "\(lines[1])")
        }
        try await world.registry.drop()
    }

    @Test("a request received on 2027-02-03 is due on the provisional calendar, marked so; after 2027 is loaded, not (W.3)")
    func provisionalDeadline() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let (_, restricted) = try await Self.publish(world, client)
            world.registry.registry.clock.pin(CivilDate(iso: "2027-02-03")!)
            let filed = try await world.call(
                client,
                .post,
                "/api/v1/share-requests",
                as: "educationClerk",
                Self.body(item: restricted),
                expect: .created,
                decoding: ShareRequestBody.self
            )
            let request = filed.request
            #expect(request.replyDue == "2027-02-12")
            #expect(request.replyDueProvisional == true)
            #expect(request.deliveryDueProvisional == false)
            let dueURI = "/api/v1/calendar/due?from=2027-02-03&working_days=5"
            let due = try await world.call(client, .get, dueURI, as: "educationClerk", expect: .ok, decoding: CalendarDue.self)
            #expect(due.due == "2027-02-12" && due.dueProvisional == true)

            try await world.registry.registry.write(AuditContext(role: "test", action: "calendar.load")) { connection in
                let store = WorkingDayCalendarStore()
                try store.load(
                    try OfficialCalendarCSV.parse("date,kind,holiday\n2027-02-05,off,春节\n2027-02-08,off,春节\n2027-02-09,off,春节\n"),
                    source: "test 2027",
                    on: connection
                )
                _ = try store.restamp(on: connection)
            }
            let read = try await world.call(
                client,
                .get,
                "/api/v1/share-requests/\(request.id)",
                as: "educationClerk",
                expect: .ok,
                decoding: ShareRequestBody.self
            )
            let after = read.request
            #expect(after.replyDue == "2027-02-15")
            #expect(after.replyDueProvisional == false)
        }
        try await world.registry.drop()
    }

    @Test("A19.1: POST /flow-back-requests: a league/city platform's clerk asks, the region platform's clerk answers; others are refused")
    func flowBackRequests() async throws {
        let world = try await SupplyAPITests.World.make()
        let item = try await world.publish("ENT-1", by: SupplyAPITests.regionHealth, share: "conditional")
        let body = """
            {"item_id": "\(item)", "scenario": "盟市一网通办核验", "commitment": true, "data_items": ["字段"], "mode": "interface",
             "end_date": "2099-12-31", "purpose": "use"}
            """
        try await world.registry.test { client async throws in
            #expect(try await world.send(client, .post, "/api/v1/flow-back-requests", as: nil, body: body).status == .unauthorized)
            #expect(try await world.send(client, .post, "/api/v1/flow-back-requests", as: "dataUser", body: body).status == .forbidden)
            let notPlatform = try await world.send(client, .post, "/api/v1/flow-back-requests", as: "healthClerk", body: body)
            #expect(notPlatform.status == .unprocessableContent)
            #expect(try SupplyAPITests.error(notPlatform.text).field == "requester" && SupplyAPITests.error(notPlatform.text).article == "A19.1")

            let filed = try await world.send(client, .post, "/api/v1/flow-back-requests", as: "hohhotPlatformClerk", body: body)
            #expect(filed.status == .created, "\(filed.text)")
            let detail = try APIJSON.decoder.decode(ShareRequestBody.self, from: Data(filed.text.utf8)).request
            #expect(detail.kind == "flow_back" && detail.source == SupplyAPITests.regionAuthority)
            #expect(detail.route == ["150100", "150000"])
            let reply = "/api/v1/share-requests/\(detail.id)/reply"
            #expect(try await world.send(client, .post, reply, as: "regionClerk", body: #"{"approve": true}"#).status == .forbidden)
            #expect(try await world.send(client, .post, reply, as: "regionPlatformClerk", body: #"{"approve": true}"#).status == .ok)
            let listed = try await world.send(client, .get, "/api/v1/share-requests?kind=flow_back", as: "hohhotPlatformClerk")
            #expect(listed.status == .ok && listed.text.contains("\"kind\":\"flow_back\""))
            let shares = try await world.send(client, .get, "/api/v1/share-requests?kind=share", as: "hohhotPlatformClerk")
            #expect(shares.status == .ok && shares.text.contains("\"requests\":[]"))
        }
        try await world.drop()
    }
}

/// A share request with its history (`ShareRequestDetail`), as far as the share request tests check it.
private struct ShareRequestBody: Decodable {
    struct Request: Decodable {
        var id: String
        var kind: String
        var state: String
        var source: String
        /// The authorities that route the request (A25.1), by division code.
        var route: [String]
        var receivedOn: String
        var replyDue: String?
        var replyDueProvisional: Bool?
        var repliedOn: String?
        var approvedItems: [String]?
        var deliveryDue: String?
        var deliveryDueProvisional: Bool?
    }

    struct Event: Decodable {
        var state: String
    }

    var request: Request
    var history: [Event]
}

/// `GET /share-requests/due`: the obligation each due request is waiting for.
private struct DueRequests: Decodable {
    struct Entry: Decodable {
        var obligation: String
    }

    var due: [Entry]
}

/// `GET /share-requests`, of which the tests count the requests.
private struct RequestList: Decodable {
    var requests: [Counted]
}

/// `GET /share-lists/{list}` as JSON: the list's rows of cells.
private struct ShareListBody: Decodable {
    var rows: [[String?]]
}

/// `GET /calendar/due`: the due date and whether the calendar it rests on is provisional.
private struct CalendarDue: Decodable {
    var due: String
    var dueProvisional: Bool
}

/// The steps of `ShareRequestsAPITests.routes`, in order: each takes what an earlier step returned.
private struct ShareRequestRound {
    typealias World = CatalogAPITests.World
    let world: World
    let client: any TestClientProtocol
    let file = "/api/v1/share-requests"
    var c: Callers { world.callers }
}

extension ShareRequestRound {
    /// Filing is refused without a token, to a data user and to an authority, and without the commitment (A23.1).
    func refuseRequestsThatCannotBeFiled(restricted: String) async throws {
        try await c.expect(
            client,
            .post,
            file,
            ShareRequestsAPITests.body(item: restricted),
            [(nil, .unauthorized), ("dataUser", .forbidden), ("xinchengReviewer", .forbidden)]
        )
        let refused = try await world.callers.send(
            client,
            .post,
            file,
            as: "educationClerk",
            ShareRequestsAPITests.body(item: restricted, commitment: false)
        )
        #expect(refused.status == .unprocessableContent || refused.status == .badRequest)
        #expect(try refused.decode(ErrorBody.self).error.field == "commitment")
    }

    /// A conditional item waits for the source's reply, due 5 working days after receipt (A23.2). Returns the request.
    func fileConditionalRequest(restricted: String) async throws -> String {
        let filed = try await world.call(
            client,
            .post,
            file,
            as: "educationClerk",
            ShareRequestsAPITests.body(item: restricted, items: ["机构名称", "执业范围"]),
            expect: .created,
            decoding: ShareRequestBody.self
        )
        let request = filed.request
        let id = request.id
        #expect(request.state == "submitted")
        #expect(request.route == [], "within one division no authority routes it (A25.1)")
        let receivedOn = try #require(CivilDate(iso: request.receivedOn))
        let replyDue = try await world.registry.registry.read { try WorkingDayCalendarStore().dueDate(from: receivedOn, workingDays: 5, on: $0) }
        #expect(request.replyDue == replyDue.description)
        return id
    }

    /// The requester, the source and the authorities over both read the request; the source's reply is due; the
    /// requester lists it.
    func readAndListRequest(_ id: String) async throws {
        try await c.expect(
            client,
            .get,
            "\(file)/\(id)",
            nil,
            [
                ("educationClerk", .ok), ("healthClerk", .ok), ("xinchengReviewer", .ok), ("hohhotReviewer", .ok),
                ("huiminReviewer", .forbidden), ("dataUser", .forbidden), (nil, .unauthorized),
            ]
        )
        let due = try await world.call(client, .get, "\(file)/due?within=10", as: "healthClerk", expect: .ok, decoding: DueRequests.self)
        #expect(due.due.map(\.obligation) == ["reply"])
        try await c.expect(
            client,
            .get,
            "\(file)/due?institution=\(World.health)",
            nil,
            [("educationClerk", .forbidden), ("huiminReviewer", .forbidden), ("xinchengReviewer", .ok)]
        )
        let listed = try await world.call(client, .get, "\(file)?state=submitted", as: "educationClerk", expect: .ok, decoding: RequestList.self)
        #expect(listed.requests.count == 1)
    }

    /// Only the source replies; never beyond what was requested (minimum authorisation, A23.4); delivery is due 5
    /// working days after the reply.
    func replyWithinRequest(_ id: String) async throws {
        let reply = "\(file)/\(id)/reply"
        try await c.expect(client, .post, reply, #"{"approve": true}"#, [("educationClerk", .forbidden), ("xinchengReviewer", .forbidden)])
        let wider = try await world.callers.send(
            client,
            .post,
            reply,
            as: "healthClerk",
            #"{"approve": true, "approved_items": ["机构名称", "统一社会信用代码"]}"#
        )
        #expect(wider.status == .unprocessableContent, "\(wider.text)")
        #expect(try wider.decode(ErrorBody.self).error.article?.hasPrefix("A23") == true)
        let approved = try await world.call(
            client,
            .post,
            reply,
            as: "healthClerk",
            #"{"approve": true, "approved_items": ["机构名称"]}"#,
            expect: .ok,
            decoding: ShareRequestBody.self
        )
        let approvedRequest = approved.request
        #expect(approvedRequest.state == "approved")
        #expect(approvedRequest.approvedItems == ["机构名称"])
        let repliedOn = try #require(approvedRequest.repliedOn.flatMap { CivilDate(iso: $0) })
        let deliveryDue = try await world.registry.registry.read {
            try WorkingDayCalendarStore().dueDate(from: repliedOn, workingDays: 5, on: $0)
        }
        #expect(approvedRequest.deliveryDue == deliveryDue.description)
    }

    /// Only the source delivers; a delivered request is not withdrawn; its history in order.
    func deliverRequest(_ id: String) async throws {
        try await c.expect(client, .post, "\(file)/\(id)/deliver", nil, [("educationClerk", .forbidden), ("healthClerk", .ok)])
        try await c.expect(
            client,
            .post,
            "\(file)/\(id)/withdraw",
            nil,
            [("healthClerk", .forbidden), ("educationClerk", .unprocessableContent)]
        )
        let history = try await world.call(client, .get, "\(file)/\(id)", as: "educationClerk", expect: .ok, decoding: ShareRequestBody.self)
        #expect(history.history.map(\.state) == ["submitted", "approved", "delivered"])
    }

    /// A withdrawn request takes no reply; an unconditional item is granted at once.
    func withdrawAndGrantAtOnce(open: String, restricted: String) async throws {
        let second = try await world.call(
            client,
            .post,
            file,
            as: "educationClerk",
            ShareRequestsAPITests.body(item: restricted),
            expect: .created,
            decoding: ShareRequestBody.self
        )
        let secondID = second.request.id
        try await c.expect(client, .post, "\(file)/\(secondID)/withdraw", #"{"note": "不再需要"}"#, [("educationClerk", .ok)])
        try await c.expect(
            client,
            .post,
            "\(file)/\(secondID)/reply",
            #"{"approve": false, "refusal_reason": "无", "refusal_legal_basis": "《中华人民共和国数据安全法》"}"#,
            [("healthClerk", .unprocessableContent)]
        )
        let granted = try await world.call(
            client,
            .post,
            file,
            as: "educationClerk",
            ShareRequestsAPITests.body(item: open),
            expect: .created,
            decoding: ShareRequestBody.self
        )
        #expect(granted.request.state == "approved")
    }
}
