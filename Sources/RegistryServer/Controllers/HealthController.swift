import Hummingbird
import RegistryCore

/// `GET /healthz`: the service is up and its database answers.
struct HealthController {
    let database: RegistryDatabase

    struct Health: ResponseEncodable {
        var status: String
        var database: String
    }

    func addRoutes(to router: Router<RegistryRequestContext>) {
        router.get("/healthz") { _, _ -> EditedResponse<Health> in
            do {
                try await database.ping()
                return EditedResponse(response: Health(status: "ok", database: "ok"))
            } catch {
                return EditedResponse(status: .serviceUnavailable, response: Health(status: "unavailable", database: "unreachable"))
            }
        }
    }
}
