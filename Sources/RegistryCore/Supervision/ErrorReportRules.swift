/// A45.1: the rules `sql/0026_error_reports_and_disputes.sql` enforces on error reports, their notices and the
/// handling policy, with the field each concerns and the sentence people read (``RuleCatalog`` joins them).
enum ErrorReportRules {
    static let itemExists = Rule(
        constraint: "error_report_item_exists_a45_1",
        field: "item_id",
        message: "纠错所涉目录项不存在。"
    )
    static let description = Rule(
        constraint: "error_report_description_a45_1",
        field: "description",
        message: "纠错须写明数据存在的错误、遗漏等情形。"
    )
    static let itemPublished = Rule(
        constraint: "error_report_item_published_a45_1",
        field: "item_id",
        message: "纠错只能针对已发布的目录项提出。"
    )
    static let reporter = Rule(
        constraint: "error_report_reporter_a45_1",
        field: "reporter",
        message: "纠错由数据利用主体或其他机构的登记员通过公共数据平台提出;提供数据的机构不向自己提出纠错。"
    )
    static let due = Rule(
        constraint: "error_report_due_a45_1",
        field: "handling_due",
        message: "纠错的处理期限须在受理之日以后。"
    )
    static let verified = Rule(
        constraint: "error_report_verified_a45_1",
        field: "state",
        message: "纠错须先核实,再处理或不予采纳。"
    )
    static let closed = Rule(
        constraint: "error_report_closed_a45_1",
        field: "state",
        message: "纠错办结须记录办结日期。"
    )
    static let feedback = Rule(
        constraint: "error_report_feedback_a45_1",
        field: "feedback",
        message: "纠错处理完毕须向提出方反馈处理结果。"
    )
    static let rejectionReason = Rule(
        constraint: "error_report_rejection_reason_a45_1",
        field: "rejection_reason",
        message: "纠错不予采纳须说明理由。"
    )
    static let transition = Rule(
        constraint: "error_report_transition_a45_1",
        field: "state",
        message: "纠错当前状态不允许此操作:已受理的纠错先核实,核实中的纠错可处理反馈或不予采纳,已办结的纠错不能再办理。"
    )
    static let termsFixed = Rule(
        constraint: "error_report_terms_fixed_a45_1",
        field: nil,
        message: "纠错的目录项、类型、描述、提出方、受理日期和处理期限提出后不能更改。"
    )
    static let kept = Rule(
        constraint: "error_report_kept_a45_1",
        field: nil,
        message: "纠错不能删除,以保留办理记录。"
    )
    static let noticeOnce = Rule(
        constraint: "error_report_notice_once_a45_1",
        field: nil,
        message: "同一事项已向该机构通报。"
    )
    static let noticeWrittenByTrigger = Rule(
        constraint: "error_report_notice_written_by_trigger_a45_1",
        field: nil,
        message: "纠错通报由登记系统自动生成,不能直接写入、修改或删除。"
    )
    static let policyYear = Rule(
        constraint: "error_report_policy_year_a45_1",
        field: "year",
        message: "纠错处理期限的适用年度须为有效年份。"
    )
    static let policyWorkingDays = Rule(
        constraint: "error_report_policy_working_days_a45_1",
        field: "handling_working_days",
        message: "纠错处理期限须为 1 至 60 个工作日。"
    )

    static let all: [Rule] = [
        itemExists, description, itemPublished, reporter, due, verified, closed, feedback, rejectionReason, transition,
        termsFixed, kept, noticeOnce, noticeWrittenByTrigger, policyYear, policyWorkingDays,
    ]
}
