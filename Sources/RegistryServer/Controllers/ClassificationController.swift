import Hummingbird
import RegistryCore

/// Classification and grading (A9.1, A9.2): the schemes in force — the region's default and the filed league/city and
/// industry schemes — and their category trees. Only a reviewer of the region's authority records a filing.
struct ClassificationController {
    let database: RegistryDatabase

    struct Schemes: ResponseEncodable { var schemes: [ClassificationScheme] }
    struct Categories: ResponseEncodable {
        var scheme: ClassificationScheme
        var categories: [DataCategoryNode]
        /// The grades of GB/T 43697-2024 every item is given (A9.2).
        var grades: [Grade]
    }
    struct Grade: Codable { var code: DataGrade, label: String }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/classification-schemes", use: schemes)
        group.post("/classification-schemes", use: recordFiling)
        group.get("/classification-schemes/{code}/categories", use: categories)
    }

    /// `GET /api/v1/classification-schemes`.
    @Sendable func schemes(_ request: Request, context: RegistryRequestContext) async throws -> Schemes {
        _ = try context.requirePrincipal()
        return Schemes(schemes: try await database.readReplica.read { try ClassificationStore().schemes(on: $0) })
    }

    /// `GET /api/v1/classification-schemes/{code}/categories`: the scheme's category tree and the grades.
    @Sendable func categories(_ request: Request, context: RegistryRequestContext) async throws -> Categories {
        _ = try context.requirePrincipal()
        let code = try context.parameters.require("code")
        return try await database.read { connection in
            let store = ClassificationStore()
            guard let scheme = try store.scheme(code: code, on: connection) else {
                throw RegistryError.notFound("分类分级规则 \(code)", field: "code")
            }
            return Categories(
                scheme: scheme,
                categories: try store.categoryTree(of: code, on: connection),
                grades: DataGrade.allCases.map { Grade(code: $0, label: $0.label) }
            )
        }
    }

    /// `POST /api/v1/classification-schemes` (a reviewer of the region's authority): a filed scheme (A9.1).
    @Sendable func recordFiling(
        _ request: Request,
        context: RegistryRequestContext
    ) async throws -> EditedResponse<ClassificationScheme> {
        let actor = try context.requirePrincipal()
        let filing = try await request.decodeBody(as: ClassificationSchemeFiling.self, context: context)
        let scheme = try await database.write(actor.audit("classification_scheme.file")) {
            try ClassificationStore().recordFiledScheme(filing, by: actor, on: $0)
        }
        return EditedResponse(status: .created, response: scheme)
    }
}

extension ClassificationScheme: ResponseEncodable {}
