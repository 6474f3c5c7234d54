import Foundation
import Hummingbird

/// `GET /api/v1/openapi.json`: the API's OpenAPI 3.1 description, kept in the repository beside the routes.
struct OpenAPIController {
    /// The document as shipped in the module's resources.
    static let document: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { fatalError("openapi.json is missing from the RegistryServer resources") }
        return data
    }()

    /// What the document declares of each route's parameters, for ``ParameterGate``.
    static let declaredParameters: DeclaredParameters = {
        do {
            return try DeclaredParameters(document: document)
        } catch {
            fatalError("openapi.json in the RegistryServer resources is not an OpenAPI document: \(error)")
        }
    }()

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: Self.document))
            )
        }
    }
}
