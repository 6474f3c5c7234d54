import Foundation
import Postgres

/// A10.3: what happened to a catalog version in its review.
public enum CatalogReviewEventKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// 提交审核: starts the authority's 5-working-day decision deadline (A11.1).
    case submitted
    /// 审核通过.
    case approved
    /// 退回 (with reasons).
    case returned
    /// 重新打开: a returned version becomes a draft again.
    case reopened

    /// The Chinese label.
    public var label: String {
        switch self {
        case .submitted: "提交审核"
        case .approved: "审核通过"
        case .returned: "退回"
        case .reopened: "重新打开"
        }
    }
}

extension CatalogReviewEventKind: PostgresEnum {}

/// A10.3 / A11.1: one step of a catalog version's review, recorded by the database as it happens.
public struct CatalogReviewEvent: Sendable, Hashable, Codable, RowColumns {
    public var id: Int64
    public var versionID: UUID
    public var kind: CatalogReviewEventKind
    public var at: Date
    /// The day in Asia/Shanghai.
    public var onDate: CivilDate
    /// The decision deadline the step ran under (set for submissions and decisions).
    public var decisionDue: CivilDate?
    /// W.3: `decisionDue` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var decisionDueProvisional: Bool
    /// The deciding authority (decisions only).
    public var reviewerInstitution: String?
    /// The reasons of a return.
    public var reason: String?

    init(row: Row) throws {
        id = try row.decode("id")
        versionID = try row.decode("version_id")
        kind = try row.decode("event")
        at = try row.decode("at")
        onDate = try row.decode("on_date")
        decisionDue = try row.decodeIfPresent("decision_due")
        decisionDueProvisional = try row.decode("decision_due_provisional")
        reviewerInstitution = try row.decodeIfPresent("reviewer_institution")
        reason = try row.decodeIfPresent("reason")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "id", "version_id", "event", "at", "on_date", "decision_due", "decision_due_provisional", "reviewer_institution", "reason",
    ]
}
