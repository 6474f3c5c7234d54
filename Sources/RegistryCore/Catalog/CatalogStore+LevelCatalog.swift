import Foundation
import Postgres

/// A10.1: level catalogs (本级目录) compile the approved institutional catalogs of their division.
extension CatalogStore {
    /// A10.1: compiles a draft level catalog version: it holds the latest approved version of every institutional
    /// catalog in the level catalog's division, replacing what an earlier compilation put there. Its keeper then submits
    /// it to the authority of the division above.
    ///
    /// - Returns: the compiled institutional versions, by institution name.
    @discardableResult
    public func compileLevelCatalog(_ versionID: UUID, on connection: Connection) throws -> [LevelCatalogMember] {
        let (version, catalog) = try lockedVersion(versionID, exclusive: true, on: connection)
        if version.state != .draft { throw CatalogRules.revisionDraftOnly.error }
        if catalog.kind != .level { throw CatalogRules.levelCompilesApproved.error }
        let latest: SQL = """
            select distinct on (v.catalog_id) v.id
              from catalog_version v join catalog c on c.id = v.catalog_id
             where c.kind = 'institutional' and c.division_code = \(catalog.divisionCode)::char(6) and v.state = 'approved'
             order by v.catalog_id, v.number desc
            """
        try connection.query(
            "delete from level_catalog_member where version_id = \(versionID) and member_version_id not in (\(latest))"
        )
        try connection.query(
            """
            insert into level_catalog_member (version_id, member_version_id)
            select \(versionID), latest.id from (\(latest)) latest
            on conflict do nothing
            """
        )
        return try members(of: versionID, on: connection)
    }

    /// A10.1: the approved institutional catalog versions a level catalog version compiles, by institution name.
    public func members(of levelVersionID: UUID, on connection: Connection) throws -> [LevelCatalogMember] {
        try connection.query(
            """
            select c.id as catalog_id, c.institution_uscc, i.name as institution_name, m.member_version_id, v.number,
                   v.decided_at
              from level_catalog_member m
              join catalog_version v on v.id = m.member_version_id
              join catalog c on c.id = v.catalog_id
              join institution i on i.uscc = c.institution_uscc
             where m.version_id = \(levelVersionID)
             order by i.name, c.institution_uscc
            """
        ).map(LevelCatalogMember.init(row:))
    }
}
