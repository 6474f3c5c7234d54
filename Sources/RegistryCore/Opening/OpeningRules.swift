/// A26.1, A28.1–A28.3, A50.1: the rules `sql/0021_open_plans.sql` and `sql/0022_opening.sql` enforce on open plans,
/// objections and open applications, with the field each concerns and the sentence people read when one refuses
/// something (``RuleCatalog`` joins them).
enum OpeningRules {
    // MARK: Open plans (A26.1)

    static let planOneOwner = Rule(
        constraint: "open_plan_one_owner_a26_1",
        field: "owner",
        message: "开放计划属于一个公共数据主管部门(按区划)或一个公共管理和服务机构,二者择一。"
    )
    static let planDivisionExists = Rule(
        constraint: "open_plan_division_exists_a26_1",
        field: "division",
        message: "开放计划的行政区划不存在。"
    )
    static let planInstitutionExists = Rule(
        constraint: "open_plan_institution_exists_a26_1",
        field: "institution",
        message: "开放计划的机构不存在。"
    )
    static let planYear = Rule(
        constraint: "open_plan_year_a26_1",
        field: "year",
        message: "开放计划年度须在 2024 至 2100 之间。"
    )
    static let planPriorities = Rule(
        constraint: "open_plan_priorities_a26_1",
        field: "priorities",
        message: "开放计划须明确年度开放重点。"
    )
    static let planAmendmentReason = Rule(
        constraint: "open_plan_amendment_reason_a26_1",
        field: "amendment_note",
        message: "调整已公布的开放计划须说明调整理由。"
    )
    static let planPublicationDated = Rule(
        constraint: "open_plan_publication_dated_a26_1",
        field: "state",
        message: "已公布的开放计划须记录公布时间。"
    )
    static let planAuthorityLevel = Rule(
        constraint: "open_plan_authority_level_a26_1",
        field: "division",
        message: "年度公共数据开放计划由自治区、盟市公共数据主管部门制定;旗县(市、区)不单独制定。"
    )
    static let planOneDraft = Rule(
        constraint: "open_plan_one_draft_a26_1",
        field: "year",
        message: "该年度的开放计划已有草稿,请先公布或继续编辑该草稿。"
    )
    static let planPublishedFrozen = Rule(
        constraint: "open_plan_published_frozen_a26_1",
        field: "state",
        message: "已公布的开放计划不能修改,只能以新版本调整;计划的主体、年度和版本不能更改。"
    )
    static let planKept = Rule(
        constraint: "open_plan_kept_a26_1",
        field: nil,
        message: "开放计划不能删除,只能以新版本调整。"
    )
    static let planHasItems = Rule(
        constraint: "open_plan_has_items_a26_1",
        field: "items",
        message: "开放计划须列明拟开放的数据后才能公布。"
    )
    static let planItemExists = Rule(
        constraint: "open_plan_item_exists_a26_1",
        field: "item_id",
        message: "开放计划列入的目录项不存在。"
    )
    static let planItemOpens = Rule(
        constraint: "open_plan_item_opens_a26_1",
        field: "open_type",
        message: "开放计划中的数据须为无条件开放或有条件开放。"
    )
    static let planItemPublished = Rule(
        constraint: "open_plan_item_published_a26_1",
        field: "item_id",
        message: "开放计划只能列入已发布的目录项。"
    )
    static let planItemInScope = Rule(
        constraint: "open_plan_item_in_scope_a26_1",
        field: "item_id",
        message: "机构的开放计划只能列入本单位目录内的数据;主管部门的开放计划只能列入本地区(含下级)机构的数据。"
    )
    static let planItemTargetInYear = Rule(
        constraint: "open_plan_item_target_in_year_a26_1",
        field: "target_date",
        message: "计划开放日期须在计划年度之内。"
    )

    // MARK: Objections (A28.3)

    static let objectionItemExists = Rule(
        constraint: "open_objection_item_exists_a28_3",
        field: "item_id",
        message: "异议涉及的目录项不存在。"
    )
    static let objectionDescription = Rule(
        constraint: "open_objection_description_a28_3",
        field: "description",
        message: "异议须说明开放的数据如何侵害合法权益。"
    )
    static let objectionEvidence = Rule(
        constraint: "open_objection_evidence_a28_3",
        field: "evidence",
        message: "异议须提交相关证据材料。"
    )
    static let objectionByDataUser = Rule(
        constraint: "open_objection_by_data_user_a28_3",
        field: "complainant",
        message: "异议须由数据利用主体(自然人、法人或非法人组织)提出。"
    )
    static let objectionItemOpen = Rule(
        constraint: "open_objection_item_open_a28_3",
        field: "item_id",
        message: "只能对正在开放的数据提出异议。"
    )
    static let objectionDecisionRecorded = Rule(
        constraint: "open_objection_decision_recorded_a28_3",
        field: "feedback",
        message: "核实处理须记录核实情况,并向提出异议的主体反馈处理结果。"
    )
    static let objectionReopeningRecorded = Rule(
        constraint: "open_objection_reopening_recorded_a28_3",
        field: "feedback",
        message: "依法处理后再开放须向提出异议的主体反馈处理结果。"
    )
    static let objectionTermsFixed = Rule(
        constraint: "open_objection_terms_fixed_a28_3",
        field: nil,
        message: "异议提出后,其涉及的数据、权益、说明和证据不能更改。"
    )
    static let objectionTransition = Rule(
        constraint: "open_objection_transition_a28_3",
        field: "state",
        message: "异议当前状态不允许此操作:已受理的异议可撤回数据、恢复开放或依法处理,处理中的异议可在处理后再开放,其余状态不能再办理。"
    )
    static let objectionKept = Rule(
        constraint: "open_objection_kept_a28_3",
        field: nil,
        message: "异议不能删除,以保留处理记录。"
    )
    static let evidenceFilename = Rule(
        constraint: "open_objection_evidence_filename_a28_3",
        field: "evidence_file",
        message: "证据文件须有文件名(不超过 200 个字符)。"
    )
    static let evidenceSize = Rule(
        constraint: "open_objection_evidence_size_a28_3",
        field: "evidence_file",
        message: "证据文件不能为空,且不超过 2 MB。"
    )
    static let evidenceType = Rule(
        constraint: "open_objection_evidence_type_a28_3",
        field: "evidence_file",
        message: "证据文件须为 PDF、PNG 或 JPEG 格式。"
    )
    static let evidenceWithFiling = Rule(
        constraint: "open_objection_evidence_with_filing_a28_3",
        field: "evidence_file",
        message: "证据文件须与异议一并提交。"
    )
    static let evidenceKept = Rule(
        constraint: "open_objection_evidence_kept_a28_3",
        field: nil,
        message: "异议的证据文件按提交时保存,不能更改或删除。"
    )

    // MARK: Open applications (A28.2, A50.1)

    static let applicationItemExists = Rule(
        constraint: "open_application_item_exists_a28_2",
        field: "item_id",
        message: "申请的目录项不存在。"
    )
    static let applicationScenario = Rule(
        constraint: "open_application_scenario_a28_2",
        field: "scenario",
        message: "开放申请须明确具体应用场景。"
    )
    static let applicationDataScope = Rule(
        constraint: "open_application_data_scope_a28_2",
        field: "data_scope",
        message: "开放申请须明确数据需求范围。"
    )
    static let applicationDeliveryMethod = Rule(
        constraint: "open_application_delivery_method_a28_2",
        field: "delivery_method",
        message: "开放申请须明确数据提供方式。"
    )
    static let applicationTimeLimit = Rule(
        constraint: "open_application_time_limit_a28_2",
        field: "time_limit",
        message: "开放申请须明确数据使用时限,且不能早于申请之日。"
    )
    static let applicationSecurityMeasures = Rule(
        constraint: "open_application_security_measures_a28_2",
        field: "security_measures",
        message: "开放申请须明确安全保障措施。"
    )
    static let applicationByDataUser = Rule(
        constraint: "open_application_by_data_user_a28_2",
        field: "applicant",
        message: "开放申请须由数据利用主体以本人(本单位)名义提出。"
    )
    static let applicationApplicantSuspended = Rule(
        constraint: "open_application_applicant_suspended_a50_1",
        field: "applicant",
        message: "申请人获取相关公共数据的权限已被暂时关闭(A50.1,整改完成前),不能申请也不能获得开放。"
    )
    static let applicationItemConditionallyOpen = Rule(
        constraint: "open_application_item_conditionally_open_a28_2",
        field: "item_id",
        message: "只能申请有条件开放且正在开放的数据;开放已中止或已撤回的数据不能申请,也不能同意开放。"
    )
    static let applicationApprovalStatesUseAndScope = Rule(
        constraint: "open_application_approval_states_use_and_scope_a28_2",
        field: "approved_use",
        message: "同意开放须明确数据的用途和使用范围。"
    )
    static let applicationRefusalReason = Rule(
        constraint: "open_application_refusal_reason_a28_2",
        field: "refusal_reason",
        message: "不同意开放须说明理由。"
    )
    static let applicationRefusalLegalBasis = Rule(
        constraint: "open_application_refusal_legal_basis_a28_2",
        field: "refusal_legal_basis",
        message: "不同意开放须提供相应的法律、法规依据。"
    )
    static let applicationRefusalLegalBasisCited = Rule(
        constraint: "open_application_refusal_legal_basis_cited_a28_2",
        field: "refusal_legal_basis",
        message: "不同意开放的法律、法规依据须引用法律、法规:格式为书名号内的法律、法规或规章名称,可后接条款序号,例如《中华人民共和国个人信息保护法》第十三条。"
    )
    static let applicationTermsFixed = Rule(
        constraint: "open_application_terms_fixed_a28_2",
        field: nil,
        message: "开放申请提交后,其应用场景、范围、方式、时限和安全措施不能更改。"
    )
    static let applicationTransition = Rule(
        constraint: "open_application_transition_a28_2",
        field: "state",
        message: "开放申请当前状态不允许此操作:只有已提交的申请可以同意、拒绝或撤回。"
    )
    static let applicationKept = Rule(
        constraint: "open_application_kept_a28_2",
        field: nil,
        message: "开放申请不能删除,只能撤回,以保留办理记录。"
    )

    static let all: [Rule] = [
        planOneOwner, planDivisionExists, planInstitutionExists, planYear, planPriorities, planAmendmentReason,
        planPublicationDated, planAuthorityLevel, planOneDraft, planPublishedFrozen, planKept, planHasItems, planItemExists,
        planItemOpens, planItemPublished, planItemInScope, planItemTargetInYear,
        objectionItemExists, objectionDescription, objectionEvidence, objectionByDataUser, objectionItemOpen,
        objectionDecisionRecorded, objectionReopeningRecorded, objectionTermsFixed, objectionTransition, objectionKept,
        evidenceFilename, evidenceSize, evidenceType, evidenceWithFiling, evidenceKept,
        applicationItemExists, applicationScenario, applicationDataScope, applicationDeliveryMethod, applicationTimeLimit,
        applicationSecurityMeasures, applicationByDataUser, applicationApplicantSuspended, applicationItemConditionallyOpen,
        applicationApprovalStatesUseAndScope, applicationRefusalReason, applicationRefusalLegalBasis, applicationRefusalLegalBasisCited,
        applicationTermsFixed,
        applicationTransition, applicationKept,
    ]
}
