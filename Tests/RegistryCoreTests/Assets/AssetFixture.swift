import Foundation
import Postgres
import RegistryCore
import TestSupport

/// A registry with institutions in three divisions, their catalogs, a classification scheme and one account per role
/// that the asset register cares about (A43.1).
///
///     150000 内蒙古自治区   regionAuthority
///     150100 呼和浩特市     hohhotAuthority
///     150102   新城区       xinchengAuthority, holder (items ), neighbour (item B-001)
///     150200 包头市         baotouAuthority
///     150202   东河区       baotouHolder
struct AssetWorld: Sendable {
    static let regionAuthority = "11150000MB0000011G"
    static let hohhotAuthority = "11150100MB0000012Q"
    static let baotouAuthority = "11150200MB00000131"
    static let xinchengAuthority = "11150102MB0000014U"
    static let holder = "12150102MB0000016Y"
    static let neighbour = "12150102MB00000172"
    static let baotouHolder = "12150202MB0000018A"
    static let scheme = "TEST-ASSETS"

    let test: TestDatabase
    let database: RegistryDatabase
    let register: DataAssetRegister
    let clerk: Principal
    let neighbourClerk: Principal
    let baotouClerk: Principal
    let regionReviewer: Principal
    let hohhotReviewer: Principal
    let baotouReviewer: Principal
    let xinchengReviewer: Principal
    let committee: Principal
    /// Catalog item ids by code.
    let items: [String: UUID]

    static func make() async throws -> AssetWorld {
        let test = try await TestDatabase.make()
        let database = RegistryDatabase(client: test.client)
        let items = try await database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try connection.query(
                """
                insert into institution (uscc, name, division_code, kind) values
                    (\(regionAuthority), '自治区政务服务与数据管理局', '150000', 'public_data_authority'),
                    (\(hohhotAuthority), '呼和浩特市数据局', '150100', 'public_data_authority'),
                    (\(baotouAuthority), '包头市数据局', '150200', 'public_data_authority'),
                    (\(xinchengAuthority), '新城区数据局', '150102', 'public_data_authority'),
                    (\(holder), '新城区卫生健康委员会', '150102', 'public_institution'),
                    (\(neighbour), '新城区教育局', '150102', 'public_institution'),
                    (\(baotouHolder), '东河区卫生健康委员会', '150202', 'public_institution')
                """
            )
            try connection.query(
                "insert into classification_scheme (code, name, kind, division_code) values (\(scheme), '资产测试分类', 'region', '150000')"
            )
            try connection.query(
                """
                insert into data_category (scheme_code, code, name) values
                    (\(scheme), 'HEALTH', '卫生健康'), (\(scheme), 'EDU', '教育')
                """
            )
            try connection.query(
                """
                insert into catalog (kind, institution_uscc, division_code, name) values
                    ('institutional', \(holder), '150102', '新城区卫生健康委员会目录'),
                    ('institutional', \(neighbour), '150102', '新城区教育局目录')
                """
            )
            let rows = try connection.query(
                """
                insert into catalog_item (catalog_id, code)
                select c.id, v.code from (values (\(holder), 'A-001'), (\(holder), 'A-002'), (\(neighbour), 'B-001')) as v(uscc, code)
                  join catalog c on c.institution_uscc = v.uscc
                returning id, code
                """
            )
            return try Dictionary(uniqueKeysWithValues: rows.map { (try $0.decode("code", as: String.self), try $0.decode("id", as: UUID.self)) })
        }
        func actor(_ role: Role, _ institution: String?) async throws -> Principal {
            try await database.write(AuditContext(role: "test", action: "account.create")) { connection in
                let store = AccountStore()
                let (_, token) = try store.create(NewAccount(role: role, displayName: "\(role.label)", institution: institution), on: connection)
                return try store.actor(for: token, requestID: "req-assets", on: connection)!
            }
        }
        return AssetWorld(
            test: test,
            database: database,
            register: DataAssetRegister(database: database),
            clerk: try await actor(.clerk, holder),
            neighbourClerk: try await actor(.clerk, neighbour),
            baotouClerk: try await actor(.clerk, baotouHolder),
            regionReviewer: try await actor(.reviewer, regionAuthority),
            hohhotReviewer: try await actor(.reviewer, hohhotAuthority),
            baotouReviewer: try await actor(.reviewer, baotouAuthority),
            xinchengReviewer: try await actor(.reviewer, xinchengAuthority),
            committee: try await actor(.committee, nil),
            items: items
        )
    }

    /// A valid asset: 人口健康档案库 of the health commission, important data, linked to item A-001.
    func input(
        name: String = "人口健康档案库",
        sourceSystem: String = "全民健康信息平台",
        recordCount: Int64 = 1_200_000,
        volumeBytes: Int64 = 5_368_709_120,
        categoryCode: String? = "HEALTH",
        grade: DataGrade? = .important,
        items: [String]? = ["A-001"],
        reason: String? = "首次登记"
    ) -> DataAssetInput {
        DataAssetInput(
            name: name,
            description: "居民电子健康档案",
            sourceSystem: sourceSystem,
            recordCount: recordCount,
            volumeBytes: volumeBytes,
            categoryScheme: categoryCode == nil ? nil : Self.scheme,
            categoryCode: categoryCode,
            grade: grade,
            catalogItems: items?.map { self.items[$0]! },
            reason: reason
        )
    }

    /// Rows in the asset tables and the audit trail: a refused request must leave all four as they were.
    func counts() async throws -> [Int] {
        try await database.read { connection in
            try ["data_asset", "data_asset_catalog_item", "data_asset_change", "audit_log"].map { table in
                try connection.query("select count(*) as n from \(unescaped: table)").first!.decode("n", as: Int.self)
            }
        }
    }

    /// Runs plain SQL as psql would, in one transaction with `context`; returns the refusal as users see it.
    func sqlRefusal(_ statements: [SQL], as context: AuditContext = AuditContext(role: "test")) async -> RegistryError? {
        do {
            try await database.write(context) { connection in
                for statement in statements { try connection.query(statement) }
            }
            return nil
        } catch let error as RegistryError {
            return error
        } catch {
            return RegistryError(.internal, "\(error)")
        }
    }

    /// A plain SQL insert of an asset of `holder` with these values.
    static func insert(
        holder: String = AssetWorld.holder,
        name: String = "人口健康档案库",
        sourceSystem: String = "全民健康信息平台",
        recordCount: Int64 = 1,
        volumeBytes: Int64 = 1,
        categoryCode: String? = "HEALTH",
        grade: String? = "important",
        extra: SQL = ""
    ) -> SQL {
        """
        insert into data_asset (holder_uscc, name, source_system, record_count, volume_bytes, category_scheme, category_code, grade)
        values (\(holder), \(name), \(sourceSystem), \(recordCount), \(volumeBytes),
                \(categoryCode == nil ? nil : scheme), \(categoryCode), \(grade)::data_grade)
        \(extra)
        """
    }

    func drop() async throws {
        try await test.drop()
    }
}
