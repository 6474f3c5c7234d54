import Foundation
import Postgres

/// A49 / A51 / A50: who a violation is recorded against (违规主体).
public enum ViolationSubject: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 公共管理和服务机构 (A49).
    case institution
    /// 数源部门 (A51).
    case sourceDepartment = "source_department"
    /// 数据利用主体 (A50): its access to the data concerned is suspended until rectified.
    case dataUser = "data_user"

    /// The Chinese label.
    public var label: String {
        switch self {
        case .institution: "公共管理和服务机构"
        case .sourceDepartment: "数源部门"
        case .dataUser: "数据利用主体"
        }
    }

    /// The article whose clauses apply and how many clauses it has.
    var article: (number: Int, clauses: Int) {
        switch self {
        case .institution: (49, 5)
        case .sourceDepartment: (51, 6)
        case .dataUser: (50, 5)
        }
    }

    /// Whether `clause` (`A49(2)` …) is a clause of this subject's article.
    public func admits(clause: String) -> Bool {
        (1...article.clauses).contains { clause == "A\(article.number)(\($0))" }
    }
}

/// A49.1: where a violation stands.
public enum ViolationState: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 责令整改中.
    case open
    /// 已整改.
    case rectified
    /// 已移送 (after the rectification deadline).
    case referred

    /// The Chinese label.
    public var label: String {
        switch self {
        case .open: "责令整改中"
        case .rectified: "已整改"
        case .referred: "已移送"
        }
    }
}

/// A49.1 / A50.1 / A51.1: what a reviewer of a public data authority records.
public struct NewViolation: Sendable, Hashable, Codable {
    public var subject: ViolationSubject
    /// The institution or source department, for those subjects.
    public var institution: String?
    /// The data user's account, for a data user.
    public var dataUserAccount: UUID?
    /// The data concerned; for a data user, the suspension covers it (all public data when `nil`).
    public var itemID: UUID?
    /// `A49(2)`, `A51(3)`, `A50(1)` …
    public var clause: String
    public var description: String
    public var foundOn: CivilDate
    /// 整改期限.
    public var rectificationDue: CivilDate

    public init(
        subject: ViolationSubject,
        institution: String? = nil,
        dataUserAccount: UUID? = nil,
        itemID: UUID? = nil,
        clause: String,
        description: String,
        foundOn: CivilDate,
        rectificationDue: CivilDate
    ) {
        self.subject = subject
        self.institution = institution
        self.dataUserAccount = dataUserAccount
        self.itemID = itemID
        self.clause = clause
        self.description = description
        self.foundOn = foundOn
        self.rectificationDue = rectificationDue
    }

    /// The violation's own rules, in the order the database checks them.
    public func validate() throws(RegistryError) {
        let oneSubject = subject == .dataUser ? dataUserAccount != nil && institution == nil : institution != nil && dataUserAccount == nil
        if !oneSubject { throw ViolationRules.oneSubject.error }
        if !subject.admits(clause: clause) { throw ViolationRules.clause.error }
        if SQLText.isBlank(description) { throw ViolationRules.description.error }
        if rectificationDue < foundOn { throw ViolationRules.deadline.error }
    }
}

/// A49.1: how a violation is closed.
public enum ViolationClosing: Sendable, Hashable {
    /// 已整改, with what was done; a data user's access is restored that day.
    case rectified(outcome: String)
    /// 移送 to a named department, after the deadline, with the reason.
    case referred(to: String, outcome: String)
}

/// A49.1 / A50.1 / A51.1: a recorded violation.
public struct Violation: Sendable, Hashable, Codable {
    public var id: UUID
    public var number: Int64
    public var subject: ViolationSubject
    public var institution: String?
    public var institutionName: String?
    public var dataUserAccount: UUID?
    /// The data user, by name and masked identity only (A13.1).
    public var dataUser: DataUser?
    public var itemID: UUID?
    public var clause: String
    public var description: String
    public var foundOn: CivilDate
    public var rectificationDue: CivilDate
    /// The public data authority that recorded it.
    public var authority: String
    public var state: ViolationState
    public var closedOn: CivilDate?
    public var outcome: String?
    public var referredTo: String?
    /// A50.1: the suspension of the data user's access.
    public var suspensionID: UUID?
    /// The division the violation belongs to: of the institution concerned, else of the data concerned, else the
    /// region. Its authority and those above it record and close the violation.
    public var jurisdiction: String
    /// The institution whose data (`itemID`) the violation concerns.
    public var itemInstitution: String?

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("violation_no")
        subject = try row.decode("subject")
        institution = try row.decodeIfPresent("institution_uscc")
        institutionName = try row.decodeIfPresent("institution_name")
        dataUserAccount = try row.decodeIfPresent("data_user_account")
        dataUser = try row.decodeIfPresent("du_id", as: UUID.self) == nil ? nil : try DataUser(row: row, prefix: "du_")
        itemID = try row.decodeIfPresent("item_id")
        clause = try row.decode("clause")
        description = try row.decode("description")
        foundOn = try row.decode("found_on")
        rectificationDue = try row.decode("rectification_due")
        authority = try row.decode("authority_uscc")
        state = try row.decode("state")
        closedOn = try row.decodeIfPresent("closed_on")
        outcome = try row.decodeIfPresent("outcome")
        referredTo = try row.decodeIfPresent("referred_to")
        suspensionID = try row.decodeIfPresent("suspension_id")
        jurisdiction = try row.decode("jurisdiction")
        itemInstitution = try row.decodeIfPresent("item_institution")
    }
}
