import Foundation
import Postgres
import RegistryCore

/// Years of workflow history replayed day by day, so the database stamps every step with its own day.
///
/// On each working day of the window, with the registry's clock pinned to that day (``SeedClock``), the rows filed
/// that day are loaded through COPY and the steps planned for that day are applied set-based — one `update … where id
/// = any(…)` per kind of step. The tables' triggers do the rest: they check every transition, stamp dates and due
/// dates by the official calendar (W.1) and write the history and the audit trail (A44.1). A step planned after the
/// window's last day never happens: it is what the reports find pending or overdue.
struct SyntheticTimeline {
    /// A kind of change applied to the records of one table; `assignments` is SQL fixed in code.
    struct Step: Hashable {
        let table: String
        let assignments: String
    }

    /// Rows filed into one table.
    struct Filing {
        let table: String
        let columns: [String]
        var rows: [[String?]] = []
    }

    /// The working days of the window, in order; a step `n` working days after day `d` lands on `days[d + n]`.
    let days: [CivilDate]
    private var steps: [Int: [Step: [String]]] = [:]

    init(from first: CivilDate, through last: CivilDate, on connection: Connection) throws {
        days = try connection.query(
            "select day from calendar_day where is_working and day between \(first)::date and \(last)::date order by day"
        ).map { try $0.decode("day") }
    }

    /// Plans `step` for record `id` on working day `day` (an index into ``days``); beyond the window it never happens.
    mutating func plan(_ step: Step, for id: UUID, on day: Int) {
        guard day < days.count else { return }
        steps[day, default: [:]][step, default: []].append(id.uuidString)
    }

    /// Replays day `day`: pins the clock, files `filings` and applies the steps planned for the day.
    mutating func replay(day: Int, filings: [Filing], on connection: Connection) throws {
        try SeedClock.set(days[day], on: connection)
        for filing in filings where !filing.rows.isEmpty {
            try connection.copy(into: filing.table, columns: filing.columns, rows: filing.rows)
        }
        for (step, ids) in (steps.removeValue(forKey: day) ?? [:]).sorted(by: { $0.key.assignments < $1.key.assignments }) {
            try connection.query("update \(unescaped: step.table) set \(unescaped: step.assignments) where id = any(\(ids)::uuid[])")
        }
    }
}
