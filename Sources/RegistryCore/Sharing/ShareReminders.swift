import Foundation
import Postgres

/// A23.2 / A24.1 / W.1 (提醒督办): the open replies and deliveries of share requests and of demands for data outside
/// the catalog that are due soon or overdue — computed by `sharing_due_list` from the calendar on the day asked,
/// never from stored flags that could go stale.
public struct ShareReminders: Sendable {
    public init() {}

    /// The obligations of `institution`, as source or requester, due within `workingDays` working days after `day` or
    /// overdue on it, earliest first.
    public func dueList(
        of institution: String,
        on day: CivilDate,
        within workingDays: Int,
        on connection: Connection
    ) throws
        -> [ShareDueItem]
    {
        try connection.query(
            """
            select d.kind, d.id, d.number, d.side, d.obligation, d.due, d.working_days_left, d.overdue,
                   calendar_day_is_provisional(d.due) as due_provisional
              from sharing_due_list(\(institution), \(day)::date, \(workingDays)) d
            """
        ).map(ShareDueItem.init(row:))
    }

    /// The institutions with an open reply or delivery, as source or requester, by credit code.
    public func institutionsWithOpenObligations(on connection: Connection) throws -> [String] {
        try connection.query(
            """
            select uscc from (
                select source_uscc::text as uscc from share_request where state in ('submitted', 'approved')
                union select requester_uscc::text from share_request where state in ('submitted', 'approved')
                union select source_uscc::text from share_demand where state in ('forwarded', 'confirmed')
                union select requester_uscc::text from share_demand where state in ('forwarded', 'confirmed')) u
             order by uscc
            """
        ).map { try $0.decode("uscc", as: String.self) }
    }
}

/// A23.2 / A24.1 / W.1: an open reply or delivery of an institution that is due soon or overdue (提醒督办).
public struct ShareDueItem: Sendable, Hashable, Codable {
    /// What the obligation belongs to.
    public enum Kind: String, Sendable, Hashable, Codable, PostgresEnum {
        /// A share request for a catalog item (A23.2).
        case request
        /// A demand for data outside the catalog (A24.1).
        case demand

        /// The Chinese label.
        public var label: String { self == .request ? "共享申请" : "目录外需求" }
    }

    /// Which side the institution is on.
    public enum Side: String, Sendable, Hashable, Codable, PostgresEnum {
        /// The institution answers and delivers.
        case source
        /// The institution follows its own request.
        case requester

        /// The Chinese label.
        public var label: String { self == .source ? "数据提供方" : "申请方" }
    }

    /// What is due.
    public enum Obligation: String, Sendable, Hashable, Codable, PostgresEnum {
        /// 答复 (5 working days after receipt).
        case reply
        /// 交付 (5 working days after an approval, A23.2; 7 after a confirmation or the day named, A24.1).
        case delivery

        /// The Chinese label.
        public var label: String { self == .reply ? "答复" : "交付" }
    }

    public var kind: Kind
    /// The id of the request or demand.
    public var id: UUID
    /// Its number (申请编号 or 需求编号).
    public var number: Int64
    public var side: Side
    public var obligation: Obligation
    public var due: CivilDate
    /// W.3: `due` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var dueProvisional: Bool
    /// Working days from the day asked to the due date; negative when overdue.
    public var workingDaysLeft: Int
    public var overdue: Bool

    init(row: Row) throws {
        kind = try row.decode("kind")
        id = try row.decode("id")
        number = try row.decode("number")
        side = try row.decode("side")
        obligation = try row.decode("obligation")
        due = try row.decode("due")
        dueProvisional = try row.decode("due_provisional")
        workingDaysLeft = try row.decode("working_days_left")
        overdue = try row.decode("overdue")
    }
}
