import Foundation
import Postgres

/// A18.2: what the institution states when the electronic licences of a licence catalog item were aggregated into the
/// electronic-licence base database (电子证照库归集).
public struct NewLicenceAggregation: Sendable, Hashable, Codable {
    /// When the aggregation ran; now when omitted.
    public var aggregatedAt: Date?
    /// How many licences it brought into the base database.
    public var licenceCount: Int
    /// The system the licences were issued in and aggregated from.
    public var sourceSystem: String

    public init(aggregatedAt: Date? = nil, licenceCount: Int, sourceSystem: String) {
        self.aggregatedAt = aggregatedAt
        self.licenceCount = licenceCount
        self.sourceSystem = sourceSystem
    }
}

/// A18.2: a recorded aggregation of a licence catalog item's electronic licences into the electronic-licence base
/// database; the item's institution answers for it (A38.1).
public struct LicenceAggregation: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    public var itemID: UUID
    /// The institution whose catalog holds the item.
    public var institution: String
    public var aggregatedAt: Date
    public var licenceCount: Int
    public var sourceSystem: String
    /// When the registry recorded it.
    public var recordedAt: Date

    init(row: Row) throws {
        id = try row.decode("id")
        itemID = try row.decode("item_id")
        institution = try row.decode("institution_uscc")
        aggregatedAt = try row.decode("aggregated_at")
        licenceCount = try row.decode("licence_count")
        sourceSystem = try row.decode("source_system")
        recordedAt = try row.decode("created_at")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["id", "item_id", "institution_uscc", "aggregated_at", "licence_count", "source_system", "created_at"]
}

/// A18.2: the rules `sql/0125_electronic_licence_aggregation.sql` enforces on aggregations, with their fields and
/// messages (``RuleCatalog`` joins them).
enum LicenceAggregationRules {
    static let all: [Rule] = [
        Rule(constraint: "licence_aggregation_item_exists_a18_2", field: "item_id", message: "目录事项不存在。"),
        Rule(
            constraint: "licence_aggregation_licence_item_a18_2",
            field: "item_id",
            message: "只有已发布的电子证照类目录事项才能登记电子证照归集。"
        ),
        Rule(
            constraint: "licence_aggregation_licence_count_a18_2",
            field: "licence_count",
            message: "归集的电子证照数量须为 0 至 100000000 之间的整数。"
        ),
        Rule(
            constraint: "licence_aggregation_source_system_a18_2",
            field: "source_system",
            message: "须写明电子证照归集自哪个系统(不超过 200 字)。"
        ),
        Rule(
            constraint: "licence_aggregation_not_in_future_a18_2",
            field: "aggregated_at",
            message: "电子证照归集时间不能晚于当前时间。"
        ),
        Rule(constraint: "licence_aggregation_kept_a18_2", field: nil, message: "电子证照归集记录一经登记不能修改或删除。"),
    ]
}
