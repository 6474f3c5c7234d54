import Foundation
import Postgres

/// A16.1: recording that an item's data were updated, and listing the items whose data are stale.
public struct FreshnessWorkflow: Sendable {
    let database: RegistryDatabase
    let store = FreshnessStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Records that the data of a published item of the clerk's institution were updated (not in the future).
    public func recordRefresh(_ refresh: NewDataRefresh, item: UUID, by actor: Principal) async throws -> DataRefresh {
        let store = self.store
        return try await database.write(actor.audit("catalog_item.refresh")) { connection in
            guard let institution = try store.institution(ofItem: item, on: connection) else {
                throw RegistryError.notFound("目录事项", field: "id")
            }
            try actor.requireClerk(of: institution)
            return try store.insert(refresh, item: item, recordedBy: actor.institution, on: connection)
        }
    }

    /// A16.1: the items stale on `asOf` (today in Asia/Shanghai when `nil`) that the actor oversees.
    public func staleItems(
        asOf: CivilDate?,
        _ filter: OversightFilter,
        page: ListingPage,
        by actor: Principal
    ) async throws -> ListingResult<StaleItem> {
        let scope = try OversightScope(for: actor)
        let page = try page.validated()
        let store = self.store
        return try await database.read { connection in
            try store.stale(asOf: asOf, try scope.narrowing(filter, on: connection), page: page, on: connection)
        }
    }
}
