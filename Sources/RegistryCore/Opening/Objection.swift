import Foundation
import Postgres

/// A28.3: the harm an objection claims (侵害的权益).
public enum ObjectionHarm: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 隐私.
    case privacy
    /// 个人信息.
    case personalInformation = "personal_information"
    /// 商业秘密.
    case tradeSecret = "trade_secret"

    /// The Chinese label.
    public var label: String {
        switch self {
        case .privacy: "隐私"
        case .personalInformation: "个人信息"
        case .tradeSecret: "商业秘密"
        }
    }
}

/// A28.3: where an objection stands; the item's opening is suspended while it is `received` or `processing`.
public enum ObjectionState: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 已受理,中止开放: being verified.
    case received
    /// 依法处理中: the data is processed before it opens again.
    case processing
    /// 已撤回数据.
    case withdrawn
    /// 已恢复开放.
    case restored
    /// 已处理后开放.
    case reopened

    /// The Chinese label.
    public var label: String {
        switch self {
        case .received: "已受理(中止开放)"
        case .processing: "依法处理中"
        case .withdrawn: "已撤回数据"
        case .restored: "已恢复开放"
        case .reopened: "已处理后开放"
        }
    }
}

/// A28.1 / A28.3: the opening state of a catalog item today, computed from its objections and the catalog.
public enum OpeningState: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 开放中.
    case open
    /// 中止开放: an objection is being verified, or its data processed.
    case suspended
    /// 已撤回: an objection withdrew the data, until a later catalog revision decides its open type anew.
    case withdrawn
    /// 非开放 (or not published).
    case notOpen = "not_open"
}

/// A28.3: what a data user files against an open item.
public struct NewObjection: Sendable, Hashable, Codable {
    public var itemID: UUID
    public var harm: ObjectionHarm
    /// How the open data harms the complainant.
    public var description: String
    /// 证据材料: the evidence, described or referenced.
    public var evidence: String

    public init(itemID: UUID, harm: ObjectionHarm, description: String, evidence: String) {
        self.itemID = itemID
        self.harm = harm
        self.description = description
        self.evidence = evidence
    }
}

/// A28.3: the providing institution's decision after verification, with its feedback to the complainant.
public enum ObjectionDecision: Sendable, Hashable {
    /// 撤回数据.
    case withdraw(verification: String, feedback: String)
    /// 恢复开放.
    case restore(verification: String, feedback: String)
    /// 依法处理后开放: stays suspended until reopened.
    case process(verification: String, feedback: String)

    var state: ObjectionState {
        switch self {
        case .withdraw: .withdrawn
        case .restore: .restored
        case .process: .processing
        }
    }

    var texts: (verification: String, feedback: String) {
        switch self {
        case .withdraw(let v, let f), .restore(let v, let f), .process(let v, let f): (v, f)
        }
    }
}

/// A28.3: an objection with its decision; the complainant is shown by name and masked identity only (A13.1).
public struct Objection: Sendable, Hashable, Codable {
    public var id: UUID
    public var number: Int64
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    /// The providing institution: it verifies and decides.
    public var institution: String
    public var complainantAccount: UUID
    public var complainant: DataUser
    public var harm: ObjectionHarm
    public var description: String
    public var evidence: String
    public var state: ObjectionState
    public var receivedOn: CivilDate
    public var decidedOn: CivilDate?
    public var verificationNote: String?
    /// The feedback to the complainant on the decision.
    public var feedback: String?
    public var reopenedOn: CivilDate?
    public var reopenFeedback: String?

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("objection_no")
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        institution = try row.decode("institution_uscc")
        complainantAccount = try row.decode("complainant_account")
        complainant = try DataUser(row: row, prefix: "du_")
        harm = try row.decode("harm")
        description = try row.decode("description")
        evidence = try row.decode("evidence")
        state = try row.decode("state")
        receivedOn = try row.decode("received_on")
        decidedOn = try row.decodeIfPresent("decided_on")
        verificationNote = try row.decodeIfPresent("verification_note")
        feedback = try row.decodeIfPresent("feedback")
        reopenedOn = try row.decodeIfPresent("reopened_on")
        reopenFeedback = try row.decodeIfPresent("reopen_feedback")
    }
}
