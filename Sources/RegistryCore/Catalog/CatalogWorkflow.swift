import Foundation
import Postgres

/// A10.1–A10.3, A11.1: the three-level catalog as people use it — each step authorised for its actor and run in one
/// audited transaction (A44.1), so a refused request changes nothing.
///
/// Who may write: a catalog's keeper — the clerk of its institution (an institutional catalog), a reviewer of its
/// division's authority (a level catalog) — drafts, changes and submits it; a reviewer of the authority
/// `catalog_reviewing_division` names decides on it. Who may read: the published catalog is open to every account; a
/// catalog's versions, drafts and review history to its keeper, to staff of the public data authority of its division
/// or of one above it, and to the admin and the assessment committee.
public struct CatalogWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = CatalogStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    // MARK: - Catalogs

    /// A10.1: opens an institution's catalog (its clerk) or a division's level catalog (a reviewer of its authority).
    public func open(_ request: NewCatalog, by actor: Principal) async throws -> Catalog {
        try await database.write(actor.audit("catalog.open")) { [store] connection in
            switch request.kind {
            case .institutional:
                try actor.require(.clerk)
                guard let institution = request.institution ?? actor.institution else {
                    throw RegistryError.missing("institution", "目录所属机构", article: "A10.1")
                }
                try actor.requireClerk(of: try CatalogStore.normalisedUSCC(institution, field: "institution"))
                return try store.openInstitutionalCatalog(of: institution, name: request.name, on: connection)
            case .level:
                try actor.require(.reviewer)
                guard let division = request.divisionCode ?? actor.division else {
                    throw RegistryError.missing("division_code", "本级目录的行政区划", article: "A10.1")
                }
                try actor.requireAuthority(of: division)
                return try store.openLevelCatalog(of: division, name: request.name, on: connection)
            }
        }
    }

    /// The catalogs in the actor's oversight (``OversightScope``): a clerk's own institution's, an authority's division
    /// and those below it, every one for the admin and the committee — narrowed by `filter`.
    public func catalogs(_ filter: OversightFilter, kind: CatalogKind?, by actor: Principal) async throws -> [Catalog] {
        let scope = try OversightScope(for: actor)
        return try await database.read { [store] connection in
            let narrowed = try scope.narrowing(filter, on: connection)
            return try store.catalogs(inDivision: narrowed.division, institution: narrowed.institution, kind: kind, on: connection)
        }
    }

    /// A10.3 / A11.1: a catalog with its versions (and their review events) and its update obligations.
    public func overview(of catalogID: UUID, by actor: Principal) async throws -> CatalogOverview {
        try await database.read { [store] connection in
            let catalog = try store.requireCatalog(catalogID, on: connection)
            try Self.requireReader(of: catalog, actor, on: connection)
            return CatalogOverview(
                catalog: catalog,
                versions: try store.versions(of: catalogID, on: connection),
                updateObligations: try store.updateObligations(of: catalogID, on: connection)
            )
        }
    }

    /// A10.3: what changed in a catalog between two of its versions.
    public func diff(of catalogID: UUID, from: UUID, to: UUID, by actor: Principal) async throws -> CatalogDiff {
        try await database.read { [store] connection in
            let catalog = try store.requireCatalog(catalogID, on: connection)
            try Self.requireReader(of: catalog, actor, on: connection)
            let diff = try store.diff(from: from, to: to, on: connection)
            guard diff.catalogID == catalogID else { throw RegistryError.notFound("该目录的版本", field: "from") }
            return diff
        }
    }

    // MARK: - Versions

    /// A10.3: opens a draft version of a catalog (its keeper).
    public func openDraft(of catalogID: UUID, note: String?, by actor: Principal) async throws -> CatalogVersion {
        try await database.write(actor.audit("catalog.version.open")) { [store] connection in
            try Self.requireKeeper(of: try store.requireCatalog(catalogID, on: connection), actor)
            return try store.openDraft(of: catalogID, note: note, on: connection)
        }
    }

    /// A version with the item changes it carries (institutional catalog) or the versions it compiles (level catalog).
    public func detail(of versionID: UUID, by actor: Principal) async throws -> CatalogVersionDetail {
        try await database.read { [store] connection in
            guard let version = try store.version(versionID, on: connection) else {
                throw RegistryError.notFound("目录版本", field: "id")
            }
            let catalog = try store.requireCatalog(version.catalogID, on: connection)
            try Self.requireReader(of: catalog, actor, on: connection)
            return CatalogVersionDetail(
                catalog: catalog,
                version: version,
                changes: try store.changes(in: versionID, on: connection),
                members: catalog.kind == .level ? try store.members(of: versionID, on: connection) : []
            )
        }
    }

    /// A10.3: discards a draft never submitted (its keeper).
    public func discardDraft(_ versionID: UUID, by actor: Principal) async throws {
        try await database.write(actor.audit("catalog.version.discard")) { [store] connection in
            try Self.requireKeeper(ofVersion: versionID, actor, on: connection)
            try store.discardDraft(versionID, on: connection)
        }
    }

    /// Runs one step of a version's life — submit, approve, return, reopen — in its own audited transaction.
    public func transition(_ versionID: UUID, _ step: CatalogVersionStep, by actor: Principal) async throws -> CatalogVersion {
        try await database.write(actor.audit("catalog.version.\(step.action)")) { [store] connection in
            switch step {
            case .submit:
                try Self.requireKeeper(ofVersion: versionID, actor, on: connection)
                return try store.submit(versionID, on: connection)
            case .approve:
                try Self.requireReviewer(ofVersion: versionID, actor, on: connection)
                return try store.approve(versionID, reviewer: actor, on: connection)
            case .return(let reason):
                try Self.requireReviewer(ofVersion: versionID, actor, on: connection)
                return try store.returnVersion(versionID, reason: reason, reviewer: actor, on: connection)
            case .reopen:
                try Self.requireKeeper(ofVersion: versionID, actor, on: connection)
                return try store.reopen(versionID, on: connection)
            }
        }
    }

    /// A10.1: compiles a draft level catalog version from the approved institutional catalogs of its division.
    public func compile(_ versionID: UUID, by actor: Principal) async throws -> [LevelCatalogMember] {
        try await database.write(actor.audit("catalog.version.compile")) { [store] connection in
            try Self.requireKeeper(ofVersion: versionID, actor, on: connection)
            return try store.compileLevelCatalog(versionID, on: connection)
        }
    }

    /// A11.1: the submitted versions the actor's authority has to decide on, the earliest deadline first.
    public func awaitingDecision(by actor: Principal) async throws -> [CatalogVersion] {
        try actor.require(.reviewer)
        guard actor.institutionKind == .publicDataAuthority, let division = actor.division else {
            throw RegistryError(.forbidden, "只有公共数据主管部门的审核员有待审核的目录。")
        }
        return try await database.read { [store] in try store.versionsAwaitingDecision(reviewedIn: division, on: $0) }
    }

    // MARK: - Items

    /// A10.2: adds an item to a draft (the catalog's clerk).
    public func addItem(_ item: NewCatalogItem, to versionID: UUID, by actor: Principal) async throws -> CatalogItemRevision {
        try await database.write(actor.audit("catalog.item.add")) { [store] connection in
            let (version, catalog) = try Self.keptVersion(versionID, actor, on: connection)
            return try store.addItem(code: item.code, fields: item.fields, to: version, of: catalog, on: connection)
        }
    }

    /// A10.3: changes an item in a draft (the catalog's clerk).
    public func changeItem(
        _ itemID: UUID,
        to fields: CatalogItemFields,
        in versionID: UUID,
        by actor: Principal
    ) async throws -> CatalogItemRevision {
        try await database.write(actor.audit("catalog.item.change")) { [store] connection in
            let (version, _) = try Self.keptVersion(versionID, actor, on: connection)
            return try store.changeItem(itemID, fields: fields, in: version, on: connection)
        }
    }

    /// A10.3: withdraws an item in a draft (the catalog's clerk).
    public func withdrawItem(_ itemID: UUID, in versionID: UUID, by actor: Principal) async throws -> CatalogItemRevision {
        try await database.write(actor.audit("catalog.item.withdraw")) { [store] connection in
            let (version, _) = try Self.keptVersion(versionID, actor, on: connection)
            return try store.withdrawItem(itemID, in: version, on: connection)
        }
    }

    /// A10.3: takes an item's change out of a draft (the catalog's clerk).
    public func discardChange(of itemID: UUID, in versionID: UUID, by actor: Principal) async throws {
        try await database.write(actor.audit("catalog.item.discard")) { [store] connection in
            let (version, _) = try Self.keptVersion(versionID, actor, on: connection)
            try store.discardChange(of: itemID, in: version, on: connection)
        }
    }

    /// A10.1: published items, for every account.
    public func publishedItems(
        _ filter: CatalogItemFilter,
        after cursor: CatalogItemCursor?,
        limit: Int,
        by actor: Principal
    ) async throws -> CatalogItemPage {
        try await database.read { [store] in try store.publishedItems(filter, after: cursor, limit: limit, on: $0) }
    }

    /// One item with its fields in force: every account may read a published item; an item not yet published only
    /// those who may read its catalog's drafts.
    public func item(_ itemID: UUID, by actor: Principal) async throws -> CatalogItem {
        try await database.read { [store] connection in
            guard let item = try store.item(itemID, on: connection) else { throw RegistryError.notFound("目录条目", field: "id") }
            if !item.isPublished { try Self.requireReader(of: try store.requireCatalog(item.catalogID, on: connection), actor, on: connection) }
            return item
        }
    }

    /// A10.3: an item's history — every revision for those who may read its catalog's drafts, the approved ones for
    /// everybody else.
    public func history(of itemID: UUID, by actor: Principal) async throws -> [CatalogItemRevision] {
        try await database.read { [store] connection in
            guard let item = try store.item(itemID, on: connection) else { throw RegistryError.notFound("目录条目", field: "id") }
            let revisions = try store.history(of: itemID, on: connection)
            let catalog = try store.requireCatalog(item.catalogID, on: connection)
            if (try? Self.requireReader(of: catalog, actor, on: connection)) != nil { return revisions }
            let approved = revisions.filter { $0.versionState == .approved }
            guard !approved.isEmpty else { throw RegistryError.notFound("目录条目", field: "id") }
            return approved
        }
    }

    // MARK: - Update obligations (A11.1)

    /// A11.1: records a change of legal basis or duty, starting the catalog's 15-working-day update deadline.
    public func recordUpdateObligation(
        _ obligation: NewCatalogUpdateObligation,
        for catalogID: UUID,
        by actor: Principal
    ) async throws -> CatalogUpdateObligation {
        try await database.write(actor.audit("catalog.update_obligation.record")) { [store] connection in
            let catalog = try store.requireCatalog(catalogID, on: connection)
            do {
                try Self.requireKeeper(of: catalog, actor)
            } catch {
                try actor.requireAuthority(of: try store.reviewingDivision(of: catalog.id, on: connection))
            }
            return try store.recordUpdateObligation(obligation, for: catalogID, on: connection)
        }
    }

    /// A11.1: the open update obligations in the actor's oversight (``OversightScope``) narrowed by `filter`, the
    /// earliest deadline first; with `overdueOn`, only those overdue on that day.
    public func openUpdateObligations(
        _ filter: OversightFilter,
        overdueOn day: CivilDate?,
        by actor: Principal
    ) async throws -> [CatalogUpdateObligation] {
        let scope = try OversightScope(for: actor)
        return try await database.read { [store] connection in
            let narrowed = try scope.narrowing(filter, on: connection)
            return try store.openUpdateObligations(inDivision: narrowed.division, overdueOn: day, on: connection)
                .filter { narrowed.institution == nil || $0.institution == narrowed.institution }
        }
    }

    // MARK: - Who may write

    /// A10.1 / A38.1: the keeper of an institutional catalog is a clerk of its institution; of a level catalog, a
    /// reviewer of its division's public data authority.
    static func requireKeeper(of catalog: Catalog, _ actor: Principal) throws(RegistryError) {
        switch catalog.kind {
        case .institutional: try actor.requireClerk(of: catalog.institution)
        case .level: try actor.requireAuthority(of: catalog.divisionCode)
        }
    }

    /// Refuses unless the actor keeps the catalog of the version; not found for an unknown version.
    static func requireKeeper(ofVersion versionID: UUID, _ actor: Principal, on connection: Connection) throws {
        try requireKeeper(of: try CatalogStore().catalog(ofVersion: versionID, on: connection), actor)
    }

    /// The version, locked against transitions for the rest of the transaction, and its catalog, read once: refuses
    /// unless the actor keeps that catalog; not found for an unknown version. The item writes take both from here.
    static func keptVersion(_ versionID: UUID, _ actor: Principal, on connection: Connection) throws -> (CatalogVersion, Catalog) {
        let (version, catalog) = try CatalogStore().lockedVersion(versionID, exclusive: false, on: connection)
        try requireKeeper(of: catalog, actor)
        return (version, catalog)
    }

    /// A10.1: refuses unless the actor is a reviewer of the authority that decides on the version's catalog.
    static func requireReviewer(ofVersion versionID: UUID, _ actor: Principal, on connection: Connection) throws {
        let store = CatalogStore()
        let catalog = try store.catalog(ofVersion: versionID, on: connection)
        try actor.requireAuthority(of: try store.reviewingDivision(of: catalog.id, on: connection))
    }

    // MARK: - Who may read

    /// Refuses unless the actor may read the catalog's versions and drafts: its keeper, staff of the public data
    /// authority of its division or of one above it, the admin, the committee.
    static func requireReader(of catalog: Catalog, _ actor: Principal, on connection: Connection) throws {
        switch actor.role {
        case .admin, .committee: return
        case .clerk where catalog.kind == .institutional: try actor.requireClerk(of: catalog.institution)
        default:
            let lineage = try DivisionStore().lineage(of: catalog.divisionCode, on: connection)
            try actor.requireAuthority(overLineage: lineage, roles: [.reviewer, .planner])
        }
    }
}

/// A request to open a catalog: an institution's (`institution`, by default the clerk's own) or a division's level
/// catalog (`division_code`, by default the reviewer's own).
public struct NewCatalog: Sendable, Hashable, Codable {
    public var kind: CatalogKind
    public var institution: String?
    public var divisionCode: String?
    public var name: String?

    public init(kind: CatalogKind, institution: String? = nil, divisionCode: String? = nil, name: String? = nil) {
        self.kind = kind
        self.institution = institution
        self.divisionCode = divisionCode
        self.name = name
    }
}

/// A10.2: a new item of a draft — its code and its fields, side by side in one JSON object.
public struct NewCatalogItem: Sendable, Hashable, Codable {
    public var code: String
    public var fields: CatalogItemFields

    public init(code: String, fields: CatalogItemFields) {
        self.code = code
        self.fields = fields
    }

    private enum CodingKeys: String, CodingKey { case code }

    public init(from decoder: any Decoder) throws {
        code = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .code)
        fields = try CatalogItemFields(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try fields.encode(to: encoder)
    }
}

/// One step of a catalog version's review (A10.3).
public enum CatalogVersionStep: Sendable, Hashable {
    case submit
    case approve
    /// Returned with the reviewer's reasons.
    case `return`(reason: String)
    case reopen

    /// The step's name in the audit trail.
    var action: String {
        switch self {
        case .submit: "submit"
        case .approve: "approve"
        case .return: "return"
        case .reopen: "reopen"
        }
    }
}

/// A catalog with its versions and update obligations (A10.3, A11.1).
public struct CatalogOverview: Sendable, Hashable, Codable {
    public var catalog: Catalog
    public var versions: [CatalogVersionRecord]
    public var updateObligations: [CatalogUpdateObligation]
}

/// A version with what it carries: item changes (institutional catalog) or compiled versions (level catalog).
public struct CatalogVersionDetail: Sendable, Hashable, Codable {
    public var catalog: Catalog
    public var version: CatalogVersion
    public var changes: [CatalogItemRevision]
    public var members: [LevelCatalogMember]
}
