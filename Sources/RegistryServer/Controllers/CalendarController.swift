import Hummingbird
import RegistryCore

/// The working-day calendar (W.1–W.3): loaded years and deadline computation.
struct CalendarController {
    let database: RegistryDatabase
    let store = WorkingDayCalendarStore()

    struct Due: ResponseEncodable {
        var from: CivilDate
        var workingDays: Int
        var due: CivilDate
        /// W.3: the due date was counted onto the provisional calendar (暂定).
        var dueProvisional: Bool
    }

    struct Years: ResponseEncodable {
        var years: [CalendarYear]
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/calendar/due", use: due)
        group.get("/calendar/years") { _, _ in
            Years(years: try await database.readReplica.read { try store.loadedYears(on: $0) })
        }
    }

    /// `GET /api/v1/calendar/due?from=YYYY-MM-DD&working_days=N`.
    @Sendable func due(_ request: Request, context: RegistryRequestContext) async throws -> Due {
        let query = request.uri.queryParameters
        guard let fromText = query["from"] else { throw RegistryError.missing("from", "起算日期") }
        guard let from = CivilDate(iso: fromText) else {
            throw RegistryError.invalid("from", "起算日期须为 YYYY-MM-DD 格式的有效日期。")
        }
        guard let countText = query["working_days"] else { throw RegistryError.missing("working_days", "工作日数") }
        guard let count = Int(countText), (0...366).contains(count) else {
            throw RegistryError.invalid("working_days", "工作日数须为 0 至 366 之间的整数。", article: "W.1")
        }
        return try await database.read { connection in
            let due = try store.dueDate(from: from, workingDays: count, on: connection)
            let provisional = try count > 0 && store.isProvisional(due, on: connection)
            return Due(from: from, workingDays: count, due: due, dueProvisional: provisional)
        }
    }
}
