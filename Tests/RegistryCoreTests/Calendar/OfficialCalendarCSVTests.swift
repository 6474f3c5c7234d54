import Foundation
import RegistryCore
import Testing

/// W.2: the official calendar file format, and errors that name the line that is wrong.
@Suite("Official calendar file (W.2)")
struct OfficialCalendarCSVTests {
    @Test("reads the 2024–2026 reference file")
    func referenceFile() throws {
        let days = try CalendarFixtures.referenceDays()
        #expect(days.count == 108)
        #expect(days.first == OfficialDay(date: CalendarFixtures.day("2024-01-01"), kind: .off, holiday: "元旦"))
        #expect(days.last == OfficialDay(date: CalendarFixtures.day("2026-10-10"), kind: .work, holiday: "国庆节"))
        #expect(days.filter { $0.kind == .work }.allSatisfy { $0.date.isWeekend })
        #expect(Set(days.map(\.date.year)) == [2024, 2025, 2026])
    }

    @Test("tolerates a byte order mark, CRLF line ends, blank lines and spaces around fields")
    func lenientWhitespace() throws {
        let text = "\u{FEFF}date,kind,holiday\r\n2024-02-04, work ,春节\r\n\r\n2024-02-10,off,春节\r\n"
        let days = try OfficialCalendarCSV.parse(text)
        #expect(days.map(\.date.iso) == ["2024-02-04", "2024-02-10"])
        #expect(days.map(\.kind) == [.work, .off])
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        var text: String
        var line: Int
        var reason: String
        var testDescription: String { "line \(line): \(reason)" }
    }

    static let badFiles: [BadFile] = [
        BadFile(text: "", line: 1, reason: "the file is empty"),
        BadFile(text: "day,kind,holiday\n2024-01-01,off,元旦\n", line: 1, reason: "expected the header"),
        BadFile(text: "date,kind,holiday\n2024-01-01,off\n", line: 2, reason: "expected 3 fields"),
        BadFile(text: "date,kind,holiday\n2024-01-01,off,元旦,extra\n", line: 2, reason: "found 4"),
        BadFile(text: "date,kind,holiday\n2024-01-01,off,元旦\n2024-02-30,off,春节\n", line: 3, reason: "“2024-02-30” is not a date"),
        BadFile(text: "date,kind,holiday\n2024-01-01,holiday,元旦\n", line: 2, reason: "kind must be"),
        BadFile(text: "date,kind,holiday\n2024-01-01,off,\n", line: 2, reason: "holiday of 2024-01-01 is missing"),
        BadFile(text: "date,kind,holiday\n2024-03-05,work,春节\n", line: 2, reason: "cannot be an adjusted working day"),
        BadFile(text: "date,kind,holiday\n2024-01-01,off,元旦\n\n2024-01-01,off,元旦\n", line: 4, reason: "already listed on line 2"),
    ]

    @Test("names the line of every error", arguments: badFiles)
    func errors(_ bad: BadFile) throws {
        let error = try #require(throws: OfficialCalendarCSVError.self) {
            try OfficialCalendarCSV.parse(bad.text, file: "calendar.csv")
        }
        #expect(error.line == bad.line)
        #expect(error.file == "calendar.csv")
        #expect(error.reason.contains(bad.reason))
        #expect(error.description.hasPrefix("calendar.csv line \(bad.line): "))
        // People read it in Chinese, the file and the line named; the English reason is for the code.
        #expect(error.placedMessage.hasPrefix("文件 calendar.csv 第 \(bad.line) 行:"), "\(error.placedMessage)")
        #expect(error.message.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(error.message)")
    }

    @Test("reports a file that cannot be read")
    func unreadableFile() {
        #expect(throws: OfficialCalendarCSVError.self) {
            try OfficialCalendarCSV.read(URL(fileURLWithPath: "/nonexistent/calendar.csv"))
        }
    }
}
