import Foundation
import Postgres

/// A11.1: a change of an institution's legal basis or duty (法律依据或职责发生变化), which obliges it to submit its
/// updated catalog within 15 working days; the next submission of the catalog fulfils it.
public struct CatalogUpdateObligation: Sendable, Hashable, Codable {
    public var id: UUID
    public var catalogID: UUID
    /// The institution that keeps the catalog.
    public var institution: String
    public var divisionCode: String
    /// The day the change took effect (the day of receipt; it does not count, W.1).
    public var eventOn: CivilDate
    public var description: String
    /// The new legal basis, if one is named.
    public var legalBasis: String?
    /// A11.1: submit the updated catalog by the close of this day — 15 working days after `eventOn`.
    public var updateDue: CivilDate
    /// W.3: `updateDue` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var updateDueProvisional: Bool
    /// The submitted version that fulfilled the obligation.
    public var fulfilledVersionID: UUID?
    public var fulfilledOn: CivilDate?
    public var createdAt: Date

    /// Whether the catalog has not yet been submitted since the change.
    public var isOpen: Bool { fulfilledVersionID == nil }

    /// Whether the deadline has passed on `day` without a submission (W.1: a deadline ends at the close of its day).
    public func isOverdue(on day: CivilDate) -> Bool {
        isOpen && day > updateDue
    }

    init(row: Row) throws {
        id = try row.decode("id")
        catalogID = try row.decode("catalog_id")
        institution = try row.decode("institution_uscc")
        divisionCode = try row.decode("division_code")
        eventOn = try row.decode("event_on")
        description = try row.decode("description")
        legalBasis = try row.decodeIfPresent("legal_basis")
        updateDue = try row.decode("update_due")
        updateDueProvisional = try row.decode("update_due_provisional")
        fulfilledVersionID = try row.decodeIfPresent("fulfilled_version_id")
        fulfilledOn = try row.decodeIfPresent("fulfilled_on")
        createdAt = try row.decode("created_at")
    }
}

/// A11.1: a change of legal basis or duty to record against a catalog.
public struct NewCatalogUpdateObligation: Sendable, Hashable, Codable {
    /// The day the change took effect.
    public var eventOn: CivilDate
    /// What changed.
    public var description: String
    /// The new legal basis, if one is named.
    public var legalBasis: String?

    public init(eventOn: CivilDate, description: String, legalBasis: String? = nil) {
        self.eventOn = eventOn
        self.description = description
        self.legalBasis = legalBasis
    }
}
