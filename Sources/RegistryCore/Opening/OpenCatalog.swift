import Foundation
import Postgres

/// A28.1: an entry of the open catalog (开放目录) — a published item open unconditionally or on conditions, never one
/// whose opening is suspended or withdrawn (A28.3).
public struct OpenCatalogEntry: Sendable, Hashable, Codable, RowColumns {
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

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "item_id", "item_code", "item_name", "description", "institution_uscc", "institution_name", "division_code", "open_type", "open_conditions",
        "update_frequency",
    ]
}

/// A page of the open catalog's search as the API returns it (`GET /api/v1/open-catalog`): the entries, how many
/// match, the page's bounds, the cursor of the next page (`null` on the last) and each facet's counts over every match.
public struct OpenCatalogPage: Sendable, Encodable {
    public var items: [OpenCatalogEntry]
    /// Entries matching, across all pages.
    public var total: Int
    public var limit: Int
    /// Matches skipped: from the start, or after the cursor when one was given.
    public var offset: Int
    /// The token of the page after this one (`cursor`), or `nil` on the last page.
    public var nextCursor: String?
    public var facets: OpenCatalogFacets

    enum CodingKeys: String, CodingKey {
        case items, total, limit, offset, nextCursor, facets
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(total, forKey: .total)
        try container.encode(limit, forKey: .limit)
        try container.encode(offset, forKey: .offset)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(facets, forKey: .facets)
    }
}

/// The open catalog's facets: for each, its values with the number of matching entries that have them, the most
/// frequent first. A division counts the divisions below it; only the division asked (or the region) and those
/// directly below it are listed.
public struct OpenCatalogFacets: Sendable, Encodable {
    public var division: [OpenCatalogFacetCount] = []
    public var institution: [OpenCatalogFacetCount] = []
    public var category: [OpenCatalogFacetCount] = []
    public var openType: [OpenCatalogFacetCount] = []
    public var grade: [OpenCatalogFacetCount] = []
    public var updateFrequency: [OpenCatalogFacetCount] = []
    public var format: [OpenCatalogFacetCount] = []

    init(_ values: [OpenPortalFacetValue]) {
        for value in values {
            let count = OpenCatalogFacetCount(value: value.value, label: value.label, count: value.count)
            switch value.facet {
            case .division: division.append(count)
            case .institution: institution.append(count)
            case .category: category.append(count)
            case .openType: openType.append(count)
            case .grade: grade.append(count)
            case .updateFrequency: updateFrequency.append(count)
            case .format: format.append(count)
            }
        }
    }
}

/// A value of a facet (the filter's value), its name (of a division, institution or category) and its count.
public struct OpenCatalogFacetCount: Sendable, Hashable, Encodable {
    public var value: String
    public var label: String?
    public var count: Int
}

/// A28.1: the open catalog as anyone reads it, without an account: the view `open_catalog` of `sql/0022_opening.sql`,
/// searched as the portal searches it (``OpenPortal``).
public struct OpenCatalog: Sendable {
    public let database: RegistryDatabase
    /// The open catalog held in memory for searches with words (``OpenPortal/searchIndex``).
    public let searchIndex: OpenCatalogSearchIndex?

    public init(database: RegistryDatabase, searchIndex: OpenCatalogSearchIndex? = nil) {
        self.database = database
        self.searchIndex = searchIndex
    }

    /// How many values of each facet a search lists, the most frequent first (and the value chosen), as CKAN's
    /// `facet.limit` caps its own: an institution facet of thousands of values would outweigh the page it counts.
    public static let facetValues = 50

    /// A page of `limit` entries matching `query` from `start`, with the facets' counts (``facetValues`` of each).
    public func search(_ query: OpenPortalQuery, limit: Int, from start: OpenPortalPageStart = .offset(0)) async throws -> OpenCatalogPage {
        try await database.read { [searchIndex] connection in
            let matches = try OpenPortal.matches(
                query,
                limit: limit,
                from: start,
                facetValues: Self.facetValues,
                index: searchIndex,
                on: connection
            )
            // The page's ids do not change the best plans of the views read: planned once per session.
            var (items, offers) = try connection.withGenericPlans {
                let items = try connection.query(
                    """
                    select \(OpenCatalogEntry.columns(of: "o")) from unnest(\(matches.itemIDs.map(\.uuidString))::uuid[]) with ordinality m(item_id, n)
                      join open_catalog o on o.item_id = m.item_id order by m.n
                    """
                ).map(OpenCatalogEntry.init(row:))
                return (items, try DistributionStore().openOffers(of: items.map(\.itemID), on: connection))
            }
            for index in items.indices {
                let offer = offers[items[index].itemID]
                items[index].coverage = offer?.coverage
                if items[index].openType == .unconditional {
                    items[index].distributions = offer?.distributions ?? []
                }
            }
            return OpenCatalogPage(
                items: items,
                total: matches.total,
                limit: limit,
                offset: start.offset,
                nextCursor: matches.next?.token,
                facets: OpenCatalogFacets(matches.facets)
            )
        }
    }
}
