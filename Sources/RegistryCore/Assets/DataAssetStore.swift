import Foundation
import Postgres

/// A43.1: the asset register in the database — the only place with the SQL of `data_asset`, its links to catalog items
/// and its change history (`sql/0014_data_assets.sql`).
///
/// Swift checks only the shape of input; the database judges every rule that needs data (``AssetRules`` gives its
/// refusals their words) and writes the history rows itself. Call the writing methods inside an audited transaction
/// (A44.1), on an asset the caller has locked (``lockedAsset(_:on:)``).
public struct DataAssetStore: Sendable {
    public init() {}

    // MARK: Writing

    /// Registers an asset of `holder` with its links, and returns it.
    public func register(_ input: ValidDataAssetInput, holder: String, on connection: Connection) throws -> DataAsset {
        try setChangeReason(input.reason, on: connection)
        let id = try connection.queryOne(
            """
            insert into data_asset (holder_uscc, name, description, source_system, record_count, volume_bytes,
                                    category_scheme, category_code, grade)
            values (\(holder), \(input.name), \(input.description), \(input.sourceSystem), \(input.recordCount),
                    \(input.volumeBytes), \(input.categoryScheme), \(input.categoryCode), \(input.grade)::data_grade)
            returning id
            """
        ).decode("id", as: UUID.self)
        try link(id, to: input.catalogItems ?? [], on: connection)
        return try asset(id, on: connection).existing()
    }

    /// Changes an asset's fields (and, unless `catalogItems` is `nil`, its links); the database marks it changed.
    public func change(_ id: UUID, to input: ValidDataAssetInput, on connection: Connection) throws -> DataAsset {
        try setChangeReason(input.reason, on: connection)
        try connection.query(
            """
            update data_asset
               set name = \(input.name), description = \(input.description), source_system = \(input.sourceSystem),
                   record_count = \(input.recordCount), volume_bytes = \(input.volumeBytes),
                   category_scheme = \(input.categoryScheme), category_code = \(input.categoryCode),
                   grade = \(input.grade)::data_grade
             where id = \(id)
            """
        )
        if let items = input.catalogItems {
            try replaceLinks(of: id, with: items, on: connection)
        }
        return try asset(id, on: connection).existing()
    }

    /// Retires an asset; the database stamps the day.
    public func retire(_ id: UUID, reason: String?, on connection: Connection) throws -> DataAsset {
        try setStatus(.retired, of: id, reason: reason, on: connection)
        return try asset(id, on: connection).existing()
    }

    /// Restores a retired asset (it becomes changed). The database lets only the competent authority do it.
    public func restore(_ id: UUID, reason: String?, on connection: Connection) throws -> DataAsset {
        try setStatus(.changed, of: id, reason: reason, on: connection)
        return try asset(id, on: connection).existing()
    }

    /// The asset, locked until the transaction ends; not found is an error.
    public func lockedAsset(_ id: UUID, on connection: Connection) throws -> DataAsset {
        let row = try connection.query("\(Self.assetSelect) where a.id = \(id) for update of a").first
        guard let row else { throw RegistryError.notFound("数据资产", field: "id") }
        return try DataAsset(row: row)
    }

    // MARK: Reading

    /// The asset with this id, if registered.
    public func asset(_ id: UUID, on connection: Connection) throws -> DataAsset? {
        try connection.query("\(Self.assetSelect) where a.id = \(id)").first.map(DataAsset.init(row:))
    }

    /// The asset with its linked catalog items and its history, if registered.
    public func detail(_ id: UUID, on connection: Connection) throws -> DataAssetDetail? {
        guard let asset = try asset(id, on: connection) else { return nil }
        return DataAssetDetail(asset: asset, catalogItems: try links(of: id, on: connection), history: try history(of: id, on: connection))
    }

    /// The catalog items an asset covers, by code.
    public func links(of id: UUID, on connection: Connection) throws -> [LinkedCatalogItem] {
        try connection.query(
            """
            select i.id, i.code,
                   coalesce(current_revision.name,
                            (select r.name from catalog_item_revision r where r.item_id = i.id order by r.id desc limit 1)) as name
              from data_asset_catalog_item l
              join catalog_item i on i.id = l.item_id
              left join catalog_item_revision current_revision on current_revision.id = i.current_revision_id
             where l.asset_id = \(id)
             order by i.code
            """
        ).map(LinkedCatalogItem.init(row:))
    }

    /// An asset's changes, oldest first.
    public func history(of id: UUID, on connection: Connection) throws -> [DataAssetChange] {
        try connection.query("select \(DataAssetChange.columns) from data_asset_change_log where asset_id = \(id) order by id")
            .map(DataAssetChange.init(row:))
    }

    /// One page of the assets the query selects, newest registration first.
    public func list(_ query: DataAssetQuery, on connection: Connection) throws -> DataAssetPage {
        let limit = min(max(query.limit, DataAssetQuery.limitRange.lowerBound), DataAssetQuery.limitRange.upperBound)
        let rows = try connection.query(
            "\(Self.assetSelect) where \(Self.conditions(of: query)) order by a.register_no desc limit \(limit + 1)"
        ).map(DataAsset.init(row:))
        let page = Array(rows.prefix(limit))
        return DataAssetPage(assets: page, nextCursor: rows.count > limit ? page.last.map { String($0.registerNumber) } : nil)
    }

    /// The level register of a division: per grade, the assets of the division and the divisions below it; `nil` when
    /// the division is unknown.
    public func levelRegister(of divisionCode: String, on connection: Connection) throws -> AssetLevelRegister? {
        guard let division = try DivisionStore().get(code: divisionCode, on: connection) else { return nil }
        let lines = try connection.query(
            "select \(AssetRegisterLine.columns) from data_asset_level_register where division_code = \(divisionCode)::char(6) order by grade"
        ).map(AssetRegisterLine.init(row:))
        let changes = try connection.query(
            """
            select \(DataAssetChange.columns) from data_asset_change_log
             where holder_division_code in (select division_and_descendants(\(divisionCode)::char(6)))
             order by id desc limit \(AssetLevelRegister.recentChangeLimit)
            """
        ).map(DataAssetChange.init(row:))
        return AssetLevelRegister(division: division, lines: lines, total: AssetRegisterTotal(lines: lines), recentChanges: changes)
    }

    // MARK: Helpers

    static let assetSelect: SQL = """
        select a.id, a.register_no, a.holder_uscc, h.name as holder_name, h.division_code, a.name, a.description,
               a.source_system, a.record_count, a.volume_bytes, a.category_scheme, a.category_code, a.grade, a.status,
               a.registered_on, a.retired_on, a.updated_at
          from data_asset a
          join institution h on h.uscc = a.holder_uscc
        """

    static func conditions(of query: DataAssetQuery) -> SQL {
        var conditions: [SQL] = ["true"]
        if let division = query.division {
            conditions.append("h.division_code in (select division_and_descendants(\(division)::char(6)))")
        }
        if let institution = query.institution { conditions.append("a.holder_uscc = \(institution)::text") }
        if let grade = query.grade { conditions.append("a.grade = \(grade)::data_grade") }
        if let status = query.status { conditions.append("a.status = \(status)::data_asset_status") }
        if let text = query.text, !text.isEmpty {
            let pattern = "%" + likeEscaped(text) + "%"
            conditions.append(
                "(a.name ilike \(pattern) or a.description ilike \(pattern) or a.source_system ilike \(pattern))"
            )
        }
        if let after = query.after { conditions.append("a.register_no < \(after)") }
        return SQL.joined(conditions, separator: " and ")
    }

    /// `text` with the LIKE wildcards and the escape character escaped, so it is looked for literally.
    static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    private func link(_ id: UUID, to items: [UUID], on connection: Connection) throws {
        guard !items.isEmpty else { return }
        try connection.query(
            """
            insert into data_asset_catalog_item (asset_id, item_id)
            select \(id), item from unnest(\(items.map { $0.uuidString.lowercased() })::uuid[]) as item
            """
        )
    }

    private func replaceLinks(of id: UUID, with items: [UUID], on connection: Connection) throws {
        let wanted = items.map { $0.uuidString.lowercased() }
        try connection.query(
            "delete from data_asset_catalog_item where asset_id = \(id) and item_id <> all (\(wanted)::uuid[])"
        )
        try connection.query(
            """
            insert into data_asset_catalog_item (asset_id, item_id)
            select \(id), item from unnest(\(wanted)::uuid[]) as item
             where not exists (select 1 from data_asset_catalog_item l where l.asset_id = \(id) and l.item_id = item)
            """
        )
    }

    private func setStatus(_ status: DataAsset.Status, of id: UUID, reason: String?, on connection: Connection) throws {
        try setChangeReason(reason, on: connection)
        try connection.query("update data_asset set status = \(status)::data_asset_status where id = \(id)")
    }

    /// The reason the history rows of this transaction record (`registry.change_reason`); blank clears it.
    private func setChangeReason(_ reason: String?, on connection: Connection) throws {
        try connection.query("select set_config('registry.change_reason', \(reason ?? ""), true)")
    }
}
