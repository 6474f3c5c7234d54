import Foundation
import Postgres

/// A28.1: making open data obtainable — the keeper of a catalog describes each item's distributions and coverage in
/// a draft version, reviewed with it (A10.3); the providing institution's clerk adds a refresh to an approved item
/// (A16.1); anyone reads what unconditionally open items offer. Each write is one audited transaction (A44.1).
public struct DistributionWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = DistributionStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// A28.1 / A10.3: adds a distribution to the item's revision in a draft version (change the item there first).
    public func add(_ input: NewDistribution, item itemID: UUID, version versionID: UUID, by actor: Principal) async throws -> Distribution {
        try await database.write(actor.audit("catalog.distribution.add")) { [store] connection in
            let revision = try Self.draftRevision(of: itemID, in: versionID, by: actor, on: connection)
            return try store.insert(input, into: revision, refresh: false, on: connection)
        }
    }

    /// A10.3: removes a distribution from the item's revision in a draft version.
    public func remove(_ distributionID: UUID, item itemID: UUID, version versionID: UUID, by actor: Principal) async throws {
        try await database.write(actor.audit("catalog.distribution.remove")) { [store] connection in
            let revision = try Self.draftRevision(of: itemID, in: versionID, by: actor, on: connection)
            guard try store.delete(distributionID, from: revision, on: connection) else {
                throw RegistryError.notFound("该条目的获取方式", field: "distribution_id")
            }
        }
    }

    /// A28.1 / A10.3: sets the coverage of the item's revision in a draft version; an empty coverage removes it.
    public func setCoverage(
        _ coverage: ItemCoverage,
        item itemID: UUID,
        version versionID: UUID,
        by actor: Principal
    ) async throws -> ItemDistributions {
        if let division = coverage.spatialDivision {
            _ = try CatalogStore.wellFormedDivision(division, field: "spatial_division")
        }
        return try await database.write(actor.audit("catalog.coverage.set")) { [store] connection in
            let revision = try Self.draftRevision(of: itemID, in: versionID, by: actor, on: connection)
            _ = try store.setCoverage(coverage, of: revision, on: connection)
            return try store.offer(of: itemID, revision: revision, on: connection)
        }
    }

    /// A16.1: a clerk of the catalog's institution adds a new file of the same data to an approved item, without a
    /// new version; the database accepts it only beside a distribution of the same media type.
    public func refresh(_ input: NewDistribution, item itemID: UUID, by actor: Principal) async throws -> Distribution {
        try await database.write(actor.audit("catalog.distribution.refresh")) { [store] connection in
            guard let inForce = try store.revisionInForce(of: itemID, on: connection) else {
                throw RegistryError.notFound("目录条目", field: "item_id")
            }
            try actor.requireClerk(of: inForce.institution)
            guard let revision = inForce.revision else { throw RegistryError.notFound("已发布的目录条目", field: "item_id") }
            return try store.insert(input, into: revision, refresh: true, on: connection)
        }
    }

    /// The coverage and distributions of the item as a version sets them, for whoever may read the catalog.
    public func offer(item itemID: UUID, version versionID: UUID, by actor: Principal) async throws -> ItemDistributions {
        try await database.read { [store] connection in
            let catalogs = CatalogStore()
            guard let version = try catalogs.version(versionID, on: connection) else {
                throw RegistryError.notFound("目录版本", field: "version_id")
            }
            try CatalogWorkflow.requireReader(of: try catalogs.requireCatalog(version.catalogID, on: connection), actor, on: connection)
            guard let revision = try store.revisionID(of: itemID, in: versionID, on: connection) else {
                throw RegistryError.notFound("该版本中这个目录条目的修改", field: "item_id")
            }
            return try store.offer(of: itemID, revision: revision, on: connection)
        }
    }

    /// A28.1: what an item of the open catalog offers, for anyone; distributions only when it is open unconditionally.
    public func openOffer(item itemID: UUID) async throws -> ItemDistributions {
        try await database.read { [store] connection in
            guard try connection.query("select 1 from open_catalog where item_id = \(itemID)").first != nil else {
                throw RegistryError.notFound("开放目录中的数据", field: "item_id")
            }
            return try store.openOffers(of: [itemID], on: connection)[itemID]
                ?? ItemDistributions(itemID: itemID, coverage: nil, distributions: [])
        }
    }

    /// The item's revision in a draft version of its catalog, the version locked against transitions; only its keeper.
    private static func draftRevision(of itemID: UUID, in versionID: UUID, by actor: Principal, on connection: Connection) throws -> Int64 {
        let catalogs = CatalogStore()
        let (_, catalog) = try catalogs.lockedVersion(versionID, exclusive: false, on: connection)
        try CatalogWorkflow.requireKeeper(of: catalog, actor)
        guard let revision = try DistributionStore().revisionID(of: itemID, in: versionID, on: connection) else {
            throw RegistryError.notFound("该版本中这个目录条目的修改(请先在草稿中修改该条目)", field: "item_id")
        }
        return revision
    }
}
