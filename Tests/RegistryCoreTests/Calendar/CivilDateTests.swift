import Foundation
import Postgres
import RegistryCore
import Testing

/// W.1: civil dates — parsing, arithmetic, weekdays, Asia/Shanghai, and their text form in JSON and PostgreSQL.
@Suite("Civil date (W.1)")
struct CivilDateTests {
    private func day(_ iso: String) -> CivilDate { CalendarFixtures.day(iso) }

    @Test("parses exactly YYYY-MM-DD and refuses impossible days")
    func parsing() {
        #expect(CivilDate(iso: "2024-06-04") == CivilDate(year: 2024, month: 6, day: 4))
        #expect(CivilDate(iso: "2024-02-29") != nil)
        for text in [
            "2025-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-6-4", "2024-06-04 ", " 2024-06-04",
            "2024/06/04", "20240604", "", "0000-01-01", "２０２４-06-04",
        ] {
            #expect(CivilDate(iso: text) == nil, "\(text) must be refused")
        }
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
    }

    @Test("prints as YYYY-MM-DD, padded")
    func printing() throws {
        #expect(day("2024-06-04").description == "2024-06-04")
        #expect(try #require(CivilDate(year: 987, month: 1, day: 2)).iso == "0987-01-02")
        #expect(CivilDate("2026-10-10")?.iso == "2026-10-10")
    }

    @Test("adds days across months, leap days and years")
    func arithmetic() {
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2024-02-28").adding(days: 2) == day("2024-03-01"))
        #expect(day("2025-02-28").next == day("2025-03-01"))
        #expect(day("2024-12-31").next == day("2025-01-01"))
        #expect(day("2025-01-01").previous == day("2024-12-31"))
        #expect(day("2024-01-01").adding(days: 366) == day("2025-01-01"))
        #expect(day("2024-01-01").days(until: day("2026-12-31")) == 1095)
        #expect(day("2026-12-31").days(until: day("2024-01-01")) == -1095)
        #expect(day("1970-01-01").daysSince1970 == 0)
        #expect(CivilDate(daysSince1970: -1) == day("1969-12-31"))
        #expect(CivilDate.numberOfDays(in: 2024) == 366)
        #expect(CivilDate.numberOfDays(in: 2025) == 365)
    }

    @Test("knows the day of the week")
    func weekdays() {
        #expect(day("1970-01-01").weekday == .thursday)
        #expect(day("2024-06-04").weekday == .tuesday)
        #expect(day("2024-02-04").weekday == .sunday)
        #expect(day("2026-02-14").weekday == .saturday)
        #expect(day("2026-02-14").isWeekend)
        #expect(!day("2026-02-13").isWeekend)
        #expect(day("1969-12-28").weekday == .sunday)
        #expect(Weekday.sunday.label == "星期日")
    }

    @Test("is compared in date order")
    func ordering() {
        #expect(day("2024-12-31") < day("2025-01-01"))
        #expect(day("2025-01-31") < day("2025-02-01"))
        #expect(day("2025-02-01") < day("2025-02-02"))
        #expect(!(day("2025-02-02") < day("2025-02-02")))
        #expect(
            [day("2026-01-01"), day("2024-05-01"), day("2025-10-01")].sorted().map(\.iso)
                == ["2024-05-01", "2025-10-01", "2026-01-01"]
        )
    }

    @Test("takes the civil date of an instant in Asia/Shanghai (UTC+8)")
    func civilDateInShanghai() throws {
        let formatter = ISO8601DateFormatter()
        let beforeMidnight = try #require(formatter.date(from: "2024-02-09T15:59:59Z"))
        let afterMidnight = try #require(formatter.date(from: "2024-02-09T16:00:00Z"))
        #expect(CivilDate(beforeMidnight) == day("2024-02-09"))
        #expect(CivilDate(afterMidnight) == day("2024-02-10"))
        #expect(CivilDate(afterMidnight, in: TimeZone(secondsFromGMT: 0)!) == day("2024-02-09"))
        #expect(CivilDate.chinaTimeZone.secondsFromGMT(for: afterMidnight) == 8 * 3600)
        #expect(day("2024-02-18").endOfDay() == formatter.date(from: "2024-02-18T16:00:00Z"))
    }

    @Test("is Codable as a YYYY-MM-DD string")
    func codable() throws {
        struct Holder: Codable, Equatable { var due: CivilDate }
        let json = try JSONEncoder().encode(Holder(due: day("2025-10-09")))
        #expect(String(decoding: json, as: UTF8.self) == #"{"due":"2025-10-09"}"#)
        #expect(try JSONDecoder().decode(Holder.self, from: json) == Holder(due: day("2025-10-09")))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Holder.self, from: Data(#"{"due":"2025-02-30"}"#.utf8))
        }
    }

    @Test("travels to and from PostgreSQL as date text")
    func postgresText() throws {
        #expect(day("2024-02-18").postgresText == "2024-02-18")
        #expect(try CivilDate(postgresText: "2026-12-31") == day("2026-12-31"))
        #expect(throws: PostgresDecodingError.self) { try CivilDate(postgresText: "12/31/2026") }
        let sql: SQL = "select add_working_days(\(day("2024-02-09"))::date, 1)"
        #expect(sql.rendered().bindings == ["2024-02-09"])
    }
}
