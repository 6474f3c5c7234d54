/// A49.1, A50.1, A51.1, A35.2, A36.1: the rules `sql/0025_violations_and_security.sql` enforces on violations,
/// security checks and usage feedback, with the field each concerns and the sentence people read (``RuleCatalog``).
enum ViolationRules {
    static let oneSubject = Rule(
        constraint: "violation_one_subject_a49_1",
        field: "subject",
        message: "违规记录须针对一个主体:机构或数源部门须填写机构代码,数据利用主体须填写其账户。"
    )
    static let institutionExists = Rule(
        constraint: "violation_institution_exists_a49_1",
        field: "institution",
        message: "违规记录涉及的机构不存在。"
    )
    static let dataUserExists = Rule(
        constraint: "violation_data_user_exists_a50_1",
        field: "data_user_account",
        message: "违规记录涉及的数据利用主体账户不存在。"
    )
    static let itemExists = Rule(
        constraint: "violation_item_exists_a50_1",
        field: "item_id",
        message: "违规记录涉及的目录项不存在。"
    )
    static let clause = Rule(
        constraint: "violation_clause_a49_1",
        field: "clause",
        message: "违规条款须与主体相符:机构适用第四十九条(一)至(五)项,数源部门适用第五十一条(一)至(六)项,数据利用主体适用第五十条(一)至(五)项,写作 A49(2) 等。"
    )
    static let description = Rule(
        constraint: "violation_description_a49_1",
        field: "description",
        message: "违规记录须写明违规事实。"
    )
    static let deadline = Rule(
        constraint: "violation_deadline_a49_1",
        field: "rectification_due",
        message: "整改期限不能早于发现之日。"
    )
    static let deadlineInCalendar = Rule(
        constraint: "violation_rectification_due_in_calendar_w_2",
        field: "rectification_due",
        message: "整改期限超出工作日日历的范围(自已导入国务院节假日安排的第一年起,至暂定日历的最后一年止),请核对。"
    )
    static let withinAuthority = Rule(
        constraint: "violation_within_authority_a49_1",
        field: "authority",
        message: "违规记录由所涉机构或所涉数据所在行政区划的公共数据主管部门(或其上级)作出。"
    )
    static let foundByAuthority = Rule(
        constraint: "violation_found_by_authority_a49_1",
        field: "authority",
        message: "违规记录由公共数据主管部门作出。"
    )
    static let notSelfRecorded = Rule(
        constraint: "violation_not_self_recorded_a49_1",
        field: "authority",
        message: "公共数据主管部门本机构的违规行为由上一级公共数据主管部门记录。"
    )
    static let closed = Rule(
        constraint: "violation_closed_a49_1",
        field: "outcome",
        message: "办结违规记录须写明整改或处理结果。"
    )
    static let referredTo = Rule(
        constraint: "violation_referred_to_a49_1",
        field: "referred_to",
        message: "移送须写明移送的有关部门。"
    )
    static let referralAfterDeadline = Rule(
        constraint: "violation_referral_after_deadline_a49_1",
        field: "state",
        message: "整改期限届满仍未按要求整改的,才能移送有关部门处理。"
    )
    static let dataUserSuspended = Rule(
        constraint: "violation_data_user_suspended_a50_1",
        field: "subject",
        message: "数据利用主体的违规记录须同时暂时关闭其获取相关公共数据的权限。"
    )
    static let termsFixed = Rule(
        constraint: "violation_terms_fixed_a49_1",
        field: nil,
        message: "违规记录的主体、条款、事实和整改期限记录后不能更改。"
    )
    static let transition = Rule(
        constraint: "violation_transition_a49_1",
        field: "state",
        message: "违规记录已办结,不能再办理。"
    )
    static let kept = Rule(constraint: "violation_kept_a49_1", field: nil, message: "违规记录不能删除。")
    static let suspensionLifted = Rule(
        constraint: "access_suspension_lifted_a50_1",
        field: "lifted_on",
        message: "恢复权限的日期不能早于暂停开始日期。"
    )

    static let checkInstitutionExists = Rule(
        constraint: "security_check_institution_exists_a36_1",
        field: "institution",
        message: "安全检查涉及的机构不存在。"
    )
    static let checkFindings = Rule(
        constraint: "security_check_findings_a36_1",
        field: "findings",
        message: "安全检查、风险评估或安全审查须记录发现的情况。"
    )
    static let checkIssues = Rule(
        constraint: "security_check_issues_a36_1",
        field: "issues_found",
        message: "发现的问题数不能为负数。"
    )
    static let checkMeasures = Rule(
        constraint: "security_check_measures_a36_1",
        field: "measures",
        message: "发现问题的,须记录整改措施。"
    )
    static let feedbackByDataUser = Rule(
        constraint: "usage_feedback_by_data_user_a36_1",
        field: "data_user",
        message: "使用情况反馈由数据利用主体提交。"
    )
    static let feedbackDataObtained = Rule(
        constraint: "usage_feedback_data_obtained_a36_1",
        field: "item_id",
        message: "只能反馈本主体已获取数据的使用情况:无条件开放的目录事项,或已获同意的有条件开放申请。"
    )
    static let feedbackItemExists = Rule(
        constraint: "usage_feedback_item_exists_a36_1",
        field: "item_id",
        message: "反馈涉及的目录项不存在。"
    )
    static let feedbackPeriod = Rule(
        constraint: "usage_feedback_period_a36_1",
        field: "period",
        message: "使用情况反馈须写明所反馈的使用期间。"
    )
    static let feedbackDescription = Rule(
        constraint: "usage_feedback_description_a36_1",
        field: "use_description",
        message: "使用情况反馈须说明数据的使用情况。"
    )
    static let feedbackSecurity = Rule(
        constraint: "usage_feedback_security_a36_1",
        field: "security_measures",
        message: "使用情况反馈须说明采取的安全保障措施。"
    )

    static let all: [Rule] = [
        oneSubject, institutionExists, dataUserExists, itemExists, clause, description, deadline, deadlineInCalendar,
        foundByAuthority, withinAuthority, notSelfRecorded, closed,
        referredTo, referralAfterDeadline, dataUserSuspended, termsFixed, transition, kept, suspensionLifted,
        checkInstitutionExists, checkFindings, checkIssues, checkMeasures, feedbackByDataUser, feedbackDataObtained, feedbackItemExists,
        feedbackPeriod, feedbackDescription, feedbackSecurity,
    ]
}
