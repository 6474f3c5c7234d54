import Foundation
import Postgres

/// A10.3: what changed in a catalog from one version to another — items added, changed (with the names of the
/// changed fields, as the API names them) and withdrawn. Each list is ordered by item code.
public struct CatalogDiff: Sendable, Hashable, Codable {
    /// One item that differs between the two versions.
    public struct Entry: Sendable, Hashable, Codable {
        public var itemID: UUID
        public var code: String
        /// The item's name at the later version (at the earlier one for a withdrawn item).
        public var name: String
        /// For a changed item, the fields that differ (`share_type`, `data_items` …) in the order of A10.2.
        public var changedFields: [String]
        public var fromRevisionID: Int64?
        public var toRevisionID: Int64?

        init(row: Row) throws {
            itemID = try row.decode("item_id")
            code = try row.decode("code")
            name = try row.decode("name")
            changedFields = try row.decode("changed_fields")
            fromRevisionID = try row.decodeIfPresent("from_revision_id")
            toRevisionID = try row.decodeIfPresent("to_revision_id")
        }
    }

    public var catalogID: UUID
    public var fromVersionNumber: Int
    public var toVersionNumber: Int
    public var added: [Entry]
    public var changed: [Entry]
    public var withdrawn: [Entry]

    public init(
        catalogID: UUID,
        fromVersionNumber: Int,
        toVersionNumber: Int,
        added: [Entry],
        changed: [Entry],
        withdrawn: [Entry]
    ) {
        self.catalogID = catalogID
        self.fromVersionNumber = fromVersionNumber
        self.toVersionNumber = toVersionNumber
        self.added = added
        self.changed = changed
        self.withdrawn = withdrawn
    }
}

/// A10.1: an approved institutional catalog version compiled into a level catalog version.
public struct LevelCatalogMember: Sendable, Hashable, Codable {
    public var catalogID: UUID
    public var institution: String
    public var institutionName: String
    public var versionID: UUID
    public var versionNumber: Int
    public var approvedAt: Date?

    init(row: Row) throws {
        catalogID = try row.decode("catalog_id")
        institution = try row.decode("institution_uscc")
        institutionName = try row.decode("institution_name")
        versionID = try row.decode("member_version_id")
        versionNumber = try row.decode("number")
        approvedAt = try row.decodeIfPresent("decided_at")
    }
}
