import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import TestSupport
import Testing

/// IT projects over HTTP (A12.1): for every route, who may and may not call it.
@Suite("IT projects over HTTP")
struct ProjectsAPITests {
    typealias World = SupplyAPITests.World

    /// The part of a created project the tests read.
    struct Created: Decodable {
        var id: String
    }

    static let project = """
        {"institution": "\(SupplyAPITests.hohhotHealth)", "name": "疫苗接种系统", "funding_kind": "fiscal",
         "approved_on": "2026-02-01", "accepted_on": "2026-08-01"}
        """

    @Test("POST /it-projects and PATCH /it-projects/{id}: only the institution's clerk; dates out of order refused")
    func registerAndRecord() async throws {
        let world = try await World.make()
        try await world.registry.test { client async throws in
            #expect(try await world.send(client, .post, "/api/v1/it-projects", as: nil, body: Self.project).status == .unauthorized)
            let before = try await world.snapshot()
            for actor in ["policeClerk", "hohhotReviewer", "committee", "admin", "dataUser"] {
                #expect(try await world.send(client, .post, "/api/v1/it-projects", as: actor, body: Self.project).status == .forbidden, "\(actor)")
            }
            let early = Self.project.replacingOccurrences(of: "2026-08-01", with: "2026-01-01")
            let refused = try await world.send(client, .post, "/api/v1/it-projects", as: "healthClerk", body: early)
            #expect(refused.status == .unprocessableContent)
            let error = try SupplyAPITests.error(refused.text)
            #expect(error.article == "A12.1")
            #expect(error.field == "accepted_on")
            #expect(try await world.snapshot() == before)

            let created = try await world.send(client, .post, "/api/v1/it-projects", as: "healthClerk", body: Self.project)
            #expect(created.status == .created)
            let id = try JSONDecoder().decode(Created.self, from: Data(created.text.utf8)).id
            let uri = "/api/v1/it-projects/\(id)"
            let steps = "{\"catalog_updated_on\": \"2026-07-30\", \"data_aggregated_on\": \"2026-07-31\"}"
            #expect(try await world.send(client, .patch, uri, as: nil, body: steps).status == .unauthorized)
            for actor in ["policeClerk", "hohhotReviewer", "committee", "admin", "dataUser"] {
                #expect(try await world.send(client, .patch, uri, as: actor, body: steps).status == .forbidden, "\(actor)")
            }
            #expect(try await world.send(client, .patch, "/api/v1/it-projects/\(UUID())", as: "healthClerk", body: steps).status == .notFound)
            let recorded = try await world.send(client, .patch, uri, as: "healthClerk", body: steps)
            #expect(recorded.status == .ok)
            #expect(recorded.text.contains("\"data_aggregated_on\":\"2026-07-31\""))
            let backwards = try await world.send(client, .patch, uri, as: "healthClerk", body: "{\"catalog_updated_on\": \"2026-01-01\"}")
            #expect(backwards.status == .unprocessableContent)
        }
        try await world.drop()
    }

    @Test("GET /it-projects and /it-project-findings: clerks their institution's, reviewers their division's; data users none")
    func listings() async throws {
        let world = try await World.make()
        try await world.registry.test { client async throws in
            #expect(try await world.send(client, .post, "/api/v1/it-projects", as: "healthClerk", body: Self.project).status == .created)
            let regionProject = """
                {"institution": "\(SupplyAPITests.regionHealth)", "name": "区级系统", "funding_kind": "purchased_service",
                 "approved_on": "2026-02-01", "catalog_submitted_on": "2026-01-20"}
                """
            #expect(try await world.send(client, .post, "/api/v1/it-projects", as: "regionClerk", body: regionProject).status == .created)
            for path in ["/api/v1/it-projects", "/api/v1/it-project-findings"] {
                #expect(try await world.send(client, .get, path, as: nil).status == .unauthorized)
                #expect(try await world.send(client, .get, path, as: "dataUser").status == .forbidden)
                #expect(
                    try await world.send(client, .get, "\(path)?institution=\(SupplyAPITests.regionHealth)", as: "healthClerk").status == .forbidden
                )
                #expect(try await world.send(client, .get, "\(path)?division=150000", as: "hohhotReviewer").status == .forbidden)
                let own = try await world.send(client, .get, path, as: "healthClerk")
                #expect(own.status == .ok)
                #expect(own.text.contains("疫苗接种系统") && !own.text.contains("区级系统"))
                let division = try await world.send(client, .get, path, as: "hohhotReviewer")
                #expect(division.text.contains("疫苗接种系统") && !division.text.contains("区级系统"))
                for actor in ["regionReviewer", "hohhotPlanner", "committee", "admin", "policeClerk"] {
                    #expect(try await world.send(client, .get, path, as: actor).status == .ok, "\(actor) \(path)")
                }
            }
            let findings = try await world.send(client, .get, "/api/v1/it-project-findings", as: "committee")
            #expect(findings.text.contains("\"finding\":\"catalog_not_submitted\""))
            #expect(findings.text.contains("\"finding\":\"data_not_aggregated\""))
            #expect(findings.text.contains("\"article\":\"A12.1\""))
            #expect(findings.text.contains("\"total\":3"))
        }
        try await world.drop()
    }

    @Test("a date the calendar cannot count is refused; a stored one fails no report; the owner corrects it, audited")
    func datesOutsideTheCalendar() async throws {
        let world = try await World.make()
        try await world.registry.test { client async throws in
            // Refused on write, naming the field: 2023 lies before the first loaded year (W.2).
            let old = Self.project.replacingOccurrences(of: "2026-02-01", with: "2023-06-01")
            let refused = try await world.send(client, .post, "/api/v1/it-projects", as: "healthClerk", body: old)
            #expect(refused.status == .unprocessableContent)
            let error = try SupplyAPITests.error(refused.text)
            #expect(error.field == "approved_on" && error.article == "W.2", "\(refused.text)")

            // A row stored before the rule existed (written here with the rule's trigger off).
            let created = try await world.send(client, .post, "/api/v1/it-projects", as: "healthClerk", body: Self.project)
            let id = try JSONDecoder().decode(Created.self, from: Data(created.text.utf8)).id
            try world.registry.database.withAdminConnection { connection in
                try connection.execute(
                    script: """
                        alter table it_project disable trigger it_project_dates_in_calendar;
                        update it_project set approved_on = '2023-06-01', accepted_on = '2023-09-01' where id = '\(id)';
                        alter table it_project enable trigger it_project_dates_in_calendar;
                        """
                )
            }
            for division in ["150000", "150100", "150200"] {
                let report = try await world.send(
                    client,
                    .get,
                    "/api/v1/reports/compliance?as_of=2026-11-30&division=\(division)&format=md",
                    as: "committee"
                )
                #expect(report.status == .ok, "\(division): \(report.text)")
                #expect(report.text.contains("无法计算逾期工作日") == (division != "150200"), "\(division)")
            }

            // The owner corrects the dates, with a reason; no one else may.
            let uri = "/api/v1/it-projects/\(id)/dates"
            let dates = #"{"approved_on": "2024-06-01", "accepted_on": "2024-09-01", "reason": "立项日期录入错误"}"#
            for actor in ["policeClerk", "hohhotReviewer", "committee", "admin", "dataUser"] {
                #expect(try await world.send(client, .put, uri, as: actor, body: dates).status == .forbidden, "\(actor)")
            }
            let unexplained = try await world.send(client, .put, uri, as: "healthClerk", body: #"{"approved_on": "2024-06-01", "reason": " "}"#)
            #expect(unexplained.status == .unprocessableContent)
            #expect(try SupplyAPITests.error(unexplained.text).field == "reason")
            let stillOld = try await world.send(
                client,
                .put,
                uri,
                as: "healthClerk",
                body: #"{"approved_on": "2023-06-01", "reason": "再改"}"#
            )
            #expect(try SupplyAPITests.error(stillOld.text).field == "approved_on")
            let corrected = try await world.send(client, .put, uri, as: "healthClerk", body: dates)
            #expect(corrected.status == .ok, "\(corrected.text)")
            #expect(corrected.text.contains("\"approved_on\":\"2024-06-01\"") && corrected.text.contains("立项日期录入错误"))
            let report = try await world.send(
                client,
                .get,
                "/api/v1/reports/compliance?as_of=2026-11-30&division=150100&format=md",
                as: "committee"
            )
            #expect(!report.text.contains("无法计算逾期工作日"))
            let audited = try await world.registry.registry.read { connection in
                try connection.query(
                    "select count(*)::int as n from audit_log where action = 'it_project.correct_dates' and record_id = lower(\(id))"
                ).first!.decode("n", as: Int.self)
            }
            #expect(audited == 1)
        }
        try await world.drop()
    }
}
