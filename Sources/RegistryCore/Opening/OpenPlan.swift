import Foundation
import Postgres

/// A26.1: where an annual open plan stands (开放计划状态).
public enum OpenPlanState: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 草稿: its owner still edits it.
    case draft
    /// 已公布: frozen; amended only by a new version.
    case published

    /// The Chinese label.
    public var label: String { self == .draft ? "草稿" : "已公布" }
}

/// A26.1: who an open plan belongs to — the public data authority of the region or of a league/city, or one
/// institution planning within its own catalog.
public enum OpenPlanOwner: Sendable, Hashable {
    /// The authority of this division (GB/T 2260 code, region or league/city level).
    case authority(division: String)
    /// This institution (unified social credit code).
    case institution(String)
}

/// A26.1: a version of an annual open plan (年度公共数据开放计划).
public struct OpenPlan: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    public var year: Int
    /// The division of the authority whose plan it is, or `nil` for an institution's plan.
    public var division: String?
    /// The institution whose plan it is, or `nil` for an authority's plan.
    public var institution: String?
    /// 1 for the plan, 2 … for its amendments.
    public var version: Int
    public var state: OpenPlanState
    /// 年度开放重点 (Markdown).
    public var priorities: String
    /// Why this version amends the one before (required from version 2).
    public var amendmentNote: String?
    public var publishedOn: CivilDate?

    /// Who the plan belongs to.
    public var owner: OpenPlanOwner {
        institution.map(OpenPlanOwner.institution) ?? .authority(division: division ?? "")
    }

    init(row: Row) throws {
        id = try row.decode("id")
        year = try row.decode("year")
        division = try row.decodeIfPresent("division_code")
        institution = try row.decodeIfPresent("institution_uscc")
        version = try row.decode("version")
        state = try row.decode("state")
        priorities = try row.decode("priorities")
        amendmentNote = try row.decodeIfPresent("amendment_note")
        publishedOn = try row.decodeIfPresent("published_on")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["id", "year", "division_code", "institution_uscc", "version", "state", "priorities", "amendment_note", "published_on"]
}

/// A26.1: what a planner (or an institution's clerk) writes to start a plan or an amendment of it.
public struct NewOpenPlan: Sendable, Hashable, Codable {
    public var year: Int
    /// The authority's division; the actor's own when neither this nor `institution` is given.
    public var division: String?
    /// The institution, for an institution's own plan.
    public var institution: String?
    public var priorities: String
    /// Required when a published version of the plan exists.
    public var amendmentNote: String?

    public init(year: Int, division: String? = nil, institution: String? = nil, priorities: String, amendmentNote: String? = nil) {
        self.year = year
        self.division = division
        self.institution = institution
        self.priorities = priorities
        self.amendmentNote = amendmentNote
    }
}

/// A26.1: an item a plan opens, as the owner enters it.
public struct NewOpenPlanItem: Sendable, Hashable, Codable {
    public var itemID: UUID
    /// The open type the item will have: unconditional or conditional.
    public var openType: OpenType
    /// The day by which, within the plan's year.
    public var targetDate: CivilDate
    /// 与民生紧密相关; as the catalog marks the item when `nil`.
    public var livelihood: Bool?
    public var note: String?

    public init(itemID: UUID, openType: OpenType, targetDate: CivilDate, livelihood: Bool? = nil, note: String? = nil) {
        self.itemID = itemID
        self.openType = openType
        self.targetDate = targetDate
        self.livelihood = livelihood
        self.note = note
    }
}

/// A26.1: an item of a plan with its progress on a day (计划进度), computed from the catalog.
public struct OpenPlanProgressItem: Sendable, Hashable, Codable, RowColumns {
    /// Where the item stands against its target.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
        /// 计划公布时已开放: already open at its target type on the plan's publication day; not counted as progress.
        case alreadyOpen = "already_open"
        /// 按期开放.
        case onTime = "on_time"
        /// 逾期开放.
        case late
        /// 逾期未开放.
        case overdue
        /// 未到期.
        case pending

        /// The Chinese label.
        public var label: String {
            switch self {
            case .alreadyOpen: "计划公布时已开放"
            case .onTime: "按期开放"
            case .late: "逾期开放"
            case .overdue: "逾期未开放"
            case .pending: "未到期"
            }
        }
    }

    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    public var institution: String
    /// The target open type.
    public var openType: OpenType
    public var targetDate: CivilDate
    public var livelihood: Bool
    /// The item's open type in the catalog today.
    public var currentOpenType: OpenType
    /// The day the item was opened at its target type, if it was by the day asked.
    public var openedOn: CivilDate?
    public var status: Status

    init(row: Row) throws {
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        institution = try row.decode("institution_uscc")
        openType = try row.decode("open_type")
        targetDate = try row.decode("target_date")
        livelihood = try row.decode("livelihood")
        currentOpenType = try row.decode("current_open_type")
        openedOn = try row.decodeIfPresent("opened_on")
        status = try row.decode("status")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "item_id", "item_code", "item_name", "institution_uscc", "open_type", "target_date", "livelihood", "current_open_type", "opened_on",
        "status",
    ]
}

/// A26.1: a plan with its items and their progress on a day, livelihood items first.
public struct OpenPlanDetail: Sendable, Hashable, Codable {
    public var plan: OpenPlan
    /// The day the progress is computed for.
    public var asOf: CivilDate
    public var items: [OpenPlanProgressItem]

    /// How many items are in each status.
    public var counts: [String: Int] {
        Dictionary(grouping: items, by: \.status.rawValue).mapValues(\.count)
    }
}
