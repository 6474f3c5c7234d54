import Hummingbird
import RegistryCore

/// Reference data anyone may read: divisions (A3.1) and the statutory base data kinds with their sources (A13.4).
struct PlacesController {
    let database: RegistryDatabase

    struct Divisions: ResponseEncodable {
        var divisions: [Division]
    }

    struct DivisionDetail: ResponseEncodable {
        var division: Division
        var children: [Division]
    }

    struct BaseDataKinds: ResponseEncodable {
        var baseDataKinds: [BaseDataKind]
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/divisions", use: divisions)
        group.get("/divisions/{code}", use: division)
        group.get("/base-data-kinds") { _, _ in
            BaseDataKinds(baseDataKinds: try await database.readReplica.read { try BaseDataKindStore().list(on: $0) })
        }
    }

    /// `GET /api/v1/divisions[?level=region|league_city|banner_county]`.
    @Sendable func divisions(_ request: Request, context: RegistryRequestContext) async throws -> Divisions {
        let store = DivisionStore()
        guard let levelText = request.uri.queryParameters["level"] else {
            return Divisions(divisions: try await database.readReplica.read { try store.list(on: $0) })
        }
        guard let level = DivisionLevel(rawValue: String(levelText)) else {
            throw RegistryError.invalid("level", "层级须为 region、league_city 或 banner_county。", article: "A3.1")
        }
        return Divisions(divisions: try await database.readReplica.read { try store.list(level: level, on: $0) })
    }

    /// `GET /api/v1/divisions/{code}`: the division and the divisions directly below it.
    @Sendable func division(_ request: Request, context: RegistryRequestContext) async throws -> DivisionDetail {
        let code = try context.parameters.require("code")
        let store = DivisionStore()
        return try await database.read { connection in
            guard let division = try store.get(code: code, on: connection) else {
                throw RegistryError.notFound("行政区划 \(code)", field: "code")
            }
            return DivisionDetail(division: division, children: try store.children(of: code, on: connection))
        }
    }
}
