import Foundation
import Postgres

/// A10.3 / A11.1: a catalog version beside the version in force before it (the latest approved version with a lower
/// number) — each item it adds, changes or withdraws with its fields before and after — and the version's review
/// events with the reviewers' reasons. What a reviewer decides on, and what a keeper sees of a version.
public struct CatalogComparison: Sendable, Hashable {
    /// How an item differs from the version in force.
    public enum Change: String, Sendable, Hashable {
        case added, changed, withdrawn
    }

    /// One item that differs, with its fields on both sides.
    public struct Entry: Sendable, Hashable {
        public var itemID: UUID
        public var code: String
        public var change: Change
        /// The fields in force before the version (`nil` for an added item).
        public var before: CatalogItemFields?
        /// The fields the version sets (for a withdrawn item, those it withdraws).
        public var after: CatalogItemFields?
        /// For a changed item, the fields that differ, as the API names them.
        public var changedFields: [String]
    }

    public var catalog: Catalog
    public var version: CatalogVersion
    /// The version compared against; `nil` when no version was approved before this one.
    public var base: CatalogVersion?
    public var entries: [Entry]
    /// Every submission and decision of the version, oldest first, with the reasons of a return.
    public var events: [CatalogReviewEvent]
}

extension CatalogWorkflow {
    /// A10.3: the version `versionID` beside the version in force before it, for those who may read the catalog's
    /// drafts (its keeper, the authorities above it, the admin and the committee).
    public func comparison(of versionID: UUID, by actor: Principal) async throws -> CatalogComparison {
        try await database.read { [store] connection in
            guard let version = try store.version(versionID, on: connection) else {
                throw RegistryError.notFound("目录版本", field: "id")
            }
            let catalog = try store.requireCatalog(version.catalogID, on: connection)
            try Self.requireReader(of: catalog, actor, on: connection)
            let base = try store.approvedVersion(of: catalog.id, before: version.number, on: connection)
            let events = try store.versions(of: catalog.id, on: connection).first { $0.version.id == versionID }?.events ?? []
            return CatalogComparison(
                catalog: catalog,
                version: version,
                base: base,
                entries: try store.comparisonEntries(of: version, against: base, on: connection),
                events: events
            )
        }
    }

    /// The revision a keeper edits of an item in a draft: the draft's own, else the one in force before the draft.
    public func revisionForEditing(of itemID: UUID, in versionID: UUID, by actor: Principal) async throws -> CatalogItemRevision {
        try await database.read { [store] connection in
            guard let version = try store.version(versionID, on: connection) else {
                throw RegistryError.notFound("目录版本", field: "id")
            }
            try CatalogWorkflow.requireKeeper(of: try store.requireCatalog(version.catalogID, on: connection), actor)
            let history = try store.history(of: itemID, on: connection)
            let own = history.first { $0.versionID == versionID }
            let inForce = history.last { $0.versionState == .approved && $0.versionNumber < version.number }
            guard let revision = own ?? inForce, revision.versionNumber <= version.number else {
                throw RegistryError.notFound("目录条目", field: "item_id")
            }
            return revision
        }
    }
}

extension CatalogStore {
    /// The catalog's latest approved version numbered below `number`, if any.
    func approvedVersion(of catalogID: UUID, before number: Int, on connection: Connection) throws -> CatalogVersion? {
        try connection.query(
            """
            select \(CatalogVersion.columns) from catalog_version
             where catalog_id = \(catalogID) and state = 'approved' and number < \(number)
             order by number desc limit 1
            """
        ).first.map(CatalogVersion.init(row:))
    }

    /// The items `version` adds, changes or withdraws against `base` (every change of the version is an addition
    /// when there is no base), by code.
    func comparisonEntries(
        of version: CatalogVersion,
        against base: CatalogVersion?,
        on connection: Connection
    ) throws -> [CatalogComparison.Entry] {
        guard let base else {
            return try changes(in: version.id, on: connection).map { revision in
                CatalogComparison.Entry(
                    itemID: revision.itemID,
                    code: revision.code,
                    change: revision.withdrawn ? .withdrawn : .added,
                    before: nil,
                    after: revision.fields,
                    changedFields: []
                )
            }
        }
        let diff = try diff(from: base.id, to: version.id, on: connection)
        let kinds: [(CatalogComparison.Change, [CatalogDiff.Entry])] = [(.added, diff.added), (.changed, diff.changed), (.withdrawn, diff.withdrawn)]
        return try kinds.flatMap { change, entries in
            try entries.map { entry in
                CatalogComparison.Entry(
                    itemID: entry.itemID,
                    code: entry.code,
                    change: change,
                    before: try entry.fromRevisionID.flatMap { try revision($0, on: connection)?.fields },
                    after: try entry.toRevisionID.flatMap { try revision($0, on: connection)?.fields },
                    changedFields: entry.changedFields
                )
            }
        }.sorted { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }
    }
}
