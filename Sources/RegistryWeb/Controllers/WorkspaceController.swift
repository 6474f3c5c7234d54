import Hummingbird
import RegistryCore

/// `/workspace` (工作台): what the signed-in person has to do, by role.
struct WorkspaceController: Sendable {
    let site: WebSite
    let database: RegistryDatabase

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/workspace", use: show)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        switch actor.role {
        case .clerk: return try site.render(try await clerkPage(actor), for: request, context: context)
        case .reviewer: return try site.render(try await reviewerPage(actor), for: request, context: context)
        case .dataUser: return .redirect(to: "/my")
        default: return try site.render(PlainWorkspacePage(roleLabel: actor.role.label), for: request, context: context)
        }
    }

    private func clerkPage(_ actor: Principal) async throws -> ClerkWorkspacePage {
        let institution = actor.institution ?? ""
        return try await database.readReplica.read { connection in
            let today = try RegistryClock.today(on: connection)
            return ClerkWorkspacePage(work: try DueWorkStore().dueWork(of: institution, on: today, on: connection), today: today)
        }
    }

    private func reviewerPage(_ actor: Principal) async throws -> ReviewerWorkspacePage {
        let division = actor.division ?? ""
        let versions = try await ReviewerWorkspacePage.VersionRow.awaiting(reviewedIn: division, in: database)
        return try await database.readReplica.read { connection in
            let demands = try ShareDemandStore().awaitingReview(by: division, on: connection).map { demand in
                ReviewerWorkspacePage.DemandRow(
                    number: demand.number,
                    requester: demand.requesterName,
                    dataWanted: demand.dataWanted,
                    receivedOn: demand.receivedOn.iso
                )
            }
            return ReviewerWorkspacePage(versions: versions, demands: demands)
        }
    }
}
