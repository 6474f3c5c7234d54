/// A20.2, A23.1–A23.4, A24.1, A50.1: the rules `sql/0017_share_requests.sql` enforces on share requests and suspended
/// access, with the field each concerns and the sentence people read when one refuses something (``RuleCatalog``
/// joins them).
enum ShareRequestRules {
    static let scenario = Rule(
        constraint: "share_request_scenario_a20_2",
        field: "scenario",
        message: "共享申请须写明应用场景。"
    )
    static let commitment = Rule(
        constraint: "share_request_commitment_a20_2",
        field: "commitment",
        message: "共享申请须承诺所提供信息真实、使用合规、保障数据安全。"
    )
    static let dataItems = Rule(
        constraint: "share_request_data_items_a23_4",
        field: "data_items",
        message: "共享申请须列明所需数据项,数据项名称不能为空,也不能重复。"
    )
    static let endDate = Rule(
        constraint: "share_request_end_date_a23_4",
        field: "end_date",
        message: "使用截止时间不能早于申请受理之日。"
    )
    static let requesterSuspended = Rule(
        constraint: "share_request_requester_suspended_a50_1",
        field: "requester",
        message: "申请人获取相关公共数据的权限已被暂时关闭(A50.1,整改完成前),不能提出共享申请,也不能获得数据交付。"
    )
    static let filedByRequesterClerk = Rule(
        constraint: "share_request_filed_by_requester_clerk_a20_2",
        field: "requester",
        message: "共享申请须由申请机构的登记员以本机构名义提出。"
    )
    static let requesterExists = Rule(
        constraint: "share_request_requester_exists_a20_2",
        field: "requester",
        message: "申请机构不存在:须为已登记的机构。"
    )
    static let itemPublished = Rule(
        constraint: "share_request_item_published_a24_1",
        field: "item_id",
        message: "只能申请已发布的目录项;目录以外的数据须按目录外数据需求提出。"
    )
    static let itemExists = Rule(
        constraint: "share_request_item_exists_a24_1",
        field: "item_id",
        message: "申请的目录项不存在;目录以外的数据须按目录外数据需求提出。"
    )
    static let itemsInShareContent = Rule(
        constraint: "share_request_items_in_share_content_a23_4",
        field: "data_items",
        message: "申请的数据项须在该目录项的共享内容之内。"
    )
    static let notSharedVerificationOnly = Rule(
        constraint: "share_request_not_shared_verification_only_a23_3",
        field: "purpose",
        message: "不予共享的数据只受理核实、比对申请。"
    )
    static let transition = Rule(
        constraint: "share_request_transition_a23_2",
        field: "state",
        message: "共享申请当前状态不允许此操作:已提交的申请可同意、拒绝或撤回,已同意的申请可交付或撤回,已拒绝、已交付、已撤回的申请不能再办理。"
    )
    static let termsFixed = Rule(
        constraint: "share_request_terms_fixed_a23_4",
        field: nil,
        message: "共享申请的目录项、申请机构、应用场景、数据项、共享模式和截止时间提交后不能更改。"
    )
    static let minimumAuthorisation = Rule(
        constraint: "share_request_minimum_authorisation_a23_4",
        field: "approved_items",
        message: "同意共享的数据项不能超出申请的数据项(最小授权),且至少包括一项。"
    )
    static let authorisationEnded = Rule(
        constraint: "share_request_authorisation_ended_a23_4",
        field: "end_date",
        message: "申请的使用截止时间已过,授权已终止,不能再同意或交付。"
    )
    static let refusalNeedsReason = Rule(
        constraint: "share_request_refusal_needs_reason_a23_2",
        field: "refusal_reason",
        message: "拒绝共享须说明理由。"
    )
    static let refusalNeedsLegalBasis = Rule(
        constraint: "share_request_refusal_needs_legal_basis_a23_2",
        field: "refusal_legal_basis",
        message: "拒绝共享须说明法律、法规依据。"
    )
    static let refusalLegalBasisCited = Rule(
        constraint: "share_request_refusal_legal_basis_cited_a23_2",
        field: "refusal_legal_basis",
        message: "拒绝共享的法律、法规依据须引用法律、法规:格式为书名号内的法律、法规或规章名称,可后接条款序号,例如《中华人民共和国个人信息保护法》第十三条。"
    )
    static let historyKept = Rule(
        constraint: "share_request_history_kept_a23_2",
        field: nil,
        message: "共享申请不能删除,只能撤回,以保留办理记录。"
    )
    static let eventWrittenByTrigger = Rule(
        constraint: "share_request_event_written_by_trigger_a23_2",
        field: nil,
        message: "共享申请办理记录由登记系统自动生成,不能直接写入、修改或删除。"
    )
    static let suspensionOneSubject = Rule(
        constraint: "access_suspension_one_subject_a50_1",
        field: "subject",
        message: "暂停权限须针对一个数据利用主体账号或一个机构。"
    )
    static let suspensionReason = Rule(
        constraint: "access_suspension_reason_a50_1",
        field: "reason",
        message: "暂停权限须写明理由和依据条款。"
    )
    static let suspensionPeriod = Rule(
        constraint: "access_suspension_period_a50_1",
        field: "suspended_until",
        message: "暂停权限的结束日期不能早于开始日期。"
    )
    static let suspensionAccountExists = Rule(
        constraint: "access_suspension_account_exists_a50_1",
        field: "account_id",
        message: "被暂停权限的账号不存在。"
    )
    static let suspensionInstitutionExists = Rule(
        constraint: "access_suspension_institution_exists_a50_1",
        field: "institution",
        message: "被暂停权限的机构不存在。"
    )
    static let suspensionItemExists = Rule(
        constraint: "access_suspension_item_exists_a50_1",
        field: "item_id",
        message: "暂停权限涉及的目录项不存在。"
    )
    static let routeKept = Rule(
        constraint: "share_request_route_kept_a25_1",
        field: "route",
        message: "共享申请的报送路径在提出时确定,不能更改。"
    )

    static let all: [Rule] = [
        scenario, commitment, dataItems, endDate, requesterSuspended, filedByRequesterClerk, requesterExists, itemPublished,
        itemExists, itemsInShareContent, notSharedVerificationOnly, transition, termsFixed, minimumAuthorisation,
        authorisationEnded, refusalNeedsReason, refusalNeedsLegalBasis, refusalLegalBasisCited, historyKept, eventWrittenByTrigger,
        suspensionOneSubject, suspensionReason, suspensionPeriod, suspensionAccountExists, suspensionInstitutionExists,
        suspensionItemExists, routeKept,
    ]
}
