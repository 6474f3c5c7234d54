import Foundation

/// W.3: the Chinese lunisolar calendar (农历) of GB/T 33661-2017, computed astronomically, for the statutory holidays
/// that follow it (春节, 清明节, 端午节, 中秋节) in years whose official arrangement is not yet published.
///
/// Rules: days are counted in Beijing time (UTC+8); a month starts on the day of the new moon (``NewMoon``); month 11
/// is the month containing the winter solstice (solar longitude 270°); when 13 months lie between two consecutive
/// month-11 starts, the first of them without a major solar term (中气, a multiple of 30°) is the leap month and bears
/// the number of the month before it. No date is tabulated: all come from ``NewMoon`` and ``SolarLongitude``.
public enum ChineseLunisolarCalendar {
    /// The Gregorian years supported (the lunar year beginning in the year; checked against Foundation's Chinese
    /// calendar for all of them, and against published dates up to 2050).
    public static let supportedYears: ClosedRange<Int> = 1950...2100

    /// A month of the Chinese calendar: its number (1 = 正月), whether it is a leap month (闰月), first day and the
    /// first day of the next month.
    struct Month: Hashable, Sendable {
        var number: Int
        var isLeap: Bool
        var start: CivilDate
        var end: CivilDate

        /// 29 or 30.
        var length: Int { start.days(until: end) }
    }

    /// 正月初一 (Chinese New Year, 春节) of the lunar year that begins in `gregorianYear`.
    ///
    /// - Precondition: ``supportedYears`` contains `gregorianYear`.
    public static func firstDayOfYear(_ gregorianYear: Int) -> CivilDate {
        months(ofLunarYearBeginningIn: gregorianYear)[0].start
    }

    /// 农历除夕, the last day of the lunar year that ends in `gregorianYear`: the day before ``firstDayOfYear(_:)``.
    ///
    /// - Precondition: ``supportedYears`` contains `gregorianYear`.
    public static func newYearsEve(_ gregorianYear: Int) -> CivilDate {
        firstDayOfYear(gregorianYear).previous
    }

    /// The day `day` of the (non-leap) month `month` of the lunar year that begins in `gregorianYear`; e.g. month 5
    /// day 5 is 端午节, month 8 day 15 中秋节.
    ///
    /// - Precondition: ``supportedYears`` contains `gregorianYear`, `month` is 1…12 and the month has the day (1…29,
    ///   or 30 in a long month).
    public static func date(month: Int, day: Int, lunarYearBeginningIn gregorianYear: Int) -> CivilDate {
        precondition((1...12).contains(month), "a Chinese month is numbered 1…12")
        let months = months(ofLunarYearBeginningIn: gregorianYear)
        guard let found = months.first(where: { $0.number == month && !$0.isLeap }) else {
            preconditionFailure("every lunar year has each month 1…12")
        }
        precondition((1...found.length).contains(day), "month \(month) of \(gregorianYear) has \(found.length) days")
        return found.start.adding(days: day - 1)
    }

    /// The number of the leap month (闰月) of the lunar year that begins in `gregorianYear`, or `nil` when it has none;
    /// e.g. 2 for 2023 (闰二月), 6 for 2025 (闰六月).
    ///
    /// - Precondition: ``supportedYears`` contains `gregorianYear`.
    public static func leapMonth(lunarYearBeginningIn gregorianYear: Int) -> Int? {
        months(ofLunarYearBeginningIn: gregorianYear).first(where: \.isLeap)?.number
    }

    /// The day of the solar term 清明 (solar longitude 15°) in `year`, in Beijing time.
    ///
    /// - Precondition: ``supportedYears`` contains `year`.
    public static func qingming(in year: Int) -> CivilDate {
        precondition(supportedYears.contains(year), "the solar terms are computed for \(supportedYears) only")
        return solarTermDate(longitude: 15, year: year, month: 4, day: 5)
    }

    /// The day of the winter solstice (冬至, solar longitude 270°) in December of `year`, in Beijing time.
    static func winterSolstice(in year: Int) -> CivilDate {
        solarTermDate(longitude: 270, year: year, month: 12, day: 22)
    }

    /// The months of one lunar year in order, from 正月 up to and including 十二月 (with any leap month).
    static func months(ofLunarYearBeginningIn gregorianYear: Int) -> [Month] {
        precondition(supportedYears.contains(gregorianYear), "the Chinese calendar is computed for \(supportedYears) only")
        let spans = monthsBetweenSolstices(endingIn: gregorianYear) + monthsBetweenSolstices(endingIn: gregorianYear + 1)
        guard let first = spans.firstIndex(where: { $0.number == 1 && !$0.isLeap }),
            let next = spans[(first + 1)...].firstIndex(where: { $0.number == 1 && !$0.isLeap })
        else { preconditionFailure("two consecutive solstice spans contain two 正月") }
        return Array(spans[first..<next])
    }

    /// The months from the one containing the winter solstice of `year − 1` (month 11) up to, not including, the one
    /// containing the winter solstice of `year`, numbered by the leap month rule.
    static func monthsBetweenSolstices(endingIn year: Int) -> [Month] {
        let firstLunation = NewMoon.lunation(containing: winterSolstice(in: year - 1))
        let lastLunation = NewMoon.lunation(containing: winterSolstice(in: year))
        let starts = (firstLunation...lastLunation).map(NewMoon.beijingDate(lunation:))
        let leapIndex = starts.count == 14 ? firstMonthWithoutMajorTerm(starts, from: year - 1) : nil
        var months: [Month] = []
        var number = 11
        for index in 0..<(starts.count - 1) {
            let isLeap = index == leapIndex
            if index > 0, !isLeap { number = number % 12 + 1 }
            months.append(Month(number: number, isLeap: isLeap, start: starts[index], end: starts[index + 1]))
        }
        return months
    }

    /// The index of the first month (after month 11, index 0) that contains no major solar term, given the month
    /// starts `starts` beginning with the month of the winter solstice of `solsticeYear`.
    private static func firstMonthWithoutMajorTerm(_ starts: [CivilDate], from solsticeYear: Int) -> Int? {
        guard let solstice = CivilDate(year: solsticeYear, month: 12, day: 22) else { return nil }
        let guess = AstronomicalTime.julianDay(ofBeijingMidnight: solstice)
        // The 12 major terms after that solstice: 大寒 (300°), 雨水 (330°), 春分 (0°), … 小雪 (240°), 冬至 (270°).
        let majorTerms = (1...12).map { step in
            let longitude = SolarLongitude.normalized(270 + 30 * Double(step))
            let moment = SolarLongitude.moment(of: longitude, near: guess + Double(step) * 365.242_19 / 12)
            return AstronomicalTime.beijingDate(ofEphemerisDay: moment)
        }
        return (1..<(starts.count - 1)).first { index in
            !majorTerms.contains { starts[index] <= $0 && $0 < starts[index + 1] }
        }
    }

    /// The Beijing date of the moment the solar longitude reaches `longitude` near `year-month-day`.
    private static func solarTermDate(longitude: Double, year: Int, month: Int, day: Int) -> CivilDate {
        guard let near = CivilDate(year: year, month: month, day: day) else {
            preconditionFailure("\(year)-\(month)-\(day) is outside the years 1…9999")
        }
        let moment = SolarLongitude.moment(of: longitude, near: AstronomicalTime.julianDay(ofBeijingMidnight: near))
        return AstronomicalTime.beijingDate(ofEphemerisDay: moment)
    }
}
