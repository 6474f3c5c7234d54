import Hummingbird
import RegistryCore

/// The audit authority's access to the registry (A29.2): the datasets it reads, and one page of one of them, each
/// read recorded in `audit_read_log`. Who may read is decided by ``AuditAccessWorkflow``: auditors only.
struct AuditAccessController {
    let database: RegistryDatabase

    var workflow: AuditAccessWorkflow { AuditAccessWorkflow(database: database) }

    /// A dataset by its name in the API and its Chinese name.
    struct Dataset: Encodable {
        var name: String
        var label: String
    }

    struct Datasets: ResponseEncodable { var datasets: [Dataset] }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/audit-access", use: datasets)
        group.get("/audit-access/{dataset}", use: read)
    }

    /// `GET /api/v1/audit-access`: the datasets the audit authority reads.
    @Sendable func datasets(_ request: Request, context: RegistryRequestContext) async throws -> Datasets {
        let datasets = try workflow.datasets(by: try context.requirePrincipal())
        return Datasets(datasets: datasets.map { Dataset(name: $0.rawValue, label: $0.label) })
    }

    /// `GET /api/v1/audit-access/{dataset}?limit=&offset=`: one page of the dataset, its values as text.
    @Sendable func read(_ request: Request, context: RegistryRequestContext) async throws -> ListingResult<AuditRow> {
        let actor = try context.requirePrincipal()
        let name = try context.parameters.require("dataset")
        return try await workflow.read(name, page: try ListingQuery(request).page(), by: actor)
    }
}
