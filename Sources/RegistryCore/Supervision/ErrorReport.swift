import Foundation
import Postgres

/// A45.1: what an error report says is wrong with a catalog item (纠错类型).
public enum ErrorReportKind: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 数据错误.
    case error
    /// 数据遗漏.
    case omission
    /// 其他情形.
    case other

    /// The Chinese label.
    public var label: String {
        switch self {
        case .error: "数据错误"
        case .omission: "数据遗漏"
        case .other: "其他"
        }
    }
}

/// A45.1: where an error report stands (纠错状态).
public enum ErrorReportState: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 已受理: the item is marked until the report is closed.
    case received
    /// 核实中.
    case verifying
    /// 已处理并反馈.
    case handled
    /// 不予采纳, with the reason.
    case rejected

    /// The Chinese label.
    public var label: String {
        switch self {
        case .received: "已受理(已标注)"
        case .verifying: "核实中"
        case .handled: "已处理并反馈"
        case .rejected: "不予采纳"
        }
    }

    /// Whether the report is still open — the item stays marked.
    public var isOpen: Bool { self == .received || self == .verifying }
}

/// A45.1: what a data user (or a clerk of another institution) reports about a published catalog item.
public struct NewErrorReport: Sendable, Hashable, Codable {
    public var itemID: UUID
    public var kind: ErrorReportKind
    /// What is wrong or missing, in the reporter's words.
    public var description: String

    public init(itemID: UUID, kind: ErrorReportKind, description: String) {
        self.itemID = itemID
        self.kind = kind
        self.description = description
    }

    /// The report's own rules, in the order the database checks them.
    public func validate() throws(RegistryError) {
        if SQLText.isBlank(description) { throw ErrorReportRules.description.error }
    }
}

/// A45.1: how the providing institution closes a report it verified.
public enum ErrorReportClosing: Sendable, Hashable {
    /// 已处理: the data was corrected or completed; the feedback tells the reporter what was done.
    case handled(feedback: String)
    /// 不予采纳, with the reason.
    case rejected(reason: String)
}

/// A45.1: an error report with every day and deadline the database stamped on it (W.1).
public struct ErrorReport: Sendable, Hashable, Codable {
    public var id: UUID
    /// Registration order (纠错编号).
    public var number: Int64
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    /// The providing institution: the institution whose catalog holds the item; it handles the report.
    public var provider: String
    public var providerName: String
    public var reporterAccount: UUID
    /// The reporting clerk's institution; `nil` for a data user.
    public var reporterInstitution: String?
    public var reporterInstitutionName: String?
    /// The reporting data user, by name and masked identity only (A13.1).
    public var reporterDataUser: DataUser?
    public var kind: ErrorReportKind
    public var description: String
    public var state: ErrorReportState
    public var receivedOn: CivilDate
    /// A45.1: the working days of the policy of the year of receipt (5 without a policy).
    public var handlingWorkingDays: Int
    /// A45.1: the day by which the provider handles the report.
    public var handlingDue: CivilDate
    /// W.3: `handlingDue` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var handlingDueProvisional: Bool
    /// Whether the report is open past its due date on the registry's today — computed when read, never stored.
    public var overdue: Bool
    public var verifyingOn: CivilDate?
    public var verificationNote: String?
    public var closedOn: CivilDate?
    public var feedback: String?
    public var rejectionReason: String?

    /// The Chinese label of the state.
    public var stateLabel: String { state.label }

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("report_no")
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        provider = try row.decode("provider_uscc")
        providerName = try row.decode("provider_name")
        reporterAccount = try row.decode("reporter_account")
        reporterInstitution = try row.decodeIfPresent("reporter_institution")
        reporterInstitutionName = try row.decodeIfPresent("reporter_institution_name")
        reporterDataUser = try row.decodeIfPresent("du_id", as: UUID.self) == nil ? nil : try DataUser(row: row, prefix: "du_")
        kind = try row.decode("kind")
        description = try row.decode("description")
        state = try row.decode("state")
        receivedOn = try row.decode("received_on")
        handlingWorkingDays = try row.decode("handling_working_days")
        handlingDue = try row.decode("handling_due")
        handlingDueProvisional = try row.decode("handling_due_provisional")
        overdue = try row.decode("overdue")
        verifyingOn = try row.decodeIfPresent("verifying_on")
        verificationNote = try row.decodeIfPresent("verification_note")
        closedOn = try row.decodeIfPresent("closed_on")
        feedback = try row.decodeIfPresent("feedback")
        rejectionReason = try row.decodeIfPresent("rejection_reason")
    }
}

/// A45.1 (标注): the mark an item carries while error reports on it are open.
public struct ErrorReportMark: Sendable, Hashable, Codable {
    /// One open report on the item, without its reporter.
    public struct OpenReport: Sendable, Hashable, Codable {
        public var number: Int64
        public var kind: ErrorReportKind
        public var state: ErrorReportState
        public var description: String
        public var receivedOn: CivilDate
        public var handlingDue: CivilDate
        /// W.3: `handlingDue` was counted onto the provisional calendar (暂定).
        public var handlingDueProvisional: Bool
    }

    public var itemID: UUID
    /// Whether the item is marked: an error report on it is received or being verified.
    public var marked: Bool
    public var openReports: Int
    public var kinds: [ErrorReportKind]
    /// The day the earliest open report was received.
    public var markedSince: CivilDate?
    public var earliestDue: CivilDate?
    /// W.3: `earliestDue` was counted onto the provisional calendar (暂定).
    public var earliestDueProvisional: Bool
    public var reports: [OpenReport]
}

/// A45.1 (通报相关机构): a notice to an institution that holds the item through a share request.
public struct ErrorReportNotice: Sendable, Hashable, Codable {
    /// What the notice says happened.
    public enum Event: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
        /// 数据已标注,待核实.
        case marked
        /// 已处理.
        case handled
        /// 不予采纳.
        case rejected

        /// The Chinese label.
        public var label: String {
            switch self {
            case .marked: "数据已标注,待核实"
            case .handled: "纠错已处理"
            case .rejected: "纠错不予采纳"
            }
        }
    }

    public var id: Int64
    public var reportID: UUID
    public var reportNumber: Int64
    public var institution: String
    public var event: Event
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    public var provider: String
    public var providerName: String
    /// The share requests through which the institution holds the item.
    public var shareRequestNumbers: [Int64]
    public var createdOn: CivilDate
    /// The kind and description, the feedback or the reason.
    public var note: String?

    init(row: Row) throws {
        id = try row.decode("id")
        reportID = try row.decode("report_id")
        reportNumber = try row.decode("report_no")
        institution = try row.decode("institution_uscc")
        event = try row.decode("event")
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        provider = try row.decode("provider_uscc")
        providerName = try row.decode("provider_name")
        shareRequestNumbers = try row.decode("share_request_nos", as: [String].self).compactMap { Int64($0) }
        createdOn = try row.decode("created_on")
        note = try row.decodeIfPresent("note")
    }
}

/// A45.1 / W.1: an open error report due within some working days, or overdue, on a given day.
public struct ErrorReportDueItem: Sendable, Hashable, Codable {
    public var id: UUID
    public var number: Int64
    public var itemID: UUID
    public var state: ErrorReportState
    public var receivedOn: CivilDate
    public var due: CivilDate
    /// W.3: `due` was counted onto the provisional calendar (暂定).
    public var dueProvisional: Bool
    /// Working days from the day asked to the due date; negative when overdue.
    public var workingDaysLeft: Int
    public var overdue: Bool

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("number")
        itemID = try row.decode("item_id")
        state = try row.decode("state")
        receivedOn = try row.decode("received_on")
        due = try row.decode("due")
        dueProvisional = try row.decode("due_provisional")
        workingDaysLeft = try row.decode("working_days_left")
        overdue = try row.decode("overdue")
    }
}

/// A45.1: the working days the providing institution has to handle a report received in a year.
public struct ErrorReportPolicy: Sendable, Hashable, Codable {
    public var year: Int
    /// 1…60 working days after the day of receipt.
    public var handlingWorkingDays: Int
    public var note: String?

    public init(year: Int, handlingWorkingDays: Int, note: String? = nil) {
        self.year = year
        self.handlingWorkingDays = handlingWorkingDays
        self.note = note
    }

    /// The working days when a year has no policy.
    public static let defaultWorkingDays = 5

    /// The policy's own rules, as the table's checks.
    public func validate() throws(RegistryError) {
        if !(2000...2999).contains(year) { throw ErrorReportRules.policyYear.error }
        if !(1...60).contains(handlingWorkingDays) { throw ErrorReportRules.policyWorkingDays.error }
    }
}
