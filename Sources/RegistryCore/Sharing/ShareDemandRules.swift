/// A24.1, A25.1: the rules `sql/0020_share_demands.sql` enforces on demands for data outside the catalog, with the
/// field each concerns and the sentence people read when one refuses something (``RuleCatalog`` joins them).
enum ShareDemandRules {
    static let dataWanted = Rule(
        constraint: "share_demand_data_wanted_a24_1",
        field: "data_wanted",
        message: "目录外数据需求须描述所需的数据。"
    )
    static let scenario = Rule(
        constraint: "share_demand_scenario_a20_2",
        field: "scenario",
        message: "目录外数据需求须写明应用场景。"
    )
    static let commitment = Rule(
        constraint: "share_demand_commitment_a20_2",
        field: "commitment",
        message: "目录外数据需求须承诺所提供信息真实、使用合规、保障数据安全。"
    )
    static let dataItems = Rule(
        constraint: "share_demand_data_items_a23_4",
        field: "data_items",
        message: "目录外数据需求须列明所需数据项,数据项名称不能为空,也不能重复。"
    )
    static let endDate = Rule(
        constraint: "share_demand_end_date_a23_4",
        field: "end_date",
        message: "使用截止时间不能早于需求受理之日。"
    )
    static let filedByRequesterClerk = Rule(
        constraint: "share_demand_filed_by_requester_clerk_a24_1",
        field: "requester",
        message: "目录外数据需求须由申请机构的登记员以本机构名义通过本级公共数据平台提出。"
    )
    static let requesterExists = Rule(
        constraint: "share_demand_requester_exists_a24_1",
        field: "requester",
        message: "申请机构不存在:须为已登记的机构。"
    )
    static let sourceExists = Rule(
        constraint: "share_demand_source_exists_a24_1",
        field: "source",
        message: "数源部门不存在:须为已登记的机构。"
    )
    static let sourceNamed = Rule(
        constraint: "share_demand_source_named_a24_1",
        field: "source",
        message: "公共数据主管部门审核通过目录外数据需求时,须指明已登记的数源部门。"
    )
    static let rejectionReason = Rule(
        constraint: "share_demand_rejection_reason_a24_1",
        field: "review_note",
        message: "公共数据主管部门审核不通过须说明理由。"
    )
    static let transition = Rule(
        constraint: "share_demand_transition_a24_1",
        field: "state",
        message: "目录外数据需求当前状态不允许此操作:待审核的需求可转数源部门、不予通过或撤回,已转数源部门的需求可确认、拒绝或撤回,已确认的需求可交付或撤回,其余状态不能再办理。"
    )
    static let termsFixed = Rule(
        constraint: "share_demand_terms_fixed_a24_1",
        field: nil,
        message: "目录外数据需求的申请机构、需求描述、数据项、应用场景、共享模式和截止时间提交后不能更改。"
    )
    static let deliveryDate = Rule(
        constraint: "share_demand_delivery_date_a24_1",
        field: "delivery_date",
        message: "需要对数据进行加工等处理的,数源部门须告知能够共享的具体时间,且不能早于答复之日。"
    )
    static let refusalNeedsReason = Rule(
        constraint: "share_demand_refusal_needs_reason_a24_1",
        field: "refusal_reason",
        message: "不同意共享须说明理由。"
    )
    static let refusalNeedsLegalBasis = Rule(
        constraint: "share_demand_refusal_needs_legal_basis_a24_1",
        field: "refusal_legal_basis",
        message: "不同意共享须提供相应的法律、法规依据。"
    )
    static let refusalLegalBasisCited = Rule(
        constraint: "share_demand_refusal_legal_basis_cited_a24_1",
        field: "refusal_legal_basis",
        message: "不同意共享的法律、法规依据须引用法律、法规:格式为书名号内的法律、法规或规章名称,可后接条款序号,例如《中华人民共和国个人信息保护法》第十三条。"
    )
    static let historyKept = Rule(
        constraint: "share_demand_history_kept_a24_1",
        field: nil,
        message: "目录外数据需求不能删除,只能撤回,以保留办理记录。"
    )
    static let eventWrittenByTrigger = Rule(
        constraint: "share_demand_event_written_by_trigger_a24_1",
        field: nil,
        message: "目录外数据需求办理记录由登记系统自动生成,不能直接写入、修改或删除。"
    )

    static let all: [Rule] = [
        dataWanted, scenario, commitment, dataItems, endDate, filedByRequesterClerk, requesterExists, sourceExists,
        sourceNamed, rejectionReason, transition, termsFixed, deliveryDate, refusalNeedsReason, refusalNeedsLegalBasis,
        refusalLegalBasisCited, historyKept, eventWrittenByTrigger,
    ]
}
