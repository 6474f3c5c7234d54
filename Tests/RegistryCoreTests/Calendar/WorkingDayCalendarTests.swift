import RegistryCore
import Testing

/// W.1 / W.2: the in-memory working-day calendar counts as the State Council arranges and never guesses a year.
@Suite("Working-day calendar in Swift (W.1, W.2)")
struct WorkingDayCalendarTests {
    private func day(_ iso: String) -> CivilDate { CalendarFixtures.day(iso) }

    @Test("2024, 2025 and 2026 have 251, 248 and 248 working days")
    func workingDaysPerYear() throws {
        let calendar = try CalendarFixtures.referenceCalendar()
        #expect(calendar.loadedYears == 2024...2026)
        #expect(try calendar.workingDayCount(in: 2024) == 251)
        #expect(try calendar.workingDayCount(in: 2025) == 248)
        #expect(try calendar.workingDayCount(in: 2026) == 248)
        #expect(throws: CalendarError.yearNotLoaded(2027)) { try calendar.workingDayCount(in: 2027) }
    }

    @Test("deadlines around 春节 and 国庆节 of 2024–2026", arguments: CalendarFixtures.dueCases)
    func dueDates(_ dueCase: CalendarFixtures.DueCase) throws {
        let calendar = try CalendarFixtures.referenceCalendar()
        let start = day(dueCase.start)
        let due = try calendar.dueDate(from: start, workingDays: dueCase.workingDays)
        #expect(due == day(dueCase.due))
        #expect(try calendar.workingDays(from: start, to: due) == dueCase.workingDays)
        if dueCase.workingDays > 0 {
            #expect(try calendar.isWorkingDay(due))
        }
    }

    @Test("the day of receipt does not count, even when it is a working day")
    func receiptDayDoesNotCount() throws {
        let calendar = try CalendarFixtures.referenceCalendar()
        let monday = day("2024-03-04")
        #expect(try calendar.isWorkingDay(monday))
        #expect(try calendar.dueDate(from: monday, workingDays: 1) == day("2024-03-05"))
        #expect(try calendar.dueDate(from: monday, workingDays: 5) == day("2024-03-11"))
        #expect(try calendar.workingDays(from: monday, to: monday) == 0)
        #expect(try calendar.workingDays(from: day("2024-03-01"), to: monday) == 1)
    }

    @Test("adjusted working weekend days work; official days off rest")
    func dayKinds() throws {
        let calendar = try CalendarFixtures.referenceCalendar()
        #expect(try calendar.isWorkingDay(day("2024-02-04")))  // Sunday, 调休上班
        #expect(try calendar.isWorkingDay(day("2026-02-14")))  // Saturday, 调休上班
        #expect(try !calendar.isWorkingDay(day("2025-10-08")))  // Wednesday, 国庆节
        #expect(try !calendar.isWorkingDay(day("2024-06-08")))  // an ordinary Saturday
        #expect(try calendar.isWorkingDay(day("2024-02-09")))  // 除夕 2024 is not a day off
        #expect(calendar.officialDay(on: day("2025-10-06"))?.holiday == "中秋节")
        #expect(calendar.officialDay(on: day("2025-10-06"))?.kind.label == "放假")
    }

    @Test("working days between two dates is signed and additive")
    func workingDaysBetween() throws {
        let calendar = try CalendarFixtures.referenceCalendar()
        #expect(try calendar.workingDays(from: day("2024-02-09"), to: day("2024-02-18")) == 1)
        #expect(try calendar.workingDays(from: day("2024-02-18"), to: day("2024-02-09")) == -1)
        #expect(try calendar.workingDays(from: day("2024-01-01"), to: day("2024-12-31")) == 251)
        #expect(try calendar.workingDays(from: day("2024-12-31"), to: day("2025-12-31")) == 248)
        #expect(try calendar.workingDays(from: day("2025-12-31"), to: day("2026-12-31")) == 248)
        let a = day("2024-05-20")
        let b = day("2025-02-03")
        let c = day("2026-07-07")
        #expect(
            try calendar.workingDays(from: a, to: b) + calendar.workingDays(from: b, to: c)
                == calendar.workingDays(from: a, to: c)
        )
    }

    @Test("a computation touching a year that is not loaded names that year")
    func missingYears() throws {
        let calendar = try CalendarFixtures.referenceCalendar()
        for missing in CalendarFixtures.missingYearCases {
            #expect(throws: CalendarError.yearNotLoaded(missing.year)) {
                try calendar.dueDate(from: day(missing.start), workingDays: missing.workingDays)
            }
        }
        #expect(throws: CalendarError.yearNotLoaded(2027)) {
            try calendar.workingDays(from: day("2024-01-01"), to: day("2028-01-01"))
        }
        #expect(throws: CalendarError.yearNotLoaded(2023)) {
            try calendar.workingDays(from: day("2024-05-01"), to: day("2023-01-01"))
        }
        #expect(throws: CalendarError.yearNotLoaded(2027)) { try calendar.isWorkingDay(day("2027-02-01")) }
        #expect(CalendarError.yearNotLoaded(2027).description == "working-day calendar for 2027 is not loaded")
        #expect(CalendarError.yearNotLoaded(2027).constraint == "calendar_year_loaded_w_2")
        #expect(CalendarError.yearNotLoaded(2027).requirement == "W.2")
        #expect(CalendarError.yearNotLoaded(2027).message.contains("2027年"))

        let empty = try WorkingDayCalendar(loadedYears: [], officialDays: [])
        #expect(throws: CalendarError.yearNotLoaded(2025)) { try empty.dueDate(from: day("2025-03-03"), workingDays: 1) }
    }

    @Test("refuses a negative number of working days")
    func negative() throws {
        let calendar = try CalendarFixtures.referenceCalendar()
        #expect(throws: CalendarError.negativeWorkingDays(-1)) {
            try calendar.dueDate(from: day("2024-03-04"), workingDays: -1)
        }
    }

    @Test("refuses loaded years with a gap and days it cannot hold")
    func invalidCalendars() {
        #expect(throws: CalendarError.yearsNotContiguous(missing: 2025)) {
            try WorkingDayCalendar(loadedYears: [2024, 2026], officialDays: [])
        }
        let newYear = OfficialDay(date: day("2027-01-01"), kind: .off, holiday: "元旦")
        #expect(throws: CalendarError.self) { try WorkingDayCalendar(loadedYears: [2026], officialDays: [newYear]) }
        #expect(throws: CalendarError.self) { try WorkingDayCalendar(loadedYears: [2027], officialDays: [newYear, newYear]) }
        let weekdayWork = OfficialDay(date: day("2027-03-03"), kind: .work, holiday: "春节")
        #expect(throws: CalendarError.self) { try WorkingDayCalendar(loadedYears: [2027], officialDays: [weekdayWork]) }
    }
}
