import Foundation
import Postgres

/// A37.1: the grade of a security incident, as the national emergency plans grade them.
public enum SecurityIncidentLevel: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    case general
    case major
    case serious
    case especiallySerious = "especially_serious"

    /// The Chinese label.
    public var label: String {
        switch self {
        case .general: "一般"
        case .major: "较大"
        case .serious: "重大"
        case .especiallySerious: "特别重大"
        }
    }
}

/// A37.1: a security incident as it is first recorded — what happened, how grave, when it was detected.
public struct NewSecurityIncident: Sendable, Hashable, Codable {
    /// The institution the incident happened at; the clerk's own when `nil`.
    public var institution: String?
    public var title: String
    public var level: SecurityIncidentLevel
    public var description: String
    public var detectedAt: Date

    public init(institution: String? = nil, title: String, level: SecurityIncidentLevel, description: String, detectedAt: Date) {
        self.institution = institution
        self.title = title
        self.level = level
        self.description = description
        self.detectedAt = detectedAt
    }
}

/// A37.1: the emergency response steps recorded on an incident; each is stamped once and a `nil` leaves it as it is.
public struct SecurityIncidentResponse: Sendable, Hashable, Codable {
    /// The response taken (应急响应措施), recorded with the containment.
    public var response: String?
    public var containedAt: Date?
    public var recoveredAt: Date?
    /// The report to the public data authority or the competent department, and to whom.
    public var reportedAt: Date?
    public var reportRecipient: String?

    public init(
        response: String? = nil,
        containedAt: Date? = nil,
        recoveredAt: Date? = nil,
        reportedAt: Date? = nil,
        reportRecipient: String? = nil
    ) {
        self.response = response
        self.containedAt = containedAt
        self.recoveredAt = recoveredAt
        self.reportedAt = reportedAt
        self.reportRecipient = reportRecipient
    }
}

/// A37.1: a recorded security incident and how far its emergency response has come (A38.1: the institution answers).
public struct SecurityIncident: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    public var institution: String
    public var title: String
    public var level: SecurityIncidentLevel
    public var description: String
    public var detectedAt: Date
    public var response: String?
    public var containedAt: Date?
    public var recoveredAt: Date?
    public var reportedAt: Date?
    public var reportRecipient: String?

    init(row: Row) throws {
        id = try row.decode("id")
        institution = try row.decode("institution_uscc")
        title = try row.decode("title")
        level = try row.decode("level")
        description = try row.decode("description")
        detectedAt = try row.decode("detected_at")
        response = try row.decodeIfPresent("response")
        containedAt = try row.decodeIfPresent("contained_at")
        recoveredAt = try row.decodeIfPresent("recovered_at")
        reportedAt = try row.decodeIfPresent("reported_at")
        reportRecipient = try row.decodeIfPresent("report_recipient")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "id", "institution_uscc", "title", "level", "description", "detected_at", "response", "contained_at", "recovered_at", "reported_at",
        "report_recipient",
    ]
}

/// A37.1: the rules `sql/0101_security_incidents.sql` enforces on incidents, with their fields and messages.
enum SecurityIncidentRules {
    static let all: [Rule] = [
        Rule(constraint: "security_incident_institution_exists_a37_1", field: "institution", message: "安全事件涉及的机构不存在。"),
        Rule(constraint: "security_incident_title_a37_1", field: "title", message: "安全事件须写明事件名称。"),
        Rule(constraint: "security_incident_description_a37_1", field: "description", message: "安全事件须写明事件经过。"),
        Rule(constraint: "security_incident_response_a37_1", field: "response", message: "记录控制处置时须写明采取的应急响应措施。"),
        Rule(
            constraint: "security_incident_contained_after_detection_a37_1",
            field: "contained_at",
            message: "控制处置时间不能早于发现时间。"
        ),
        Rule(
            constraint: "security_incident_recovered_after_containment_a37_1",
            field: "recovered_at",
            message: "恢复时间须在控制处置之后,且须先记录控制处置。"
        ),
        Rule(
            constraint: "security_incident_reported_after_detection_a37_1",
            field: "reported_at",
            message: "报告时间不能早于发现时间。"
        ),
        Rule(
            constraint: "security_incident_report_recipient_a37_1",
            field: "report_recipient",
            message: "报告时间和报告对象须一并记录。"
        ),
        Rule(constraint: "security_incident_not_in_future_a37_1", field: nil, message: "安全事件的各环节时间不能晚于当前时间。"),
        Rule(
            constraint: "security_incident_steps_kept_a37_1",
            field: nil,
            message: "安全事件已记录的发现、控制处置、恢复和报告环节不能更改。"
        ),
        Rule(constraint: "security_incident_kept_a37_1", field: nil, message: "安全事件记录不能删除。"),
    ]
}
