import Foundation
import Postgres

/// W.1: a calendar day without time of day or zone — the civil date in Asia/Shanghai, written `YYYY-MM-DD`.
///
/// Deadlines (期限) are counted in these days. Arithmetic is on the proleptic Gregorian calendar and never depends on
/// the machine's locale or time zone; only ``init(_:in:)`` looks at a zone, Asia/Shanghai by default.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The year, 1…9999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…28/29/30/31.
    public let day: Int

    /// The date with these parts, or `nil` when there is no such day (e.g. 2025-02-29) or the year is outside 1…9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ISO 8601 calendar date); `nil` for anything else, including impossible days.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD`; see ``init(iso:)``.
    public init?(_ description: String) {
        self.init(iso: description)
    }

    /// The date `days` days after 1970-01-01 (negative: before it).
    ///
    /// - Precondition: the result lies in the years 1…9999.
    public init(daysSince1970 days: Int) {
        let (year, month, day) = CivilCalendarMath.civil(fromDays: Int64(days))
        precondition((1...9999).contains(year), "CivilDate out of range (years 1…9999)")
        self.year = Int(year)
        self.month = Int(month)
        self.day = Int(day)
    }

    /// The civil date of an instant in `timeZone` (Asia/Shanghai unless told otherwise).
    public init(_ date: Date, in timeZone: TimeZone = CivilDate.chinaTimeZone) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        self.init(daysSince1970: Int((local / 86_400).rounded(.down)))
    }

    /// W.1: the zone deadlines are counted in. China has kept UTC+8 without daylight saving since 1991, so a system
    /// without time zone data falls back to the fixed offset.
    public static let chinaTimeZone: TimeZone =
        TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// Days since 1970-01-01 (negative before it).
    public var daysSince1970: Int {
        Int(CivilCalendarMath.days(fromCivil: Int64(year), Int64(month), Int64(day)))
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSince1970: daysSince1970 + days)
    }

    /// The next day.
    public var next: CivilDate { adding(days: 1) }

    /// The previous day.
    public var previous: CivilDate { adding(days: -1) }

    /// Calendar days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: CivilDate) -> Int {
        other.daysSince1970 - daysSince1970
    }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday (ISO 4).
        let offset = (daysSince1970 + 3) % 7
        return Weekday(rawValue: (offset < 0 ? offset + 7 : offset) + 1)!
    }

    /// Saturday or Sunday: a rest day unless the State Council makes it an adjusted working day (调休上班).
    public var isWeekend: Bool { weekday.isWeekend }

    /// The first day of the year.
    public static func firstDay(of year: Int) -> CivilDate? { CivilDate(year: year, month: 1, day: 1) }

    /// The last day of the year.
    public static func lastDay(of year: Int) -> CivilDate? { CivilDate(year: year, month: 12, day: 31) }

    /// W.1: the instant a deadline falling on this day has passed — the midnight that ends it in `timeZone`.
    public func endOfDay(in timeZone: TimeZone = CivilDate.chinaTimeZone) -> Date {
        let midnightUTC = Date(timeIntervalSince1970: Double(daysSince1970 + 1) * 86_400)
        return midnightUTC.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: midnightUTC)))
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    /// Whether `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// 365 or 366.
    public static func numberOfDays(in year: Int) -> Int {
        isLeapYear(year) ? 366 : 365
    }

    static func daysInMonth(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// W.1: a day of the week, numbered as ISO 8601 and PostgreSQL's `isodow` (Monday 1 … Sunday 7).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Codable {
    case monday = 1
    case tuesday, wednesday, thursday, friday, saturday, sunday

    /// Saturday or Sunday.
    public var isWeekend: Bool { self == .saturday || self == .sunday }

    /// The Chinese name (星期一 … 星期日).
    public var label: String {
        switch self {
        case .monday: "星期一"
        case .tuesday: "星期二"
        case .wednesday: "星期三"
        case .thursday: "星期四"
        case .friday: "星期五"
        case .saturday: "星期六"
        case .sunday: "星期日"
        }
    }
}

extension CivilDate {
    /// W.3: the date as shown beside a deadline — followed by 暂定 when it was counted onto the provisional calendar.
    public func deadlineLabel(provisional: Bool) -> String {
        provisional ? "\(iso) 暂定" : iso
    }
}
