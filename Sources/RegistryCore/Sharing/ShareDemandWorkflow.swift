import Foundation
import Postgres

/// A24.1 / A25.1: demands for data outside the catalog as people use them — each step authorised for its actor and run
/// in one audited transaction (A44.1), so a refused step changes nothing.
///
/// A clerk of the requesting institution files and withdraws, on the platform of its own division; a reviewer of the
/// public data authority of that division (本级) reviews and names the source department; a clerk of that source
/// confirms or refuses and delivers. Both sides follow a demand, and so do the authorities of their divisions and of
/// those above them — every authority on the demand's route (A25.1).
public struct ShareDemandWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = ShareDemandStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// A24.1: files a demand for the clerk's institution (or `input.requester`, which must be it).
    public func file(_ input: NewShareDemand, by actor: Principal) async throws -> ShareDemandDetail {
        try actor.require(.clerk)
        let requester = input.requester?.uppercased() ?? actor.institution ?? ""
        try actor.requireClerk(of: requester)
        return try await database.write(actor.audit("share_demand.file")) { [store] connection in
            let demand = try store.file(input, requester: requester, account: actor.account.id, on: connection)
            return try store.detail(demand.id, on: connection).existing()
        }
    }

    /// A24.1: the review by the public data authority of the requester's division.
    public func review(_ id: UUID, _ review: ShareDemandReview, by actor: Principal) async throws -> ShareDemandDetail {
        let action =
            switch review {
            case .forward: "share_demand.forward"
            case .reject: "share_demand.reject"
            }
        return try await write(id, action, by: actor) { [store] demand, connection in
            try actor.requireAuthority(of: demand.authorityDivision)
            _ = try store.review(id, review, on: connection)
        }
    }

    /// A24.1: the source department's reply (a clerk of the source named by the authority).
    public func reply(to id: UUID, _ reply: ShareDemandReply, by actor: Principal) async throws -> ShareDemandDetail {
        let action =
            switch reply {
            case .confirm: "share_demand.confirm"
            case .refuse: "share_demand.refuse"
            }
        return try await write(id, action, by: actor) { [store] demand, connection in
            try Self.requireSourceClerk(of: demand, actor)
            _ = try store.reply(id, reply, on: connection)
        }
    }

    /// A24.1: records the delivery of a confirmed demand (a clerk of the source).
    public func deliver(_ id: UUID, note: String?, by actor: Principal) async throws -> ShareDemandDetail {
        try await write(id, "share_demand.deliver", by: actor) { [store] demand, connection in
            try Self.requireSourceClerk(of: demand, actor)
            _ = try store.deliver(id, note: note, on: connection)
        }
    }

    /// A24.1: withdraws an open demand (a clerk of the requesting institution).
    public func withdraw(_ id: UUID, reason: String?, by actor: Principal) async throws -> ShareDemandDetail {
        try await write(id, "share_demand.withdraw", by: actor) { [store] demand, connection in
            try actor.requireClerk(of: demand.requester)
            _ = try store.withdraw(id, reason: reason, on: connection)
        }
    }

    /// A24.1 / A25.1: a demand with its state, due dates, route and history.
    public func detail(_ id: UUID, by actor: Principal) async throws -> ShareDemandDetail {
        try actor.require(.clerk, .reviewer)
        return try await database.read { [store] connection in
            guard let detail = try store.detail(id, on: connection) else {
                throw RegistryError.notFound("目录外数据需求", field: "id")
            }
            try actor.requireFollower(of: Self.parties(detail.demand), subject: "目录外数据需求", on: connection)
            return detail
        }
    }

    /// A24.1: the demands an institution filed or answers, for its clerks and the authorities above it.
    public func demands(of institution: String, state: ShareDemandState?, by actor: Principal) async throws -> [ShareDemand] {
        try actor.require(.clerk, .reviewer)
        return try await database.read { [store] connection in
            try actor.requireFollower(of: [institution], subject: "目录外数据需求", on: connection)
            return try store.demands(of: institution, state: state, on: connection)
        }
    }

    /// A24.1: the demands waiting for the review of the reviewer's own authority, oldest first.
    public func awaitingReview(by actor: Principal) async throws -> [ShareDemand] {
        try actor.require(.reviewer)
        guard actor.institutionKind == .publicDataAuthority, let division = actor.division else {
            throw RegistryError(.forbidden, "只有公共数据主管部门的审核员可以审核目录外数据需求。")
        }
        return try await database.read { [store] connection in try store.awaitingReview(by: division, on: connection) }
    }

    // MARK: Helpers

    /// One audited step on a locked demand: `step` authorises the actor against the demand, then writes.
    private func write(
        _ id: UUID,
        _ action: String,
        by actor: Principal,
        _ step: @escaping @Sendable (ShareDemand, Connection) throws -> Void
    ) async throws -> ShareDemandDetail {
        try await database.write(actor.audit(action)) { [store] connection in
            try step(try store.lockedDemand(id, on: connection), connection)
            return try store.detail(id, on: connection).existing()
        }
    }

    /// The requester and, once the authority named it, the source.
    static func parties(_ demand: ShareDemand) -> [String] {
        [demand.requester] + (demand.assignedSource.map { [$0] } ?? [])
    }

    /// Refuses unless the actor is a clerk of the source department the authority named.
    static func requireSourceClerk(of demand: ShareDemand, _ actor: Principal) throws(RegistryError) {
        guard let source = demand.assignedSource else {
            throw RegistryError(.forbidden, "该需求尚未由公共数据主管部门转交数源部门。")
        }
        try actor.requireClerk(of: source)
    }
}
