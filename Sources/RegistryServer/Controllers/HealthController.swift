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
        /// Why the database cannot serve, in Chinese (unreachable, reconnecting, busy); absent when it can.
        var message: String?
    }

    /// The calendar's state (W.3). A read changes nothing, so it is asked twice when the first attempt finds the
    /// database unavailable: a connection that died in a restart of the server is only found dead when used, and
    /// replaced; the service is healthy when the second attempt, on a new connection, answers.
    private func calendarState() async throws -> String {
        let read = { [database] in
            try await database.read { connection in try WorkingDayCalendarStore().status(on: connection).state.rawValue }
        }
        do {
            return try await read()
        } catch let error as RegistryError where error.code == .unavailable {
            return try await read()
        }
    }

    func addRoutes(to router: Router<RegistryRequestContext>) {
        router.get("/healthz") { _, _ -> EditedResponse<Health> in
            do {
                let calendar = try await calendarState()
                return EditedResponse(response: Health(status: "ok", database: "ok", calendar: calendar))
            } catch let error as RegistryError where error.code != .unavailable {
                return EditedResponse(response: Health(status: "ok", database: "ok", calendar: "not_loaded"))
            } catch {
                // The database down, the pool waiting out its reconnect backoff, or every connection held too long.
                let message = (error as? RegistryError)?.message ?? "数据库暂不可用,请稍后重试。"
                return EditedResponse(
                    status: .serviceUnavailable,
                    headers: [.retryAfter: "5"],
                    response: Health(status: "unavailable", database: "unreachable", calendar: "unknown", message: message)
                )
            }
        }
    }
}
