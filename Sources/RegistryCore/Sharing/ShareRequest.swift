import Foundation
import Postgres

/// A20.2 / A23.1–A23.4: a request of an institution for a published catalog item (共享申请), with every date the
/// database stamped on it (W.1).
public struct ShareRequest: Sendable, Hashable, Codable {
    public var id: UUID
    /// Registration order (申请编号).
    public var number: Int64
    /// A19.1: a share request between institutions, or a flow-back from the region platform to a league/city one.
    public var kind: ShareRequestKind
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    /// The published revision the request was filed against.
    public var revisionID: Int64
    /// The source institution (the institution whose catalog holds the item; for a flow-back, the region's public data
    /// authority, whose platform holds it): it answers.
    public var source: String
    public var sourceName: String
    /// The item's share type when the request was filed (A21.1).
    public var shareType: ShareType
    /// The requesting institution.
    public var requester: String
    public var requesterName: String
    public var requesterAccount: UUID
    /// 应用场景 (A20.2).
    public var scenario: String
    /// 承诺真实、合规、安全 (A20.2); always true for a stored request.
    public var commitment: Bool
    public var requestedItems: [String]
    public var mode: SharingMode
    /// 截止时间: the authorisation ends at the close of this day (A23.4).
    public var endDate: CivilDate
    public var purpose: SharePurpose
    public var state: ShareRequestState
    public var receivedAt: Date
    /// Day of receipt (Asia/Shanghai); it does not count (W.1).
    public var receivedOn: CivilDate
    /// A23.2: 5 working days after receipt (the day of receipt for unconditional items, A23.1).
    public var replyDue: CivilDate
    /// W.3: `replyDue` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var replyDueProvisional: Bool
    public var repliedOn: CivilDate?
    /// The data items the approval covers (A23.4: never beyond those requested).
    public var approvedItems: [String]?
    public var refusalReason: String?
    public var refusalLegalBasis: String?
    /// A23.2: 5 working days after the approval.
    public var deliveryDue: CivilDate?
    /// W.3: `deliveryDue` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var deliveryDueProvisional: Bool
    public var deliveredOn: CivilDate?
    public var deliveryNote: String?
    public var withdrawnOn: CivilDate?
    public var withdrawalReason: String?
    /// A25.1: the divisions whose public data authorities the request passes, from the requester's up to the lowest
    /// division over both sides and down to the source's; empty within one division.
    public var route: [String]

    /// The Chinese label of the state.
    public var stateLabel: String { state.label }

    /// A23.4: whether the authorisation is in force on `day`: granted (or delivered) and not past its end date.
    public func isAuthorised(on day: CivilDate) -> Bool {
        (state == .approved || state == .delivered) && day <= endDate
    }

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("request_no")
        kind = try row.decode("kind")
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        revisionID = try row.decode("revision_id")
        source = try row.decode("source_uscc")
        sourceName = try row.decode("source_name")
        shareType = try row.decode("share_type")
        requester = try row.decode("requester_uscc")
        requesterName = try row.decode("requester_name")
        requesterAccount = try row.decode("requester_account")
        scenario = try row.decode("scenario")
        commitment = try row.decode("commitment")
        requestedItems = try row.decode("requested_items")
        mode = try row.decode("mode")
        endDate = try row.decode("end_date")
        purpose = try row.decode("purpose")
        state = try row.decode("state")
        receivedAt = try row.decode("received_at")
        receivedOn = try row.decode("received_on")
        replyDue = try row.decode("reply_due")
        replyDueProvisional = try row.decode("reply_due_provisional")
        repliedOn = try row.decodeIfPresent("replied_on")
        approvedItems = try row.decodeIfPresent("approved_items")
        refusalReason = try row.decodeIfPresent("refusal_reason")
        refusalLegalBasis = try row.decodeIfPresent("refusal_legal_basis")
        deliveryDue = try row.decodeIfPresent("delivery_due")
        deliveryDueProvisional = try row.decode("delivery_due_provisional")
        deliveredOn = try row.decodeIfPresent("delivered_on")
        deliveryNote = try row.decodeIfPresent("delivery_note")
        withdrawnOn = try row.decodeIfPresent("withdrawn_on")
        withdrawalReason = try row.decodeIfPresent("withdrawal_reason")
        route = try row.decode("route")
    }
}

/// A23.2: a share request with its history, as the requester and the source follow it.
public struct ShareRequestDetail: Sendable, Hashable, Codable {
    public var request: ShareRequest
    public var history: [ShareRequestEvent]
    /// The states the request may go to next, as the database's state machine says (`share_request_may_go`).
    public var nextStates: [ShareRequestState]
}
