import Foundation
import Postgres

/// A43.1: the public data asset register (资产登记) as people use it — each step authorised for its actor and run in
/// one audited transaction (A44.1), so a refused request changes nothing.
///
/// Clerks register, change and retire their own institution's assets; reviewers of a public data authority read the
/// assets of their division and every division below, keep the level register (汇总登记本级公共数据资产) and restore
/// retired assets.
public struct DataAssetRegister: Sendable {
    public let database: RegistryDatabase
    let store = DataAssetStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Registers an asset for the clerk's institution (or `input.holder`, which must be it).
    public func register(_ input: DataAssetInput, by actor: Principal) async throws -> DataAssetDetail {
        try actor.require(.clerk)
        let holder = input.holder?.uppercased() ?? actor.institution ?? ""
        try actor.requireClerk(of: holder)
        let valid = try input.validated()
        return try await database.write(actor.audit("data_asset.register")) { [store] connection in
            let asset = try store.register(valid, holder: holder, on: connection)
            return try store.detail(asset.id, on: connection).existing()
        }
    }

    /// Changes an asset (a clerk of its holder); it becomes changed.
    public func change(_ id: UUID, to input: DataAssetInput, by actor: Principal) async throws -> DataAssetDetail {
        try actor.require(.clerk)
        return try await database.write(actor.audit("data_asset.change")) { [store] connection in
            let current = try store.lockedAsset(id, on: connection)
            try actor.requireClerk(of: current.holder)
            _ = try store.change(id, to: try input.validated(), on: connection)
            return try store.detail(id, on: connection).existing()
        }
    }

    /// Retires an asset (a clerk of its holder).
    public func retire(_ id: UUID, reason: String?, by actor: Principal) async throws -> DataAssetDetail {
        try actor.require(.clerk)
        return try await database.write(actor.audit("data_asset.retire")) { [store] connection in
            let current = try store.lockedAsset(id, on: connection)
            try actor.requireClerk(of: current.holder)
            _ = try store.retire(id, reason: reason, on: connection)
            return try store.detail(id, on: connection).existing()
        }
    }

    /// Restores a retired asset (a reviewer of the authority of the holder's division or above).
    public func restore(_ id: UUID, reason: String?, by actor: Principal) async throws -> DataAssetDetail {
        try actor.require(.reviewer)
        return try await database.write(actor.audit("data_asset.restore")) { [store] connection in
            let current = try store.lockedAsset(id, on: connection)
            try actor.requireAuthority(overLineage: try DivisionStore().lineage(of: current.divisionCode, on: connection))
            // The database lets any asset become changed; only this step is a restoration, of a retired asset.
            if current.status != .retired { throw AssetRules.statusTransition.error }
            _ = try store.restore(id, reason: reason, on: connection)
            return try store.detail(id, on: connection).existing()
        }
    }

    /// One asset with its links and history, for a clerk of its holder or a reviewer of the authority above it.
    public func detail(_ id: UUID, by actor: Principal) async throws -> DataAssetDetail {
        try actor.require(.clerk, .reviewer)
        return try await database.read { [store] connection in
            guard let detail = try store.detail(id, on: connection) else { throw RegistryError.notFound("数据资产", field: "id") }
            try authoriseReading(detail.asset, by: actor, on: connection)
            return detail
        }
    }

    /// An asset's changes, oldest first, for those who may read it.
    public func history(of id: UUID, by actor: Principal) async throws -> [DataAssetChange] {
        try actor.require(.clerk, .reviewer)
        return try await database.read { [store] connection in
            guard let asset = try store.asset(id, on: connection) else { throw RegistryError.notFound("数据资产", field: "id") }
            try authoriseReading(asset, by: actor, on: connection)
            return try store.history(of: id, on: connection)
        }
    }

    /// A page of the assets the actor may read: a clerk its own institution's, a reviewer those of its division and
    /// below. A filter reaching outside that is refused.
    public func list(_ query: DataAssetQuery, by actor: Principal) async throws -> DataAssetPage {
        try actor.require(.clerk, .reviewer)
        return try await database.read { [store] connection in
            try store.list(try scoped(query, for: actor, on: connection), on: connection)
        }
    }

    /// The level register of a division, for a reviewer of its authority or of an authority above it.
    public func levelRegister(of divisionCode: String, by actor: Principal) async throws -> AssetLevelRegister {
        try actor.require(.reviewer)
        return try await database.read { [store] connection in
            let lineage = try DivisionStore().lineage(of: divisionCode, on: connection)
            if lineage.isEmpty { throw RegistryError.notFound("行政区划 \(divisionCode)", field: "code") }
            try actor.requireAuthority(overLineage: lineage)
            return try store.levelRegister(of: divisionCode, on: connection).existing()
        }
    }

    private func authoriseReading(_ asset: DataAsset, by actor: Principal, on connection: Connection) throws {
        try actor.requireAssetReader(holder: asset.holder, lineage: try DivisionStore().lineage(of: asset.divisionCode, on: connection))
    }

    /// The query narrowed to what the actor may read.
    private func scoped(_ query: DataAssetQuery, for actor: Principal, on connection: Connection) throws -> DataAssetQuery {
        var scoped = query
        if actor.role == .clerk {
            let own = actor.institution ?? ""
            if let institution = query.institution, institution.uppercased() != own {
                throw RegistryError(.forbidden, "登记员只能查看本机构的数据资产。")
            }
            scoped.institution = own
            return scoped
        }
        let divisions = DivisionStore()
        if let division = query.division {
            try actor.requireAuthority(overLineage: try divisions.lineage(of: division, on: connection))
        } else {
            try actor.requireAuthority(overLineage: actor.division.map { [$0] } ?? [])
            scoped.division = actor.division
        }
        if let institution = query.institution?.uppercased() {
            let division = try InstitutionStore().get(uscc: institution, on: connection)?.divisionCode
            try actor.requireAuthority(overLineage: try division.map { try divisions.lineage(of: $0, on: connection) } ?? [])
            scoped.institution = institution
        }
        return scoped
    }
}
