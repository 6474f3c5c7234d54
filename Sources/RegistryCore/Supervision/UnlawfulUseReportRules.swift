/// A46.1: the rules `sql/0026_error_reports_and_disputes.sql` enforces on reports of unlawful use, with the field each
/// concerns and the sentence people read (``RuleCatalog`` joins them).
enum UnlawfulUseReportRules {
    static let description = Rule(
        constraint: "unlawful_use_report_description_a46_1",
        field: "description",
        message: "举报须写明违法获取、利用公共数据的行为。"
    )
    static let oneSubject = Rule(
        constraint: "unlawful_use_report_one_subject_a46_1",
        field: "subject",
        message: "举报最多指明一个被举报对象:机构或数据利用主体。"
    )
    static let subjectInstitutionExists = Rule(
        constraint: "unlawful_use_report_subject_institution_exists_a46_1",
        field: "subject_institution",
        message: "被举报的机构不存在:须为已登记的机构。"
    )
    static let subjectDataUser = Rule(
        constraint: "unlawful_use_report_subject_data_user_a46_1",
        field: "subject_data_user",
        message: "被举报的数据利用主体须为已登记的数据利用主体账户。"
    )
    static let reporter = Rule(
        constraint: "unlawful_use_report_reporter_a46_1",
        field: "reporter",
        message: "举报须通过有效的账户提出。"
    )
    static let division = Rule(
        constraint: "unlawful_use_report_division_a46_1",
        field: "division",
        message: "举报须提交给设有公共数据主管部门的行政区划:被举报机构所在地,或由举报人选择。"
    )
    static let notSelfHandled = Rule(
        constraint: "unlawful_use_report_not_self_handled_a46_1",
        field: "subject_institution",
        message: "举报公共数据主管部门的,由上一级公共数据主管部门受理;举报自治区公共数据主管部门的,请向自治区人民政府反映。"
    )
    static let divisionExists = Rule(
        constraint: "unlawful_use_report_division_exists_a46_1",
        field: "division",
        message: "行政区划不存在。"
    )
    static let handled = Rule(
        constraint: "unlawful_use_report_handled_a46_1",
        field: "state",
        message: "举报办结须记录办结日期。"
    )
    static let outcome = Rule(
        constraint: "unlawful_use_report_outcome_a46_1",
        field: "outcome",
        message: "举报办结须写明处理结果。"
    )
    static let transition = Rule(
        constraint: "unlawful_use_report_transition_a46_1",
        field: "state",
        message: "举报当前状态不允许此操作:已受理的举报可核查或办结,核查中的举报可办结,已办结的举报不能再办理。"
    )
    static let termsFixed = Rule(
        constraint: "unlawful_use_report_terms_fixed_a46_1",
        field: nil,
        message: "举报的内容、被举报对象、举报人和受理部门提出后不能更改。"
    )
    static let kept = Rule(
        constraint: "unlawful_use_report_kept_a46_1",
        field: nil,
        message: "举报不能删除,以保留办理记录。"
    )

    static let all: [Rule] = [
        description, oneSubject, subjectInstitutionExists, subjectDataUser, reporter, division, notSelfHandled, divisionExists, handled,
        outcome, transition, termsFixed, kept,
    ]
}
