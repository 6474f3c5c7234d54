import Foundation
import Postgres

/// A36.1 / A35.2: what kind of security record an institution keeps.
public enum SecurityCheckKind: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 定期安全检查 (A36.1).
    case periodicCheck = "periodic_check"
    /// 共享风险评估 (A35.2).
    case riskAssessment = "risk_assessment"
    /// 安全审查 (A35.2).
    case securityReview = "security_review"

    /// The Chinese label.
    public var label: String {
        switch self {
        case .periodicCheck: "定期安全检查"
        case .riskAssessment: "共享风险评估"
        case .securityReview: "安全审查"
        }
    }
}

/// A36.1 / A35.2: a security check, risk assessment or review as it is recorded.
public struct NewSecurityCheck: Sendable, Hashable, Codable {
    /// The institution checked; the clerk's own when `nil`.
    public var institution: String?
    public var kind: SecurityCheckKind
    public var checkedOn: CivilDate
    public var findings: String
    public var issuesFound: Int
    /// The measures taken; required when issues were found.
    public var measures: String?

    public init(
        institution: String? = nil,
        kind: SecurityCheckKind,
        checkedOn: CivilDate,
        findings: String,
        issuesFound: Int,
        measures: String? = nil
    ) {
        self.institution = institution
        self.kind = kind
        self.checkedOn = checkedOn
        self.findings = findings
        self.issuesFound = issuesFound
        self.measures = measures
    }

    /// The record's own rules, in the order the database checks them.
    public func validate() throws(RegistryError) {
        if SQLText.isBlank(findings) { throw ViolationRules.checkFindings.error }
        if issuesFound < 0 { throw ViolationRules.checkIssues.error }
        if issuesFound > 0, SQLText.isBlank(measures) { throw ViolationRules.checkMeasures.error }
    }
}

/// A36.1 / A35.2: a recorded security check (A38.1: the institution answers for it).
public struct SecurityCheck: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    public var institution: String
    public var kind: SecurityCheckKind
    public var checkedOn: CivilDate
    public var findings: String
    public var issuesFound: Int
    public var measures: String?

    init(row: Row) throws {
        id = try row.decode("id")
        institution = try row.decode("institution_uscc")
        kind = try row.decode("kind")
        checkedOn = try row.decode("checked_on")
        findings = try row.decode("findings")
        issuesFound = try row.decode("issues_found")
        measures = try row.decodeIfPresent("measures")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["id", "institution_uscc", "kind", "checked_on", "findings", "issues_found", "measures"]
}

/// A36.1: a data user's report on how it used public data (使用情况反馈).
public struct UsageFeedback: Sendable, Hashable, Codable {
    public var itemID: UUID
    /// The period reported on (e.g. `2026年第三季度`).
    public var period: String
    public var useDescription: String
    public var securityMeasures: String

    public init(itemID: UUID, period: String, useDescription: String, securityMeasures: String) {
        self.itemID = itemID
        self.period = period
        self.useDescription = useDescription
        self.securityMeasures = securityMeasures
    }

    init(row: Row) throws {
        itemID = try row.decode("item_id")
        period = try row.decode("period")
        useDescription = try row.decode("use_description")
        securityMeasures = try row.decode("security_measures")
    }

    /// The feedback's own rules, in the order the database checks them.
    public func validate() throws(RegistryError) {
        if SQLText.isBlank(period) { throw ViolationRules.feedbackPeriod.error }
        if SQLText.isBlank(useDescription) { throw ViolationRules.feedbackDescription.error }
        if SQLText.isBlank(securityMeasures) { throw ViolationRules.feedbackSecurity.error }
    }
}

/// A36.1 / A35.2: security checks and usage feedback — an institution's clerks (or the authorities above it) record
/// its checks; data users report their usage; each write is one audited transaction.
public struct SecurityRecords: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Records a check of an institution (its clerk, or a reviewer of an authority over it).
    public func record(_ input: NewSecurityCheck, by actor: Principal) async throws -> SecurityCheck {
        try actor.require(.clerk, .reviewer)
        try input.validate()
        guard let institution = input.institution?.uppercased() ?? actor.institution else {
            throw RegistryError.missing("institution", "机构统一社会信用代码", article: "A36.1")
        }
        return try await database.write(actor.audit("security_check.record")) { connection in
            try actor.requireFollower(of: [institution], subject: "安全检查记录", on: connection)
            return try SecurityCheck(
                row: try connection.queryOne(
                    """
                    insert into security_check (institution_uscc, kind, checked_on, findings, issues_found, measures, recorded_by)
                    values (\(institution), \(input.kind)::security_check_kind, \(input.checkedOn)::date, \(input.findings),
                            \(input.issuesFound), \(input.measures), \(actor.account.id))
                    returning \(SecurityCheck.columns)
                    """
                )
            )
        }
    }

    /// An institution's checks, newest first (its clerks, the committee, the authorities above it).
    public func checks(of institution: String, by actor: Principal) async throws -> [SecurityCheck] {
        try await database.read { connection in
            if actor.role != .committee { try actor.requireFollower(of: [institution], subject: "安全检查记录", on: connection) }
            return try connection.query(
                "select \(SecurityCheck.columns) from security_check where institution_uscc = \(institution) order by checked_on desc, created_at desc"
            ).map(SecurityCheck.init(row:))
        }
    }

    /// Files a data user's usage feedback.
    public func feedback(_ input: UsageFeedback, by actor: Principal) async throws {
        try actor.require(.dataUser)
        try input.validate()
        try await database.write(actor.audit("usage_feedback.file")) { connection in
            try connection.query(
                """
                insert into usage_feedback (data_user_account, item_id, period, use_description, security_measures)
                values (\(actor.account.id), \(input.itemID), \(input.period), \(input.useDescription), \(input.securityMeasures))
                """
            )
        }
    }
}
