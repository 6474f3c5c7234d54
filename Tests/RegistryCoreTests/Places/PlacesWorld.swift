import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A small registry to test who may act on institutions and platforms: the region with its authority and 大数据中心,
/// 呼和浩特市 with its authority and 新城区 (an authority and a public institution) below it, and 包头市 beside it,
/// with an account for each kind of actor.
struct PlacesWorld {
    let test: TestDatabase
    let database: RegistryDatabase
    let admin: Principal
    let committee: Principal
    let dataUser: Principal
    let regionReviewer: Principal
    let hohhotReviewer: Principal
    let hohhotPlanner: Principal
    let xinchengReviewer: Principal
    let baotouReviewer: Principal
    let xinchengClerk: Principal
    let baotouClerk: Principal

    /// A valid unified social credit code: the 17 characters given and their GB 32100 check character.
    static func uscc(_ first17: String) -> String {
        first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
    }

    static let regionAuthority = PlacesFixture.regionAuthorityUSCC
    static let regionBigDataCentre = PlacesFixture.regionBigDataCentreUSCC
    static let hohhotAuthority = PlacesFixture.hohhotAuthorityUSCC
    static let hohhotServiceOrg = uscc("52150100MJ0000007")
    static let xinchengAuthority = uscc("11150102MB0000008")
    static let xinchengInstitution = PlacesFixture.xinchengInstitutionUSCC
    static let baotouAuthority = uscc("11150200MB0000009")
    static let baotouInstitution = uscc("11150200MB0000010")
    /// Valid, never registered.
    static let unregistered = uscc("11150300MB0000011")

    static let institutions: [NewInstitution] = [
        NewInstitution(uscc: regionAuthority, name: "内蒙古自治区政务服务与数据管理局", divisionCode: "150000", kind: .publicDataAuthority),
        NewInstitution(uscc: regionBigDataCentre, name: "内蒙古自治区大数据中心", divisionCode: "150000", kind: .publicInstitution),
        NewInstitution(uscc: hohhotAuthority, name: "呼和浩特市政务服务与数据管理局", divisionCode: "150100", kind: .publicDataAuthority),
        NewInstitution(uscc: hohhotServiceOrg, name: "呼和浩特市供水总公司", divisionCode: "150100", kind: .publicServiceOrg),
        NewInstitution(uscc: xinchengAuthority, name: "新城区数据管理局", divisionCode: "150102", kind: .publicDataAuthority),
        NewInstitution(
            uscc: xinchengInstitution,
            name: "新城区卫生健康委员会",
            divisionCode: "150102",
            kind: .publicInstitution,
            securityOfficer: SecurityOfficer(name: "王五", title: "副主任", namedOn: CivilDate(iso: "2025-03-01"))
        ),
        NewInstitution(uscc: baotouAuthority, name: "包头市政务服务与数据管理局", divisionCode: "150200", kind: .publicDataAuthority),
        NewInstitution(uscc: baotouInstitution, name: "包头市教育局", divisionCode: "150200", kind: .publicInstitution),
    ]

    static func make() async throws -> PlacesWorld {
        let test = try await TestDatabase.make()
        let database = RegistryDatabase(client: test.client)
        try await database.write(AuditContext(role: "test")) { connection in
            for institution in institutions { try InstitutionStore().create(institution, on: connection) }
        }
        func actor(_ role: Role, _ institution: String? = nil, dataUser: NewDataUser? = nil) async throws -> Principal {
            let account = NewAccount(role: role, displayName: role.label, institution: institution, dataUser: dataUser)
            return try await database.actor(for: account, requestID: "req-places")
        }
        return PlacesWorld(
            test: test,
            database: database,
            admin: try await actor(.admin),
            committee: try await actor(.committee),
            dataUser: try await actor(.dataUser, dataUser: NewDataUser(kind: .otherOrganisation, name: "某研究会")),
            regionReviewer: try await actor(.reviewer, regionAuthority),
            hohhotReviewer: try await actor(.reviewer, hohhotAuthority),
            hohhotPlanner: try await actor(.planner, hohhotAuthority),
            xinchengReviewer: try await actor(.reviewer, xinchengAuthority),
            baotouReviewer: try await actor(.reviewer, baotouAuthority),
            xinchengClerk: try await actor(.clerk, xinchengInstitution),
            baotouClerk: try await actor(.clerk, baotouInstitution)
        )
    }

    func drop() async throws {
        try await test.drop()
    }

    /// Runs `body` as `actor` in one audited transaction, the way the API does.
    @discardableResult
    func write<Result: Sendable>(
        as actor: Principal,
        _ action: String,
        _ body: @escaping @Sendable (Connection) throws -> Result
    ) async throws -> Result {
        try await database.write(actor.audit(action), body)
    }

    /// The error a change refused in one audited transaction is reported with (`nil` if it was not refused).
    func refusal(
        as actor: Principal? = nil,
        _ body: @escaping @Sendable (Connection) throws -> Void
    ) async -> RegistryError? {
        do {
            try await database.write(actor?.audit("test") ?? AuditContext(role: "psql"), body)
            return nil
        } catch let error as RegistryError {
            return error
        } catch {
            Issue.record("not a RegistryError: \(error)")
            return nil
        }
    }

    /// A fingerprint of everything stored that a refused change must leave as it was: the audit trail's length and
    /// the institution and platform rows.
    func snapshot() async throws -> String {
        try await database.read { connection in
            try connection.query(
                """
                select (select count(*) from audit_log)::text || ' '
                       || (select coalesce(string_agg(i::text, ';' order by uscc), '') from institution i) || ' '
                       || (select coalesce(string_agg(p::text, ';' order by division_code), '') from platform p) as state
                """
            ).first!.decode("state", as: String.self)
        }
    }

    /// Today in Asia/Shanghai as the database sees it.
    func today() async throws -> CivilDate {
        try await database.read { try $0.query("select registry_today() as today").first!.decode("today", as: CivilDate.self) }
    }
}
