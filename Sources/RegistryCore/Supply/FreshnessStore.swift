import Foundation
import Postgres

/// A16.1: refresh events and the stale items listing in the database. The only place with their SQL.
public struct FreshnessStore: Sendable {
    public init() {}

    /// The institution of an item's catalog; `nil` for an unknown item.
    public func institution(ofItem id: UUID, on connection: Connection) throws -> String? {
        try connection.query(
            "select c.institution_uscc from catalog_item i join catalog c on c.id = i.catalog_id where i.id = \(id)"
        ).first?.decode("institution_uscc")
    }

    /// Records a refresh and returns it with the item's freshness after it.
    public func insert(
        _ refresh: NewDataRefresh,
        item: UUID,
        recordedBy: String?,
        on connection: Connection
    ) throws -> DataRefresh {
        let id = try connection.queryOne(
            """
            insert into data_refresh (item_id, refreshed_on, note, recorded_by)
            values (\(item), coalesce(\(refresh.refreshedOn)::date, registry_today()), \(refresh.note), \(recordedBy))
            returning id
            """
        ).decode("id", as: Int64.self)
        return try connection.query(
            """
            select r.id, r.item_id, r.refreshed_on, r.note, r.recorded_by, r.recorded_at, f.last_updated_on, f.update_due_on
              from data_refresh r left join catalog_item_freshness f on f.item_id = r.item_id
             where r.id = \(id)
            """
        ).first.map(DataRefresh.init(row:)).existing()
    }

    /// A16.1: items stale on `asOf` within `filter`, by institution, then item code.
    public func stale(
        asOf: CivilDate?,
        _ filter: OversightFilter,
        page: ListingPage,
        on connection: Connection
    ) throws -> ListingResult<StaleItem> {
        let source: SQL = """
            stale_items(coalesce(\(asOf)::date, registry_today())) s
            join institution i on i.uscc = s.institution_uscc
            where \(filter.condition(institutionColumn: "s.institution_uscc", divisionColumn: "s.division_code"))
            """
        return try .fetch(
            count: "select count(*) as n from \(source)",
            rows:
                """
                select s.item_id, s.item_code, s.item_name, s.catalog_id, s.institution_uscc, s.division_code, s.update_frequency, s.data_updated_on,
                       s.last_refreshed_on, s.last_updated_on, s.update_due_on, s.days_overdue, i.name as institution_name
                  from \(source)
                order by s.institution_uscc, s.item_code, s.item_id
                """,
            page: page,
            on: connection,
            StaleItem.init(row:)
        )
    }
}
