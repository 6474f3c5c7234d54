import Foundation
import Postgres

/// A28.1: the SQL of distributions and coverage. The database decides which revision may change
/// (`catalog_distribution_guard`, `catalog_item_coverage_guard`); this store only reads and writes rows.
public struct DistributionStore: Sendable {
    public init() {}

    /// The item's revision in a version, if the version changes the item.
    func revisionID(of itemID: UUID, in versionID: UUID, on connection: Connection) throws -> Int64? {
        try connection.query("select id from catalog_item_revision where item_id = \(itemID) and version_id = \(versionID)")
            .first?.decode("id", as: Int64.self)
    }

    /// The item's revision in force and the institution whose catalog holds it.
    func revisionInForce(of itemID: UUID, on connection: Connection) throws -> (revision: Int64?, institution: String)? {
        try connection.query(
            """
            select i.current_revision_id, c.institution_uscc::text as institution
              from catalog_item i join catalog c on c.id = i.catalog_id where i.id = \(itemID)
            """
        ).first.map { row in
            (revision: try row.decodeIfPresent("current_revision_id", as: Int64.self), institution: try row.decode("institution", as: String.self))
        }
    }

    public func insert(_ input: NewDistribution, into revisionID: Int64, refresh: Bool, on connection: Connection) throws -> Distribution {
        try Distribution(
            row: connection.queryOne(
                """
                insert into catalog_distribution (
                    revision_id, title, access_url, download_url, media_type, format, byte_size, checksum_sha256,
                    license_name, license_url, issued_on, modified_on, refresh)
                values (
                    \(revisionID), \(input.title), \(input.accessUrl), \(input.downloadUrl), \(input.mediaType), \(input.format),
                    \(input.byteSize), \(input.checksumSha256), \(input.licenseName), \(input.licenseUrl),
                    \(input.issuedOn)::date, \(input.modifiedOn)::date, \(refresh))
                returning \(Distribution.columns)
                """
            )
        )
    }

    /// Removes a distribution from a revision; `false` when the revision has no such distribution.
    func delete(_ id: UUID, from revisionID: Int64, on connection: Connection) throws -> Bool {
        try connection.query("delete from catalog_distribution where id = \(id) and revision_id = \(revisionID)").affectedRows > 0
    }

    /// Sets the revision's coverage; an empty coverage removes it.
    public func setCoverage(_ coverage: ItemCoverage, of revisionID: Int64, on connection: Connection) throws -> ItemCoverage? {
        if coverage.isEmpty {
            try connection.query("delete from catalog_item_coverage where revision_id = \(revisionID)")
            return nil
        }
        return try ItemCoverage(
            row: connection.queryOne(
                """
                insert into catalog_item_coverage (revision_id, temporal_from, temporal_to, spatial_division_code)
                values (\(revisionID), \(coverage.temporalFrom)::date, \(coverage.temporalTo)::date, \(coverage.spatialDivision))
                on conflict (revision_id) do update set (temporal_from, temporal_to, spatial_division_code)
                    = (excluded.temporal_from, excluded.temporal_to, excluded.spatial_division_code)
                returning \(ItemCoverage.columns)
                """
            )
        )
    }

    /// A revision's coverage and distributions, in the order they were added.
    func offer(of itemID: UUID, revision revisionID: Int64, on connection: Connection) throws -> ItemDistributions {
        ItemDistributions(
            itemID: itemID,
            coverage: try connection.query("select \(ItemCoverage.columns) from catalog_item_coverage where revision_id = \(revisionID)")
                .first.map(ItemCoverage.init(row:)),
            distributions: try connection.query(
                "select \(Distribution.columns) from catalog_distribution where revision_id = \(revisionID) order by created_at, id"
            ).map(Distribution.init(row:))
        )
    }

    /// A28.1: what the open catalog offers for the given items — distributions of unconditionally open items only,
    /// coverage of every open item — keyed by item.
    func openOffers(of itemIDs: [UUID], on connection: Connection) throws -> [UUID: ItemDistributions] {
        guard !itemIDs.isEmpty else { return [:] }
        let ids = itemIDs.map(\.uuidString)
        var offers: [UUID: ItemDistributions] = [:]
        for row in try connection.query("select item_id, \(ItemCoverage.columns) from open_item_coverage where item_id = any(\(ids)::uuid[])") {
            let itemID: UUID = try row.decode("item_id")
            offers[itemID] = ItemDistributions(itemID: itemID, coverage: try ItemCoverage(row: row), distributions: [])
        }
        for row in try connection.query(
            "select item_id, \(Distribution.columns) from open_distribution where item_id = any(\(ids)::uuid[]) order by item_id, created_at, id"
        ) {
            let itemID: UUID = try row.decode("item_id")
            offers[itemID, default: ItemDistributions(itemID: itemID, coverage: nil, distributions: [])]
                .distributions.append(try Distribution(row: row))
        }
        return offers
    }
}
