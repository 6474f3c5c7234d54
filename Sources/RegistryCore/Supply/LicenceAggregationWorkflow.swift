import Foundation
import Postgres

/// A18.2: recording that the electronic licences of a licence catalog item were aggregated into the electronic-licence
/// base database, and reading an item's aggregations. A clerk of the item's institution records them; its clerks and
/// the authorities over it read them. Each write is one audited transaction (A44.1); the database decides which items
/// are licence items and keeps every record as it was made.
public struct LicenceAggregationWorkflow: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Records an aggregation of the item's licences (a clerk of the item's institution).
    public func record(_ input: NewLicenceAggregation, item: UUID, by actor: Principal) async throws -> LicenceAggregation {
        try actor.require(.clerk)
        return try await database.write(actor.audit(Self.recordAction)) { connection in
            try actor.requireClerk(of: try Self.institution(ofItem: item, on: connection))
            return try Self.insert(input, item: item, recordedBy: actor.account.id, on: connection)
        }
    }

    /// An item's aggregations, the latest first (its institution's clerks, the authorities over it, the committee).
    public func aggregations(of item: UUID, by actor: Principal) async throws -> [LicenceAggregation] {
        try actor.require(.clerk, .reviewer, .committee)
        return try await database.read { connection in
            let institution = try Self.institution(ofItem: item, on: connection)
            if actor.role != .committee { try actor.requireFollower(of: [institution], subject: "电子证照归集", on: connection) }
            return try Self.aggregations(of: item, on: connection)
        }
    }

    /// The audit trail's name for recording an aggregation (A44.1).
    public static let recordAction = "licence_aggregation.record"

    /// Stores an aggregation (the database stamps the item's institution and judges the rules); `recordedBy` is the
    /// account, `nil` from the command line. Call it inside an audited transaction.
    public static func insert(
        _ input: NewLicenceAggregation,
        item: UUID,
        recordedBy: UUID?,
        on connection: Connection
    ) throws -> LicenceAggregation {
        let row = try connection.queryOne(
            """
            insert into licence_aggregation (item_id, aggregated_at, licence_count, source_system, recorded_by)
            values (\(item), coalesce(\(input.aggregatedAt)::timestamptz, registry_now()), \(input.licenceCount),
                    \(input.sourceSystem), \(recordedBy))
            returning \(LicenceAggregation.columns)
            """
        )
        return try LicenceAggregation(row: row)
    }

    /// An item's aggregations, the latest first.
    public static func aggregations(of item: UUID, on connection: Connection) throws -> [LicenceAggregation] {
        try connection.query("select \(LicenceAggregation.columns) from licence_aggregation where item_id = \(item) order by aggregated_at desc, id")
            .map(LicenceAggregation.init(row:))
    }

    static func institution(ofItem item: UUID, on connection: Connection) throws -> String {
        let row = try connection.query(
            "select c.institution_uscc from catalog_item i join catalog c on c.id = i.catalog_id where i.id = \(item)"
        ).first
        guard let row else { throw RegistryError.notFound("目录事项", field: "id") }
        return try row.decode("institution_uscc")
    }
}
