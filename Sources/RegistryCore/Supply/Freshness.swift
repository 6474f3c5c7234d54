import Foundation
import Postgres

/// A16.1: a published item whose data are older than its update frequency (更新频率) allows, or were never updated.
public struct StaleItem: Sendable, Hashable, Codable {
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    public var catalogID: UUID
    /// The institution responsible (A38.1).
    public var institution: String
    public var institutionName: String
    public var divisionCode: String
    /// `real_time`, `daily`, `weekly`, `monthly`, `quarterly`, `half_yearly` or `yearly`.
    public var updateFrequency: String
    /// The day the item's approved revision says its data were updated.
    public var dataUpdatedOn: CivilDate?
    /// The latest refresh recorded without a new catalog version.
    public var lastRefreshedOn: CivilDate?
    /// The later of the two; `nil` when the data were never updated.
    public var lastUpdatedOn: CivilDate?
    /// The last day the data counted as current; `nil` when never updated.
    public var updateDueOn: CivilDate?
    /// Days since `updateDueOn` on the day asked about; `nil` when never updated.
    public var daysOverdue: Int?
    /// `A16.1`.
    public var article: String

    init(row: Row) throws {
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        catalogID = try row.decode("catalog_id")
        institution = try row.decode("institution_uscc")
        institutionName = try row.decode("institution_name")
        divisionCode = try row.decode("division_code")
        updateFrequency = try row.decode("update_frequency")
        dataUpdatedOn = try row.decodeIfPresent("data_updated_on")
        lastRefreshedOn = try row.decodeIfPresent("last_refreshed_on")
        lastUpdatedOn = try row.decodeIfPresent("last_updated_on")
        updateDueOn = try row.decodeIfPresent("update_due_on")
        daysOverdue = try row.decodeIfPresent("days_overdue")
        article = "A16.1"
    }
}

/// A16.1: "the data of this item were updated on this day", recorded by the institution's clerk without a new
/// catalog version.
public struct DataRefresh: Sendable, Hashable, Codable {
    public var id: Int64
    public var itemID: UUID
    public var refreshedOn: CivilDate
    public var note: String?
    /// The institution that recorded it.
    public var recordedBy: String?
    public var recordedAt: Date
    /// The item's freshness after this refresh: the later of its revision's date and its last refresh.
    public var lastUpdatedOn: CivilDate?
    /// The last day the data count as current (`nil` for items updated irregularly).
    public var updateDueOn: CivilDate?

    init(row: Row) throws {
        id = try row.decode("id")
        itemID = try row.decode("item_id")
        refreshedOn = try row.decode("refreshed_on")
        note = try row.decodeIfPresent("note")
        recordedBy = try row.decodeIfPresent("recorded_by")
        recordedAt = try row.decode("recorded_at")
        lastUpdatedOn = try row.decodeIfPresent("last_updated_on")
        updateDueOn = try row.decodeIfPresent("update_due_on")
    }
}

/// A16.1: what a clerk states to record that an item's data were updated.
public struct NewDataRefresh: Sendable, Hashable, Codable {
    /// The day the data were updated; today (Asia/Shanghai) when omitted.
    public var refreshedOn: CivilDate?
    public var note: String?

    public init(refreshedOn: CivilDate? = nil, note: String? = nil) {
        self.refreshedOn = refreshedOn
        self.note = note
    }
}

/// A16.1: the rules `sql/0011_base_data_sources.sql` enforces on refresh events (``RuleCatalog`` joins them).
enum FreshnessRules {
    static let itemExists = Rule(
        constraint: "data_refresh_item_exists_a16_1",
        field: "item_id",
        message: "目录事项不存在。"
    )
    static let itemPublished = Rule(
        constraint: "data_refresh_item_published_a16_1",
        field: "item_id",
        message: "只有已发布的目录事项才能登记数据更新。"
    )
    static let notInFuture = Rule(
        constraint: "data_refresh_not_in_future_a16_1",
        field: "refreshed_on",
        message: "数据更新日期不能晚于今天。"
    )
    static let recordedByExists = Rule(
        constraint: "data_refresh_recorded_by_exists_a38_1",
        field: "recorded_by",
        message: "登记数据更新的机构须是已登记的机构。"
    )
    static let appendOnly = Rule(
        constraint: "data_refresh_append_only_a16_1",
        field: nil,
        message: "数据更新记录一经登记不能修改或删除。"
    )

    static let all: [Rule] = [itemExists, itemPublished, notInFuture, recordedByExists, appendOnly]
}
