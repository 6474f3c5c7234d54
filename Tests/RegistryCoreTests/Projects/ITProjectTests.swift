import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("IT projects paid with public money and their findings (A12.1)")
struct ITProjectTests {
    typealias F = SupplyFixture

    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    private func project(
        _ name: String,
        approved: String,
        submitted: String? = nil,
        accepted: String? = nil,
        updated: String? = nil,
        aggregated: String? = nil,
        institution: String = F.hohhotHealth
    ) -> NewITProject {
        NewITProject(
            institution: institution,
            name: name,
            fundingKind: .fiscal,
            approvedOn: Self.day(approved),
            catalogSubmittedOn: submitted.map(Self.day),
            acceptedOn: accepted.map(Self.day),
            catalogUpdatedOn: updated.map(Self.day),
            dataAggregatedOn: aggregated.map(Self.day)
        )
    }

    /// A plain SQL insert of a project approved on 2026-03-01, with one more column set.
    private func insertSQL(_ name: String, _ column: String = "description", _ value: String? = nil) -> SQL {
        """
        insert into it_project (institution_uscc, name, funding_kind, approved_on, \(unescaped: column))
        values (\(F.hohhotHealth), \(name), 'fiscal', '2026-03-01', \(value))
        """
    }

    @Test("each missing or late step is a finding with the article and the institution responsible")
    func findings() async throws {
        let fixture = try await F.make()
        let clerk = try await fixture.actor(.clerk, of: F.hohhotHealth)
        let workflow = ITProjectWorkflow(database: fixture.database)
        let compliant = try await workflow.register(
            project(
                "健康档案系统",
                approved: "2026-01-10",
                submitted: "2026-01-05",
                accepted: "2026-06-30",
                updated: "2026-06-20",
                aggregated: "2026-06-30"
            ),
            by: clerk
        )
        #expect(compliant.fundingKind == .fiscal)
        let building = try await workflow.register(project("预约挂号系统", approved: "2026-03-01", submitted: "2026-03-01"), by: clerk)
        let missing = try await workflow.register(project("疫苗接种系统", approved: "2026-02-01", accepted: "2026-08-01"), by: clerk)
        let late = try await workflow.register(
            project(
                "医保结算系统",
                approved: "2026-02-01",
                submitted: "2026-02-10",
                accepted: "2026-08-01",
                updated: "2026-08-02",
                aggregated: "2026-08-03"
            ),
            by: clerk
        )

        let result = try await workflow.findings(OversightFilter(), page: ListingPage(), by: clerk)
        let found = Set(result.items.map { "\($0.projectName) \($0.finding)" })
        #expect(
            found == [
                "疫苗接种系统 catalog_not_submitted", "疫苗接种系统 catalog_not_updated", "疫苗接种系统 data_not_aggregated",
                "医保结算系统 catalog_submitted_late", "医保结算系统 catalog_updated_late", "医保结算系统 data_aggregated_late",
            ]
        )
        #expect(result.items.allSatisfy { $0.article == "A12.1" && $0.institution == F.hohhotHealth && $0.divisionCode == "150100" })
        let lateUpdate = result.items.first { $0.projectID == late.id && $0.finding == "catalog_updated_late" }
        #expect(lateUpdate?.dueOn == Self.day("2026-08-01"))
        #expect(lateUpdate?.doneOn == Self.day("2026-08-02"))
        #expect(!result.items.contains { $0.projectID == compliant.id || $0.projectID == building.id })

        // Recording the missing steps before acceptance clears the findings, except the late catalog.
        let done = try await workflow.record(
            ITProjectSteps(
                catalogSubmittedOn: Self.day("2026-02-03"),
                catalogUpdatedOn: Self.day("2026-07-30"),
                dataAggregatedOn: Self.day("2026-07-31")
            ),
            project: missing.id,
            by: clerk
        )
        #expect(done.catalogUpdatedOn == Self.day("2026-07-30"))
        let after = try await workflow.findings(OversightFilter(), page: ListingPage(), by: clerk)
        #expect(after.items.filter { $0.projectID == missing.id }.map(\.finding) == ["catalog_submitted_late"])
        try await fixture.drop()
    }

    @Test("dates out of order and a blank name are refused by Swift and SQL alike, and change nothing")
    func refusals() async throws {
        let fixture = try await F.make()
        let clerk = try await fixture.actor(.clerk, of: F.hohhotHealth)
        let workflow = ITProjectWorkflow(database: fixture.database)
        let cases: [(NewITProject, SQL, String)] = [
            (
                project("甲", approved: "2026-03-01", accepted: "2026-02-28"),
                insertSQL("甲", "accepted_on", "2026-02-28"),
                "accepted_on"
            ),
            (
                project("乙", approved: "2026-03-01", updated: "2026-02-01"),
                insertSQL("乙", "catalog_updated_on", "2026-02-01"),
                "catalog_updated_on"
            ),
            (
                project("丙", approved: "2026-03-01", aggregated: "2026-01-01"),
                insertSQL("丙", "data_aggregated_on", "2026-01-01"),
                "data_aggregated_on"
            ),
            (
                project("  ", approved: "2026-03-01"),
                insertSQL("  "),
                "name"
            ),
        ]
        for (input, statement, field) in cases {
            let swift = await #expect(throws: RegistryError.self) { try await workflow.register(input, by: clerk) }
            let sql = await fixture.refusal(statement)
            #expect(swift?.article == "A12.1")
            #expect(swift?.field == field)
            #expect(swift == sql)
        }
        #expect(try await fixture.count("it_project") == 0)

        let project = try await workflow.register(project("丁", approved: "2026-03-01"), by: clerk)
        let swift = await #expect(throws: RegistryError.self) {
            try await workflow.record(ITProjectSteps(acceptedOn: Self.day("2026-01-01")), project: project.id, by: clerk)
        }
        let sql = await fixture.refusal("update it_project set accepted_on = '2026-01-01' where id = \(project.id)")
        #expect(swift == sql)
        let moved = await fixture.refusal("update it_project set institution_uscc = \(F.hohhotPolice) where id = \(project.id)")
        #expect(moved?.article == "A12.1")
        #expect(moved?.field == "institution")
        try await fixture.drop()
    }

    @Test("a clerk registers and records only its own institution's projects; listings stay within what each oversees")
    func whoMay() async throws {
        let fixture = try await F.make()
        let workflow = ITProjectWorkflow(database: fixture.database)
        let clerk = try await fixture.actor(.clerk, of: F.hohhotHealth)
        let hohhot = try await workflow.register(project("市级系统", approved: "2026-01-01"), by: clerk)
        let xincheng = try await workflow.register(
            project("区级系统", approved: "2026-01-01", institution: F.xinchengHealth),
            by: try await fixture.actor(.clerk, of: F.xinchengHealth)
        )
        _ = try await workflow.register(
            project("区域系统", approved: "2026-01-01", institution: F.regionHealth),
            by: try await fixture.actor(.clerk, of: F.regionHealth)
        )

        for actor in [
            try await fixture.actor(.clerk, of: F.hohhotPolice), try await fixture.actor(.reviewer, of: F.hohhotAuthority),
            try await fixture.actor(.committee), try await fixture.actor(.admin), try await fixture.actor(.dataUser),
        ] {
            let register = await #expect(throws: RegistryError.self) { try await workflow.register(project("别家", approved: "2026-01-01"), by: actor) }
            #expect(register?.code == .forbidden)
            let record = await #expect(throws: RegistryError.self) {
                try await workflow.record(ITProjectSteps(acceptedOn: Self.day("2026-05-01")), project: hohhot.id, by: actor)
            }
            #expect(record?.code == .forbidden)
        }
        #expect(try await workflow.list(OversightFilter(), page: ListingPage(), by: clerk).items.map(\.id) == [hohhot.id])
        let reviewer = try await fixture.actor(.reviewer, of: F.hohhotAuthority)
        #expect(Set(try await workflow.list(OversightFilter(), page: ListingPage(), by: reviewer).items.map(\.id)) == [hohhot.id, xincheng.id])
        #expect(try await workflow.list(OversightFilter(), page: ListingPage(), by: try await fixture.actor(.committee)).total == 3)
        let refused = await #expect(throws: RegistryError.self) {
            try await workflow.findings(OversightFilter(institution: F.regionHealth), page: ListingPage(), by: reviewer)
        }
        #expect(refused?.code == .forbidden)
        try await fixture.drop()
    }
}
