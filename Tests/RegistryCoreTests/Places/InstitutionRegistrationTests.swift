import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A5.1 / A36.1 / A38.1: registering institutions, naming their security officers, and who may do either.
@Suite("Registering institutions and naming security officers (A5.1, A36.1, A38.1)")
struct InstitutionRegistrationTests {
    private static let newUSCC = PlacesWorld.uscc("11150102MB0000012")

    private static func xinchengInstitution(_ name: String = "新城区教育局", officer: SecurityOfficer? = nil) -> NewInstitution {
        NewInstitution(uscc: newUSCC, name: name, divisionCode: "150102", kind: .publicInstitution, securityOfficer: officer)
    }

    @Test("the admin and reviewers of the division's authority or one above it register; nobody else does")
    func whoMayRegister() async throws {
        let world = try await PlacesWorld.make()
        let allowed = [world.admin, world.regionReviewer, world.hohhotReviewer, world.xinchengReviewer]
        for actor in allowed {
            let institution = try await world.write(as: actor, "institution.register") { connection in
                defer { _ = try? connection.query("delete from institution where uscc = \(Self.newUSCC)") }
                return try InstitutionStore().register(Self.xinchengInstitution(), by: actor, on: connection)
            }
            #expect(institution.registeredBy == actor.account.id, "\(actor.role) \(actor.division ?? "-")")
        }
        let before = try await world.snapshot()
        let refused = [world.baotouReviewer, world.xinchengClerk, world.hohhotPlanner, world.committee, world.dataUser]
        for actor in refused {
            let error = await world.refusal(as: actor) { try InstitutionStore().register(Self.xinchengInstitution(), by: actor, on: $0) }
            #expect(error?.code == .forbidden, "\(actor.role) \(actor.division ?? "-")")
        }
        // A league's reviewer does not register at the region's level.
        let above = NewInstitution(uscc: Self.newUSCC, name: "自治区某厅", divisionCode: "150000", kind: .publicInstitution)
        let error = await world.refusal(as: world.hohhotReviewer) {
            try InstitutionStore().register(above, by: world.hohhotReviewer, on: $0)
        }
        #expect(error?.code == .forbidden)
        #expect(try await world.snapshot() == before)
        try await world.drop()
    }

    @Test("who registered an institution is stamped from the audit context and cannot be changed (A38.1)")
    func registrarStamped() async throws {
        let world = try await PlacesWorld.make()
        let institution = try await world.write(as: world.hohhotReviewer, "institution.register") {
            try InstitutionStore().register(Self.xinchengInstitution(), by: world.hohhotReviewer, on: $0)
        }
        #expect(institution.registeredBy == world.hohhotReviewer.account.id)
        #expect(institution.securityOfficer == nil)
        let audit = try await world.database.read { connection in
            try connection.query(
                "select action, actor_role from audit_log where entity = 'institution' and record_id = \(Self.newUSCC)"
            ).map { [try $0.decode("action", as: String.self), try $0.decode("actor_role", as: String.self)] }
        }
        #expect(audit == [["institution.register", "reviewer"]])

        let before = try await world.snapshot()
        for statement: SQL in [
            "update institution set registered_by = null where uscc = \(Self.newUSCC)",
            "update institution set created_at = created_at - interval '1 day' where uscc = \(Self.newUSCC)",
        ] {
            let error = await world.refusal { try $0.query(statement) }
            #expect(error == PlaceRulesProbe.rule("institution_registration_kept_a38_1"))
            #expect(error?.article == "A38.1")
        }
        #expect(try await world.snapshot() == before)
        try await world.drop()
    }

    /// Each case: an institution the rules refuse and the article its refusal names.
    private static let refused: [(String, NewInstitution, String)] = [
        ("blank name", xinchengInstitution("  "), "A5.1"),
        ("officer without a title", xinchengInstitution(officer: SecurityOfficer(name: "赵六", title: " ")), "A36.1"),
        ("officer without a name", xinchengInstitution(officer: SecurityOfficer(name: "", title: "主任")), "A36.1"),
        ("unknown division", NewInstitution(uscc: newUSCC, name: "某局", divisionCode: "150199", kind: .publicInstitution), "A5.1"),
        ("second authority", NewInstitution(uscc: newUSCC, name: "某局", divisionCode: "150100", kind: .publicDataAuthority), "A5.1"),
    ]

    @Test("Swift and a plain SQL insert refuse the same institution with the same error, storing nothing", arguments: refused.indices)
    func sameRefusal(index: Int) async throws {
        let (label, institution, article) = Self.refused[index]
        let world = try await PlacesWorld.make()
        let before = try await world.snapshot()
        let swift = await world.refusal(as: world.admin) { try InstitutionStore().register(institution, by: world.admin, on: $0) }
        let sql = await world.refusal { connection in
            let officer = institution.securityOfficer
            try connection.query(
                """
                insert into institution (uscc, name, division_code, kind, security_officer_name, security_officer_title)
                values (\(institution.uscc), \(institution.name), \(institution.divisionCode),
                        \(institution.kind)::institution_kind, \(officer?.name), \(officer?.title))
                """
            )
        }
        #expect(swift != nil, "\(label)")
        #expect(swift == sql, "\(label)")
        #expect(swift?.code == .ruleViolation, "\(label)")
        #expect(swift?.article == article, "\(label)")
        #expect(try await world.snapshot() == before, "\(label)")
        try await world.drop()
    }

    @Test("an incomplete officer that Swift's type cannot express is refused by the database with the same rule (A36.1)")
    func incompleteOfficerInSQL() async throws {
        let world = try await PlacesWorld.make()
        let before = try await world.snapshot()
        let complete = PlaceRulesProbe.rule("institution_security_officer_complete_a36_1")
        for statement: SQL in [
            "insert into institution (uscc, name, division_code, kind, security_officer_name) values (\(Self.newUSCC), '某局', '150102', 'public_institution', '赵六')",
            "insert into institution (uscc, name, division_code, kind, security_officer_named_on) values (\(Self.newUSCC), '某局', '150102', 'public_institution', '2025-01-01')",
            "update institution set security_officer_title = null where uscc = \(PlacesWorld.xinchengInstitution)",
        ] {
            let error = await world.refusal { try $0.query(statement) }
            #expect(error == complete, "\(statement)")
            #expect(error?.field == "security_officer")
        }
        #expect(try await world.snapshot() == before)
        try await world.drop()
    }

    @Test("an invalid or already registered code is refused by Swift and by SQL alike, storing nothing (A14.1)")
    func codes() async throws {
        let world = try await PlacesWorld.make()
        let before = try await world.snapshot()
        var invalid = Self.xinchengInstitution()
        invalid.uscc = String(Self.newUSCC.dropLast()) + (Self.newUSCC.last == "0" ? "1" : "0")
        let swift = await world.refusal(as: world.admin) { [invalid] in try InstitutionStore().register(invalid, by: world.admin, on: $0) }
        let sql = await world.refusal { [invalid] in
            try $0.query(
                "insert into institution (uscc, name, division_code, kind) values (\(invalid.uscc), '新城区教育局', '150102', 'public_institution')"
            )
        }
        // Swift names the failing check character (A14.1); the database's domain can only say the code is invalid.
        #expect(swift?.article == "A14.1")
        #expect(swift?.field == "uscc")
        #expect(swift?.message.contains("第18位") == true)
        #expect(sql?.article == "A14.1")

        var again = Self.xinchengInstitution()
        again.uscc = PlacesWorld.baotouInstitution
        let duplicate = await world.refusal(as: world.admin) { [again] in try InstitutionStore().register(again, by: world.admin, on: $0) }
        let duplicateSQL = await world.refusal {
            try $0.query(
                "insert into institution (uscc, name, division_code, kind) values (\(PlacesWorld.baotouInstitution), '某局', '150102', 'public_institution')"
            )
        }
        #expect(duplicate?.code == .conflict)
        #expect(duplicateSQL?.code == .conflict)
        #expect(try await world.snapshot() == before)
        try await world.drop()
    }

    @Test("a clerk of the institution or its authority names the security officer; the day defaults to today (A36.1)")
    func securityOfficer() async throws {
        let world = try await PlacesWorld.make()
        let uscc = PlacesWorld.xinchengInstitution
        let today = try await world.today()
        for actor in [world.xinchengClerk, world.xinchengReviewer, world.hohhotReviewer, world.regionReviewer] {
            let institution = try await world.write(as: actor, "institution.security_officer") {
                try InstitutionStore().nameSecurityOfficer(SecurityOfficer(name: "李四", title: "主任"), of: uscc, by: actor, on: $0)
            }
            #expect(institution.securityOfficer == SecurityOfficer(name: "李四", title: "主任", namedOn: today))
        }
        let dated = try await world.write(as: world.xinchengClerk, "institution.security_officer") {
            try InstitutionStore().nameSecurityOfficer(
                SecurityOfficer(name: "周七", title: "副主任", namedOn: CivilDate(iso: "2025-06-30")),
                of: uscc,
                by: world.xinchengClerk,
                on: $0
            )
        }
        #expect(dated.securityOfficer?.namedOn == CivilDate(iso: "2025-06-30"))

        let before = try await world.snapshot()
        let officer = SecurityOfficer(name: "钱八", title: "主任")
        for actor in [world.baotouClerk, world.baotouReviewer, world.admin, world.hohhotPlanner, world.committee, world.dataUser] {
            let error = await world.refusal(as: actor) { try InstitutionStore().nameSecurityOfficer(officer, of: uscc, by: actor, on: $0) }
            #expect(error?.code == .forbidden, "\(actor.role) \(actor.division ?? "-")")
        }
        let unknown = await world.refusal(as: world.regionReviewer) {
            try InstitutionStore().nameSecurityOfficer(officer, of: PlacesWorld.unregistered, by: world.regionReviewer, on: $0)
        }
        #expect(unknown?.code == .notFound)

        let blank = SecurityOfficer(name: "钱八", title: "")
        let swift = await world.refusal(as: world.xinchengClerk) {
            try InstitutionStore().nameSecurityOfficer(blank, of: uscc, by: world.xinchengClerk, on: $0)
        }
        let sql = await world.refusal {
            try $0.query("update institution set security_officer_name = '钱八', security_officer_title = '' where uscc = \(uscc)")
        }
        #expect(swift == PlaceRulesProbe.rule("institution_security_officer_complete_a36_1"))
        #expect(swift == sql)
        #expect(try await world.snapshot() == before)
        try await world.drop()
    }

    @Test("an institution's full record is read by those responsible for it only")
    func readRecord() async throws {
        let world = try await PlacesWorld.make()
        let uscc = PlacesWorld.xinchengInstitution
        for actor in [
            world.admin, world.committee, world.xinchengClerk, world.xinchengReviewer, world.hohhotReviewer, world.hohhotPlanner,
            world.regionReviewer,
        ] {
            let institution = try await world.database.read { try InstitutionStore().institution(uscc, readBy: actor, on: $0) }
            #expect(institution.securityOfficer?.name == "王五", "\(actor.role) \(actor.division ?? "-")")
        }
        for actor in [world.baotouClerk, world.baotouReviewer, world.dataUser] {
            let error = await #expect(throws: RegistryError.self) {
                try await world.database.read { try InstitutionStore().institution(uscc, readBy: actor, on: $0) }
            }
            #expect(error?.code == .forbidden, "\(actor.role) \(actor.division ?? "-")")
        }
        let unknown = await #expect(throws: RegistryError.self) {
            try await world.database.read { try InstitutionStore().institution(PlacesWorld.unregistered, readBy: world.admin, on: $0) }
        }
        #expect(unknown?.code == .notFound)
        try await world.drop()
    }

    @Test("the directory filters by division and below, kind, text and security officer, one stable page at a time")
    func directory() async throws {
        let world = try await PlacesWorld.make()
        func list(_ filter: InstitutionFilter, as actor: Principal? = nil) async throws -> InstitutionListing {
            try await world.database.read { try InstitutionStore().list(filter, readBy: actor ?? world.baotouClerk, on: $0) }
        }
        let all = try await list(InstitutionFilter())
        #expect(all.total == PlacesWorld.institutions.count)
        #expect(all.institutions.map(\.divisionCode) == all.institutions.map(\.divisionCode).sorted())
        #expect(all.institutions.first?.kind == .publicDataAuthority)

        let hohhot = try await list(InstitutionFilter(division: "150100"))
        #expect(
            hohhot.institutions.map(\.uscc)
                == [PlacesWorld.hohhotAuthority, PlacesWorld.hohhotServiceOrg, PlacesWorld.xinchengAuthority, PlacesWorld.xinchengInstitution]
        )
        #expect(try await list(InstitutionFilter(division: "150102", kind: .publicInstitution)).institutions.map(\.name) == ["新城区卫生健康委员会"])
        #expect(try await list(InstitutionFilter(text: "大数据")).institutions.map(\.uscc) == [PlacesWorld.regionBigDataCentre])
        #expect(try await list(InstitutionFilter(text: "11150200mb")).total == 2)
        #expect(try await list(InstitutionFilter(text: "%")).total == 0)

        let named = try await list(InstitutionFilter(securityOfficerNamed: true))
        #expect(named.institutions.map(\.uscc) == [PlacesWorld.xinchengInstitution])
        let allNamed = named.institutions.allSatisfy { $0.securityOfficerNamed }
        #expect(allNamed)
        #expect(try await list(InstitutionFilter(securityOfficerNamed: false)).total == PlacesWorld.institutions.count - 1)

        var pages: [String] = []
        for offset in stride(from: 0, to: all.total, by: 3) {
            let page = try await list(InstitutionFilter(limit: 3, offset: offset))
            #expect(page.total == all.total)
            pages += page.institutions.map(\.uscc)
        }
        #expect(pages == all.institutions.map(\.uscc))

        let error = await #expect(throws: RegistryError.self) { try await list(InstitutionFilter(), as: world.dataUser) }
        #expect(error?.code == .forbidden)
        try await world.drop()
    }

    @Test("the compliance report lists institutions without a security officer as of a day (RP.3, A36.1)")
    func missingSecurityOfficer() async throws {
        let world = try await PlacesWorld.make()
        let today = try await world.today()
        let missing = try await world.database.read { try InstitutionStore().missingSecurityOfficer(asOf: today, on: $0) }
        #expect(missing.count == PlacesWorld.institutions.count - 1)
        #expect(!missing.contains { $0.uscc == PlacesWorld.xinchengInstitution })

        // Named only from a later day: still missing on an earlier one.
        let later = CivilDate(daysSince1970: today.daysSince1970 + 10)
        _ = try await world.write(as: world.baotouClerk, "institution.security_officer") {
            try InstitutionStore().nameSecurityOfficer(
                SecurityOfficer(name: "孙九", title: "科长", namedOn: later),
                of: PlacesWorld.baotouInstitution,
                by: world.baotouClerk,
                on: $0
            )
        }
        let (onToday, onLater) = try await world.database.read { connection in
            (
                try InstitutionStore().missingSecurityOfficer(asOf: today, on: connection).map(\.uscc),
                try InstitutionStore().missingSecurityOfficer(asOf: later, on: connection).map(\.uscc)
            )
        }
        #expect(onToday.contains(PlacesWorld.baotouInstitution))
        #expect(!onLater.contains(PlacesWorld.baotouInstitution))
        try await world.drop()
    }
}

/// The rules as the registry states them, looked up the way the database's refusals are.
enum PlaceRulesProbe {
    static func rule(_ constraint: String) -> RegistryError? {
        RuleCatalog.rule(forConstraint: constraint)?.error
    }
}
