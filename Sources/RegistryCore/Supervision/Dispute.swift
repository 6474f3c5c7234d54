import Foundation
import Postgres

/// A47.1: what a dispute is about (争议事项).
public enum DisputeSubject: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 公共数据共享.
    case sharing
    /// 公共数据开放.
    case opening
    /// 公共数据开发利用.
    case use

    /// The Chinese label.
    public var label: String {
        switch self {
        case .sharing: "共享"
        case .opening: "开放"
        case .use: "开发利用"
        }
    }
}

/// A47.1: where a dispute stands (争议状态).
public enum DisputeState: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 已提请协调.
    case filed
    /// 协调中.
    case coordinating
    /// 已提交专家委员会研究.
    case referred
    /// 已作出决定.
    case decided

    /// The Chinese label.
    public var label: String {
        switch self {
        case .filed: "已提请协调"
        case .coordinating: "协调中"
        case .referred: "已提交专家委员会"
        case .decided: "已决定"
        }
    }
}

/// A47.1: a step in a dispute's history (办理环节): the states, and the committee's recommendation.
public enum DisputeStep: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    case filed
    case coordinating
    case referred
    /// 专家委员会提出建议.
    case recommended
    case decided

    /// The Chinese label.
    public var label: String {
        switch self {
        case .filed: "提请协调"
        case .coordinating: "协调"
        case .referred: "提交专家委员会"
        case .recommended: "专家委员会建议"
        case .decided: "决定"
        }
    }
}

/// A47.1: what a party files with a public data authority (提请协调).
public struct NewDispute: Sendable, Hashable, Codable {
    public var subject: DisputeSubject
    /// What is in dispute.
    public var description: String
    /// The institutions party to the dispute (credit codes).
    public var partyInstitutions: [String]
    /// The data users party to the dispute (their accounts).
    public var partyDataUsers: [UUID]
    /// The division whose public data authority coordinates; the filing clerk's own when `nil`.
    public var division: String?

    public init(
        subject: DisputeSubject,
        description: String,
        partyInstitutions: [String] = [],
        partyDataUsers: [UUID] = [],
        division: String? = nil
    ) {
        self.subject = subject
        self.description = description
        self.partyInstitutions = partyInstitutions
        self.partyDataUsers = partyDataUsers
        self.division = division
    }

    private enum CodingKeys: String, CodingKey {
        case subject, description, partyInstitutions, partyDataUsers, division
    }

    /// Decodes a filing; either list of parties may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subject = try container.decode(DisputeSubject.self, forKey: .subject)
        description = try container.decode(String.self, forKey: .description)
        partyInstitutions = try container.decodeIfPresent([String].self, forKey: .partyInstitutions) ?? []
        partyDataUsers = try container.decodeIfPresent([UUID].self, forKey: .partyDataUsers) ?? []
        division = try container.decodeIfPresent(String.self, forKey: .division)
    }

    /// The institutions as the database keeps them (upper case).
    var institutions: [String] { partyInstitutions.map { $0.uppercased() } }

    /// The dispute's own rules, in the order the database checks them.
    public func validate() throws(RegistryError) {
        if SQLText.isBlank(description) { throw DisputeRules.description.error }
        if institutions.count + partyDataUsers.count < 2 || Set(institutions).count != institutions.count
            || Set(partyDataUsers).count != partyDataUsers.count
        {
            throw DisputeRules.parties.error
        }
    }
}

/// A47.1: one party to a dispute — an institution, or a data user by name and masked identity only (A13.1).
public struct DisputeParty: Sendable, Hashable, Codable {
    /// `institution` or `data_user`.
    public var kind: String
    public var institution: String?
    public var institutionName: String?
    public var account: UUID?
    public var dataUser: DataUser?

    init(row: Row) throws {
        kind = try row.decode("kind")
        institution = try row.decodeIfPresent("institution_uscc")
        institutionName = try row.decodeIfPresent("institution_name")
        account = try row.decodeIfPresent("account_id")
        dataUser = try row.decodeIfPresent("du_id", as: UUID.self) == nil ? nil : try DataUser(row: row, prefix: "du_")
    }
}

/// A47.1: a dispute with its parties and every day the database stamped on it.
public struct Dispute: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    /// Registration order (争议编号).
    public var number: Int64
    public var subject: DisputeSubject
    public var description: String
    public var parties: [DisputeParty]
    /// The account that filed it (a party).
    public var filedBy: UUID
    /// The division whose public data authority coordinates.
    public var authorityDivision: String
    public var state: DisputeState
    public var filedOn: CivilDate
    public var coordinatingOn: CivilDate?
    public var coordinationNote: String?
    public var referredOn: CivilDate?
    /// The question put to the expert committee.
    public var referralQuestion: String?
    public var recommendedOn: CivilDate?
    /// The expert committee's recommendation (专业建议).
    public var recommendation: String?
    public var recommendedBy: UUID?
    public var decidedOn: CivilDate?
    /// The authority's decision.
    public var decision: String?

    /// The Chinese label of the state.
    public var stateLabel: String { state.label }

    init(row: Row, parties: [DisputeParty]) throws {
        id = try row.decode("id")
        number = try row.decode("dispute_no")
        subject = try row.decode("subject")
        description = try row.decode("description")
        self.parties = parties
        filedBy = try row.decode("filed_by")
        authorityDivision = try row.decode("authority_division")
        state = try row.decode("state")
        filedOn = try row.decode("filed_on")
        coordinatingOn = try row.decodeIfPresent("coordinating_on")
        coordinationNote = try row.decodeIfPresent("coordination_note")
        referredOn = try row.decodeIfPresent("referred_on")
        referralQuestion = try row.decodeIfPresent("referral_question")
        recommendedOn = try row.decodeIfPresent("recommended_on")
        recommendation = try row.decodeIfPresent("recommendation")
        recommendedBy = try row.decodeIfPresent("recommended_by")
        decidedOn = try row.decodeIfPresent("decided_on")
        decision = try row.decodeIfPresent("decision")
    }

    /// The columns ``init(row:parties:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "id", "dispute_no", "subject", "description", "filed_by", "authority_division", "state", "filed_on", "coordinating_on", "coordination_note",
        "referred_on", "referral_question", "recommended_on", "recommendation", "recommended_by", "decided_on", "decision",
    ]

    /// The institutions party to the dispute.
    public var partyInstitutions: [String] { parties.compactMap(\.institution) }
    /// The data user accounts party to the dispute.
    public var partyAccounts: [UUID] { parties.compactMap(\.account) }
}

/// A47.1: one step in a dispute's history, recorded by the database as it happens (`dispute_event`).
public struct DisputeEvent: Sendable, Hashable, Codable, RowColumns {
    public var id: Int64
    public var step: DisputeStep
    /// The state after the step.
    public var state: DisputeState
    public var at: Date
    public var onDate: CivilDate
    /// The coordination note, referral question, recommendation or decision.
    public var note: String?
    public var actorAccount: UUID?
    public var actorRole: String?
    public var actorInstitution: String?

    init(row: Row) throws {
        id = try row.decode("id")
        step = try row.decode("step")
        state = try row.decode("state")
        at = try row.decode("at")
        onDate = try row.decode("on_date")
        note = try row.decodeIfPresent("note")
        actorAccount = try row.decodeIfPresent("actor_account")
        actorRole = try row.decodeIfPresent("actor_role")
        actorInstitution = try row.decodeIfPresent("actor_institution")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["id", "step", "state", "at", "on_date", "note", "actor_account", "actor_role", "actor_institution"]
}

/// A47.1: a dispute with its history, oldest step first.
public struct DisputeDetail: Sendable, Hashable, Codable {
    public var dispute: Dispute
    public var history: [DisputeEvent]
}
