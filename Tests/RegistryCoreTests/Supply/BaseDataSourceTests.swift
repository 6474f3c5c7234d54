import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("One datum, one source: source claims, conflicts, duplicate collection (A13.2, A13.3, A18.1)")
struct BaseDataSourceTests {
    typealias F = SupplyFixture

    private func claim(
        _ kind: String,
        for institution: String,
        by actor: Principal,
        division: String? = nil,
        in fixture: SupplyFixture
    ) async throws -> BaseDataSourceClaim {
        try await BaseDataSourceWorkflow(database: fixture.database)
            .claim(NewBaseDataSourceClaim(baseDataKindCode: kind, institution: institution, divisionCode: division), by: actor)
    }

    private func insertClaimSQL(_ kind: String, _ division: String, _ institution: String, status: String) -> SQL {
        """
        insert into base_data_source (base_data_kind_code, division_code, institution_uscc, claimed_on, status)
        values (\(kind), \(division), \(institution), '2026-01-05', \(status)::base_data_source_status)
        """
    }

    @Test("the first claim is accepted; a competing claim is recorded as a conflict, listed, and refused naming the source")
    func competingClaimIsConflict() async throws {
        let fixture = try await F.make()
        let police = try await fixture.actor(.clerk, of: F.hohhotPolice)
        let health = try await fixture.actor(.clerk, of: F.hohhotHealth)
        let accepted = try await claim("household_registration", for: F.hohhotPolice, by: police, in: fixture)
        #expect(accepted.status == .accepted)
        #expect(accepted.divisionCode == "150100")
        #expect(accepted.currentSource == F.hohhotPolice)

        let refused = await #expect(throws: BaseDataSourceConflict.self) {
            try await claim("household_registration", for: F.hohhotHealth, by: health, in: fixture)
        }
        let error = refused?.registryError
        #expect(error?.code == .ruleViolation)
        #expect(error?.article == "A13.2")
        #expect(error?.field == "institution")
        #expect(error?.message.contains("呼和浩特市公安局") == true)
        #expect(error?.message.contains(F.hohhotPolice) == true)
        #expect(refused?.claim.status == .conflict)
        #expect(refused?.claim.competingClaimID == accepted.id)

        let reviewer = try await fixture.actor(.reviewer, of: F.hohhotAuthority)
        let conflicts = try await BaseDataSourceWorkflow(database: fixture.database).list(
            BaseDataSourceStore.Filter(status: .conflict),
            page: ListingPage(),
            by: reviewer
        )
        #expect(conflicts.total == 1)
        #expect(conflicts.items.first?.institution == F.hohhotHealth)
        #expect(conflicts.items.first?.currentSourceName == "呼和浩特市公安局")
        try await fixture.drop()
    }

    @Test("a second accepted source is refused by Swift and by plain SQL with the same rule, and SQL changes nothing")
    func secondSourceRefusedAlike() async throws {
        let fixture = try await F.make()
        let police = try await fixture.actor(.clerk, of: F.hohhotPolice)
        let health = try await fixture.actor(.clerk, of: F.hohhotHealth)
        _ = try await claim("birth_death_registration", for: F.hohhotPolice, by: police, in: fixture)
        let swift = await #expect(throws: BaseDataSourceConflict.self) {
            try await claim("birth_death_registration", for: F.hohhotHealth, by: health, in: fixture)
        }
        let before = try await fixture.count("base_data_source")
        let sql = await fixture.refusal(insertClaimSQL("birth_death_registration", "150100", F.hohhotAuthority, status: "accepted"))
        #expect(sql == RegistryError(.ruleViolation, "一数一源:每类基础数据在一个行政区划只有一个数源部门。", field: "institution", article: "A13.2"))
        #expect(swift?.registryError.sameRule(as: sql) == true)
        #expect(swift?.registryError.message.hasPrefix(sql?.message ?? "-") == true)
        #expect(try await fixture.count("base_data_source") == before)
        try await fixture.drop()
    }

    @Test("an institution claims only base data of its own division, in Swift and SQL alike")
    func ownDivisionOnly() async throws {
        let fixture = try await F.make()
        let police = try await fixture.actor(.clerk, of: F.hohhotPolice)
        let swift = await #expect(throws: RegistryError.self) {
            try await claim("household_registration", for: F.hohhotPolice, by: police, division: "150000", in: fixture)
        }
        let sql = await fixture.refusal(insertClaimSQL("household_registration", "150000", F.hohhotPolice, status: "accepted"))
        #expect(swift?.article == "A13.2")
        #expect(swift?.field == "division_code")
        #expect(swift == sql)
        #expect(try await fixture.count("base_data_source") == 0)
        try await fixture.drop()
    }

    @Test("an unknown base data kind is refused in Swift and SQL alike")
    func unknownKind() async throws {
        let fixture = try await F.make()
        let police = try await fixture.actor(.clerk, of: F.hohhotPolice)
        let swift = await #expect(throws: RegistryError.self) {
            try await claim("horoscopes", for: F.hohhotPolice, by: police, in: fixture)
        }
        let sql = await fixture.refusal(insertClaimSQL("horoscopes", "150100", F.hohhotPolice, status: "accepted"))
        #expect(swift?.field == "base_data_kind_code")
        #expect(swift == sql)
        try await fixture.drop()
    }

    @Test("an institution with a pending conflict cannot claim again, in Swift and SQL alike")
    func onePendingClaim() async throws {
        let fixture = try await F.make()
        let police = try await fixture.actor(.clerk, of: F.hohhotPolice)
        let health = try await fixture.actor(.clerk, of: F.hohhotHealth)
        _ = try await claim("health", for: F.hohhotPolice, by: police, in: fixture)
        await #expect(throws: BaseDataSourceConflict.self) { try await claim("health", for: F.hohhotHealth, by: health, in: fixture) }
        let swift = await #expect(throws: RegistryError.self) { try await claim("health", for: F.hohhotHealth, by: health, in: fixture) }
        let sql = await fixture.refusal(insertClaimSQL("health", "150100", F.hohhotHealth, status: "conflict"))
        #expect(swift?.article == "A13.2")
        #expect(swift == sql)
        let again = await #expect(throws: RegistryError.self) { try await claim("health", for: F.hohhotPolice, by: police, in: fixture) }
        #expect(again == swift)
        #expect(try await fixture.count("base_data_source") == 2)
        try await fixture.drop()
    }

    @Test("the database routes a claim without a status and refuses a second open claim, for Swift and SQL alike (A13.2)")
    func claimRoutedByDatabase() async throws {
        let fixture = try await F.make()
        let police = try await fixture.actor(.clerk, of: F.hohhotPolice)
        let health = try await fixture.actor(.clerk, of: F.hohhotHealth)
        let routedSQL = { (institution: String) -> SQL in
            """
            insert into base_data_source (base_data_kind_code, division_code, institution_uscc, claimed_on)
            values ('social_security_subsistence', '150100', \(institution), '2026-01-05')
            """
        }
        let claims = Fingerprint([.init("base_data_source", orderedBy: "id")])
        let oneOpenClaim = RuleCatalog.rule(forConstraint: "base_data_source_one_open_claim_a13_2")?.error
        try await runAsPsql([routedSQL(F.hohhotPolice)], on: fixture.database)
        let source = try await fixture.database.read {
            try BaseDataSourceStore().list(BaseDataSourceStore.Filter(baseDataKindCode: "social_security_subsistence"), page: ListingPage(), on: $0)
        }
        #expect(source.items.map(\.status) == [.accepted])
        // The source claims again: by the workflow, by plain SQL routed or stating a status, the same refusal.
        for sql in [routedSQL(F.hohhotPolice), insertClaimSQL("social_security_subsistence", "150100", F.hohhotPolice, status: "accepted")] {
            try await expectSameRefusal(
                oneOpenClaim,
                swift: { _ = try await claim("social_security_subsistence", for: F.hohhotPolice, by: police, in: fixture) },
                sql: { try await runAsPsql([sql], on: fixture.database) },
                unchanged: { try await claims.read(on: fixture.database) }
            )
        }
        // Another institution's claim becomes a conflict with the source, and it too claims only once.
        try await runAsPsql([routedSQL(F.hohhotHealth)], on: fixture.database)
        let conflicts = try await fixture.database.read {
            try BaseDataSourceStore().list(BaseDataSourceStore.Filter(status: .conflict), page: ListingPage(), on: $0)
        }
        #expect(conflicts.items.map(\.institution) == [F.hohhotHealth])
        #expect(conflicts.items.first?.competingClaimID == source.items.first?.id)
        try await expectSameRefusal(
            oneOpenClaim,
            swift: { _ = try await claim("social_security_subsistence", for: F.hohhotHealth, by: health, in: fixture) },
            sql: { try await runAsPsql([routedSQL(F.hohhotHealth)], on: fixture.database) },
            unchanged: { try await claims.read(on: fixture.database) }
        )
        try await fixture.drop()
    }

    @Test("a clerk claims only for its own institution; the division's reviewer designates; nobody else does")
    func whoMayClaim() async throws {
        let fixture = try await F.make()
        let workflow = BaseDataSourceWorkflow(database: fixture.database)
        let claimPolice = NewBaseDataSourceClaim(baseDataKindCode: "marriage_registration", institution: F.hohhotPolice)
        for actor in [
            try await fixture.actor(.clerk, of: F.hohhotHealth), try await fixture.actor(.reviewer, of: F.regionAuthority),
            try await fixture.actor(.reviewer, of: F.xinchengAuthority), try await fixture.actor(.planner, of: F.hohhotAuthority),
            try await fixture.actor(.committee), try await fixture.actor(.admin), try await fixture.actor(.dataUser),
        ] {
            let refused = await #expect(throws: RegistryError.self) { try await workflow.claim(claimPolice, by: actor) }
            #expect(refused?.code == .forbidden, "\(actor.role)")
        }
        #expect(try await fixture.count("base_data_source") == 0)
        let designated = try await workflow.claim(claimPolice, by: try await fixture.actor(.reviewer, of: F.hohhotAuthority))
        #expect(designated.status == .accepted)
        try await fixture.drop()
    }

    @Test("the division's authority accepts a conflict: the previous source ends and there is still one source")
    func acceptConflict() async throws {
        let fixture = try await F.make()
        let workflow = BaseDataSourceWorkflow(database: fixture.database)
        let first = try await claim("education", for: F.hohhotPolice, by: try await fixture.actor(.clerk, of: F.hohhotPolice), in: fixture)
        let conflict = await #expect(throws: BaseDataSourceConflict.self) {
            try await claim("education", for: F.hohhotHealth, by: try await fixture.actor(.clerk, of: F.hohhotHealth), in: fixture)
        }
        let conflictID = try #require(conflict?.claim.id)
        let resolution = BaseDataSourceResolution(decision: .accept, note: "经协调由卫健委采集")
        for outsider in [try await fixture.actor(.reviewer, of: F.regionAuthority), try await fixture.actor(.clerk, of: F.hohhotHealth)] {
            let refused = await #expect(throws: RegistryError.self) { try await workflow.resolve(conflictID, resolution, by: outsider) }
            #expect(refused?.code == .forbidden)
        }
        let reviewer = try await fixture.actor(.reviewer, of: F.hohhotAuthority)
        let accepted = try await workflow.resolve(conflictID, resolution, by: reviewer)
        let today = try await fixture.today()
        #expect(accepted.status == .accepted)
        #expect(accepted.resolvedOn == today)
        #expect(accepted.resolverInstitution == F.hohhotAuthority)
        #expect(accepted.currentSource == F.hohhotHealth)
        let ended = try await fixture.database.read { try BaseDataSourceStore().get(first.id, on: $0) }
        #expect(ended?.status == .ended)
        #expect(ended?.endedOn == today)
        let sources = try await workflow.list(
            BaseDataSourceStore.Filter(baseDataKindCode: "education", status: .accepted),
            page: ListingPage(),
            by: reviewer
        )
        #expect(sources.items.map(\.institution) == [F.hohhotHealth])

        let again = await #expect(throws: RegistryError.self) { try await workflow.resolve(conflictID, resolution, by: reviewer) }
        #expect(again?.article == "A13.2")
        try await fixture.drop()
    }

    @Test("a dismissed conflict leaves the source in place and cannot be accepted later, in Swift and SQL alike")
    func dismissConflict() async throws {
        let fixture = try await F.make()
        let workflow = BaseDataSourceWorkflow(database: fixture.database)
        _ = try await claim("disability_registration", for: F.hohhotPolice, by: try await fixture.actor(.clerk, of: F.hohhotPolice), in: fixture)
        let conflict = await #expect(throws: BaseDataSourceConflict.self) {
            try await claim("disability_registration", for: F.hohhotHealth, by: try await fixture.actor(.clerk, of: F.hohhotHealth), in: fixture)
        }
        let conflictID = try #require(conflict?.claim.id)
        let reviewer = try await fixture.actor(.reviewer, of: F.hohhotAuthority)
        let dismissed = try await workflow.resolve(conflictID, BaseDataSourceResolution(decision: .dismiss), by: reviewer)
        #expect(dismissed.status == .dismissed)
        #expect(dismissed.currentSource == F.hohhotPolice)

        let swift = await #expect(throws: RegistryError.self) {
            try await workflow.resolve(conflictID, BaseDataSourceResolution(decision: .accept), by: reviewer)
        }
        let sql = await fixture.refusal(
            "update base_data_source set status = 'accepted', resolver_institution = \(F.hohhotAuthority) where id = \(conflictID)"
        )
        #expect(swift?.article == "A13.2")
        #expect(swift?.field == "status")
        #expect(swift == sql)
        try await fixture.drop()
    }

    @Test("plain SQL cannot resolve a conflict without the division's authority, nor delete a claim")
    func sqlGuards() async throws {
        let fixture = try await F.make()
        _ = try await claim("health", for: F.hohhotPolice, by: try await fixture.actor(.clerk, of: F.hohhotPolice), in: fixture)
        let conflict = await #expect(throws: BaseDataSourceConflict.self) {
            try await claim("health", for: F.hohhotHealth, by: try await fixture.actor(.clerk, of: F.hohhotHealth), in: fixture)
        }
        let conflictID = try #require(conflict?.claim.id)
        let wrongResolver = await fixture.refusal(
            "update base_data_source set status = 'accepted', resolver_institution = \(F.regionAuthority) where id = \(conflictID)"
        )
        #expect(wrongResolver?.article == "A13.2")
        #expect(wrongResolver?.field == "resolver_institution")
        let deletion = await fixture.refusal("delete from base_data_source")
        #expect(deletion?.article == "A13.2")
        #expect(deletion?.message.contains("历史") == true)
        let orphanConflict = await fixture.refusal(insertClaimSQL("education", "150100", F.hohhotHealth, status: "conflict"))
        #expect(orphanConflict?.field == "status")
        #expect(try await fixture.count("base_data_source") == 2)
        try await fixture.drop()
    }

    @Test("an item declaring base data sourced by another institution is flagged, with the nearest division's source")
    func duplicateCollectionFlagged() async throws {
        let fixture = try await F.make()
        let workflow = BaseDataSourceWorkflow(database: fixture.database)
        let regionReviewer = try await fixture.actor(.reviewer, of: F.regionAuthority)
        let hohhotReviewer = try await fixture.actor(.reviewer, of: F.hohhotAuthority)
        _ = try await workflow.claim(
            NewBaseDataSourceClaim(baseDataKindCode: "marriage_registration", institution: F.regionPolice),
            by: regionReviewer
        )
        _ = try await workflow.claim(
            NewBaseDataSourceClaim(baseDataKindCode: "household_registration", institution: F.hohhotPolice),
            by: hohhotReviewer
        )

        let ownData = F.ItemSpec(code: "HP-1", baseDataKind: "household_registration")
        try await fixture.publish([ownData], by: F.hohhotPolice)
        let copied = try await fixture.publish(F.ItemSpec(code: "HH-1", name: "户籍人口", baseDataKind: "household_registration"), by: F.hohhotHealth)
        let marriage = try await fixture.publish(F.ItemSpec(code: "XC-1", name: "婚姻状况", baseDataKind: "marriage_registration"), by: F.xinchengHealth)
        try await fixture.publish(F.ItemSpec(code: "HH-2", name: "无基础数据"), by: F.hohhotHealth)

        let all = try await workflow.duplicateCollection(OversightFilter(), page: ListingPage(), by: try await fixture.actor(.committee))
        #expect(all.total == 2)
        let flagged = Dictionary(uniqueKeysWithValues: all.items.map { ($0.itemID, $0) })
        #expect(flagged[copied.itemID]?.source == F.hohhotPolice)
        #expect(flagged[copied.itemID]?.article == "A13.3")
        #expect(flagged[marriage.itemID]?.source == F.regionPolice)
        #expect(flagged[marriage.itemID]?.sourceDivisionCode == "150000")

        // A league/city source is nearer to a banner/county item than the region's.
        _ = try await workflow.claim(
            NewBaseDataSourceClaim(baseDataKindCode: "marriage_registration", institution: F.hohhotHealth),
            by: hohhotReviewer
        )
        let nearer = try await workflow.duplicateCollection(OversightFilter(division: "150102"), page: ListingPage(), by: hohhotReviewer)
        #expect(nearer.items.map(\.source) == [F.hohhotHealth])

        let ownOnly = try await workflow.duplicateCollection(
            OversightFilter(),
            page: ListingPage(),
            by: try await fixture.actor(.clerk, of: F.hohhotHealth)
        )
        #expect(ownOnly.items.map(\.itemID) == [copied.itemID])
        let refused = await #expect(throws: RegistryError.self) {
            try await workflow.duplicateCollection(OversightFilter(division: "150000"), page: ListingPage(), by: hohhotReviewer)
        }
        #expect(refused?.code == .forbidden)
        try await fixture.drop()
    }

    @Test("the base databases of A18 are listed with their base data kinds")
    func baseDatabases() async throws {
        let fixture = try await F.make()
        let databases = try await BaseDataSourceWorkflow(database: fixture.database).baseDatabases()
        #expect(databases.map(\.code) == ["natural_person", "legal_person", "electronic_licence", "social_credit", "natural_resources_spatial"])
        #expect(databases.first?.kinds.count == 11)
        #expect(databases.first?.kinds.first?.name == "户籍登记数据")
        #expect(databases[1].kinds.count == 8)
        try await fixture.drop()
    }
}
