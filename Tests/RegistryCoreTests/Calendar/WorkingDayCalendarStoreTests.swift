import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// W.1–W.3: the calendar in PostgreSQL — loading, the SQL functions, their refusals, the provisional years after the
/// official ones, and agreement with the independent Swift calendar for every start day of 2024–2035.
@Suite("Working-day calendar in PostgreSQL (W.1–W.3)")
struct WorkingDayCalendarStoreTests {
    private let store = WorkingDayCalendarStore()

    private func day(_ iso: String) -> CivilDate { CalendarFixtures.day(iso) }

    /// Runs `body` on a fresh database holding the 2024–2026 arrangement (loading it is a no-op when the template
    /// already has it), then drops the database.
    private func withCalendarDatabase(_ body: (TestDatabase) async throws -> Void) async throws {
        let database = try await TestDatabase.make()
        do {
            let file = CalendarFixtures.referenceFile
            try await database.client.withTransaction(auditedAs: AuditContext(action: "calendar.load")) { connection in
                _ = try WorkingDayCalendarStore().load(csv: file, on: connection)
            }
            try await body(database)
        } catch {
            try? await database.drop()
            throw error
        }
        try await database.drop()
    }

    /// Audit rows of the calendar's two audited tables.
    private func calendarAuditRows(_ connection: Connection) throws -> Int {
        try connection.query(
            "select count(*)::int as n from audit_log where entity in ('official_day', 'calendar_year')"
        ).first!.decode("n")
    }

    @Test("loading the reference file is idempotent: a second load changes nothing and writes no audit row")
    func idempotentLoad() async throws {
        try await withCalendarDatabase { database in
            try await database.client.withTransaction { connection in
                let store = WorkingDayCalendarStore()
                let auditBefore = try calendarAuditRows(connection)
                #expect(auditBefore >= 111)  // 3 years + 108 listed days, each audited once when first loaded
                let loads = try store.load(csv: CalendarFixtures.referenceFile, on: connection)
                #expect(loads.map(\.year) == [2024, 2025, 2026])
                #expect(loads.allSatisfy { $0.changedNothing })
                #expect(loads.map(\.daysUnchanged) == [36, 33, 39])
                #expect(try calendarAuditRows(connection) == auditBefore)
                let counts = ReferenceSeedSummary.FileCounts(file: "calendar.csv", calendarLoads: loads)
                #expect(counts == ReferenceSeedSummary.FileCounts(file: "calendar.csv", inserted: 0, updated: 0, unchanged: 108))
                #expect(try store.officialDays(on: connection) == CalendarFixtures.referenceDays())
            }
        }
    }

    @Test("2024, 2025 and 2026 have 251, 248 and 248 working days in the database")
    func workingDaysPerYear() async throws {
        try await withCalendarDatabase { database in
            let years = try await database.client.withConnection { try WorkingDayCalendarStore().loadedYears(on: $0) }
            #expect(years.map(\.year) == [2024, 2025, 2026])
            #expect(years.map(\.workingDays) == [251, 248, 248])
            #expect(years.map(\.adjustedWorkingDays) == [8, 5, 6])
            #expect(years.allSatisfy { !$0.source.isEmpty })
        }
    }

    @Test("deadlines around 春节 and 国庆节 of 2024–2026 through add_working_days")
    func handWrittenDeadlines() async throws {
        try await withCalendarDatabase { database in
            try await database.client.withConnection { connection in
                let store = WorkingDayCalendarStore()
                for dueCase in CalendarFixtures.dueCases {
                    let start = day(dueCase.start)
                    let due = try store.dueDate(from: start, workingDays: dueCase.workingDays, on: connection)
                    #expect(due == day(dueCase.due), "\(dueCase.testDescription)")
                    #expect(try store.workingDays(from: start, to: due, on: connection) == dueCase.workingDays)
                }
                #expect(try store.isWorkingDay(day("2024-02-04"), on: connection))
                #expect(try !store.isWorkingDay(day("2025-10-08"), on: connection))
            }
        }
    }

    @Test("a computation before the first official year or past the provisional ones fails in SQL naming that year")
    func missingYears() async throws {
        try await withCalendarDatabase { database in
            try await database.client.withConnection { connection in
                let store = WorkingDayCalendarStore()
                for missing in CalendarFixtures.beyondRegistryCalendarCases {
                    #expect(throws: CalendarError.yearNotLoaded(missing.year)) {
                        try store.dueDate(from: day(missing.start), workingDays: missing.workingDays, on: connection)
                    }
                }
                #expect(throws: CalendarError.yearNotLoaded(2061)) {
                    try store.workingDays(from: day("2024-01-01"), to: day("2062-01-01"), on: connection)
                }
                #expect(throws: CalendarError.yearNotLoaded(2023)) {
                    try store.workingDays(from: day("2024-05-01"), to: day("2023-01-01"), on: connection)
                }
                #expect(throws: CalendarError.yearNotLoaded(2061)) { try store.isWorkingDay(day("2061-02-01"), on: connection) }

                // The raw refusal, as the error mapper sees it.
                let raw = try #require(throws: PostgresError.self) {
                    try connection.query("select add_working_days('2060-12-31', 1)")
                }
                #expect(raw.sqlState == "23514")
                #expect(raw.constraint == "calendar_year_loaded_w_2")
                #expect(raw.messagePrimary == "working-day calendar for 2061 is not loaded")
                #expect(raw.messagePrimary == CalendarError.yearNotLoaded(2061).description)

                let negative = try #require(throws: PostgresError.self) {
                    try connection.query("select add_working_days('2024-03-04', -1)")
                }
                #expect(negative.sqlState == "22023")
                #expect(throws: CalendarError.negativeWorkingDays(-1)) {
                    try store.dueDate(from: day("2024-03-04"), workingDays: -1, on: connection)
                }
            }
        }
    }

    @Test("loading 2028 without 2027, or 2022 without 2023, is refused and changes nothing")
    func contiguousYears() async throws {
        try await withCalendarDatabase { database in
            try await database.client.withConnection { connection in
                let store = WorkingDayCalendarStore()
                let newYear2028 = OfficialDay(date: day("2028-01-01"), kind: .off, holiday: "元旦")
                #expect(throws: CalendarError.yearsNotContiguous(missing: 2027)) {
                    try store.load(year: 2028, source: "test", days: [newYear2028], on: connection)
                }
                #expect(throws: CalendarError.yearsNotContiguous(missing: 2023)) {
                    try store.load(year: 2022, source: "test", days: [], on: connection)
                }
                #expect(throws: CalendarError.yearsNotContiguous(missing: 2027)) {
                    try store.load([newYear2028], source: "test", on: connection)
                }
                // The table's own rule, for writes that bypass calendar_load_year.
                let direct = try #require(throws: PostgresError.self) {
                    try connection.query("insert into calendar_year (year, source) values (2028, 'test')")
                }
                #expect(direct.constraint == "calendar_years_contiguous_w_2")
                #expect(WorkingDayCalendarStore.calendarError(from: direct) == .yearsNotContiguous(missing: 2027))
                #expect(try store.loadedYears(on: connection).map(\.year) == [2024, 2025, 2026])
            }
        }
    }

    @Test("a listed day the arrangement cannot hold is refused by Swift and by the database alike")
    func invalidDays() async throws {
        try await withCalendarDatabase { database in
            try await database.client.withConnection { connection in
                let store = WorkingDayCalendarStore()
                let weekdayWork = OfficialDay(date: day("2026-03-04"), kind: .work, holiday: "春节")
                #expect(throws: CalendarError.self) {
                    try store.load(year: 2026, source: "test", days: [weekdayWork], on: connection)
                }
                #expect(throws: CalendarError.self) { try WorkingDayCalendar(officialDays: [weekdayWork]) }

                // the refusal people read is Chinese, names the field and the arrangement; English stays in the code.
                let newYear = OfficialDay(date: day("2026-01-01"), kind: .off, holiday: "元旦")
                let twice = try #require(throws: CalendarError.self) {
                    try store.load(year: 2026, source: "test", days: [newYear, newYear], on: connection)
                }
                #expect(twice == .invalidDay(day("2026-01-01"), .listedTwice) && twice.description == "2026-01-01: listed twice")
                #expect(twice.registryError.message == "2026-01-01 列出了两次:国务院办公厅部分节假日安排中每一天只能列出一次。")
                #expect(twice.registryError.field == "days")
                let otherYear = OfficialDay(date: day("2027-01-01"), kind: .off, holiday: "元旦")
                let outside = try #require(throws: CalendarError.self) {
                    try store.load(year: 2026, source: "test", days: [otherYear], on: connection)
                }
                #expect(outside.registryError.message == "2027-01-01 不在 2026 年内:国务院办公厅部分节假日安排按年导入,所列日期须在导入的年份之内。")
                let unloaded = try #require(throws: CalendarError.self) {
                    try WorkingDayCalendar(loadedYears: 2024...2026, officialDays: [otherYear])
                }
                #expect(unloaded.description == "2027-01-01: listed outside the loaded years (2024–2026)")
                #expect(unloaded.registryError.message.hasPrefix("2027-01-01 不在 2024–2026 年内:国务院办公厅部分节假日安排"))
                let weekday = try #require(throws: CalendarError.self) { try WorkingDayCalendar(officialDays: [weekdayWork]) }
                #expect(weekday.registryError.message.hasPrefix("2026-03-04 是星期三,不能列为调休上班日"))
                let refused = try #require(throws: PostgresError.self) {
                    try connection.query("insert into official_day (day, kind, holiday) values ('2026-03-04', 'work', '春节')")
                }
                #expect(refused.constraint == "official_day_work_on_weekend_w_1")

                let outsideYear = try #require(throws: PostgresError.self) {
                    try connection.query("insert into official_day (day, kind, holiday) values ('2027-01-01', 'off', '元旦')")
                }
                #expect(outsideYear.constraint == "official_day_in_loaded_year_w_2")
                #expect(RegistryError(outsideYear).message.hasPrefix("所列日期所在年份的国务院办公厅部分节假日安排尚未导入"))
                #expect(RegistryError(refused).message == "国务院办公厅部分节假日安排中的调休上班日只能是周六或周日。")

                let derived = try #require(throws: PostgresError.self) {
                    try connection.query("delete from calendar_day where day = '2024-01-01'")
                }
                #expect(derived.constraint == "calendar_day_derived_w_2")
                #expect(try store.calendar(on: connection) == CalendarFixtures.registryCalendar())
            }
        }
    }

    @Test("loading a new year extends the calendar; reloading it replaces its days, audited")
    func loadNewYear() async throws {
        try await withCalendarDatabase { database in
            try await database.client.withTransaction(auditedAs: AuditContext(action: "calendar.load")) { connection in
                let store = WorkingDayCalendarStore()
                // Made-up test data: 2027's arrangement is not published.
                let first = [
                    OfficialDay(date: day("2027-01-01"), kind: .off, holiday: "元旦"),
                    OfficialDay(date: day("2027-02-06"), kind: .work, holiday: "春节"),
                    OfficialDay(date: day("2027-02-08"), kind: .off, holiday: "春节"),
                ]
                let auditBefore = try calendarAuditRows(connection)
                let added = try store.load(year: 2027, source: "test arrangement", days: first, on: connection)
                #expect(added == CalendarYearLoad(year: 2027, yearAdded: true, daysListed: 3, daysInserted: 3, daysUpdated: 0, daysDeleted: 0))
                #expect(try calendarAuditRows(connection) == auditBefore + 4)
                #expect(try store.dueDate(from: day("2026-12-31"), workingDays: 1, on: connection) == day("2027-01-04"))
                #expect(try store.dueDate(from: day("2027-02-05"), workingDays: 1, on: connection) == day("2027-02-06"))
                #expect(try store.dueDate(from: day("2027-02-05"), workingDays: 2, on: connection) == day("2027-02-09"))

                let second = [
                    OfficialDay(date: day("2027-01-01"), kind: .off, holiday: "元旦"),
                    OfficialDay(date: day("2027-02-06"), kind: .work, holiday: "春节（调休）"),
                ]
                let replaced = try store.load(year: 2027, source: "test arrangement", days: second, on: connection)
                #expect(replaced == CalendarYearLoad(year: 2027, yearAdded: false, daysListed: 2, daysInserted: 0, daysUpdated: 1, daysDeleted: 1))
                #expect(try store.dueDate(from: day("2027-02-05"), workingDays: 2, on: connection) == day("2027-02-08"))
                let actions = try connection.query(
                    "select action from audit_log where entity in ('official_day', 'calendar_year') order by seq desc limit 3"
                ).map { try $0.decode("action", as: String.self) }
                #expect(actions == ["calendar.load", "calendar.load", "calendar.load"])
                #expect(try store.calendar(on: connection).loadedYears == 2024...2027)
            }
            // Outside the transaction above: 2028 is counted on the provisional calendar, 2027's official days are gone.
            try await database.client.withConnection { connection throws in
                let store = WorkingDayCalendarStore()
                #expect(try store.dueDate(from: CalendarFixtures.day("2027-12-31"), workingDays: 1, on: connection) == day("2028-01-03"))
                #expect(try store.isProvisional(day("2028-01-03"), on: connection))
                #expect(try !store.isProvisional(day("2027-12-31"), on: connection))
            }
        }
    }

    @Test("civil_date and deadline_close follow Asia/Shanghai like CivilDate")
    func civilDate() async throws {
        try await withCalendarDatabase { database in
            try await database.client.withConnection { connection in
                let formatter = ISO8601DateFormatter()
                for text in ["2024-02-09T15:59:59Z", "2024-02-09T16:00:00Z", "2025-12-31T23:30:00Z", "2026-06-30T00:00:00Z"] {
                    let instant = try #require(formatter.date(from: text))
                    let row = try #require(
                        try connection.query(
                            "select civil_date(\(instant)::timestamptz) as civil, deadline_close(civil_date(\(instant)::timestamptz)) as close"
                        ).first
                    )
                    #expect(try row.decode("civil", as: CivilDate.self) == CivilDate(instant), "\(text)")
                    #expect(try row.decode("close", as: Date.self) == CivilDate(instant).endOfDay(), "\(text)")
                }
            }
        }
    }

    @Test("SQL and Swift agree for every start day of 2024–2035 and N = 1…15, provisional years included (W.3)")
    func sqlAndSwiftAgree() async throws {
        try await withCalendarDatabase { database in
            try await database.client.withConnection { connection in
                // Two Swift calendars: one from the file and the statutory holidays, one read back from the database.
                let fromFile = try CalendarFixtures.registryCalendar()
                let fromDatabase = try WorkingDayCalendarStore().calendar(on: connection)
                #expect(fromDatabase == fromFile)

                try connection.execute(
                    script: """
                        create function pg_temp.try_due(d date, n int) returns text language plpgsql as $$
                        begin
                            return add_working_days(d, n)::text;
                        exception when check_violation then
                            return 'error: ' || sqlerrm;
                        end $$;
                        create function pg_temp.try_between(a date, b date) returns text language plpgsql as $$
                        begin
                            return working_days_between(a, b)::text;
                        exception when check_violation then
                            return 'error: ' || sqlerrm;
                        end $$;
                        """
                )
                let dueRows = try connection.query(
                    """
                    select d::date as start, n, pg_temp.try_due(d::date, n) as result
                      from generate_series(date '2024-01-01', date '2035-12-31', interval '1 day') d,
                           generate_series(1, 15) n
                     order by 1, 2
                    """
                )
                #expect(dueRows.count == Self.days2024to2035 * 15)

                func swiftResult(_ body: () throws -> some CustomStringConvertible) -> String {
                    do { return try body().description } catch { return "error: \(error)" }
                }

                var mismatches: [String] = []
                var failures = 0
                for row in dueRows {
                    let start = try row.decode("start", as: CivilDate.self)
                    let n = try row.decode("n", as: Int.self)
                    let sql = try row.decode("result", as: String.self)
                    let swift = swiftResult { try fromFile.dueDate(from: start, workingDays: n) }
                    if sql.hasPrefix("error: ") { failures += 1 }
                    if sql != swift { mismatches.append("\(start) + \(n): SQL \(sql), Swift \(swift)") }
                }
                #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
                #expect(failures == 0)
                // Both mark the same days provisional: every day after 2026.
                let provisional = try connection.query(
                    "select count(*)::int as n from calendar_day where provisional and day <= '2035-12-31'"
                ).first!.decode("n", as: Int.self)
                #expect(provisional == (0..<Self.days2024to2035).count { fromFile.isProvisional(day("2024-01-01").adding(days: $0)) })

                let offsets = [0, 1, 7, 30, -30, 400, -400]
                let betweenRows = try connection.query(
                    """
                    select d::date as start, k as offset_days, pg_temp.try_between(d::date, d::date + k) as result
                      from generate_series(date '2024-01-01', date '2035-12-31', interval '1 day') d,
                           unnest(\(offsets.map(String.init))::int[]) k
                    """
                )
                #expect(betweenRows.count == Self.days2024to2035 * offsets.count)
                var betweenMismatches: [String] = []
                for row in betweenRows {
                    let start = try row.decode("start", as: CivilDate.self)
                    let offset = try row.decode("offset_days", as: Int.self)
                    let sql = try row.decode("result", as: String.self)
                    let swift = swiftResult { try fromFile.workingDays(from: start, to: start.adding(days: offset)) }
                    if sql != swift { betweenMismatches.append("\(start) → \(offset) days: SQL \(sql), Swift \(swift)") }
                }
                #expect(betweenMismatches.isEmpty, "\(betweenMismatches.prefix(10))")
            }
        }
    }

    /// Days from 2024-01-01 through 2035-12-31.
    private static let days2024to2035 = CalendarFixtures.day("2024-01-01").days(until: CalendarFixtures.day("2035-12-31")) + 1
}
