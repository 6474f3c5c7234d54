/// The calendar's rules in the database (`sql/0003_calendar.sql`) that are not turned into a ``CalendarError``
/// with its own sentence.
enum CalendarRules {
    static let workOnWeekend = Rule(
        constraint: "official_day_work_on_weekend_w_1", field: "kind",
        message: "调休上班日只能是周六或周日。"
    )
    static let derivedTable = Rule(
        constraint: "calendar_day_derived_w_2", field: nil,
        message: "工作日历由官方节假日安排导出,不能直接修改;请导入节假日安排。"
    )

    static let all = [workOnWeekend, derivedTable]
}
