import Foundation
import Postgres

/// A10.3: where a catalog version stands — 草稿 → 待审核 → 审核通过 | 已退回 (returned versions reopen as drafts).
public enum CatalogVersionState: String, Sendable, Hashable, CaseIterable, Codable {
    /// 草稿: being edited by the catalog's keeper.
    case draft
    /// 待审核: submitted, awaiting the competent authority's decision (5 working days, A11.1).
    case submitted
    /// 审核通过: approved; its revisions are the published items, and it stays readable for ever.
    case approved
    /// 已退回: returned with reasons; reopened as a draft to be corrected and submitted again.
    case returned

    /// The Chinese label.
    public var label: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "待审核"
        case .approved: "审核通过"
        case .returned: "已退回"
        }
    }
}

extension CatalogVersionState: PostgresEnum {}

/// A10.3 / A11.1: a numbered version of a catalog with its submission, deadline and decision.
public struct CatalogVersion: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    public var catalogID: UUID
    /// 1, 2, 3 … within the catalog.
    public var number: Int
    public var state: CatalogVersionState
    /// What the version changes, in the keeper's words.
    public var note: String?
    public var createdAt: Date
    public var submittedAt: Date?
    /// The day of submission in Asia/Shanghai (the day of receipt, W.1).
    public var submittedOn: CivilDate?
    /// A11.1: the authority decides by the close of this day — 5 working days after the submission day.
    public var decisionDue: CivilDate?
    /// W.3: `decisionDue` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var decisionDueProvisional: Bool
    public var decidedAt: Date?
    /// The public data authority that approved or returned it.
    public var reviewerInstitution: String?
    /// The reviewer's account.
    public var reviewerAccount: UUID?
    /// Why it was returned.
    public var returnReason: String?

    init(row: Row) throws {
        id = try row.decode("id")
        catalogID = try row.decode("catalog_id")
        number = try row.decode("number")
        state = try row.decode("state")
        note = try row.decodeIfPresent("note")
        createdAt = try row.decode("created_at")
        submittedAt = try row.decodeIfPresent("submitted_at")
        submittedOn = try row.decodeIfPresent("submitted_on")
        decisionDue = try row.decodeIfPresent("decision_due")
        decisionDueProvisional = try row.decode("decision_due_provisional")
        decidedAt = try row.decodeIfPresent("decided_at")
        reviewerInstitution = try row.decodeIfPresent("reviewer_institution")
        reviewerAccount = try row.decodeIfPresent("reviewer_account")
        returnReason = try row.decodeIfPresent("return_reason")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "id", "catalog_id", "number", "state", "note", "created_at", "submitted_at", "submitted_on", "decision_due", "decision_due_provisional",
        "decided_at", "reviewer_institution", "reviewer_account", "return_reason",
    ]
}

/// A10.3: a version with its review history and the number of changes it carries.
public struct CatalogVersionRecord: Sendable, Hashable, Codable {
    public var version: CatalogVersion
    /// Every submission and decision, oldest first, each with the decision deadline it ran under.
    public var events: [CatalogReviewEvent]
    /// Item revisions (institutional catalog) or compiled institutional versions (level catalog) in the version.
    public var changeCount: Int

    public init(version: CatalogVersion, events: [CatalogReviewEvent], changeCount: Int) {
        self.version = version
        self.events = events
        self.changeCount = changeCount
    }
}
