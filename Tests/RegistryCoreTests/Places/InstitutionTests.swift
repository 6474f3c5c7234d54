import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A5.1: institutions belong to a division, and each division has at most one public data authority.
@Suite("Institutions (A5.1)")
struct InstitutionTests {
    @Test("institutions are registered in their division and listed authority first")
    func register() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let (created, listed, authority) = try await PlacesFixture.rolledBack(database) { connection in
            let store = InstitutionStore()
            let created = try store.create(
                NewInstitution(
                    uscc: PlacesFixture.regionBigDataCentreUSCC,
                    name: "内蒙古自治区大数据中心",
                    divisionCode: "150000",
                    kind: .publicInstitution
                ),
                on: connection
            )
            try store.create(
                NewInstitution(
                    uscc: PlacesFixture.regionAuthorityUSCC,
                    name: "内蒙古自治区政务服务与数据管理局",
                    divisionCode: "150000",
                    kind: .publicDataAuthority
                ),
                on: connection
            )
            return (
                created, try store.list(inDivision: "150000", on: connection),
                try store.authority(of: "150000", on: connection)
            )
        }
        #expect(created.uscc == PlacesFixture.regionBigDataCentreUSCC)
        #expect(created.kind == .publicInstitution)
        #expect(listed.map(\.kind) == [.publicDataAuthority, .publicInstitution])
        #expect(authority?.name == "内蒙古自治区政务服务与数据管理局")
        try await database.drop()
    }

    @Test("a second public data authority in a division is refused by Swift and by the database")
    func secondAuthority() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let first = NewInstitution(
            uscc: PlacesFixture.hohhotAuthorityUSCC,
            name: "呼和浩特市政务服务与数据管理局",
            divisionCode: "150100",
            kind: .publicDataAuthority
        )
        let second = NewInstitution(
            uscc: PlacesFixture.secondHohhotAuthorityUSCC,
            name: "呼和浩特市另一主管部门",
            divisionCode: "150100",
            kind: .publicDataAuthority
        )

        let violation = await #expect(throws: PlaceRuleViolation.self) {
            try await PlacesFixture.rolledBack(database) { connection in
                try InstitutionStore().create(first, on: connection)
                try InstitutionStore().create(second, on: connection)
            }
        }
        #expect(violation?.constraint == "institution_one_authority_per_division_a5_1")
        #expect(violation?.requirement == "A5.1")

        let error = await #expect(throws: PostgresError.self) {
            try await PlacesFixture.rolledBack(database) { connection in
                for institution in [first, second] {
                    try connection.query(
                        "insert into institution (uscc, name, division_code, kind) values (\(institution.uscc), \(institution.name), \(institution.divisionCode), \(institution.kind)::institution_kind)"
                    )
                }
            }
        }
        #expect(error?.sqlState == "23505")
        #expect(error?.constraint == "institution_one_authority_per_division_a5_1")

        // Another kind of institution, or an authority in another division, is fine.
        let count = try await PlacesFixture.rolledBack(database) { connection in
            let store = InstitutionStore()
            try store.create(first, on: connection)
            var other = second
            other.kind = .publicInstitution
            try store.create(other, on: connection)
            try store.create(
                NewInstitution(
                    uscc: PlacesFixture.xinchengInstitutionUSCC,
                    name: "新城区数据主管部门",
                    divisionCode: "150102",
                    kind: .publicDataAuthority
                ),
                on: connection
            )
            return try connection.query("select count(*) as n from institution").first!.decode("n", as: Int.self)
        }
        #expect(count == 3)
        try await database.drop()
    }

    @Test("an institution in an unknown division or with an invalid USCC is refused")
    func refusedInstitutions() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let violation = await #expect(throws: PlaceRuleViolation.self) {
            try await PlacesFixture.rolledBack(database) { connection in
                try InstitutionStore().create(
                    NewInstitution(
                        uscc: PlacesFixture.regionBigDataCentreUSCC,
                        name: "某机构",
                        divisionCode: "159999",
                        kind: .publicInstitution
                    ),
                    on: connection
                )
            }
        }
        #expect(violation?.constraint == "institution_division_exists_a5_1")

        // Swift names the failing check character (A14.1) before the database's domain uscc_valid_a14_1 is asked.
        let error = await #expect(throws: RegistryError.self) {
            try await PlacesFixture.rolledBack(database) { connection in
                try InstitutionStore().create(
                    NewInstitution(uscc: "11150000MB00000010", name: "某机构", divisionCode: "150000", kind: .publicInstitution),
                    on: connection
                )
            }
        }
        #expect(error?.article == "A14.1")
        #expect(error?.field == "uscc")
        let domain = await #expect(throws: PostgresError.self) {
            try await PlacesFixture.rolledBack(database) { connection in
                try connection.query(
                    "insert into institution (uscc, name, division_code, kind) values ('11150000MB00000010', '某机构', '150000', 'public_institution')"
                )
            }
        }
        #expect(domain?.constraint == "uscc_valid_a14_1")
        try await database.drop()
    }

    @Test("every change to an institution is in the audit trail (A44.1)")
    func audited() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let rows = try await PlacesFixture.rolledBack(database) { connection in
            try AuditContext(action: "institution.register").apply(on: connection)
            try InstitutionStore().create(
                NewInstitution(
                    uscc: PlacesFixture.regionAuthorityUSCC,
                    name: "内蒙古自治区政务服务与数据管理局",
                    divisionCode: "150000",
                    kind: .publicDataAuthority
                ),
                on: connection
            )
            return try connection.query(
                "select action, record_id from audit_log where entity = 'institution'"
            ).map { [try $0.decode("action", as: String.self), try $0.decode("record_id", as: String.self)] }
        }
        #expect(rows == [["institution.register", PlacesFixture.regionAuthorityUSCC]])
        try await database.drop()
    }

    @Test("labels are the regulation's terms")
    func labels() {
        #expect(InstitutionKind.allCases.map(\.label) == ["公共数据主管部门", "公共管理和服务机构", "其他提供公共服务的机构"])
    }
}
