/// A47.1: the rules `sql/0026_error_reports_and_disputes.sql` enforces on disputes and their history, with the field
/// each concerns and the sentence people read (``RuleCatalog`` joins them).
enum DisputeRules {
    static let description = Rule(
        constraint: "dispute_description_a47_1",
        field: "description",
        message: "提请协调须写明争议的事实和诉求。"
    )
    static let parties = Rule(
        constraint: "dispute_parties_a47_1",
        field: "parties",
        message: "争议须有两个或以上当事方,每个当事方只列一次。"
    )
    static let partyExists = Rule(
        constraint: "dispute_party_exists_a47_1",
        field: "parties",
        message: "争议当事方须为已登记的机构或数据利用主体。"
    )
    static let filedByParty = Rule(
        constraint: "dispute_filed_by_party_a47_1",
        field: "filed_by",
        message: "争议须由当事方提请:当事机构的登记员,或作为当事方的数据利用主体。"
    )
    static let division = Rule(
        constraint: "dispute_division_a47_1",
        field: "division",
        message: "争议须提请设有公共数据主管部门的行政区划协调;数据利用主体提请时须选择行政区划。"
    )
    static let notSelfDecided = Rule(
        constraint: "dispute_not_self_decided_a47_1",
        field: "parties",
        message: "本级公共数据主管部门是争议当事方的,由上一级公共数据主管部门协调;自治区公共数据主管部门是当事方的,请向自治区人民政府提请。"
    )
    static let divisionExists = Rule(
        constraint: "dispute_division_exists_a47_1",
        field: "division",
        message: "行政区划不存在。"
    )
    static let referralQuestion = Rule(
        constraint: "dispute_referral_question_a47_1",
        field: "referral_question",
        message: "提交专家委员会须写明请其研究的争议问题。"
    )
    static let recommendation = Rule(
        constraint: "dispute_recommendation_a47_1",
        field: "recommendation",
        message: "专家委员会的建议须写明内容。"
    )
    static let recommendationByCommittee = Rule(
        constraint: "dispute_recommendation_by_committee_a47_1",
        field: "recommended_by",
        message: "专业建议由公共数据专家委员会的账户记录。"
    )
    static let recommendationBeforeDecision = Rule(
        constraint: "dispute_recommendation_before_decision_a47_1",
        field: "recommendation",
        message: "已提交专家委员会的争议,须在记录专家委员会的建议后再作决定。"
    )
    static let decision = Rule(
        constraint: "dispute_decision_a47_1",
        field: "decision",
        message: "争议须以写明内容的决定办结。"
    )
    static let transition = Rule(
        constraint: "dispute_transition_a47_1",
        field: "state",
        message: "争议当前状态不允许此操作:已提请的争议可协调或直接决定,协调中的争议可提交专家委员会或决定,已提交专家委员会的争议记录一次建议后决定,已决定的争议不能再办理。"
    )
    static let termsFixed = Rule(
        constraint: "dispute_terms_fixed_a47_1",
        field: nil,
        message: "争议的事项、描述、当事方、提请人和协调部门提请后不能更改。"
    )
    static let kept = Rule(constraint: "dispute_kept_a47_1", field: nil, message: "争议不能删除,以保留办理记录。")
    static let eventWrittenByTrigger = Rule(
        constraint: "dispute_event_written_by_trigger_a47_1",
        field: nil,
        message: "争议办理记录由登记系统自动生成,不能直接写入、修改或删除。"
    )

    static let authorityOverParties = Rule(
        constraint: "dispute_authority_over_parties_a47_1",
        field: "division",
        message: "争议由争议各方所属机构所在行政区划的公共数据主管部门(或其共同的上级主管部门)协调处理。"
    )

    static let all: [Rule] = [
        description, parties, partyExists, filedByParty, division, divisionExists, authorityOverParties, notSelfDecided,
        referralQuestion, recommendation, recommendationByCommittee, recommendationBeforeDecision, decision, transition, termsFixed, kept,
        eventWrittenByTrigger,
    ]
}
