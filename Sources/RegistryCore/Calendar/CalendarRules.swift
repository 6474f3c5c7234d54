/// The calendar's rules in the database (`sql/0003_calendar.sql`) that are not turned into a ``CalendarError``
/// with its own sentence.
enum CalendarRules {
    static let workOnWeekend = Rule(
        constraint: "official_day_work_on_weekend_w_1",
        field: "kind",
        message: "国务院办公厅部分节假日安排中的调休上班日只能是周六或周日。"
    )
    static let dayInLoadedYear = Rule(
        constraint: "official_day_in_loaded_year_w_2",
        field: "days",
        message: "所列日期所在年份的国务院办公厅部分节假日安排尚未导入:安排按年导入,所列日期须在导入的年份之内。"
    )
    static let dayKind = Rule(
        constraint: "official_day_kind_w_1",
        field: "kind",
        message: "kind 须为 off(放假)或 work(调休上班)。"
    )
    static let holidayNamed = Rule(
        constraint: "official_day_holiday_named_w_1",
        field: "holiday",
        message: "国务院办公厅部分节假日安排所列的每一天须写明节日名称(如元旦、春节)。"
    )
    static let sourceNamed = Rule(
        constraint: "calendar_year_source_named_w_2",
        field: "source",
        message: "须写明该年国务院办公厅部分节假日安排的发布依据(如通知的文号)。"
    )
    static let yearInRange = Rule(
        constraint: "calendar_year_in_range_w_2",
        field: "year",
        message: "年度须在 1949 年至 2999 年之间。"
    )
    static let derivedTable = Rule(
        constraint: "calendar_day_derived_w_2",
        field: nil,
        message: "工作日历由官方节假日安排导出,不能直接修改;请导入节假日安排。"
    )

    static let all = [workOnWeekend, dayInLoadedYear, dayKind, holidayNamed, sourceNamed, yearInRange, derivedTable]
}
