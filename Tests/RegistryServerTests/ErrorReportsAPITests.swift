import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

/// Error reports over HTTP (A45.1): who may call each route, the mark on the item, the notices to institutions holding
/// it, the due date from the calendar, refusals with field and article.
@Suite("Error reports over HTTP: filed, marked, notified, verified, handled (A45.1)")
struct ErrorReportsAPITests {
    typealias World = CatalogAPITests.World

    static func body(item: String, kind: String = "error", description: String = "执业范围与登记证不一致") -> String {
        #"{"item_id": "\#(item)", "kind": "\#(kind)", "description": "\#(description)"}"#
    }

    @Test("A45.1: a data user reports, the item is marked, the holder is notified, only the provider's clerk handles")
    func routes() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let report = ErrorReportRound(world: world, client: client)
            let open = try await report.holdPublishedItem()
            try await report.refuseReportsThatCannotBeFiled(on: open)
            let id = try await report.fileReport(on: open)
            let marks = try await report.markItem(open)
            try await report.noticeHolderAndListDue(id)
            try await report.verifyAndHandle(id)
            try await report.unmarkAndListHandled(marks: marks)
        }
        try await world.registry.drop()
    }

    @Test("A45.1: the handling policy is set by the region's authority or the admin, 1–60 working days")
    func policy() async throws {
        let world = try await World.make()
        let c = world.callers
        try await world.registry.test { client in
            let uri = "/api/v1/error-reports/policy"
            let empty = try await world.call(client, .get, uri, as: "dataUser", expect: .ok, decoding: PolicyList.self)
            #expect(empty.policies.isEmpty)
            let tooLong = try await c.send(client, .put, "\(uri)/2026", as: "regionReviewer", #"{"handling_working_days": 61}"#)
            #expect(tooLong.status == .unprocessableContent)
            #expect(try tooLong.decode(ErrorBody.self).error.field == "handling_working_days")
            #expect(try tooLong.decode(ErrorBody.self).error.article == "A45.1")
            try await c.expect(
                client,
                .put,
                "\(uri)/2026",
                #"{"handling_working_days": 10}"#,
                [
                    (nil, .unauthorized), ("xinchengReviewer", .forbidden), ("healthClerk", .forbidden), ("dataUser", .forbidden),
                    ("regionReviewer", .ok),
                ]
            )
            try await c.expect(client, .put, "\(uri)/2025", #"{"handling_working_days": 7, "note": "试行"}"#, [("admin", .ok)])
            let set = try await world.call(client, .get, uri, as: "healthClerk", expect: .ok, decoding: PolicyList.self)
            #expect(set.policies.map(\.handlingWorkingDays) == [7, 10])
        }
        try await world.registry.drop()
    }
}

/// An error report (`ErrorReport`), as far as the error report tests check it.
private struct ErrorReportBody: Decodable {
    var id: String
    var state: String
    var receivedOn: String
    var handlingDue: String?
    var overdue: Bool?
    var feedback: String?
}

/// `GET /catalog-items/{id}/error-marks`: whether the item is marked as possibly wrong, and by how many open reports.
private struct ErrorMark: Decodable {
    var marked: Bool
    var openReports: Int?
}

/// `GET /error-reports/notices`: the event of each notice.
private struct NoticeList: Decodable {
    struct Notice: Decodable {
        var event: String
    }

    var notices: [Notice]
}

/// `GET /error-reports/due`: the reports due.
private struct DueReports: Decodable {
    var due: [Identified]
}

/// `GET /error-reports`, of which the tests count the reports.
private struct ReportList: Decodable {
    var reports: [Counted]
}

/// `GET /error-reports/policy`: each year's handling period in working days.
private struct PolicyList: Decodable {
    struct Policy: Decodable {
        var handlingWorkingDays: Int
    }

    var policies: [Policy]
}

/// The steps of `ErrorReportsAPITests.routes`, in order: each takes what an earlier step returned.
private struct ErrorReportRound {
    typealias World = CatalogAPITests.World
    let world: World
    let client: any TestClientProtocol
    let base = "/api/v1/error-reports"
    var c: Callers { world.callers }
}

extension ErrorReportRound {
    /// 卫健委's unconditionally open item H-1, published and granted at once to 教育局, which so holds it. Returns its id.
    func holdPublishedItem() async throws -> String {
        let (open, _) = try await ShareRequestsAPITests.publish(world, client)
        let request = ShareRequestsAPITests.body(item: open)
        try await world.call(client, .post, "/api/v1/share-requests", as: "educationClerk", request, expect: .created)
        return open
    }

    /// A45.1: no report without a token, from an authority or the committee; none by the provider's own clerk, none
    /// without a description; one on an unknown item names `item_id` and stores nothing.
    func refuseReportsThatCannotBeFiled(on open: String) async throws {
        try await c.expect(
            client,
            .post,
            base,
            ErrorReportsAPITests.body(item: open),
            [(nil, .unauthorized), ("xinchengReviewer", .forbidden), ("committee", .forbidden)]
        )
        let own = try await c.send(client, .post, base, as: "healthClerk", ErrorReportsAPITests.body(item: open))
        #expect(own.status == .unprocessableContent)
        #expect(try own.decode(ErrorBody.self).error.article == "A45.1")
        let blank = try await c.send(client, .post, base, as: "dataUser", ErrorReportsAPITests.body(item: open, description: " "))
        #expect(try blank.decode(ErrorBody.self).error.field == "description")
        let before = try await world.snapshot()
        let unknown = try await c.send(client, .post, base, as: "dataUser", ErrorReportsAPITests.body(item: UUID().uuidString))
        #expect(try unknown.decode(ErrorBody.self).error.field == "item_id")
        #expect(try await world.snapshot() == before)
    }

    /// A45.1: a data user files a report, received and due 5 working days after the day it was received. Returns its id.
    func fileReport(on open: String) async throws -> String {
        let filed = try await world.call(
            client,
            .post,
            base,
            as: "dataUser",
            ErrorReportsAPITests.body(item: open),
            expect: .created,
            decoding: ErrorReportBody.self
        )
        let id = filed.id
        #expect(filed.state == "received")
        let receivedOn = try #require(CivilDate(iso: filed.receivedOn))
        let due = try await world.registry.registry.read { try WorkingDayCalendarStore().dueDate(from: receivedOn, workingDays: 5, on: $0) }
        #expect(filed.handlingDue == due.description)
        #expect(filed.overdue == false)
        return id
    }

    /// The mark, for every account; no reporter in it. Returns the URI of the item's marks.
    func markItem(_ open: String) async throws -> String {
        let marks = "/api/v1/catalog-items/\(open)/error-marks"
        try await c.expect(client, .get, marks, nil, [(nil, .unauthorized), ("educationClerk", .ok), ("committee", .ok)])
        let mark = try await c.send(client, .get, marks, as: "dataUser")
        let marked = try mark.decode(ErrorMark.self)
        #expect(marked.marked == true && marked.openReports == 1)
        #expect(!mark.text.contains("某协会"))
        try await c.expect(client, .get, "/api/v1/catalog-items/\(UUID().uuidString)/error-marks", nil, [("dataUser", .notFound)])
        return marks
    }

    /// 通报: the institution holding the item through its approved request; the provider's list of reports due.
    func noticeHolderAndListDue(_ id: String) async throws {
        let notices = try await world.call(client, .get, "\(base)/notices", as: "educationClerk", expect: .ok, decoding: NoticeList.self)
        #expect(notices.notices.map(\.event) == ["marked"])
        let none = try await world.call(client, .get, "\(base)/notices", as: "healthClerk", expect: .ok, decoding: NoticeList.self)
        #expect(none.notices.isEmpty)
        try await c.expect(client, .get, "\(base)/notices", nil, [("dataUser", .forbidden)])
        try await c.expect(
            client,
            .get,
            "\(base)/notices?institution=\(World.education)",
            nil,
            [("healthClerk", .forbidden), ("xinchengReviewer", .ok)]
        )

        let dueList = try await world.call(client, .get, "\(base)/due?within=10", as: "healthClerk", expect: .ok, decoding: DueReports.self)
        #expect(dueList.due.map(\.id) == [id])
        try await c.expect(client, .get, "\(base)/due?within=99", nil, [("healthClerk", .badRequest)])
    }

    /// A45.1: who reads the report; only the provider's clerk verifies and then handles it, with feedback; a handled
    /// report is not rejected.
    func verifyAndHandle(_ id: String) async throws {
        try await c.expect(
            client,
            .get,
            "\(base)/\(id)",
            nil,
            [
                ("dataUser", .ok), ("healthClerk", .ok), ("hohhotReviewer", .ok), ("huiminReviewer", .forbidden), ("educationClerk", .forbidden),
                ("committee", .forbidden),
            ]
        )
        try await c.expect(
            client,
            .post,
            "\(base)/\(id)/verify",
            nil,
            [("educationClerk", .forbidden), ("xinchengReviewer", .forbidden), ("dataUser", .forbidden)]
        )
        try await c.expect(client, .post, "\(base)/\(id)/handle", #"{"feedback": "已更正"}"#, [("healthClerk", .unprocessableContent)])
        let verifying = try await world.call(
            client,
            .post,
            "\(base)/\(id)/verify",
            as: "healthClerk",
            #"{"note": "核对原始登记"}"#,
            expect: .ok,
            decoding: ErrorReportBody.self
        )
        #expect(verifying.state == "verifying")
        let noFeedback = try await c.send(client, .post, "\(base)/\(id)/handle", as: "healthClerk")
        #expect(try noFeedback.decode(ErrorBody.self).error.field == "feedback")
        try await c.expect(client, .post, "\(base)/\(id)/handle", #"{"feedback": "已更正"}"#, [("educationClerk", .forbidden)])
        let handled = try await world.call(
            client,
            .post,
            "\(base)/\(id)/handle",
            as: "healthClerk",
            #"{"feedback": "已更正并重新发布"}"#,
            expect: .ok,
            decoding: ErrorReportBody.self
        )
        #expect(handled.state == "handled" && handled.feedback == "已更正并重新发布")
        let again = try await c.send(client, .post, "\(base)/\(id)/reject", as: "healthClerk", #"{"reason": "无误"}"#)
        #expect(again.status == .unprocessableContent)
        #expect(try again.decode(ErrorBody.self).error.article == "A45.1")
    }

    /// A handled report lifts the mark and notifies the holder; the reporter and the provider list it.
    func unmarkAndListHandled(marks: String) async throws {
        let unmarked = try await world.call(client, .get, marks, as: "dataUser", expect: .ok, decoding: ErrorMark.self)
        #expect(unmarked.marked == false)
        let after = try await world.call(client, .get, "\(base)/notices", as: "educationClerk", expect: .ok, decoding: NoticeList.self)
        #expect(after.notices.map(\.event) == ["handled", "marked"])
        let mine = try await world.call(client, .get, base, as: "dataUser", expect: .ok, decoding: ReportList.self)
        #expect(mine.reports.count == 1)
        let received = try await world.call(client, .get, "\(base)?state=handled", as: "healthClerk", expect: .ok, decoding: ReportList.self)
        #expect(received.reports.count == 1)
        try await c.expect(
            client,
            .get,
            "\(base)?institution=\(World.health)",
            nil,
            [("educationClerk", .forbidden), ("huiminReviewer", .forbidden)]
        )
    }
}
