/// W.2: a working-day computation or calendar change that cannot be done.
///
/// `description` is the English sentence the database uses for the same refusal (`sql/0003_calendar.sql`), and
/// ``constraint`` the constraint name it reports, so the Swift calendar and the SQL functions fail alike.
public enum CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The computation touches a year whose holiday arrangement is not loaded: never guessed.
    case yearNotLoaded(Int)
    /// Loading would leave a gap: the named year is missing between the loaded years and the one being loaded.
    case yearsNotContiguous(missing: Int)
    /// A deadline of a negative number of working days was asked for.
    case negativeWorkingDays(Int)
    /// A listed day that the arrangement cannot contain (outside the loaded years, twice, a weekday as 调休上班, or
    /// without its holiday).
    case invalidDay(CivilDate, InvalidDayReason)

    /// The database constraint that refuses the same thing, ending in its requirement id.
    public var constraint: String? {
        switch self {
        case .yearNotLoaded: "calendar_year_loaded_w_2"
        case .yearsNotContiguous: "calendar_years_contiguous_w_2"
        case .negativeWorkingDays: nil
        case .invalidDay: nil
        }
    }

    /// The requirement id: W.2 for the calendar's coverage, W.1 for how days are counted.
    public var requirement: String {
        switch self {
        case .yearNotLoaded, .yearsNotContiguous: "W.2"
        case .negativeWorkingDays, .invalidDay: "W.1"
        }
    }

    public var description: String {
        switch self {
        case .yearNotLoaded(let year):
            "working-day calendar for \(year) is not loaded"
        case .yearsNotContiguous(let missing):
            "working-day calendar for \(missing) is not loaded: loaded years must be contiguous"
        case .negativeWorkingDays(let count):
            "number of working days must not be negative (got \(count))"
        case .invalidDay(let date, let reason):
            "\(date): \(reason)"
        }
    }

    /// A sentence in Chinese for people (API responses, CLI output).
    public var message: String {
        switch self {
        case .yearNotLoaded(let year):
            "\(year)年的工作日安排（国务院办公厅部分节假日安排）尚未导入，无法计算涉及该年的期限。"
        case .yearsNotContiguous(let missing):
            "\(missing)年的工作日安排（国务院办公厅部分节假日安排）尚未导入：已导入的年份必须连续，请先导入该年。"
        case .negativeWorkingDays(let count):
            "工作日数不能为负数（\(count)）。"
        case .invalidDay(let date, let reason):
            reason.message(for: date)
        }
    }
}

/// W.1 / W.2: why a listed day cannot be part of the State Council's arrangement (国务院办公厅部分节假日安排).
public enum InvalidDayReason: Sendable, Hashable, CustomStringConvertible {
    /// The day's year is not one of the years loaded or being loaded (`nil`: none are).
    case outsideYears(ClosedRange<Int>?)
    /// The day is listed a second time.
    case listedTwice
    /// A weekday listed as an adjusted working day (调休上班), which only moves work onto a Saturday or Sunday.
    case weekdayAsWorkingDay
    /// The holiday the day belongs to is not named.
    case holidayNotNamed

    /// The English phrase the code and the logs use.
    public var description: String {
        switch self {
        case .outsideYears(let years): "listed outside the loaded years (\(years.map(Self.english) ?? "none"))"
        case .listedTwice: "listed twice"
        case .weekdayAsWorkingDay: "a weekday cannot be an adjusted working day (调休上班)"
        case .holidayNotNamed: "the holiday is not named"
        }
    }

    /// The Chinese sentence people read about `date`, in the words of the arrangement it breaks.
    public func message(for date: CivilDate) -> String {
        switch self {
        case .outsideYears(let years?):
            "\(date) 不在 \(Self.chinese(years))内:国务院办公厅部分节假日安排按年导入,所列日期须在导入的年份之内。"
        case .outsideYears(nil):
            "\(date) 所在年份的国务院办公厅部分节假日安排尚未导入,不能列出该日。"
        case .listedTwice:
            "\(date) 列出了两次:国务院办公厅部分节假日安排中每一天只能列出一次。"
        case .weekdayAsWorkingDay:
            "\(date) 是\(date.weekday.label),不能列为调休上班日:国务院办公厅部分节假日安排中的调休上班日只能是周六或周日。"
        case .holidayNotNamed:
            "\(date) 未写明所属节日:国务院办公厅部分节假日安排所列的每一天须写明节日名称(如元旦、春节)。"
        }
    }

    /// `2027 年` or `2024–2026 年`.
    static func chinese(_ years: ClosedRange<Int>) -> String {
        years.count == 1 ? "\(years.lowerBound) 年" : "\(years.lowerBound)–\(years.upperBound) 年"
    }

    private static func english(_ years: ClosedRange<Int>) -> String {
        years.count == 1 ? "\(years.lowerBound)" : "\(years.lowerBound)–\(years.upperBound)"
    }
}
