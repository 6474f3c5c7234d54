import Foundation
import Postgres

/// A13.2, A13.3, A18.1: recording sources of base data, coordinating conflicts, and listing duplicate collection.
///
/// A clerk claims for its own institution, or the division's public data authority designates a source. When the
/// kind already has another accepted source in the division, the claim is recorded as a conflict — so the authority
/// sees it — and the caller is refused naming the existing source (``BaseDataSourceConflict``).
public struct BaseDataSourceWorkflow: Sendable {
    let database: RegistryDatabase
    let store = BaseDataSourceStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// A13.2: records `claim` as the accepted source, or as a conflict with the accepted one and then throws
    /// ``BaseDataSourceConflict`` (the conflict stays recorded). The database chooses which, and refuses a claim by an
    /// institution that is already the source or has a claim pending (`base_data_source_one_open_claim_a13_2`).
    public func claim(_ claim: NewBaseDataSourceClaim, by actor: Principal) async throws -> BaseDataSourceClaim {
        let store = self.store
        let recorded = try await database.write(actor.audit("base_data_source.claim")) { connection in
            try store.insert(try Self.validated(claim, by: actor, store: store, on: connection), on: connection)
        }
        if recorded.status == .conflict { throw BaseDataSourceConflict(claim: recorded) }
        return recorded
    }

    /// A13.2: the division's authority accepts a conflicting claim (the previous source's claim ends) or dismisses it.
    public func resolve(_ id: UUID, _ resolution: BaseDataSourceResolution, by actor: Principal) async throws -> BaseDataSourceClaim {
        let store = self.store
        return try await database.write(actor.audit("base_data_source.resolve")) { connection in
            guard let claim = try store.get(id, on: connection) else { throw RegistryError.notFound("数源声明", field: "id") }
            try actor.requireAuthority(of: claim.divisionCode)
            // The database lets a decided claim be written again unchanged; only a conflict is resolved.
            let target: BaseDataSourceStatus = resolution.decision == .accept ? .accepted : .dismissed
            guard claim.status == .conflict else {
                throw (claim.status == target ? BaseDataSourceRules.historyKept : BaseDataSourceRules.transition).error
            }
            return try store.resolve(id, resolution, resolver: actor.institution ?? "", account: actor.account.id, on: connection)
        }
    }

    /// A13.2: the claims of the registry (any institution may know who the source of a datum is).
    public func list(
        _ filter: BaseDataSourceStore.Filter,
        page: ListingPage,
        by actor: Principal
    ) async throws -> ListingResult<BaseDataSourceClaim> {
        guard actor.role != .dataUser else { throw OversightScope.forbidden }
        let page = try page.validated()
        let store = self.store
        return try await database.read { try store.list(filter, page: page, on: $0) }
    }

    /// A13.3: duplicate collection within what the actor oversees.
    public func duplicateCollection(
        _ filter: OversightFilter,
        page: ListingPage,
        by actor: Principal
    ) async throws -> ListingResult<DuplicateCollection> {
        let scope = try OversightScope(for: actor)
        let page = try page.validated()
        let store = self.store
        return try await database.read { connection in
            try store.duplicateCollection(try scope.narrowing(filter, on: connection), page: page, on: connection)
        }
    }

    /// A18.1: the base databases with their kinds (reference data anyone may read).
    public func baseDatabases() async throws -> [BaseDatabaseHoldings] {
        let store = self.store
        return try await database.read { try store.baseDatabases(on: $0) }
    }

    /// The checks of `sql/0011_base_data_sources.sql` and who may claim: the institution's clerk, or the reviewer of
    /// the authority of the claim's division. Returns the claim with its codes normalised and its division filled in.
    static func validated(
        _ claim: NewBaseDataSourceClaim,
        by actor: Principal,
        store: BaseDataSourceStore,
        on connection: Connection
    ) throws -> NewBaseDataSourceClaim {
        var valid = claim
        valid.institution = try NewAccount.normalisedUSCC(claim.institution, field: "institution")
        if actor.role == .clerk { try actor.requireClerk(of: valid.institution) }
        guard let home = try store.divisionOfInstitution(valid.institution, on: connection) else {
            throw BaseDataSourceRules.institutionExists.error
        }
        let division = claim.divisionCode ?? home
        if actor.role != .clerk { try actor.requireAuthority(of: division) }
        guard division == home else { throw BaseDataSourceRules.institutionInDivision.error }
        valid.divisionCode = division
        return valid
    }
}
