import Foundation
import Postgres

/// A10.1: level catalogs (本级目录) compile the approved institutional catalogs of their division.
extension CatalogStore {
    /// A10.1: compiles a draft level catalog version: it holds the latest approved version of every institutional
    /// catalog in the level catalog's division, replacing what an earlier compilation put there. Its keeper then submits
    /// it to the authority of the division above. The database compiles (SQL `level_catalog_compile`) and refuses a
    /// version that is not a draft (A10.3) or not of a level catalog, even when nothing would change.
    ///
    /// - Returns: the compiled institutional versions, by institution name.
    @discardableResult
    public func compileLevelCatalog(_ versionID: UUID, on connection: Connection) throws -> [LevelCatalogMember] {
        let found = try connection.queryOne("select level_catalog_compile(\(versionID)) as found").decode("found", as: Bool.self)
        guard found else { throw RegistryError.notFound("目录版本", field: "version_id") }
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
