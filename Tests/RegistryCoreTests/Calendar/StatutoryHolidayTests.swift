import Foundation
import RegistryCore
import Testing

/// W.3: the statutory holidays of the provisional calendar, computed astronomically, agree with published dates, with
/// the State Council arrangements of 2024–2026 and with Foundation's Chinese calendar.
@Suite("Statutory holidays of the provisional calendar (W.3)")
struct StatutoryHolidayTests {
    private func day(_ iso: String) -> CivilDate { CalendarFixtures.day(iso) }

    /// 正月初一 of 2024–2050 as published (Purple Mountain Observatory / Hong Kong Observatory almanacs).
    static let chineseNewYears: [String] = [
        "2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13", "2030-02-03",
        "2031-01-23", "2032-02-11", "2033-01-31", "2034-02-19", "2035-02-08", "2036-01-28", "2037-02-15",
        "2038-02-04", "2039-01-24", "2040-02-12", "2041-02-01", "2042-01-22", "2043-02-10", "2044-01-30",
        "2045-02-17", "2046-02-06", "2047-01-26", "2048-02-14", "2049-02-02", "2050-01-23",
    ]

    @Test("正月初一 of 2024–2050 is the published date")
    func chineseNewYear() {
        for (offset, expected) in Self.chineseNewYears.enumerated() {
            let year = 2024 + offset
            #expect(ChineseLunisolarCalendar.firstDayOfYear(year) == day(expected), "Chinese New Year \(year)")
        }
    }

    @Test("清明, 端午 and 中秋 of 2024–2026 are the published dates")
    func lunarAndSolarTermDates() {
        #expect(ChineseLunisolarCalendar.qingming(in: 2024) == day("2024-04-04"))
        #expect(ChineseLunisolarCalendar.qingming(in: 2025) == day("2025-04-04"))
        #expect(ChineseLunisolarCalendar.qingming(in: 2026) == day("2026-04-05"))
        let dragonBoat = [2024, 2025, 2026].map { ChineseLunisolarCalendar.date(month: 5, day: 5, lunarYearBeginningIn: $0) }
        #expect(dragonBoat == [day("2024-06-10"), day("2025-05-31"), day("2026-06-19")])
        let midAutumn = [2024, 2025, 2026].map { ChineseLunisolarCalendar.date(month: 8, day: 15, lunarYearBeginningIn: $0) }
        #expect(midAutumn == [day("2024-09-17"), day("2025-10-06"), day("2026-09-25")])
    }

    @Test("leap months: 闰二月 2023, 闰六月 2025, 闰十一月 2033, none in 2024 and 2026")
    func leapMonths() {
        #expect(ChineseLunisolarCalendar.leapMonth(lunarYearBeginningIn: 2023) == 2)
        #expect(ChineseLunisolarCalendar.leapMonth(lunarYearBeginningIn: 2024) == nil)
        #expect(ChineseLunisolarCalendar.leapMonth(lunarYearBeginningIn: 2025) == 6)
        #expect(ChineseLunisolarCalendar.leapMonth(lunarYearBeginningIn: 2026) == nil)
        #expect(ChineseLunisolarCalendar.leapMonth(lunarYearBeginningIn: 2033) == 11)
    }

    @Test("every statutory day of 2024–2026 is an official day off of the same holiday in the reference file")
    func officialDaysOff() throws {
        let calendar = try CalendarFixtures.referenceCalendar()
        for year in 2024...2026 {
            for holiday in StatutoryHoliday.days(in: year) {
                let official = calendar.officialDay(on: holiday.date)
                #expect(official?.kind == .off, "\(holiday) is not a day off in the reference file")
                #expect(official?.holiday == holiday.holiday, "\(holiday) is listed as \(official?.holiday ?? "nothing")")
            }
        }
    }

    @Test("2013 rules up to 2024 (11 days), Decree 795 from 2025 (13 days, with 除夕 and 2 May)")
    func rulesByYear() {
        let days2024 = StatutoryHoliday.days(in: 2024)
        #expect(days2024.count == 11)
        #expect(days2024.filter { $0.holiday == "春节" }.map(\.date) == [day("2024-02-10"), day("2024-02-11"), day("2024-02-12")])
        #expect(days2024.filter { $0.holiday == "劳动节" }.map(\.date) == [day("2024-05-01")])
        let days2025 = StatutoryHoliday.days(in: 2025)
        #expect(days2025.count == 13)
        #expect(days2025.filter { $0.holiday == "劳动节" }.map(\.date) == [day("2025-05-01"), day("2025-05-02")])
        #expect(days2025.filter { $0.holiday == "春节" }.first?.date == day("2025-01-28"))
    }

    @Test("春节 2027 is 除夕 2027-02-05 and 正月初一–初三 2027-02-06 … 02-08")
    func springFestival2027() {
        let springFestival = StatutoryHoliday.days(in: 2027).filter { $0.holiday == "春节" }.map(\.date)
        #expect(springFestival == [day("2027-02-05"), day("2027-02-06"), day("2027-02-07"), day("2027-02-08")])
        #expect(ChineseLunisolarCalendar.newYearsEve(2027) == day("2027-02-05"))
    }

    @Test("中秋节 on 3 October 2028 is listed once, as 中秋节")
    func midAutumnInsideNationalDay() {
        let october = StatutoryHoliday.days(in: 2028).filter { $0.date.month == 10 }
        #expect(october.map(\.description) == ["2028-10-01 国庆节", "2028-10-02 国庆节", "2028-10-03 中秋节"])
    }

    @Test("every supported year: days sorted, each date once, in the year, named as the official file names them")
    func shape() {
        let names: Set<String> = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
        for year in StatutoryHoliday.supportedYears {
            let days = StatutoryHoliday.days(in: year)
            let dates = days.map(\.date)
            #expect(dates == dates.sorted() && Set(dates).count == dates.count, "\(year)")
            #expect(days.allSatisfy { $0.date.year == year && names.contains($0.holiday) }, "\(year)")
            let expected = (year >= 2025 ? 13 : 11) - (days.contains { $0.holiday == "中秋节" && $0.date.month == 10 && $0.date.day <= 3 } ? 1 : 0)
            #expect(days.count == expected, "\(year)")
            let qingming = days.first { $0.holiday == "清明节" }?.date
            #expect(qingming.map { $0.month == 4 && (4...6).contains($0.day) } == true, "\(year)")
        }
    }

    /// Foundation's Chinese calendar (ICU) is an independent computation. It agrees with this one on every month start
    /// of 1950–2100 except two new moons within a minute of Beijing midnight, 2057-09-28 (九月) and 2097-08-07 (七月),
    /// where ICU reports a day 0 (an inconsistency of its own); neither moves 春节, 端午 or 中秋, so no year is excluded.
    @Test("正月初一, 端午 and 中秋 agree with Foundation's Chinese calendar for every year 1950–2100")
    func foundationCrossCheck() throws {
        var chinese = Calendar(identifier: .chinese)
        chinese.timeZone = try #require(TimeZone(secondsFromGMT: 8 * 3600))
        func lunarParts(_ date: CivilDate) -> [Int] {
            // Noon Beijing time of the day.
            let instant = Date(timeIntervalSince1970: Double(date.daysSince1970) * 86_400 + 4 * 3600)
            let parts = chinese.dateComponents([.month, .day, .isLeapMonth], from: instant)
            return [parts.month ?? 0, parts.day ?? 0, parts.isLeapMonth == true ? 1 : 0]
        }
        for year in 1950...2100 {
            let newYear = ChineseLunisolarCalendar.firstDayOfYear(year)
            #expect(lunarParts(newYear) == [1, 1, 0], "正月初一 \(year): \(newYear)")
            let dragonBoat = ChineseLunisolarCalendar.date(month: 5, day: 5, lunarYearBeginningIn: year)
            #expect(lunarParts(dragonBoat) == [5, 5, 0], "端午 \(year): \(dragonBoat)")
            let midAutumn = ChineseLunisolarCalendar.date(month: 8, day: 15, lunarYearBeginningIn: year)
            #expect(lunarParts(midAutumn) == [8, 15, 0], "中秋 \(year): \(midAutumn)")
        }
    }
}
