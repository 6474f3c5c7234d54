import Foundation
import Postgres

/// A26.1: annual open plans as people use them — planners of the public data authority of the region or a
/// league/city draft, amend and publish their division's plan; clerks do the same for their institution's own plan;
/// everyone, without an account, reads published plans and their progress. Every change is one audited transaction.
public struct OpenPlanWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = OpenPlanStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Starts a plan, or an amendment of the published one, for its owner.
    public func create(_ input: NewOpenPlan, by actor: Principal) async throws -> OpenPlan {
        let owner = try Self.owner(of: input, actor)
        try Self.requireOwner(owner, actor)
        return try await database.write(actor.audit("open_plan.create")) { [store] connection in
            try store.create(input, owner: owner, on: connection)
        }
    }

    /// Adds or replaces an item of a draft plan.
    public func setItem(_ item: NewOpenPlanItem, of planID: UUID, by actor: Principal) async throws -> OpenPlanDetail {
        try await change(planID, "open_plan.set_item", by: actor) { [store] connection in
            try store.setItem(item, of: planID, on: connection)
        }
    }

    /// Removes an item from a draft plan.
    public func removeItem(_ itemID: UUID, of planID: UUID, by actor: Principal) async throws -> OpenPlanDetail {
        try await change(planID, "open_plan.remove_item", by: actor) { [store] connection in
            try store.removeItem(itemID, of: planID, on: connection)
        }
    }

    /// Publishes a draft plan (通过本级公共数据平台予以公布).
    public func publish(_ planID: UUID, by actor: Principal) async throws -> OpenPlanDetail {
        try await change(planID, "open_plan.publish", by: actor) { [store] connection in
            _ = try store.publish(planID, on: connection)
        }
    }

    /// A plan with its progress on `day` (today when `nil`): published plans for everyone, drafts for their owner.
    public func detail(_ planID: UUID, asOf day: CivilDate? = nil, by actor: Principal?) async throws -> OpenPlanDetail {
        try await database.read { [store] connection in
            let day = try day ?? RegistryClock.today(on: connection)
            guard let detail = try store.detail(planID, asOf: day, on: connection) else {
                throw RegistryError.notFound("开放计划", field: "id")
            }
            if detail.plan.state == .draft {
                guard let actor else { throw RegistryError(.unauthenticated, "草稿开放计划仅供编制单位查看。") }
                try Self.requireOwner(detail.plan.owner, actor)
            }
            return detail
        }
    }

    /// The published plans in force for a year.
    public func plansInForce(year: Int) async throws -> [OpenPlan] {
        try await database.read { [store] connection in try store.plansInForce(year: year, on: connection) }
    }

    // MARK: Helpers

    /// One audited change of a plan by its owner, answered with the plan's progress today.
    private func change(
        _ planID: UUID,
        _ action: String,
        by actor: Principal,
        _ body: @escaping @Sendable (Connection) throws -> Void
    ) async throws -> OpenPlanDetail {
        try await database.write(actor.audit(action)) { [store] connection in
            try Self.requireOwner(try store.lockedPlan(planID, on: connection).owner, actor)
            try body(connection)
            return try store.detail(planID, asOf: try RegistryClock.today(on: connection), on: connection).existing()
        }
    }

    /// The owner a new plan is for: the institution named, else the division named, else the actor's own.
    static func owner(of input: NewOpenPlan, _ actor: Principal) throws(RegistryError) -> OpenPlanOwner {
        if input.institution != nil, input.division != nil { throw OpeningRules.planOneOwner.error }
        if let institution = input.institution { return .institution(institution.uppercased()) }
        if actor.role == .clerk, input.division == nil, let own = actor.institution { return .institution(own) }
        guard let division = input.division ?? actor.division else { throw OpeningRules.planOneOwner.error }
        return .authority(division: division)
    }

    /// Refuses unless the actor is a planner of the authority whose plan it is, or a clerk of the institution.
    static func requireOwner(_ owner: OpenPlanOwner, _ actor: Principal) throws(RegistryError) {
        switch owner {
        case .authority(let division): try actor.requireAuthority(of: division, roles: [.planner])
        case .institution(let uscc): try actor.requireClerk(of: uscc)
        }
    }
}
