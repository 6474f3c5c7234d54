import Foundation
import RegistryCore
import TestSupport
import Testing

/// Shared data of the calendar tests: the reference file and the hand-written deadline cases.
enum CalendarFixtures {
    /// The State Council arrangements of 2024–2026 (`sql/reference/`).
    static let referenceFile = ProjectDirectory.sql.appendingPathComponent("reference/cn-official-calendar-2024-2026.csv")

    static func referenceDays() throws -> [OfficialDay] {
        try OfficialCalendarCSV.read(referenceFile)
    }

    static func referenceCalendar() throws -> WorkingDayCalendar {
        try WorkingDayCalendar(officialDays: referenceDays())
    }

    /// The calendar the registry's database holds after `seed reference` (W.3): the 2024–2026 arrangement, then the
    /// provisional calendar through ``WorkingDayCalendarStore/provisionalHorizon``.
    static func registryCalendar() throws -> WorkingDayCalendar {
        let days = try referenceDays()
        return try WorkingDayCalendar(
            loadedYears: days.map(\.date.year),
            officialDays: days,
            provisionalThrough: WorkingDayCalendarStore.provisionalHorizon
        )
    }

    /// A date written in a test; traps on a typo.
    static func day(_ iso: String) -> CivilDate {
        guard let date = CivilDate(iso: iso) else { fatalError("not a date: \(iso)") }
        return date
    }

    /// One hand-checked deadline: received on `start`, `workingDays` working days, due at the close of `due`.
    struct DueCase: Sendable, CustomTestStringConvertible {
        var start: String
        var workingDays: Int
        var due: String
        var why: String

        var testDescription: String { "\(start) + \(workingDays) → \(due) (\(why))" }
    }

    /// Deadlines around the Spring Festival (春节) and National Day (国庆节) of 2024, 2025 and 2026, checked by hand
    /// against the State Council notices: starts on the holiday, on the adjusted working weekend day (调休上班), and on
    /// the last working day before the holiday; plus year boundaries and the day of receipt.
    static let dueCases: [DueCase] = [
        // 2024 春节: off 02-10 (Sat) … 02-17 (Sat); adjusted working Sundays 02-04 and 02-18.
        DueCase(start: "2024-02-09", workingDays: 1, due: "2024-02-18", why: "last working day before 春节 2024; next one is the adjusted Sunday"),
        DueCase(start: "2024-02-09", workingDays: 2, due: "2024-02-19", why: "春节 2024, from the last working day before"),
        DueCase(start: "2024-02-09", workingDays: 5, due: "2024-02-22", why: "春节 2024, from the last working day before"),
        DueCase(start: "2024-02-08", workingDays: 15, due: "2024-03-06", why: "fifteen working days across 春节 2024"),
        DueCase(start: "2024-02-12", workingDays: 1, due: "2024-02-18", why: "received during 春节 2024"),
        DueCase(start: "2024-02-12", workingDays: 5, due: "2024-02-22", why: "received during 春节 2024"),
        DueCase(start: "2024-02-17", workingDays: 1, due: "2024-02-18", why: "received on the last day off of 春节 2024"),
        DueCase(start: "2024-02-04", workingDays: 1, due: "2024-02-05", why: "received on the adjusted working Sunday before 春节 2024"),
        DueCase(start: "2024-02-04", workingDays: 5, due: "2024-02-09", why: "received on the adjusted working Sunday before 春节 2024"),
        DueCase(start: "2024-02-04", workingDays: 6, due: "2024-02-18", why: "received on the adjusted working Sunday before 春节 2024"),
        DueCase(start: "2024-02-18", workingDays: 1, due: "2024-02-19", why: "received on the adjusted working Sunday after 春节 2024"),
        DueCase(start: "2024-02-03", workingDays: 1, due: "2024-02-04", why: "Saturday before an adjusted working Sunday"),
        // 2024 国庆节: off 10-01 … 10-07; adjusted working 09-29 (Sun) and 10-12 (Sat).
        DueCase(start: "2024-09-30", workingDays: 1, due: "2024-10-08", why: "last working day before 国庆节 2024"),
        DueCase(start: "2024-09-30", workingDays: 5, due: "2024-10-12", why: "国庆节 2024 ending on the adjusted Saturday"),
        DueCase(start: "2024-09-30", workingDays: 6, due: "2024-10-14", why: "国庆节 2024, past the adjusted Saturday"),
        DueCase(start: "2024-09-29", workingDays: 1, due: "2024-09-30", why: "received on the adjusted working Sunday before 国庆节 2024"),
        DueCase(start: "2024-09-29", workingDays: 2, due: "2024-10-08", why: "received on the adjusted working Sunday before 国庆节 2024"),
        DueCase(start: "2024-10-03", workingDays: 1, due: "2024-10-08", why: "received during 国庆节 2024"),
        DueCase(start: "2024-10-03", workingDays: 5, due: "2024-10-12", why: "received during 国庆节 2024"),
        DueCase(start: "2024-09-28", workingDays: 1, due: "2024-09-29", why: "Saturday before an adjusted working Sunday"),
        DueCase(start: "2024-10-12", workingDays: 1, due: "2024-10-14", why: "received on the adjusted working Saturday after 国庆节 2024"),
        // 2025 春节: off 01-28 (Tue) … 02-04 (Tue); adjusted working 01-26 (Sun) and 02-08 (Sat).
        DueCase(start: "2025-01-27", workingDays: 1, due: "2025-02-05", why: "last working day before 春节 2025"),
        DueCase(start: "2025-01-27", workingDays: 4, due: "2025-02-08", why: "春节 2025 ending on the adjusted Saturday"),
        DueCase(start: "2025-01-27", workingDays: 5, due: "2025-02-10", why: "春节 2025, past the adjusted Saturday"),
        DueCase(start: "2025-01-26", workingDays: 1, due: "2025-01-27", why: "received on the adjusted working Sunday before 春节 2025"),
        DueCase(start: "2025-01-26", workingDays: 2, due: "2025-02-05", why: "received on the adjusted working Sunday before 春节 2025"),
        DueCase(start: "2025-01-31", workingDays: 1, due: "2025-02-05", why: "received during 春节 2025"),
        DueCase(start: "2025-01-31", workingDays: 4, due: "2025-02-08", why: "received during 春节 2025"),
        DueCase(start: "2025-02-08", workingDays: 1, due: "2025-02-10", why: "received on the adjusted working Saturday after 春节 2025"),
        // 2025 国庆节 with 中秋节: off 10-01 … 10-08; adjusted working 09-28 (Sun) and 10-11 (Sat).
        DueCase(start: "2025-09-30", workingDays: 1, due: "2025-10-09", why: "last working day before 国庆节 2025"),
        DueCase(start: "2025-09-30", workingDays: 3, due: "2025-10-11", why: "国庆节 2025 ending on the adjusted Saturday"),
        DueCase(start: "2025-09-30", workingDays: 4, due: "2025-10-13", why: "国庆节 2025, past the adjusted Saturday"),
        DueCase(start: "2025-09-28", workingDays: 1, due: "2025-09-29", why: "received on the adjusted working Sunday before 国庆节 2025"),
        DueCase(start: "2025-09-28", workingDays: 3, due: "2025-10-09", why: "received on the adjusted working Sunday before 国庆节 2025"),
        DueCase(start: "2025-10-06", workingDays: 1, due: "2025-10-09", why: "received on 中秋节 inside 国庆节 2025"),
        DueCase(start: "2025-10-06", workingDays: 3, due: "2025-10-11", why: "received on 中秋节 inside 国庆节 2025"),
        DueCase(start: "2025-09-27", workingDays: 1, due: "2025-09-28", why: "Saturday before an adjusted working Sunday"),
        // 2026 春节: off 02-15 (Sun) … 02-23 (Mon); adjusted working Saturdays 02-14 and 02-28.
        DueCase(start: "2026-02-13", workingDays: 1, due: "2026-02-14", why: "Friday before 春节 2026; next is the adjusted Saturday"),
        DueCase(start: "2026-02-13", workingDays: 2, due: "2026-02-24", why: "Friday before 春节 2026"),
        DueCase(
            start: "2026-02-14",
            workingDays: 1,
            due: "2026-02-24",
            why: "received on the adjusted Saturday, the last working day before 春节 2026"
        ),
        DueCase(start: "2026-02-14", workingDays: 5, due: "2026-02-28", why: "春节 2026 ending on the adjusted Saturday"),
        DueCase(start: "2026-02-14", workingDays: 6, due: "2026-03-02", why: "春节 2026, past the adjusted Saturday"),
        DueCase(start: "2026-02-18", workingDays: 1, due: "2026-02-24", why: "received during 春节 2026"),
        DueCase(start: "2026-02-18", workingDays: 5, due: "2026-02-28", why: "received during 春节 2026"),
        DueCase(start: "2026-02-28", workingDays: 1, due: "2026-03-02", why: "received on the adjusted working Saturday after 春节 2026"),
        // 2026 国庆节: 中秋节 off 09-25 … 09-27, 国庆节 off 10-01 … 10-07; adjusted working 09-20 (Sun) and 10-10 (Sat).
        DueCase(start: "2026-09-30", workingDays: 1, due: "2026-10-08", why: "last working day before 国庆节 2026"),
        DueCase(start: "2026-09-30", workingDays: 3, due: "2026-10-10", why: "国庆节 2026 ending on the adjusted Saturday"),
        DueCase(start: "2026-09-30", workingDays: 4, due: "2026-10-12", why: "国庆节 2026, past the adjusted Saturday"),
        DueCase(start: "2026-09-20", workingDays: 1, due: "2026-09-21", why: "received on the adjusted working Sunday before 中秋节 2026"),
        DueCase(start: "2026-09-19", workingDays: 1, due: "2026-09-20", why: "Saturday before an adjusted working Sunday"),
        DueCase(start: "2026-09-24", workingDays: 1, due: "2026-09-28", why: "last working day before 中秋节 2026"),
        DueCase(start: "2026-10-05", workingDays: 1, due: "2026-10-08", why: "received during 国庆节 2026"),
        DueCase(start: "2026-10-05", workingDays: 3, due: "2026-10-10", why: "received during 国庆节 2026"),
        // Year boundaries.
        DueCase(start: "2024-01-01", workingDays: 1, due: "2024-01-02", why: "received on 元旦 2024"),
        DueCase(start: "2024-12-31", workingDays: 1, due: "2025-01-02", why: "across 元旦 2025"),
        DueCase(start: "2025-12-31", workingDays: 1, due: "2026-01-04", why: "across 元旦 2026 onto its adjusted working Sunday"),
        DueCase(start: "2026-12-30", workingDays: 1, due: "2026-12-31", why: "the last loaded working day"),
        DueCase(start: "2026-12-31", workingDays: 0, due: "2026-12-31", why: "zero working days is the day itself"),
        // The day of receipt does not count.
        DueCase(start: "2024-03-04", workingDays: 1, due: "2024-03-05", why: "an ordinary Monday: due the next day, not the same day"),
        DueCase(start: "2024-03-04", workingDays: 0, due: "2024-03-04", why: "zero working days is the day itself"),
    ]

    /// Computations that reach a year that is not loaded, and the year the error must name.
    /// Computations the registry's calendar cannot do: before its first official year or past its provisional years.
    static let beyondRegistryCalendarCases: [(start: String, workingDays: Int, year: Int)] = [
        ("2060-12-29", 5, 2061),
        ("2023-12-29", 1, 2023),
        ("2061-01-04", 0, 2061),
    ]

    /// Computations the 2024–2026 arrangement alone (no provisional years) cannot do.
    static let missingYearCases: [(start: String, workingDays: Int, year: Int)] = [
        ("2026-12-31", 1, 2027),
        ("2026-12-18", 15, 2027),
        ("2023-12-29", 1, 2023),
        ("2027-01-04", 0, 2027),
        ("2030-06-01", 5, 2030),
    ]
}
