import Foundation
import Postgres

/// A24.1: where a demand for data outside the catalog stands (需求申请状态).
public enum ShareDemandState: String, Sendable, Hashable, CaseIterable, Codable {
    /// 待审核: waiting for the review of the public data authority of the requester's division.
    case submitted
    /// 已转数源部门: the authority named the source department; its reply is due 5 working days later.
    case forwarded
    /// 审核未通过: the authority did not forward it, saying why.
    case rejected
    /// 已确认: the source agreed; on the responsibility list until delivered.
    case confirmed
    /// 数源部门拒绝, with reason and legal basis.
    case refused
    /// 已交付.
    case delivered
    /// 已撤回 by the requester.
    case withdrawn

    /// The Chinese label.
    public var label: String {
        switch self {
        case .submitted: "待审核"
        case .forwarded: "已转数源部门"
        case .rejected: "审核未通过"
        case .confirmed: "已确认"
        case .refused: "数源部门拒绝"
        case .delivered: "已交付"
        case .withdrawn: "已撤回"
        }
    }
}

extension ShareDemandState: PostgresEnum {}

/// A24.1: what an institution files to ask for public data not yet in the share catalog (目录外数据需求).
public struct NewShareDemand: Sendable, Hashable, Codable {
    /// The requesting institution; the filing clerk's own when `nil`.
    public var requester: String?
    /// The data wanted, in the requester's words (需求描述).
    public var dataWanted: String
    /// Names of the data items wanted.
    public var dataItems: [String]
    /// 应用场景 (A20.2).
    public var scenario: String
    /// 承诺真实、合规、安全 (A20.2): must be true.
    public var commitment: Bool
    public var mode: SharingMode
    /// 截止时间: not before the day of receipt.
    public var endDate: CivilDate
    /// The source department the requester believes holds the data; the authority names it when it forwards.
    public var proposedSource: String?

    public init(
        requester: String? = nil,
        dataWanted: String,
        dataItems: [String],
        scenario: String,
        commitment: Bool,
        mode: SharingMode,
        endDate: CivilDate,
        proposedSource: String? = nil
    ) {
        self.requester = requester
        self.dataWanted = dataWanted
        self.dataItems = dataItems
        self.scenario = scenario
        self.commitment = commitment
        self.mode = mode
        self.endDate = endDate
        self.proposedSource = proposedSource
    }

    /// The demand's own rules, in the order the database checks them (A24.1, A20.2, A23.4).
    public func validate(receivedOn today: CivilDate) throws(RegistryError) {
        if SQLText.isBlank(dataWanted) { throw ShareDemandRules.dataWanted.error }
        if SQLText.isBlank(scenario) { throw ShareDemandRules.scenario.error }
        if !commitment { throw ShareDemandRules.commitment.error }
        if !NewShareRequest.isValidItemList(dataItems) { throw ShareDemandRules.dataItems.error }
        if endDate < today { throw ShareDemandRules.endDate.error }
    }
}

/// A24.1: the review of a demand by the public data authority of the requester's division.
public enum ShareDemandReview: Sendable, Hashable {
    /// 审核通过: forwarded to the source department named here, with an optional note.
    case forward(source: String, note: String?)
    /// 审核未通过, with the reason.
    case reject(reason: String)
}

/// A24.1: the source department's reply to a forwarded demand.
public enum ShareDemandReply: Sendable, Hashable {
    /// 同意共享: delivery within 7 working days of the reply, or — when the data needs processing — on the day named.
    case confirm(processingUntil: CivilDate?)
    /// 不同意共享, with reason and legal basis.
    case refuse(reason: String, legalBasis: String)
}

/// A24.1 / A25.1: a demand for data outside the catalog, with every date the database stamped on it (W.1).
public struct ShareDemand: Sendable, Hashable, Codable {
    public var id: UUID
    /// Registration order (需求编号).
    public var number: Int64
    public var requester: String
    public var requesterName: String
    public var requesterAccount: UUID
    /// The division whose public data authority reviews the demand: the requester's (本级).
    public var authorityDivision: String
    public var dataWanted: String
    public var requestedItems: [String]
    public var scenario: String
    public var commitment: Bool
    public var mode: SharingMode
    public var endDate: CivilDate
    /// The source department: proposed by the requester, named by the authority when it forwards.
    public var source: String?
    public var sourceName: String?
    /// A25.1: the divisions whose authorities the demand passes, from the requester's to the source's.
    public var route: [String]
    public var state: ShareDemandState
    public var receivedOn: CivilDate
    public var reviewedOn: CivilDate?
    public var reviewNote: String?
    /// A24.1: 5 working days after the demand was forwarded to the source.
    public var replyDue: CivilDate?
    /// W.3: `replyDue` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var replyDueProvisional: Bool
    public var repliedOn: CivilDate?
    /// Whether the source must process the data first and named the day it can be shared.
    public var processingNeeded: Bool?
    /// A24.1: 7 working days after the reply, or the day named when the data needs processing.
    public var deliveryDue: CivilDate?
    /// W.3: `deliveryDue` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var deliveryDueProvisional: Bool
    public var refusalReason: String?
    public var refusalLegalBasis: String?
    public var deliveredOn: CivilDate?
    public var deliveryNote: String?
    public var withdrawnOn: CivilDate?
    public var withdrawalReason: String?

    /// The Chinese label of the state.
    public var stateLabel: String { state.label }

    /// The source department the authority named when it forwarded the demand (`nil` before: a proposal only).
    public var assignedSource: String? { replyDue == nil ? nil : source }

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("demand_no")
        requester = try row.decode("requester_uscc")
        requesterName = try row.decode("requester_name")
        requesterAccount = try row.decode("requester_account")
        authorityDivision = try row.decode("authority_division")
        dataWanted = try row.decode("data_wanted")
        requestedItems = try row.decode("requested_items")
        scenario = try row.decode("scenario")
        commitment = try row.decode("commitment")
        mode = try row.decode("mode")
        endDate = try row.decode("end_date")
        source = try row.decodeIfPresent("source_uscc")
        sourceName = try row.decodeIfPresent("source_name")
        route = try row.decode("route")
        state = try row.decode("state")
        receivedOn = try row.decode("received_on")
        reviewedOn = try row.decodeIfPresent("reviewed_on")
        reviewNote = try row.decodeIfPresent("review_note")
        replyDue = try row.decodeIfPresent("reply_due")
        replyDueProvisional = try row.decode("reply_due_provisional")
        repliedOn = try row.decodeIfPresent("replied_on")
        processingNeeded = try row.decodeIfPresent("processing_needed")
        deliveryDue = try row.decodeIfPresent("delivery_due")
        deliveryDueProvisional = try row.decode("delivery_due_provisional")
        refusalReason = try row.decodeIfPresent("refusal_reason")
        refusalLegalBasis = try row.decodeIfPresent("refusal_legal_basis")
        deliveredOn = try row.decodeIfPresent("delivered_on")
        deliveryNote = try row.decodeIfPresent("delivery_note")
        withdrawnOn = try row.decodeIfPresent("withdrawn_on")
        withdrawalReason = try row.decodeIfPresent("withdrawal_reason")
    }
}

/// A24.1: a demand with its history, as the requester, the authority and the source follow it.
public struct ShareDemandDetail: Sendable, Hashable, Codable {
    public var demand: ShareDemand
    public var history: [ShareDemandEvent]
}
