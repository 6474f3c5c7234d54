import Foundation

/// W.2: reads the official calendar file format — `date,kind,holiday` with a header line, one listed day per line.
///
///     date,kind,holiday
///     2024-02-04,work,春节
///     2024-02-10,off,春节
///
/// `kind` is `off` (放假) or `work` (调休上班, only on a Saturday or Sunday); days not listed follow the week. A byte order
/// mark, CRLF line ends and blank lines are tolerated; anything else wrong is reported with its line number. A file
/// named for its years (`cn-official-calendar-2027.csv`, `cn-official-calendar-2024-2026.csv`) lists days of those years
/// only.
public enum OfficialCalendarCSV {
    /// The header line every file starts with.
    public static let header = "date,kind,holiday"

    /// The listed days of the file at `url`, in file order.
    public static func read(_ url: URL) throws -> [OfficialDay] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw OfficialCalendarCSVError(
                file: url.lastPathComponent,
                line: 0,
                reason: "cannot be read (\(error.localizedDescription))",
                message: "无法读取该文件,请核对路径和权限。"
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw OfficialCalendarCSVError(file: url.lastPathComponent, line: 0, reason: "is not UTF-8 text", message: "文件须为 UTF-8 编码的文本。")
        }
        return try parse(text, file: url.lastPathComponent, years: years(named: url.lastPathComponent))
    }

    /// The years a file name ends with (`…-2027.csv`, `…-2024-2026.csv`), if it names any.
    static func years(named file: String) -> ClosedRange<Int>? {
        let stem = file.hasSuffix(".csv") ? String(file.dropLast(4)) : file
        let parts = stem.split(separator: "-")
        let trailing = parts.reversed().prefix { $0.count == 4 && $0.allSatisfy(\.isASCII) && Int($0) != nil }
        let numbers = trailing.reversed().compactMap { Int($0) }
        guard let first = numbers.first, let last = numbers.last, numbers.count <= 2, first <= last else { return nil }
        return first...last
    }

    /// The listed days of `text`, in file order; `file` names the source in errors; every date must lie in `years`
    /// when given.
    public static func parse(_ text: String, file: String? = nil, years: ClosedRange<Int>? = nil) throws -> [OfficialDay] {
        func failure(_ line: Int, _ reason: String, _ message: String) -> OfficialCalendarCSVError {
            OfficialCalendarCSVError(file: file, line: line, reason: reason, message: message)
        }

        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        // "\r\n" is a single Character in Swift, distinct from "\n": both end a line.
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })

        guard let headerIndex = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw failure(1, "the file is empty; expected the header “\(header)”", "内容为空:首行须为表头 \(header)。")
        }
        let headerLine = lines[headerIndex].trimmingCharacters(in: .whitespaces)
        guard headerLine == header else {
            throw failure(
                headerIndex + 1,
                "expected the header “\(header)”, found “\(headerLine)”",
                "首行须为表头 \(header),实为“\(headerLine)”。"
            )
        }

        var days: [OfficialDay] = []
        var lineOfDate: [CivilDate: Int] = [:]
        for index in lines.indices where index > headerIndex {
            let number = index + 1
            let line = lines[index]
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3 else {
                throw failure(
                    number,
                    "expected 3 fields (date,kind,holiday), found \(fields.count)",
                    "每行须有 3 项(date,kind,holiday),实有 \(fields.count) 项。"
                )
            }
            guard let date = CivilDate(iso: fields[0]) else {
                throw failure(number, "“\(fields[0])” is not a date YYYY-MM-DD", "“\(fields[0])”不是有效日期(年-月-日)。")
            }
            if let years, !years.contains(date.year) {
                let named = years.count == 1 ? "\(years.lowerBound)" : "\(years.lowerBound)–\(years.upperBound)"
                throw failure(
                    number,
                    "\(date) is outside \(named), the year\(years.count == 1 ? "" : "s") the file is named for",
                    InvalidDayReason.outsideYears(years).message(for: date)
                )
            }
            guard let kind = OfficialDay.Kind(rawValue: fields[1]) else {
                throw failure(
                    number,
                    "kind must be “off” (放假) or “work” (调休上班), found “\(fields[1])”",
                    "kind 须为 off(放假)或 work(调休上班),实为“\(fields[1])”。"
                )
            }
            guard !fields[2].isEmpty else {
                throw failure(number, "the holiday of \(date) is missing", InvalidDayReason.holidayNotNamed.message(for: date))
            }
            if kind == .work, !date.isWeekend {
                throw failure(
                    number,
                    "\(date) is a \(date.weekday.label), so it cannot be an adjusted working day (调休上班)",
                    InvalidDayReason.weekdayAsWorkingDay.message(for: date)
                )
            }
            if let earlier = lineOfDate[date] {
                throw failure(
                    number,
                    "\(date) is already listed on line \(earlier)",
                    "\(date) 已在第 \(earlier) 行列出:国务院办公厅部分节假日安排中每一天只能列出一次。"
                )
            }
            lineOfDate[date] = number
            days.append(OfficialDay(date: date, kind: kind, holiday: fields[2]))
        }
        return days
    }
}

/// W.2: an official calendar file that cannot be read, with the line that is wrong (0: the file as a whole).
public struct OfficialCalendarCSVError: Error, Sendable, Hashable, CustomStringConvertible, RegistryErrorConvertible {
    /// The file name, when known.
    public var file: String?
    /// The 1-based line number; 0 when the whole file is concerned.
    public var line: Int
    /// What is wrong, as an English sentence for the code and the logs.
    public var reason: String
    /// What is wrong, as a Chinese sentence for people, in the words of the arrangement (国务院办公厅部分节假日安排).
    public var message: String

    public init(file: String?, line: Int, reason: String, message: String) {
        self.file = file
        self.line = line
        self.reason = reason
        self.message = message
    }

    public var description: String {
        let place = [file, line > 0 ? "line \(line)" : nil].compactMap { $0 }.joined(separator: " ")
        return place.isEmpty ? reason : "\(place): \(reason)"
    }

    /// The Chinese sentence with the line it concerns: `第 3 行:…`, after the file's name when known.
    public var placedMessage: String {
        (file.map { "文件 \($0) " } ?? "") + (line > 0 ? "第 \(line) 行:" : "") + message
    }

    /// The refusal people see (the command line, reference data): the line named, the rule of W.2.
    public var registryError: RegistryError {
        RegistryError(.invalidInput, placedMessage, article: "W.2")
    }
}
