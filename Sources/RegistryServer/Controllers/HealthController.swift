import Hummingbird
import RegistryCore

/// `GET /healthz`: the service is up, its database answers, and whether the working-day calendar needs an operator
/// (W.3: `ok`, `provisional_in_use` or `ending_soon`).
struct HealthController {
    let database: RegistryDatabase

    struct Health: ResponseEncodable {
        var status: String
        var database: String
        var calendar: String
    }

    func addRoutes(to router: Router<RegistryRequestContext>) {
        router.get("/healthz") { _, _ -> EditedResponse<Health> in
            do {
                let calendar = try await database.read { connection in
                    try WorkingDayCalendarStore().status(on: connection).state.rawValue
                }
                return EditedResponse(response: Health(status: "ok", database: "ok", calendar: calendar))
            } catch is RegistryError {
                return EditedResponse(response: Health(status: "ok", database: "ok", calendar: "not_loaded"))
            } catch {
                return EditedResponse(
                    status: .serviceUnavailable, response: Health(status: "unavailable", database: "unreachable", calendar: "unknown"))
            }
        }
    }
}
