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

            let filed = try await world.call(client, .post, base, as: "dataUser", body, expect: .created)
            let id = filed["id"] as! String
            #expect(filed["reporter"] as? String == "匿名举报人")
            #expect(filed["authority_division"] as? String == "150102")

            var handlerTexts: [String] = []
            let listed = try await c.send(client, .get, base, as: "xinchengReviewer")
            #expect((listed.json["reports"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            handlerTexts.append(listed.text)
            let nothing = try await world.call(client, .get, base, as: "huiminReviewer", expect: .ok)
            #expect((nothing["reports"] as? [Any])?.isEmpty == true)
            try await c.expect(client, .get, "\(base)/\(id)", nil, [
                ("dataUser", .ok), ("xinchengReviewer", .ok), ("hohhotReviewer", .ok), ("huiminReviewer", .forbidden), ("educationClerk", .forbidden),
                ("healthClerk", .forbidden), ("committee", .forbidden), (nil, .unauthorized),
            ])
            handlerTexts.append(try await c.send(client, .get, "\(base)/\(id)", as: "hohhotReviewer").text)

            try await c.expect(
                client, .post, "\(base)/\(id)/investigate", nil, [("hohhotReviewer", .forbidden), ("educationClerk", .forbidden), ("dataUser", .forbidden)])
            let investigating = try await c.send(client, .post, "\(base)/\(id)/investigate", as: "xinchengReviewer", #"{"note": "调取日志"}"#)
            #expect(investigating.json["state"] as? String == "handling")
            handlerTexts.append(investigating.text)
            let noOutcome = try await c.send(client, .post, "\(base)/\(id)/conclude", as: "xinchengReviewer")
            #expect(try noOutcome.decode(ErrorBody.self).error.field == "outcome")
            try await c.expect(client, .post, "\(base)/\(id)/conclude", #"{"outcome": "属实"}"#, [("regionReviewer", .forbidden)])
            let concluded = try await c.send(client, .post, "\(base)/\(id)/conclude", as: "xinchengReviewer", #"{"outcome": "情况属实,已责令整改"}"#)
            #expect(concluded.json["state"] as? String == "handled")
            handlerTexts.append(concluded.text)

            for text in handlerTexts {
                #expect(text.contains("匿名举报人"))
                #expect(!text.lowercased().contains(reporter.uuidString.lowercased()), "a handler's response carries the reporter's account")
                #expect(!text.contains("某协会"), "a handler's response names the reporter")
            }
            let mine = try await world.call(client, .get, "\(base)?state=handled", as: "dataUser", expect: .ok)
            #expect((mine["reports"] as? [Any])?.count == 1)
            let others = try await world.call(client, .get, base, as: "healthClerk", expect: .ok)
            #expect((others["reports"] as? [Any])?.isEmpty == true)
        }
        try await world.registry.drop()
    }
}
