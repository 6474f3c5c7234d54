import Foundation
import Postgres

/// W.1 / W.2 / W.3: the working-day calendar in the database — loading the official arrangement and the statutory
/// holidays of the provisional years, re-stamping open deadlines, and computing deadlines with the SQL functions of
/// `sql/0003_calendar.sql` and `sql/0040_provisional_calendar.sql`. The only place with the calendar's SQL.
///
/// Every method is one statement, so a load is all-or-nothing on its own and joins the caller's transaction when
/// there is one (set the audit context there: the loaded rows are audited, A44.1).
public struct WorkingDayCalendarStore: Sendable {
    public init() {}

    /// W.3: the last year the provisional calendar reaches. A deadline beyond it cannot be counted.
    public static let provisionalHorizon = 2060

    /// W.3: where the statutory holidays of the provisional years come from, as `statutory_year.source` records it.
    public static let statutorySource = "《全国年节及纪念日放假办法》(国务院令第795号修订), 农历与节气由本系统推算"

    // MARK: - Loading (W.2)

    /// Replaces the listed days of `year` with `days` and records the year as loaded, writing only what differs
    /// (loading the same data again changes nothing and adds no audit rows).
    ///
    /// - Throws: ``CalendarError/yearsNotContiguous(missing:)`` when the year would leave a gap;
    ///   ``CalendarError/invalidDay(_:_:)`` for a day outside `year`, listed twice, or a weekday as 调休上班.
    @discardableResult
    public func load(year: Int, source: String, days: [OfficialDay], on connection: Connection) throws -> CalendarYearLoad {
        try Self.validate(days, years: year...year)
        let result = try Self.mappingErrors {
            try connection.query(
                """
                select \(year)::int as year, year_added, days_inserted, days_updated, days_deleted
                  from calendar_load_year(\(year)::int, \(source), \(Self.payload(days))::jsonb)
                """
            )
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
                """
            )
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

    /// W.3: loads the statutory holidays of `years` (``StatutoryHoliday``, computed) for the provisional calendar,
    /// replacing those loaded before; writes only what differs.
    @discardableResult
    public func loadStatutoryHolidays(
        years: ClosedRange<Int> = 2024...WorkingDayCalendarStore.provisionalHorizon,
        on connection: Connection
    ) throws -> ReferenceSeedSummary.FileCounts {
        let days = years.flatMap { StatutoryHoliday.days(in: $0) }
        let payload = PostgresJSON(days.map { ["day": $0.date.iso, "holiday": $0.holiday] })
        guard
            let row = try Self.mappingErrors({
                try connection.query(
                    """
                    select days_inserted, days_updated, days_deleted
                      from calendar_load_statutory(\(Self.statutorySource), \(payload)::jsonb)
                    """
                ).first
            })
        else { throw CalendarError.yearNotLoaded(years.lowerBound) }
        var counts = ReferenceSeedSummary.FileCounts(file: "statutory holidays \(years.lowerBound)–\(years.upperBound) (computed)")
        counts.inserted = try row.decode("days_inserted")
        counts.updated = try row.decode("days_updated")
        counts.deleted = try row.decode("days_deleted")
        counts.unchanged = days.count - counts.inserted - counts.updated
        return counts
    }

    /// W.3: counts every open provisional deadline again on the calendar as loaded now (after an official year was
    /// loaded); returns what moved. Run it in the loading transaction: the records changed are audited (A44.1).
    public func restamp(on connection: Connection) throws -> [DeadlineRestamp] {
        try connection.query(
            "select entity, record_id, record_no, field, old_due, new_due, provisional from calendar_restamp()"
        ).map(DeadlineRestamp.init(row:))
    }

    // MARK: - Reading

    /// W.3: the calendar's coverage and whether provisional days are in use, for operators.
    public func status(on connection: Connection) throws -> CalendarStatus {
        guard
            let row = try connection.query(
                """
                select first_official_year, last_official_year, provisional_through, today, days_left,
                       open_provisional_deadlines, state
                  from calendar_status()
                """
            ).first
        else { throw CalendarError.yearNotLoaded(try RegistryClock.today(on: connection).year) }
        return try CalendarStatus(row: row)
    }

    /// W.3: whether a deadline falling on `date` was counted onto the provisional calendar.
    public func isProvisional(_ date: CivilDate, on connection: Connection) throws -> Bool {
        try Self.value(of: "select calendar_day_is_provisional(\(date)::date) as value", on: connection)
    }

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
                adjustedWorkingDays: try row.decode("adjusted_working_days")
            )
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

    /// The calendar as the database holds it, for counting in Swift: the official years, then the provisional ones.
    public func calendar(on connection: Connection) throws -> WorkingDayCalendar {
        let years = try connection.query("select year from calendar_year order by year").map { try $0.decode("year", as: Int.self) }
        let through = try connection.query("select extract(year from last_day)::int as year from calendar_span()").first
        return try WorkingDayCalendar(
            loadedYears: years,
            officialDays: try officialDays(on: connection),
            provisionalThrough: try through?.decode("year", as: Int.self)
        )
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
    private static func validate(_ days: [OfficialDay], years: ClosedRange<Int>?) throws {
        var seen: Set<CivilDate> = []
        for day in days {
            if let years, !years.contains(day.date.year) {
                throw CalendarError.invalidDay(day.date, .outsideYears(years))
            }
            guard seen.insert(day.date).inserted else { throw CalendarError.invalidDay(day.date, .listedTwice) }
            if day.kind == .work, !day.date.isWeekend {
                throw CalendarError.invalidDay(day.date, .weekdayAsWorkingDay)
            }
            if day.holiday.trimmingCharacters(in: .whitespaces).isEmpty {
                throw CalendarError.invalidDay(day.date, .holidayNotNamed)
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
            daysDeleted: try row.decode("days_deleted")
        )
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
            unchanged: calendarLoads.reduce(0) { $0 + $1.daysUnchanged }
        )
    }
}

/// W.3: an open deadline counted again because the calendar changed: which record, which field, the old and the new
/// date, and whether the new date is still provisional.
public struct DeadlineRestamp: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The table of the record (`share_request`, `catalog_version` …).
    public var entity: String
    public var recordID: String
    /// How people name the record (共享申请 12, 目录第 3 版 …).
    public var recordNo: String
    /// The deadline's column (`reply_due`, `decision_due` …).
    public var field: String
    public var oldDue: CivilDate
    public var newDue: CivilDate
    public var provisional: Bool

    init(row: Row) throws {
        entity = try row.decode("entity")
        recordID = try row.decode("record_id")
        recordNo = try row.decode("record_no")
        field = try row.decode("field")
        oldDue = try row.decode("old_due")
        newDue = try row.decode("new_due")
        provisional = try row.decode("provisional")
    }

    public var description: String {
        "\(recordNo) (\(entity) \(recordID)) \(field): \(oldDue) → \(newDue)\(provisional ? " 暂定" : "")"
    }
}

/// W.3: the working-day calendar as operators see it (`registry calendar status`, `/healthz`).
public struct CalendarStatus: Sendable, Hashable, Codable {
    /// `ok`, `provisional_in_use` (today is past the official calendar or an open deadline counts provisional days)
    /// or `ending_soon` (within 60 days of the end of the last official year).
    public enum State: String, Sendable, Hashable, Codable {
        case ok
        case provisionalInUse = "provisional_in_use"
        case endingSoon = "ending_soon"
    }

    public var firstOfficialYear: Int
    public var lastOfficialYear: Int
    /// The last day the provisional calendar reaches; `nil` when there is none.
    public var provisionalThrough: CivilDate?
    public var today: CivilDate
    /// Days from today to the end of the last official year (negative once past it).
    public var daysLeft: Int
    public var openProvisionalDeadlines: Int
    public var state: State

    init(row: Row) throws {
        firstOfficialYear = try row.decode("first_official_year")
        lastOfficialYear = try row.decode("last_official_year")
        provisionalThrough = try row.decodeIfPresent("provisional_through")
        today = try row.decode("today")
        daysLeft = try row.decode("days_left")
        openProvisionalDeadlines = try row.decode("open_provisional_deadlines")
        guard let state = State(rawValue: try row.decode("state", as: String.self)) else {
            throw PostgresDecodingError(type: State.self, reason: "unknown calendar state", column: "state")
        }
        self.state = state
    }

    /// The operator's warning, in Chinese, when the state is not `ok`.
    public var warning: String? {
        switch state {
        case .ok:
            nil
        case .endingSoon:
            "已导入的国务院节假日安排截至\(lastOfficialYear)年12月31日，还剩\(daysLeft)天；请在\(lastOfficialYear + 1)年安排发布后及时导入（registry calendar load）。"
        case .provisionalInUse:
            "\(lastOfficialYear + 1)年起的期限按暂定日历计算（法定节假日推算，未计调休），现有\(openProvisionalDeadlines)项未办结期限为暂定；国务院安排发布后请导入（registry calendar load），系统将重新计算。"
        }
    }
}
