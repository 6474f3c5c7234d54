import Foundation
import Hummingbird
import RegistryCore

/// The open catalog for harvesters as DCAT-AP 3 (A28.1): `/dcat/catalog.{ttl,jsonld,rdf}?page=` and
/// `/dcat/datasets/{id}.{ttl,jsonld,rdf}`, without an account. URIs are minted under `REGISTRY_PUBLIC_URL`.
struct DCATController {
    let database: RegistryDatabase

    var export: DCATExport { DCATExport(database: database.readReplica) }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        for format in RDFFormat.allCases {
            group.get("/dcat/catalog.\(format.rawValue)") { try await catalog($0, $1, format) }
        }
        group.get("/dcat/datasets/{file}", use: dataset)
    }

    /// `GET /api/v1/dcat/catalog.{ttl,jsonld,rdf}?page=N` (public): one page of the catalog, `hydra:PagedCollection`.
    @Sendable func catalog(_ request: Request, _ context: RegistryRequestContext, _ format: RDFFormat) async throws -> Response {
        // The parameter gate has checked `page` against the document (an integer from 1).
        let page = ListingQuery(request)["page"].flatMap { Int($0) } ?? 1
        let graph = try await export.catalog(page: page, format: format)
        return ReportsController.response(graph.serialised(as: format), type: format.mediaType)
    }

    /// `GET /api/v1/dcat/datasets/{id}.{ttl,jsonld,rdf}` (public): one dataset of the open catalog.
    @Sendable func dataset(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let file = try context.parameters.require("file")
        guard let dot = file.lastIndex(of: "."), let format = RDFFormat(fileExtension: file[file.index(after: dot)...]),
            let id = UUID(uuidString: String(file[..<dot]))
        else { throw RegistryError.invalid("file", "数据集地址须为 {标识}.ttl、{标识}.jsonld 或 {标识}.rdf。") }
        return ReportsController.response(try await export.dataset(id).serialised(as: format), type: format.mediaType)
    }
}
