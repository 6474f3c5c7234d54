import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import Testing

/// Reports of unlawful use over HTTP (A46.1): who may call each route, and a reporter never named in a handler's
/// response.
@Suite("Reports of unlawful use over HTTP: filed, investigated, concluded, the reporter protected (A46.1)")
struct UnlawfulUseReportsAPITests {
    typealias World = CatalogAPITests.World

    @Test("A46.1: anyone reports; only the division's reviewers handle; handlers see 匿名举报人, never the reporter")
    func routes() async throws {
        let world = try await World.make()
        let c = world.callers
        let reporter = try await world.registry.registry.read { connection in
            try connection.query("select id from account where display_name = '某协会'").first!.decode("id", as: UUID.self)
        }
        try await world.registry.test { client in
            let base = "/api/v1/unlawful-use-reports"
            let body = #"{"description": "将共享获得的数据提供给第三方", "subject_institution": "\#(World.education)"}"#
            try await c.expect(client, .post, base, body, [(nil, .unauthorized)])
            let blank = try await c.send(client, .post, base, as: "dataUser", #"{"description": " ", "division": "150102"}"#)
            #expect(blank.status == .unprocessableContent)
            #expect(try blank.decode(ErrorBody.self).error.field == "description")
            #expect(try blank.decode(ErrorBody.self).error.article == "A46.1")
            let nowhere = try await c.send(client, .post, base, as: "dataUser", #"{"description": "出售数据"}"#)
            #expect(try nowhere.decode(ErrorBody.self).error.field == "division")

            let filed = try await world.call(client, .post, base, as: "dataUser", body, expect: .created, decoding: UnlawfulUseReport.self)
            let id = filed.id
            #expect(filed.reporter == "匿名举报人")
            #expect(filed.authorityDivision == "150102")

            var handlerTexts: [String] = []
            let listed = try await c.send(client, .get, base, as: "xinchengReviewer")
            #expect(try listed.decode(ReportList.self).reports.map(\.id) == [id])
            handlerTexts.append(listed.text)
            let nothing = try await world.call(client, .get, base, as: "huiminReviewer", expect: .ok, decoding: ReportList.self)
            #expect(nothing.reports.isEmpty)
            try await c.expect(
                client,
                .get,
                "\(base)/\(id)",
                nil,
                [
                    ("dataUser", .ok), ("xinchengReviewer", .ok), ("hohhotReviewer", .ok), ("huiminReviewer", .forbidden),
                    ("educationClerk", .forbidden),
                    ("healthClerk", .forbidden), ("committee", .forbidden), (nil, .unauthorized),
                ]
            )
            handlerTexts.append(try await c.send(client, .get, "\(base)/\(id)", as: "hohhotReviewer").text)

            try await c.expect(
                client,
                .post,
                "\(base)/\(id)/investigate",
                nil,
                [("hohhotReviewer", .forbidden), ("educationClerk", .forbidden), ("dataUser", .forbidden)]
            )
            let investigating = try await c.send(client, .post, "\(base)/\(id)/investigate", as: "xinchengReviewer", #"{"note": "调取日志"}"#)
            #expect(try investigating.decode(UnlawfulUseReport.self).state == "handling")
            handlerTexts.append(investigating.text)
            let noOutcome = try await c.send(client, .post, "\(base)/\(id)/conclude", as: "xinchengReviewer")
            #expect(try noOutcome.decode(ErrorBody.self).error.field == "outcome")
            try await c.expect(client, .post, "\(base)/\(id)/conclude", #"{"outcome": "属实"}"#, [("regionReviewer", .forbidden)])
            let concluded = try await c.send(client, .post, "\(base)/\(id)/conclude", as: "xinchengReviewer", #"{"outcome": "情况属实,已责令整改"}"#)
            #expect(try concluded.decode(UnlawfulUseReport.self).state == "handled")
            handlerTexts.append(concluded.text)

            for text in handlerTexts {
                #expect(text.contains("匿名举报人"))
                #expect(!text.lowercased().contains(reporter.uuidString.lowercased()), "a handler's response carries the reporter's account")
                #expect(!text.contains("某协会"), "a handler's response names the reporter")
            }
            let mine = try await world.call(client, .get, "\(base)?state=handled", as: "dataUser", expect: .ok, decoding: ReportList.self)
            #expect(mine.reports.count == 1)
            let others = try await world.call(client, .get, base, as: "healthClerk", expect: .ok, decoding: ReportList.self)
            #expect(others.reports.isEmpty)
        }
        try await world.registry.drop()
    }

    @Test("no response, audit row, export or log line links an anonymous report to its reporter (A46.1)")
    func reporterUnlinkable() async throws {
        let world = try await World.make()
        let (reporter, auditorToken) = try await world.registry.registry.write(AuditContext(role: "test", action: "fixture")) { connection in
            let reporter = try connection.query("select id from account where display_name = '教育局登记员'").first!.decode("id", as: UUID.self)
            let auditor = try AccountStore().create(NewAccount(role: .auditor, displayName: "审计厅"), on: connection).1.value
            return (reporter, auditor)
        }
        let callers = Callers(tokens: world.callers.tokens.merging(["auditor": auditorToken]) { $1 })
        let traces = [reporter.uuidString.lowercased(), reporter.uuidString, World.education]
        try await world.registry.test { client in
            let body = #"{"description": "将共享获得的数据提供给第三方", "division": "150102"}"#
            let filed = try await callers.send(client, .post, "/api/v1/unlawful-use-reports", as: "educationClerk", body)
            #expect(filed.status == .created)
            let requestID = filed.headers[HTTPField.Name("X-Request-Id")!] ?? "?"
            let id = try filed.decode(Identified.self).id
            let own = try await callers.send(client, .get, "/api/v1/unlawful-use-reports/\(id)", as: "educationClerk")
            let handled = try await callers.send(client, .get, "/api/v1/unlawful-use-reports/\(id)", as: "xinchengReviewer")
            let total = try await callers.send(client, .get, "/api/v1/audit-access/audit-log?limit=1", as: "auditor").decode(AuditPage.self).total
            let trail = try await callers.send(
                client,
                .get,
                "/api/v1/audit-access/audit-log?limit=500&offset=\(max(0, total - 200))",
                as: "auditor"
            )
            #expect(trail.status == .ok)
            let page = try trail.decode(AuditPage.self)
            let rows = zip(page.items, page.texts).filter { $0.0.recordID == id.lowercased() }
            #expect(rows.count == 1)
            for (row, text) in rows {
                #expect(row.actorAccount == nil, "\(text)")
                #expect(row.actorInstitution == nil, "\(text)")
                #expect(row.requestID == nil, "\(text)")
            }
            #expect(!trail.text.contains(requestID), "the filing's request id appears in no audit row")
            for text in [filed.text, own.text, handled.text] + rows.map({ $0.1.description }) {
                for trace in traces { #expect(!text.contains(trace), "\(trace) in \(text.prefix(200))") }
            }
            for dataset in AuditDataset.allCases {
                let export = try await callers.send(client, .get, "/api/v1/audit-access/\(dataset.rawValue)?limit=500", as: "auditor")
                for item in try export.decode(AuditExport.self).items {
                    let text = item.description
                    let names = text.contains(id) || text.contains(id.lowercased())
                    #expect(!(names && traces.contains { text.contains($0) }), "\(dataset) links the report to its reporter")
                }
            }
        }
        for trace in traces.prefix(2) { #expect(!world.registry.log.text.contains(trace), "the log names the reporter") }
        try await world.registry.drop()
    }
}

/// An unlawful use report (`UnlawfulUseReport`) as a handler or its reporter reads it.
private struct UnlawfulUseReport: Decodable {
    var id: String
    var state: String
    /// What the report shows in place of its reporter (`匿名举报人`).
    var reporter: String
    var authorityDivision: String
}

/// `GET /unlawful-use-reports`: the reports' ids.
private struct ReportList: Decodable {
    var reports: [Identified]
}

/// A page of `GET /audit-access/audit-log`: the rows' links to their actor and request, and each row whole as text.
private struct AuditPage: Decodable {
    struct Row: Decodable {
        var recordID: String?
        var actorAccount: String?
        var actorInstitution: String?
        var requestID: String?
    }

    var total: Int
    var items: [Row]
    /// The same rows with every member, in the same order.
    var texts: [JSONText]

    enum CodingKeys: String, CodingKey {
        case total, items
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        total = try container.decode(Int.self, forKey: .total)
        items = try container.decode([Row].self, forKey: .items)
        texts = try container.decode([JSONText].self, forKey: .items)
    }
}

/// A page of an audit dataset's export, each row whole as text.
private struct AuditExport: Decodable {
    var items: [JSONText]
}
