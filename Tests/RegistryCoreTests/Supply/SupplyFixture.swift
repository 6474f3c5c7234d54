import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// The institutions, accounts and published catalog items the tests of supply (A13, A16), projects (A12) and
/// evaluations (A22, A29) work with, built with plain SQL so that they do not depend on the catalog's Swift code.
struct SupplyFixture {
    static let regionAuthority = "11150000MB0000001F"
    static let regionPolice = "11150000MB0000002J"
    static let regionHealth = "11150000MB0000003M"
    static let hohhotAuthority = "11150100MB0000001L"
    static let hohhotPolice = "11150100MB0000002P"
    static let hohhotHealth = "11150100MB0000003T"
    static let xinchengAuthority = "11150102MB0000001H"
    static let xinchengHealth = "11150102MB0000002L"

    static let institutions: [(uscc: String, name: String, division: String, kind: String)] = [
        (regionAuthority, "自治区政务服务与数据管理局", "150000", "public_data_authority"),
        (regionPolice, "自治区公安厅", "150000", "public_institution"),
        (regionHealth, "自治区卫生健康委员会", "150000", "public_institution"),
        (hohhotAuthority, "呼和浩特市政务服务与数据管理局", "150100", "public_data_authority"),
        (hohhotPolice, "呼和浩特市公安局", "150100", "public_institution"),
        (hohhotHealth, "呼和浩特市卫生健康委员会", "150100", "public_institution"),
        (xinchengAuthority, "新城区政务服务和数据管理局", "150102", "public_data_authority"),
        (xinchengHealth, "新城区卫生健康委员会", "150102", "public_institution"),
    ]

    let test: TestDatabase
    let database: RegistryDatabase

    /// A fresh database with the institutions above and a classification category for items.
    static func make() async throws -> SupplyFixture {
        let test = try await TestDatabase.make()
        let database = RegistryDatabase(client: test.client)
        try await database.write(AuditContext(role: "test", action: "fixture")) { connection in
            for institution in institutions {
                try connection.query(
                    """
                    insert into institution (uscc, name, division_code, kind)
                    values (\(institution.uscc), \(institution.name), \(institution.division), \(institution.kind)::institution_kind)
                    """
                )
            }
            try connection.query(
                """
                insert into classification_scheme (code, name, kind, division_code)
                values ('supply-test', '测试分类分级规则', 'region', '150000')
                """
            )
            try connection.query("insert into data_category (scheme_code, code, name) values ('supply-test', 'c1', '测试类别')")
        }
        return SupplyFixture(test: test, database: database)
    }

    func drop() async throws {
        try await test.drop()
    }

    /// An actor of `role` for `institution`, authenticated as the API would.
    func actor(_ role: Role, of institution: String? = nil) async throws -> Principal {
        let dataUser = role == .dataUser ? NewDataUser(kind: .otherOrganisation, name: "某研究机构") : nil
        return try await database.actor(
            for: NewAccount(role: role, displayName: "\(role.label)\(institution ?? "")", institution: institution, dataUser: dataUser),
            requestID: "test"
        )
    }

    /// What a catalog item looks like in the tests: the fields the rules of A13, A16, A22 and A29 read.
    struct ItemSpec: Sendable {
        var code: String
        var name: String = "测试事项"
        var shareType: String = "unconditional"
        var openType: String = "unconditional"
        var frequency: String = "monthly"
        var dataUpdatedOn: CivilDate? = nil
        var baseDataKind: String? = nil
    }

    /// A published item: its id and the approved version that published it.
    struct Published: Sendable {
        var itemID: UUID
        var versionID: UUID
    }

    /// Publishes `items` in the institutional catalog of `institution`: one version, submitted and approved by the
    /// authority of the institution's division.
    @discardableResult
    func publish(_ items: [ItemSpec], by institution: String) async throws -> [Published] {
        try await database.write(AuditContext(role: "test", action: "fixture.publish")) { connection in
            let version = try Self.openVersion(of: institution, on: connection)
            var published: [Published] = []
            for spec in items {
                let item = try connection.query(
                    """
                    insert into catalog_item (catalog_id, code)
                    select catalog_id, \(spec.code) from catalog_version where id = \(version) returning id
                    """
                ).first!.decode("id", as: UUID.self)
                try Self.insertRevision(spec, item: item, version: version, source: institution, on: connection)
                published.append(Published(itemID: item, versionID: version))
            }
            try Self.approve(version, on: connection)
            return published
        }
    }

    /// Publishes one item.
    @discardableResult
    func publish(_ item: ItemSpec, by institution: String) async throws -> Published {
        try await publish([item], by: institution)[0]
    }

    /// Adds an item to a new draft of the institution's catalog without publishing it.
    func draftItem(_ spec: ItemSpec, by institution: String) async throws -> Published {
        try await database.write(AuditContext(role: "test", action: "fixture.draft")) { connection in
            let version = try Self.openVersion(of: institution, on: connection)
            let item = try connection.query(
                """
                insert into catalog_item (catalog_id, code)
                select catalog_id, \(spec.code) from catalog_version where id = \(version) returning id
                """
            ).first!.decode("id", as: UUID.self)
            try Self.insertRevision(spec, item: item, version: version, source: institution, on: connection)
            return Published(itemID: item, versionID: version)
        }
    }

    /// A new version of the item's catalog that changes the item's share and open type; approved when `approve`.
    func change(_ item: UUID, shareType: String, openType: String, approve: Bool = false) async throws -> UUID {
        try await database.write(AuditContext(role: "test", action: "fixture.change")) { connection in
            let row = try connection.query(
                """
                select c.institution_uscc, i.code, p.name, p.update_frequency::text as frequency, p.data_updated_on,
                       p.base_data_kind_code
                  from catalog_item i join catalog c on c.id = i.catalog_id
                  join catalog_item_published p on p.item_id = i.id
                 where i.id = \(item)
                """
            ).first!
            let institution: String = try row.decode("institution_uscc")
            let spec = ItemSpec(
                code: try row.decode("code"),
                name: try row.decode("name"),
                shareType: shareType,
                openType: openType,
                frequency: try row.decode("frequency"),
                dataUpdatedOn: try row.decodeIfPresent("data_updated_on"),
                baseDataKind: try row.decodeIfPresent("base_data_kind_code")
            )
            let version = try Self.openVersion(of: institution, on: connection)
            try Self.insertRevision(spec, item: item, version: version, source: institution, on: connection)
            if approve { try Self.approve(version, on: connection) }
            return version
        }
    }

    /// Runs a plain SQL statement in an audited transaction and returns the refusal, as psql would meet it.
    func refusal(_ statement: SQL) async -> RegistryError? {
        do {
            try await database.write(AuditContext(role: "test", action: "psql")) { try $0.query(statement) }
            return nil
        } catch let error as RegistryError {
            return error
        } catch {
            return RegistryError(mapping: error)
        }
    }

    /// Rows in a table (to prove that a refusal changed nothing).
    func count(_ table: String) async throws -> Int {
        try await database.read { try $0.query("select count(*) as n from \(unescaped: table)").first!.decode("n", as: Int.self) }
    }

    /// Today in Asia/Shanghai as the database sees it.
    func today() async throws -> CivilDate {
        try await database.read { try $0.query("select registry_today() as d").first!.decode("d", as: CivilDate.self) }
    }

    private static func openVersion(of institution: String, on connection: Connection) throws -> UUID {
        let catalog = try connection.query(
            """
            insert into catalog (kind, institution_uscc, division_code, name)
            select 'institutional', uscc, division_code, name || '目录' from institution where uscc = \(institution)
            on conflict (kind, institution_uscc) do update set name = excluded.name
            returning id
            """
        ).first!.decode("id", as: UUID.self)
        if let open = try connection.query("select id from catalog_version where catalog_id = \(catalog) and state = 'draft'").first {
            return try open.decode("id")
        }
        return try connection.query("insert into catalog_version (catalog_id) values (\(catalog)) returning id")
            .first!.decode("id", as: UUID.self)
    }

    private static func insertRevision(
        _ spec: ItemSpec,
        item: UUID,
        version: UUID,
        source: String,
        on connection: Connection
    ) throws {
        try connection.query(
            """
            insert into catalog_item_revision (
                item_id, version_id, name, data_form, data_items, share_type, share_conditions, share_reason,
                share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, update_frequency,
                collecting_department, approving_department, providing_department, source_institution_uscc,
                category_scheme, category_code, grade, base_data_kind_code, data_updated_on)
            values (\(item), \(version), \(spec.name), 'database_table', '[{"name": "字段", "type": "string"}]',
                    \(spec.shareType)::share_type, '仅限履职使用', '涉及个人信息', '《中华人民共和国个人信息保护法》', '全区',
                    \(spec.openType)::open_type, '限定用途和范围',
                    case when \(spec.openType) = 'not_open' then 'privacy'::not_open_ground end,
                    \(spec.frequency)::update_frequency, '采集处', '核准处', '提供处', \(source),
                    'supply-test', 'c1', 'general', \(spec.baseDataKind), \(spec.dataUpdatedOn)::date)
            """
        )
    }

    private static func approve(_ version: UUID, on connection: Connection) throws {
        try connection.query("update catalog_version set state = 'submitted' where id = \(version)")
        try WideningConversions.record(in: version, on: connection)
        try connection.query(
            """
            update catalog_version v set state = 'approved', reviewer_institution = a.uscc
              from catalog c, institution a
             where v.id = \(version) and c.id = v.catalog_id and a.division_code = catalog_reviewing_division(c.id)
               and a.kind = 'public_data_authority'
            """
        )
    }
}

extension RegistryError {
    /// The same refusal as `other` apart from the message (the Swift side may say more about this input).
    func sameRule(as other: RegistryError?) -> Bool {
        guard let other else { return false }
        return code == other.code && field == other.field && article == other.article
    }
}
