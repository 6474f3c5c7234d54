import Foundation
import Postgres

extension OpenPlanWorkflow {
    /// Every version of the plan of the planner's authority for `year`, drafts included, newest first (A26.1): the
    /// planner's own division's only.
    public func versions(year: Int, by actor: Principal) async throws -> [OpenPlan] {
        let owner = OpenPlanOwner.authority(division: actor.division ?? "")
        try Self.requireOwner(owner, actor)
        return try await database.read { [store] connection in try store.versions(of: owner, year: year, on: connection) }
    }
}
