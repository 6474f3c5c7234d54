import Foundation

/// W.3: one day of a statutory holiday (法定节假日) of 《全国年节及纪念日放假办法》 as in force in its year.
///
/// The provisional calendar of a year whose State Council arrangement is not yet published counts Monday–Friday minus
/// these days. From 2025 (State Council Decree No. 795 of 2024) there are 13 days: 元旦 1 January; 春节 农历除夕 and
/// 正月初一–初三; 清明节 the day of the solar term 清明; 劳动节 1–2 May; 端午节 农历五月初五; 中秋节 农历八月十五;
/// 国庆节 1–3 October. Up to 2024 (the 2013 version) 春节 has no 除夕 and 劳动节 only 1 May: 11 days. The lunar and
/// solar-term dates come from ``ChineseLunisolarCalendar``.
public struct StatutoryHoliday: Sendable, Hashable, CustomStringConvertible {
    /// The day.
    public var date: CivilDate
    /// 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节 or 国庆节 (the same names the official calendar file uses).
    public var holiday: String

    /// A holiday day.
    public init(date: CivilDate, holiday: String) {
        self.date = date
        self.holiday = holiday
    }

    /// Years the computation supports: those of ``ChineseLunisolarCalendar/supportedYears``.
    public static let supportedYears: ClosedRange<Int> = ChineseLunisolarCalendar.supportedYears

    /// The first year of the rules of Decree No. 795 (除夕 and 2 May added).
    public static let firstYearOfDecree795 = 2025

    /// The statutory holiday days of `year` in date order, each date once.
    ///
    /// When 中秋节 falls on 1–3 October (e.g. 2028-10-03) the day is listed once, as 中秋节, as the official calendar
    /// file names the 中秋 day inside the 国庆 break (2025-10-06); such a year has one statutory day fewer.
    ///
    /// - Precondition: ``supportedYears`` contains `year`.
    public static func days(in year: Int) -> [StatutoryHoliday] {
        precondition(supportedYears.contains(year), "statutory holidays are computed for \(supportedYears) only")
        let decree795 = year >= firstYearOfDecree795
        let newYear = ChineseLunisolarCalendar.firstDayOfYear(year)
        let midAutumn = ChineseLunisolarCalendar.date(month: 8, day: 15, lunarYearBeginningIn: year)
        var days: [StatutoryHoliday] = []
        days += fixed(year, month: 1, days: [1], "元旦")
        days += ((decree795 ? -1 : 0)...2).map { StatutoryHoliday(date: newYear.adding(days: $0), holiday: "春节") }
        days.append(StatutoryHoliday(date: ChineseLunisolarCalendar.qingming(in: year), holiday: "清明节"))
        days += fixed(year, month: 5, days: decree795 ? [1, 2] : [1], "劳动节")
        days.append(StatutoryHoliday(date: ChineseLunisolarCalendar.date(month: 5, day: 5, lunarYearBeginningIn: year), holiday: "端午节"))
        days.append(StatutoryHoliday(date: midAutumn, holiday: "中秋节"))
        days += fixed(year, month: 10, days: [1, 2, 3], "国庆节").filter { $0.date != midAutumn }
        return days.sorted { $0.date < $1.date }
    }

    /// The days `days` of `month` in `year`, all named `holiday`.
    private static func fixed(_ year: Int, month: Int, days: [Int], _ holiday: String) -> [StatutoryHoliday] {
        days.compactMap { day in
            CivilDate(year: year, month: month, day: day).map { StatutoryHoliday(date: $0, holiday: holiday) }
        }
    }

    public var description: String { "\(date) \(holiday)" }
}
