import Foundation

/// `timestamptz` values. Every connection runs with `TimeZone = UTC` and ISO dates, so PostgreSQL sends
/// `2024-06-04 08:30:00.123456+00`; values are bound as ISO-8601 in UTC with microseconds.
extension Date: PostgresCodable {
    public var postgresText: String {
        let micros = (timeIntervalSince1970 * 1_000_000).rounded(.down)
        let totalSeconds = Int64((micros / 1_000_000).rounded(.down))
        let fraction = Int64(micros) - totalSeconds * 1_000_000
        let days = Int64((Double(totalSeconds) / 86_400).rounded(.down))
        let secondOfDay = totalSeconds - days * 86_400
        let (year, month, day) = CivilCalendarMath.civil(fromDays: days)
        return String(
            format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%06lldZ",
            year,
            month,
            day,
            secondOfDay / 3600,
            secondOfDay / 60 % 60,
            secondOfDay % 60,
            fraction
        )
    }

    public init(postgresText text: String) throws {
        guard let value = TimestampParser.parse(text) else {
            throw PostgresDecodingError(type: Date.self, reason: "not an ISO timestamp with time zone")
        }
        self = value
    }
}

/// Days-from-civil arithmetic on the proleptic Gregorian calendar (H. Hinnant's algorithms), free of locale and time zone.
public enum CivilCalendarMath {
    /// Days since 1970-01-01 of a civil date.
    public static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a count of days since 1970-01-01.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Parses `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]` as PostgreSQL prints `timestamptz` in ISO style.
enum TimestampParser {
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0

        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += width
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }

        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            expect(32) || expect(84), let hour = number(2), expect(58), let minute = number(2), expect(58),
            let second = number(2)
        else { return nil }

        var micros: Int64 = 0
        if expect(46) {
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 6 { micros = micros * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }

        var offsetSeconds: Int64 = 0
        if expect(90) {
            offsetSeconds = 0
        } else {
            guard index < bytes.count, bytes[index] == 43 || bytes[index] == 45 else { return nil }
            let sign: Int64 = bytes[index] == 45 ? -1 : 1
            index += 1
            guard let offsetHours = number(2) else { return nil }
            var offset = offsetHours * 3600
            if expect(58), let offsetMinutes = number(2) { offset += offsetMinutes * 60 }
            if expect(58), let offsetExtra = number(2) { offset += offsetExtra }
            offsetSeconds = sign * offset
        }
        guard index == bytes.count else { return nil }

        let days = CivilCalendarMath.days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}
