import Foundation
import Postgres

/// A10.1–A10.3, A11.1: the three-level catalog in the database — catalogs, their versions and review, their items,
/// level catalogs and update obligations. The only place with the catalog's SQL.
///
/// Every method is synchronous and takes the connection of the caller's transaction: call writes inside
/// ``RegistryDatabase/write(_:_:)`` so that one request is one audited transaction and a refusal changes nothing.
/// Stores persist: who may write is ``CatalogWorkflow``'s to decide, before it calls a write here. Swift checks only the
/// shape of the input; the rules of `sql/0008_catalog.sql` that need data are judged by the database alone, and its
/// refusals read as ``CatalogRules`` words them.
///
/// The methods are grouped by concern in `CatalogStore+Items.swift`, `+Review`, `+LevelCatalog`, `+Obligations` and
/// `+Reading`.
public struct CatalogStore: Sendable {
    /// How many listing rows after the cursor a list's ordered walk reads at most before the grams index takes over
    /// (``publishedItems(_:after:limit:on:)``); tests make it small to take both ways.
    public var orderedWalkRows: Int

    public init(orderedWalkRows: Int = 5_000) {
        self.orderedWalkRows = orderedWalkRows
    }

    // MARK: - Catalogs

    /// A10.1: opens an institution's catalog (部门目录); one per institution.
    ///
    /// - Parameter name: the catalog's name; by default “<institution>公共数据资源目录”.
    public func openInstitutionalCatalog(of institution: String, name: String? = nil, on connection: Connection) throws -> Catalog {
        let uscc = try Self.normalisedUSCC(institution, field: "institution")
        guard let owner = try InstitutionStore().get(uscc: uscc, on: connection) else {
            throw RegistryError.notFound("机构 \(uscc)", field: "institution")
        }
        return try open(.institutional, keptBy: owner, name: name ?? "\(owner.name)公共数据资源目录", on: connection)
    }

    /// A10.1: opens a division's level catalog (本级目录), kept by the division's public data authority; one per
    /// division.
    ///
    /// - Parameter name: the catalog's name; by default “<division>本级公共数据资源目录”.
    public func openLevelCatalog(of divisionCode: String, name: String? = nil, on connection: Connection) throws -> Catalog {
        guard let division = try DivisionStore().get(code: divisionCode, on: connection),
            let authority = try InstitutionStore().authority(of: divisionCode, on: connection)
        else {
            throw RegistryError.notFound("行政区划 \(divisionCode) 的公共数据主管部门", field: "division_code")
        }
        return try open(.level, keptBy: authority, name: name ?? "\(division.name)本级公共数据资源目录", on: connection)
    }

    /// The catalog with this id.
    public func catalog(_ id: UUID, on connection: Connection) throws -> Catalog? {
        try connection.query("select \(Catalog.columns) from catalog where id = \(id)").first.map(Catalog.init(row:))
    }

    /// An institution's catalog (or, for an authority and `.level`, its division's level catalog).
    public func catalog(of institution: String, kind: CatalogKind = .institutional, on connection: Connection) throws -> Catalog? {
        try connection.query(
            "select \(Catalog.columns) from catalog where kind = \(kind)::catalog_kind and institution_uscc::text = \(institution.uppercased())"
        ).first.map(Catalog.init(row:))
    }

    /// The catalogs of a division and of every division below it (every catalog when `divisionCode` is `nil`), or of
    /// one institution, level catalogs first, then by division and name.
    public func catalogs(
        inDivision divisionCode: String? = nil,
        institution: String? = nil,
        kind: CatalogKind? = nil,
        on connection: Connection
    ) throws -> [Catalog] {
        var conditions: [SQL] = ["true"]
        if let institution { conditions.append("institution_uscc::text = \(institution.uppercased())") }
        if let divisionCode {
            let code = try Self.wellFormedDivision(divisionCode)
            conditions.append("division_code in (select division_and_descendants(\(code)::char(6)))")
        }
        if let kind { conditions.append("kind = \(kind)::catalog_kind") }
        return try connection.query(
            "select \(Catalog.columns) from catalog where \(SQL.joined(conditions, separator: " and ")) order by kind desc, division_code, name, id"
        ).map(Catalog.init(row:))
    }

    // MARK: - Versions

    /// A10.3: opens a draft version of a catalog, numbered after the last one. A catalog has at most one version that
    /// is not approved (`catalog_version_one_open_a10_3`): change that one instead.
    public func openDraft(of catalogID: UUID, note: String? = nil, on connection: Connection) throws -> CatalogVersion {
        let row = try connection.queryOne(
            "insert into catalog_version (catalog_id, note) values (\(catalogID), \(note)) returning \(CatalogVersion.columns)"
        )
        return try CatalogVersion(row: row)
    }

    /// A10.3: discards a draft that was never submitted, with its changes; items that existed only in it go too (the
    /// version's delete trigger takes them, `sql/0137_catalog_version_discard.sql`). A version once submitted keeps its
    /// history: the database refuses (`catalog_version_history_kept_a10_3`).
    public func discardDraft(_ versionID: UUID, on connection: Connection) throws {
        let discarded = try connection.query("delete from catalog_version where id = \(versionID)")
        guard discarded.affectedRows > 0 else { throw RegistryError.notFound("目录版本", field: "version_id") }
    }

    /// The version with this id.
    public func version(_ id: UUID, on connection: Connection) throws -> CatalogVersion? {
        try connection.query("select \(CatalogVersion.columns) from catalog_version where id = \(id)").first.map(CatalogVersion.init(row:))
    }

    /// The catalog's version that is not approved — a draft, submitted or returned — if there is one.
    public func openVersion(of catalogID: UUID, on connection: Connection) throws -> CatalogVersion? {
        try connection.query("select \(CatalogVersion.columns) from catalog_version where catalog_id = \(catalogID) and state <> 'approved'")
            .first.map(CatalogVersion.init(row:))
    }

    /// The catalog's latest approved version, if any.
    public func latestApprovedVersion(of catalogID: UUID, on connection: Connection) throws -> CatalogVersion? {
        try connection.query(
            "select \(CatalogVersion.columns) from catalog_version where catalog_id = \(catalogID) and state = 'approved' order by number desc limit 1"
        ).first.map(CatalogVersion.init(row:))
    }

    // MARK: - Helpers

    /// Opens a catalog; the database judges its owner and that it is the owner's only one of its kind.
    private func open(_ kind: CatalogKind, keptBy owner: Institution, name: String, on connection: Connection) throws -> Catalog {
        if SQLText.isBlank(name) { throw CatalogRules.catalogNameNotBlank.error }
        let row = try connection.queryOne(
            """
            insert into catalog (kind, institution_uscc, division_code, name)
            values (\(kind)::catalog_kind, \(owner.uscc), \(owner.divisionCode), \(name))
            returning \(Catalog.columns)
            """
        )
        return try Catalog(row: row)
    }

    func requireCatalog(_ id: UUID, on connection: Connection) throws -> Catalog {
        guard let catalog = try catalog(id, on: connection) else { throw RegistryError.notFound("目录", field: "catalog_id") }
        return catalog
    }

    /// The version and its catalog, the version's row locked for the rest of the transaction: `exclusive` against
    /// any other change (state transitions), otherwise only against transitions (changes of its items).
    func lockedVersion(_ id: UUID, exclusive: Bool, on connection: Connection) throws -> (CatalogVersion, Catalog) {
        let lock: SQL = exclusive ? "for update" : "for share"
        guard let row = try connection.query("select \(CatalogVersion.columns) from catalog_version where id = \(id) \(lock)").first else {
            throw RegistryError.notFound("目录版本", field: "version_id")
        }
        let version = try CatalogVersion(row: row)
        return (version, try requireCatalog(version.catalogID, on: connection))
    }

    /// The division whose public data authority decides on the catalog (SQL `catalog_reviewing_division`).
    func reviewingDivision(of catalogID: UUID, on connection: Connection) throws -> String {
        try connection.queryOne("select catalog_reviewing_division(\(catalogID)) as code").decode("code")
    }

    /// The catalog a version belongs to.
    func catalog(ofVersion versionID: UUID, on connection: Connection) throws -> Catalog {
        guard
            let row = try connection.query(
                "select \(Catalog.columns(of: "c")) from catalog c join catalog_version v on v.catalog_id = c.id where v.id = \(versionID)"
            ).first
        else {
            throw RegistryError.notFound("目录版本", field: "version_id")
        }
        return try Catalog(row: row)
    }

    /// A3.1: a division code given as a filter, checked to be six digits before it reaches a `char(6)` parameter.
    static func wellFormedDivision(_ code: String, field: String = "division_code") throws(RegistryError) -> String {
        guard Division.isWellFormedCode(code) else {
            throw RegistryError.invalid(field, "区划代码须为6位数字(GB/T 2260)。", article: "A3.1")
        }
        return code
    }

    /// A14.1: a unified social credit code in its upper-case form, or `invalid_input` naming `field` and the fault.
    static func normalisedUSCC(_ code: String, field: String) throws(RegistryError) -> String {
        do {
            return try UnifiedSocialCreditCode(validating: code).value
        } catch {
            throw error.registryError(field: field)
        }
    }
}
