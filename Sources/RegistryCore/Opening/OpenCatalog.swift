import Foundation
import Postgres

/// A28.1: an entry of the open catalog (开放目录) — a published item open unconditionally or on conditions, never one
/// whose opening is suspended or withdrawn (A28.3).
public struct OpenCatalogEntry: Sendable, Hashable, Codable {
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    public var description: String?
    public var institution: String
    public var institutionName: String
    public var division: String
    public var openType: OpenType
    /// 开放条件 of a conditionally open item: apply with ``NewOpenApplication``.
    public var openConditions: String?
    public var updateFrequency: String
    /// The period and division the data cover (A28.1).
    public var coverage: ItemCoverage?
    /// How to obtain the data (A28.1): given for items open unconditionally only; for a conditionally open item the
    /// open application decides (A28.2) and this is absent.
    public var distributions: [Distribution]?

    init(row: Row) throws {
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        description = try row.decodeIfPresent("description")
        institution = try row.decode("institution_uscc")
        institutionName = try row.decode("institution_name")
        division = try row.decode("division_code")
        openType = try row.decode("open_type")
        openConditions = try row.decodeIfPresent("open_conditions")
        updateFrequency = try row.decode("update_frequency")
    }
}

/// A28.1: the open catalog as anyone reads it, without an account: the view `open_catalog` of `sql/0022_opening.sql`.
public struct OpenCatalog: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// One page of the open catalog, by item code, narrowed to a division (and those below it) and an open type.
    public func entries(division: String?, openType: OpenType?, page: ListingPage) async throws -> ListingResult<OpenCatalogEntry> {
        try await database.read { connection in
            let condition: SQL = """
                (\(division)::char(6) is null or division_code in (select division_and_descendants(\(division)::char(6))))
                and (\(openType)::open_type is null or open_type = \(openType)::open_type)
                """
            var result = try ListingResult.fetch(
                count: "select count(*) as n from open_catalog where \(condition)",
                rows: "select * from open_catalog where \(condition) order by item_code, item_id",
                page: page, on: connection, OpenCatalogEntry.init(row:))
            let offers = try DistributionStore().openOffers(of: result.items.map(\.itemID), on: connection)
            for index in result.items.indices {
                let offer = offers[result.items[index].itemID]
                result.items[index].coverage = offer?.coverage
                if result.items[index].openType == .unconditional {
                    result.items[index].distributions = offer?.distributions ?? []
                }
            }
            return result
        }
    }
}
