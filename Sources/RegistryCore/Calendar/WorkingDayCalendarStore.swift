import Foundation
import Postgres

/// W.1 / W.2: the working-day calendar in the database — loading the official arrangement and computing deadlines
/// with the SQL functions of `sql/0003_calendar.sql`. The only place with the calendar's SQL.
///
/// Every method is one statement, so a load is all-or-nothing on its own and joins the caller's transaction when
/// there is one (set the audit context there: the loaded rows are audited, A44.1).
public struct WorkingDayCalendarStore: Sendable {
    public init() {}

    // MARK: - Loading (W.2)

    /// Replaces the listed days of `year` with `days` and records the year as loaded, writing only what differs
    /// (loading the same data again changes nothing and adds no audit rows).
    ///
    /// - Throws: ``CalendarError/yearsNotContiguous(missing:)`` when the year would leave a gap;
    ///   ``CalendarError/invalidDay(_:reason:)`` for a day outside `year`, listed twice, or a weekday as 调休上班.
    @discardableResult
    public func load(year: Int, source: String, days: [OfficialDay], on connection: Connection) throws -> CalendarYearLoad {
        try Self.validate(days, years: [year])
        let result = try Self.mappingErrors {
            try connection.query(
                """
                select \(year)::int as year, year_added, days_inserted, days_updated, days_deleted
                  from calendar_load_year(\(year)::int, \(source), \(Self.payload(days))::jsonb)
                """)
        }
        guard let row = result.first else { throw CalendarError.yearNotLoaded(year) }
        return try Self.yearLoad(from: row, listed: days.count)
    }

    /// Loads every year that `days` mention (each year's listed days replaced), in one statement, in an order that keeps
    /// the loaded years contiguous. Returns one entry per year, in year order.
    @discardableResult
    public func load(_ days: [OfficialDay], source: String, on connection: Connection) throws -> [CalendarYearLoad] {
        try Self.validate(days, years: nil)
        let result = try Self.mappingErrors {
            try connection.query(
                """
                select year, year_added, days_inserted, days_updated, days_deleted
                  from calendar_load_years(\(source), \(Self.payload(days))::jsonb)
                """)
        }
        let listedPerYear = Dictionary(grouping: days, by: \.date.year).mapValues(\.count)
        return try result.rows.map { row in
            try Self.yearLoad(from: row, listed: listedPerYear[try row.decode("year", as: Int.self)] ?? 0)
        }.sorted { $0.year < $1.year }
    }

    /// Loads an official calendar file (`date,kind,holiday`, see ``OfficialCalendarCSV``); `source` defaults to the
    /// file name, whose provenance `sql/reference/README.md` records.
    @discardableResult
    public func load(csv url: URL, source: String? = nil, on connection: Connection) throws -> [CalendarYearLoad] {
        let days = try OfficialCalendarCSV.read(url)
        return try load(days, source: source ?? url.lastPathComponent, on: connection)
    }

    // MARK: - Reading

    /// The loaded years with their source and working-day count, in year order.
    public func loadedYears(on connection: Connection) throws -> [CalendarYear] {
        try connection.query(
            """
            select year, source, loaded_at, working_days, listed_off_days, adjusted_working_days
              from calendar_year_summary order by year
            """
        ).map { row in
            CalendarYear(
                year: try row.decode("year"),
                source: try row.decode("source"),
                loadedAt: try row.decode("loaded_at"),
                workingDays: try row.decode("working_days"),
                listedDaysOff: try row.decode("listed_off_days"),
                adjustedWorkingDays: try row.decode("adjusted_working_days"))
        }
    }

    /// The listed days of the loaded years, in date order.
    public func officialDays(on connection: Connection) throws -> [OfficialDay] {
        try connection.query("select day, kind, holiday from official_day order by day").map { row in
            let kindText = try row.decode("kind", as: String.self)
            guard let kind = OfficialDay.Kind(rawValue: kindText) else {
                throw PostgresDecodingError(type: OfficialDay.Kind.self, reason: "unknown kind", column: "kind")
            }
            return OfficialDay(date: try row.decode("day"), kind: kind, holiday: try row.decode("holiday"))
        }
    }

    /// The calendar as the database holds it, for counting in Swift.
    public func calendar(on connection: Connection) throws -> WorkingDayCalendar {
        let years = try connection.query("select year from calendar_year order by year").map { try $0.decode("year", as: Int.self) }
        return try WorkingDayCalendar(loadedYears: years, officialDays: try officialDays(on: connection))
    }

    // MARK: - Computing (W.1), through the SQL functions

    /// W.1: the deadline for something received on `start` with `workingDays` working days (`add_working_days`);
    /// `registry calendar due` uses this.
    ///
    /// - Throws: ``CalendarError/yearNotLoaded(_:)`` naming the year that is missing;
    ///   ``CalendarError/negativeWorkingDays(_:)``.
    public func dueDate(from start: CivilDate, workingDays: Int, on connection: Connection) throws -> CivilDate {
        guard workingDays >= 0 else { throw CalendarError.negativeWorkingDays(workingDays) }
        return try Self.value(of: "select add_working_days(\(start)::date, \(workingDays)::int) as value", on: connection)
    }

    /// W.1: the working days after `from` up to and including `to` (`working_days_between`; negative when `to` is earlier).
    public func workingDays(from: CivilDate, to: CivilDate, on connection: Connection) throws -> Int {
        try Self.value(of: "select working_days_between(\(from)::date, \(to)::date) as value", on: connection)
    }

    /// W.1: whether `date` is a working day (`is_working_day`).
    public func isWorkingDay(_ date: CivilDate, on connection: Connection) throws -> Bool {
        try Self.value(of: "select is_working_day(\(date)::date) as value", on: connection)
    }

    /// The column `value` of the single row `sql` returns, with the calendar's refusals mapped.
    private static func value<Value: PostgresDecodable>(of sql: SQL, on connection: Connection) throws -> Value {
        try mappingErrors {
            guard let row = try connection.query(sql).first else {
                throw PostgresDecodingError(type: Value.self, reason: "no row returned", column: "value")
            }
            return try row.decode("value", as: Value.self)
        }
    }

    // MARK: - Errors

    /// Turns the database's calendar refusals into ``CalendarError``; anything else is rethrown unchanged.
    public static func calendarError(from error: PostgresError) -> CalendarError? {
        switch error.constraint {
        case "calendar_year_loaded_w_2":
            return missingYear(in: error.messagePrimary).map(CalendarError.yearNotLoaded)
        case "calendar_years_contiguous_w_2":
            return missingYear(in: error.messagePrimary).map { CalendarError.yearsNotContiguous(missing: $0) }
        default:
            return nil
        }
    }

    /// The year in “… calendar for 2027 is not loaded …”, the wording of every W.2 refusal in `0003_calendar.sql`.
    static func missingYear(in message: String?) -> Int? {
        guard let message, let marker = message.range(of: " is not loaded") else { return nil }
        let digits = message[..<marker.lowerBound].reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        return Int(String(digits.reversed()))
    }

    private static func mappingErrors<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as PostgresError {
            throw calendarError(from: error) ?? error
        }
    }

    // MARK: - Payload

    private struct DayPayload: Codable, Sendable {
        var day: String
        var kind: String
        var holiday: String
    }

    private static func payload(_ days: [OfficialDay]) -> PostgresJSON<[DayPayload]> {
        PostgresJSON(days.map { DayPayload(day: $0.date.iso, kind: $0.kind.rawValue, holiday: $0.holiday) })
    }

    /// The friendly Swift check before the database's own (which refuses the same days).
    private static func validate(_ days: [OfficialDay], years: Set<Int>?) throws {
        var seen: Set<CivilDate> = []
        for day in days {
            if let years, !years.contains(day.date.year) {
                throw CalendarError.invalidDay(day.date, reason: "not in \(years.sorted().map(String.init).joined(separator: ", "))")
            }
            guard seen.insert(day.date).inserted else { throw CalendarError.invalidDay(day.date, reason: "listed twice") }
            if day.kind == .work, !day.date.isWeekend {
                throw CalendarError.invalidDay(day.date, reason: "a weekday cannot be an adjusted working day (调休上班)")
            }
            if day.holiday.trimmingCharacters(in: .whitespaces).isEmpty {
                throw CalendarError.invalidDay(day.date, reason: "the holiday is not named")
            }
        }
    }

    private static func yearLoad(from row: Row, listed: Int) throws -> CalendarYearLoad {
        CalendarYearLoad(
            year: try row.decode("year"),
            yearAdded: try row.decode("year_added"),
            daysListed: listed,
            daysInserted: try row.decode("days_inserted"),
            daysUpdated: try row.decode("days_updated"),
            daysDeleted: try row.decode("days_deleted"))
    }
}

/// W.2: a loaded year of the official arrangement, as `calendar_year_summary` reports it.
public struct CalendarYear: Sendable, Hashable, Codable {
    public var year: Int
    /// Where the arrangement comes from (a notice or a reference file).
    public var source: String
    /// When its listed days last changed.
    public var loadedAt: Date
    /// Working days in the year (2024: 251, 2025: 248, 2026: 248).
    public var workingDays: Int
    /// Listed official days off (放假).
    public var listedDaysOff: Int
    /// Listed adjusted working days (调休上班).
    public var adjustedWorkingDays: Int

    public init(year: Int, source: String, loadedAt: Date, workingDays: Int, listedDaysOff: Int, adjustedWorkingDays: Int) {
        self.year = year
        self.source = source
        self.loadedAt = loadedAt
        self.workingDays = workingDays
        self.listedDaysOff = listedDaysOff
        self.adjustedWorkingDays = adjustedWorkingDays
    }
}

/// W.2: what loading one year changed. A second load of the same data reports nothing added, inserted, updated or deleted.
public struct CalendarYearLoad: Sendable, Hashable, Codable, CustomStringConvertible {
    public var year: Int
    /// The year was not loaded before.
    public var yearAdded: Bool
    /// Days listed for the year in the input.
    public var daysListed: Int
    public var daysInserted: Int
    public var daysUpdated: Int
    /// Days the database held for the year that the input no longer lists.
    public var daysDeleted: Int

    public init(year: Int, yearAdded: Bool, daysListed: Int, daysInserted: Int, daysUpdated: Int, daysDeleted: Int) {
        self.year = year
        self.yearAdded = yearAdded
        self.daysListed = daysListed
        self.daysInserted = daysInserted
        self.daysUpdated = daysUpdated
        self.daysDeleted = daysDeleted
    }

    /// Listed days that were already there as given.
    public var daysUnchanged: Int { daysListed - daysInserted - daysUpdated }

    /// True when the database already held exactly this year.
    public var changedNothing: Bool { !yearAdded && daysInserted == 0 && daysUpdated == 0 && daysDeleted == 0 }

    public var description: String {
        "\(year)\(yearAdded ? " (new)" : ""): \(daysInserted) inserted, \(daysUpdated) updated, \(daysDeleted) deleted, \(daysUnchanged) unchanged"
    }
}

extension ReferenceSeedSummary.FileCounts {
    /// W.2: the seed summary line for a calendar file (`registry seed reference`): listed days inserted, updated
    /// (days changed or removed) and unchanged, over every year loaded from the file.
    public init(file: String, calendarLoads: [CalendarYearLoad]) {
        self.init(
            file: file,
            inserted: calendarLoads.reduce(0) { $0 + $1.daysInserted },
            updated: calendarLoads.reduce(0) { $0 + $1.daysUpdated + $1.daysDeleted },
            unchanged: calendarLoads.reduce(0) { $0 + $1.daysUnchanged })
    }
}
