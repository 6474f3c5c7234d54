import Foundation
import Postgres

/// A10.1 / A10.2: a catalog item (目录条目) — its identity in its institution's catalog and its current fields, those
/// of its latest approved revision.
public struct CatalogItem: Sendable, Hashable, Codable {
    public var id: UUID
    /// The item's code, unique in its catalog and never reused.
    public var code: String
    public var catalogID: UUID
    /// The institution whose catalog holds the item.
    public var institution: String
    public var divisionCode: String
    public var createdAt: Date
    /// The approved revision in force; `nil` until a version carrying the item is approved.
    public var currentRevisionID: Int64?
    /// The number of the version that approved the current revision.
    public var currentVersionNumber: Int?
    /// Whether the current revision withdraws the item (撤销): it is then no longer published.
    public var withdrawn: Bool
    /// The fields in force; `nil` until the item is first approved.
    public var fields: CatalogItemFields?

    /// Whether the item is in the published catalog.
    public var isPublished: Bool { fields != nil && !withdrawn }

    init(row: Row) throws {
        id = try row.decode("item_id")
        code = try row.decode("code")
        catalogID = try row.decode("catalog_id")
        institution = try row.decode("institution_uscc")
        divisionCode = try row.decode("division_code")
        createdAt = try row.decode("item_created_at")
        currentRevisionID = try row.decodeIfPresent("current_revision_id")
        currentVersionNumber = try row.decodeIfPresent("current_version_number")
        withdrawn = try row.decodeIfPresent("withdrawn") ?? false
        fields = currentRevisionID == nil ? nil : try CatalogItemFields(revision: row)
    }
}

/// A10.3: an item's fields as one version sets them, with that version's number, state and dates — an entry of the
/// item's history, or a change in a draft.
public struct CatalogItemRevision: Sendable, Hashable, Codable {
    public var id: Int64
    public var itemID: UUID
    public var code: String
    public var versionID: UUID
    public var versionNumber: Int
    public var versionState: CatalogVersionState
    /// Whether this revision withdraws the item (撤销).
    public var withdrawn: Bool
    public var fields: CatalogItemFields
    public var submittedOn: CivilDate?
    public var decisionDue: CivilDate?
    /// W.3: `decisionDue` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var decisionDueProvisional: Bool
    /// When the version was approved or returned.
    public var decidedAt: Date?

    init(row: Row) throws {
        id = try row.decode("id")
        itemID = try row.decode("item_id")
        code = try row.decode("code")
        versionID = try row.decode("version_id")
        versionNumber = try row.decode("version_number")
        versionState = try row.decode("version_state")
        withdrawn = try row.decode("withdrawn")
        fields = try CatalogItemFields(revision: row)
        submittedOn = try row.decodeIfPresent("submitted_on")
        decisionDue = try row.decodeIfPresent("decision_due")
        decisionDueProvisional = try row.decode("decision_due_provisional")
        decidedAt = try row.decodeIfPresent("decided_at")
    }

    /// The revision's own columns ``init(row:)`` reads, qualified by the statement's alias of `catalog_item_revision`
    /// (or of `catalog_revisions_at`); the statement joins the item's code and the version's columns.
    static func revisionColumns(of alias: String) -> SQL {
        "\(unescaped: alias).id, \(unescaped: alias).item_id, \(unescaped: alias).version_id, \(unescaped: alias).withdrawn, \(CatalogItemFields.columns(of: alias))"
    }
}
