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
    /// A listed day that the arrangement cannot contain (outside the loaded years, twice, or a weekday as 调休上班).
    case invalidDay(CivilDate, reason: String)

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
            "\(missing)年的工作日安排尚未导入：已导入的年份必须连续。"
        case .negativeWorkingDays(let count):
            "工作日数不能为负数（\(count)）。"
        case .invalidDay(let date, let reason):
            "\(date)：\(reason)"
        }
    }
}
