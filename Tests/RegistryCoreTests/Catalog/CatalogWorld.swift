import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A small registry to test the catalog: the region's authority; 呼和浩特市 with its authority and a city institution;
/// 新城区 below it with its authority and two institutions; 回民区 beside it with its authority and one institution —
/// and an account for each actor the catalog knows.
struct CatalogWorld {
    let test: TestDatabase
    let database: RegistryDatabase
    let regionReviewer: Principal
    let hohhotReviewer: Principal
    let xinchengReviewer: Principal
    let huiminReviewer: Principal
    let healthClerk: Principal
    let educationClerk: Principal
    let huiminClerk: Principal
    let transportClerk: Principal

    /// A valid unified social credit code: the 17 characters given and their GB 32100 check character.
    static func uscc(_ first17: String) -> String {
        first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
    }

    static let regionAuthority = uscc("11150000MB0000101")
    static let hohhotAuthority = uscc("11150100MB0000102")
    static let hohhotTransport = uscc("11150100MB0000103")
    static let xinchengAuthority = uscc("11150102MB0000104")
    static let xinchengHealth = uscc("11150102MB0000105")
    static let xinchengEducation = uscc("11150102MB0000106")
    static let huiminAuthority = uscc("11150103MB0000107")
    static let huiminCivilAffairs = uscc("11150103MB0000108")
    /// Valid, never registered.
    static let unregistered = uscc("11150104MB0000109")

    static let institutions: [NewInstitution] = [
        NewInstitution(uscc: regionAuthority, name: "内蒙古自治区政务服务与数据管理局", divisionCode: "150000", kind: .publicDataAuthority),
        NewInstitution(uscc: hohhotAuthority, name: "呼和浩特市政务服务与数据管理局", divisionCode: "150100", kind: .publicDataAuthority),
        NewInstitution(uscc: hohhotTransport, name: "呼和浩特市交通运输局", divisionCode: "150100", kind: .publicInstitution),
        NewInstitution(uscc: xinchengAuthority, name: "新城区数据管理局", divisionCode: "150102", kind: .publicDataAuthority),
        NewInstitution(uscc: xinchengHealth, name: "新城区卫生健康委员会", divisionCode: "150102", kind: .publicInstitution),
        NewInstitution(uscc: xinchengEducation, name: "新城区教育局", divisionCode: "150102", kind: .publicInstitution),
        NewInstitution(uscc: huiminAuthority, name: "回民区数据管理局", divisionCode: "150103", kind: .publicDataAuthority),
        NewInstitution(uscc: huiminCivilAffairs, name: "回民区民政局", divisionCode: "150103", kind: .publicInstitution),
    ]

    static func make() async throws -> CatalogWorld {
        let test = try await TestDatabase.make()
        let database = RegistryDatabase(client: test.client)
        try await database.write(AuditContext(role: "test")) { connection in
            for institution in institutions { try InstitutionStore().create(institution, on: connection) }
        }
        func actor(_ role: Role, _ institution: String) async throws -> Principal {
            let account = NewAccount(role: role, displayName: role.label, institution: institution)
            return try await database.actor(for: account, requestID: "req-catalog")
        }
        return CatalogWorld(
            test: test,
            database: database,
            regionReviewer: try await actor(.reviewer, regionAuthority),
            hohhotReviewer: try await actor(.reviewer, hohhotAuthority),
            xinchengReviewer: try await actor(.reviewer, xinchengAuthority),
            huiminReviewer: try await actor(.reviewer, huiminAuthority),
            healthClerk: try await actor(.clerk, xinchengHealth),
            educationClerk: try await actor(.clerk, xinchengEducation),
            huiminClerk: try await actor(.clerk, huiminCivilAffairs),
            transportClerk: try await actor(.clerk, hohhotTransport)
        )
    }

    func drop() async throws {
        try await test.drop()
    }

    // MARK: - Acting

    /// Runs `body` as `actor` in one audited transaction, the way the API does.
    @discardableResult
    func write<Result: Sendable>(
        as actor: Principal,
        _ action: String = "catalog.test",
        _ body: @escaping @Sendable (Connection) throws -> Result
    ) async throws -> Result {
        try await database.write(actor.audit(action), body)
    }

    /// Reads on a pooled connection.
    func read<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        try await database.read(body)
    }

    /// The catalog's workflow over the test database: who may act is decided there.
    var workflow: CatalogWorkflow { CatalogWorkflow(database: database) }

    /// The error a change refused in one audited transaction is reported with (`nil`, and an issue, if it was not
    /// refused). Without an actor it runs as plain SQL would, with no one named in the audit context.
    func refusal(as actor: Principal? = nil, _ body: @escaping @Sendable (Connection) throws -> Void) async -> RegistryError? {
        await TestSupport.refusal { try await database.write(actor?.audit("catalog.test") ?? AuditContext(role: "psql"), body) }
    }

    /// Everything a refused change must leave as it was: the audit trail's length and every row of the catalog's
    /// tables and the classification's.
    static let fingerprint = Fingerprint([
        .init("catalog", orderedBy: "id"), .init("catalog_version", orderedBy: "id"), .init("catalog_review_event", orderedBy: "id"),
        .init("catalog_item", orderedBy: "id"), .init("catalog_item_revision", orderedBy: "id"),
        .init("level_catalog_member", orderedBy: "version_id, member_version_id"), .init("catalog_update_obligation", orderedBy: "id"),
        .init("classification_scheme", orderedBy: "code"), .init("data_category", orderedBy: "scheme_code, code"),
    ])

    func snapshot() async throws -> String {
        try await Self.fingerprint.read(on: database)
    }

    /// Expects `swift` (through the store) and `sql` (a plain statement, no actor) to be refused with the same error,
    /// `expected`, and to leave everything as it was. Returns the error.
    @discardableResult
    func expectSameRefusal(
        _ expected: Rule,
        as actor: Principal,
        swift: @escaping @Sendable (Connection) throws -> Void,
        sql: @escaping @Sendable (Connection) throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> RegistryError? {
        try await TestSupport.expectSameRefusal(
            expected.error,
            swift: { [database] in try await database.write(actor.audit("catalog.test"), swift) },
            sql: { [database] in try await database.write(AuditContext(role: "psql"), sql) },
            unchanged: snapshot,
            sourceLocation: sourceLocation
        )
    }

    /// Today in Asia/Shanghai as the database sees it.
    func today() async throws -> CivilDate {
        try await read { try $0.query("select registry_today() as today").first!.decode("today", as: CivilDate.self) }
    }

    // MARK: - Catalog data

    /// Valid fields of an unconditionally shared and open item of 新城区卫生健康委员会, general grade.
    static func fields(_ name: String = "医疗机构名录", source: String = xinchengHealth) -> CatalogItemFields {
        CatalogItemFields(
            name: name,
            description: "辖区医疗机构的名称、地址和执业范围",
            dataForm: .databaseTable,
            dataItems: [
                DataItem(name: "机构名称", type: .string), DataItem(name: "统一社会信用代码", type: .string, description: "18位"),
                DataItem(name: "执业范围", type: .string),
            ],
            shareType: .unconditional,
            shareScope: "全区政务部门",
            openType: .unconditional,
            updateFrequency: .monthly,
            collectingDepartment: "新城区卫生健康委员会",
            approvingDepartment: "新城区卫生健康委员会",
            providingDepartment: "新城区卫生健康委员会",
            sourceInstitution: source,
            categoryScheme: "NM-2024",
            categoryCode: "livelihood.health",
            grade: .general,
            legalBasis: "《医疗机构管理条例》",
            dataUpdatedOn: CivilDate(iso: "2026-10-31"),
            livelihoodRelated: true
        )
    }

    /// Valid fields of a conditionally shared, not open item (important grade).
    static func restrictedFields(_ name: String = "居民电子健康档案", source: String = xinchengHealth) -> CatalogItemFields {
        var fields = fields(name, source: source)
        fields.shareType = .conditional
        fields.shareConditions = "仅限履行医疗卫生管理职责使用"
        fields.shareReason = "含个人健康信息"
        fields.shareLegalBasis = "《中华人民共和国个人信息保护法》第二十八条"
        fields.openType = .notOpen
        fields.notOpenGround = .privacy
        fields.grade = .important
        return fields
    }

    /// A plain INSERT of a revision with these fields, as psql would write it.
    static func plainRevisionInsert(_ f: CatalogItemFields, item: UUID, version: UUID) -> SQL {
        """
        insert into catalog_item_revision (
            item_id, version_id, name, description, data_form, data_items, share_type, share_conditions, share_reason,
            share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, open_legal_basis, update_frequency,
            collecting_department, approving_department, providing_department, source_institution_uscc, category_scheme,
            category_code, grade, legal_basis, base_data_kind_code, data_updated_on, livelihood_related)
        values (
            \(item), \(version), \(f.name), \(f.description), \(f.dataForm.rawValue)::data_form,
            \(PostgresJSON(f.dataItems))::jsonb, \(f.shareType.rawValue)::share_type, \(f.shareConditions), \(f.shareReason),
            \(f.shareLegalBasis), \(f.shareScope), \(f.openType.rawValue)::open_type, \(f.openConditions),
            \(f.notOpenGround?.rawValue)::not_open_ground, \(f.openLegalBasis), \(f.updateFrequency.rawValue)::update_frequency,
            \(f.collectingDepartment), \(f.approvingDepartment), \(f.providingDepartment), \(f.sourceInstitution),
            \(f.categoryScheme), \(f.categoryCode), \(f.grade?.rawValue)::data_grade, \(f.legalBasis), \(f.baseDataKind),
            \(f.dataUpdatedOn)::date, \(f.livelihoodRelated))
        """
    }

    /// 新城区卫生健康委员会's catalog with an open draft.
    func healthCatalogWithDraft() async throws -> (Catalog, CatalogVersion) {
        try await write(as: healthClerk) { connection in
            let store = CatalogStore()
            let catalog = try store.openInstitutionalCatalog(of: Self.xinchengHealth, on: connection)
            return (catalog, try store.openDraft(of: catalog.id, note: "首次编制", on: connection))
        }
    }

    /// Opens a draft of `catalog`, adds `fields` under `codes`, submits it and has `reviewer` approve it.
    @discardableResult
    func publish(
        _ items: [(code: String, fields: CatalogItemFields)],
        in catalog: Catalog,
        clerk: Principal,
        reviewer: Principal
    ) async throws -> CatalogVersion {
        let version = try await write(as: clerk) { connection in
            let store = CatalogStore()
            let draft = try store.openDraft(of: catalog.id, on: connection)
            for item in items { try store.addItem(code: item.code, fields: item.fields, to: draft.id, on: connection) }
            return try store.submit(draft.id, on: connection)
        }
        return try await write(as: reviewer) { try CatalogStore().approve(version.id, reviewer: reviewer, on: $0) }
    }
}
