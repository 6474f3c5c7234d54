import Foundation
import Postgres

/// A46.1: where a report of unlawful use stands (举报状态).
public enum UnlawfulUseReportState: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 已受理.
    case received
    /// 核查中.
    case handling
    /// 已办结, with the outcome.
    case handled

    /// The Chinese label.
    public var label: String {
        switch self {
        case .received: "已受理"
        case .handling: "核查中"
        case .handled: "已办结"
        }
    }
}

/// A46.1: what anyone with an account reports about unlawful acquisition or use of public data (举报).
public struct NewUnlawfulUseReport: Sendable, Hashable, Codable {
    /// What happened, in the reporter's words.
    public var description: String
    /// The institution reported, if any: its division's authority handles the report.
    public var subjectInstitution: String?
    /// The data user reported (its account), if any.
    public var subjectDataUser: UUID?
    /// The division whose public data authority should handle the report, when no institution is named.
    public var division: String?

    public init(description: String, subjectInstitution: String? = nil, subjectDataUser: UUID? = nil, division: String? = nil) {
        self.description = description
        self.subjectInstitution = subjectInstitution
        self.subjectDataUser = subjectDataUser
        self.division = division
    }

    /// The report's own rules, in the order the database checks them.
    public func validate() throws(RegistryError) {
        if SQLText.isBlank(description) { throw UnlawfulUseReportRules.description.error }
        if subjectInstitution != nil && subjectDataUser != nil { throw UnlawfulUseReportRules.oneSubject.error }
    }
}

/// A46.1: a report of unlawful use as handlers and lists show it: the reporter is never named (匿名举报人).
public struct UnlawfulUseReport: Sendable, Hashable, Codable {
    /// How every report names its reporter, whoever reads it.
    public static let anonymousReporter = "匿名举报人"

    public var id: UUID
    /// Registration order (举报编号).
    public var number: Int64
    /// Always ``anonymousReporter``: the reporter's identity is protected.
    public var reporter: String
    /// The division whose public data authority handles the report.
    public var authorityDivision: String
    public var subjectInstitution: String?
    public var subjectInstitutionName: String?
    public var subjectDataUserAccount: UUID?
    /// The data user reported, by name and masked identity only (A13.1).
    public var subjectDataUser: DataUser?
    public var description: String
    public var state: UnlawfulUseReportState
    public var receivedOn: CivilDate
    public var handlingOn: CivilDate?
    public var handlingNote: String?
    public var handledOn: CivilDate?
    public var outcome: String?

    /// The Chinese label of the state.
    public var stateLabel: String { state.label }

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("report_no")
        reporter = try row.decode("reporter")
        authorityDivision = try row.decode("authority_division")
        subjectInstitution = try row.decodeIfPresent("subject_institution")
        subjectInstitutionName = try row.decodeIfPresent("subject_institution_name")
        subjectDataUserAccount = try row.decodeIfPresent("subject_account")
        subjectDataUser = try row.decodeIfPresent("du_id", as: UUID.self) == nil ? nil : try DataUser(row: row, prefix: "du_")
        description = try row.decode("description")
        state = try row.decode("state")
        receivedOn = try row.decode("received_on")
        handlingOn = try row.decodeIfPresent("handling_on")
        handlingNote = try row.decodeIfPresent("handling_note")
        handledOn = try row.decodeIfPresent("handled_on")
        outcome = try row.decodeIfPresent("outcome")
    }
}
