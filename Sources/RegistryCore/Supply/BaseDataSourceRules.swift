/// A13.2: the rules `sql/0011_base_data_sources.sql` enforces on source claims, with the field each concerns and the
/// sentence people read when one refuses something (``RuleCatalog`` joins them).
enum BaseDataSourceRules {
    static let onePerDivision = Rule(
        constraint: "base_data_source_one_per_division_a13_2",
        field: "institution",
        message: "一数一源:每类基础数据在一个行政区划只有一个数源部门。"
    )
    static let oneOpenClaim = Rule(
        constraint: "base_data_source_one_open_claim_a13_2",
        field: "institution",
        message: "该机构已是该类基础数据在本区划的数源部门,或已有待协调的声明。"
    )
    static let kindExists = Rule(
        constraint: "base_data_source_kind_exists_a13_2",
        field: "base_data_kind_code",
        message: "基础数据类别须是第十三条至第十五条所列的类别之一。"
    )
    static let divisionExists = Rule(
        constraint: "base_data_source_division_exists_a13_2",
        field: "division_code",
        message: "行政区划不存在。"
    )
    static let institutionExists = Rule(
        constraint: "base_data_source_institution_exists_a13_2",
        field: "institution",
        message: "数源部门须是已登记的机构。"
    )
    static let institutionInDivision = Rule(
        constraint: "base_data_source_institution_in_division_a13_2",
        field: "division_code",
        message: "机构只能声明为本行政区划基础数据的数源部门。"
    )
    static let conflictNamesExisting = Rule(
        constraint: "base_data_source_conflict_names_existing_a13_2",
        field: "status",
        message: "冲突声明须针对本区划已确认的另一数源部门。"
    )
    static let resolutionRecorded = Rule(
        constraint: "base_data_source_resolution_recorded_a13_2",
        field: "resolver_institution",
        message: "冲突的协调结果须记明协调日期和主管部门。"
    )
    static let endDated = Rule(
        constraint: "base_data_source_end_dated_a13_2",
        field: "ended_on",
        message: "已终止的数源声明须记明终止日期。"
    )
    static let transition = Rule(
        constraint: "base_data_source_transition_a13_2",
        field: "status",
        message: "数源声明只能由冲突转为确认或驳回,或由确认转为终止。"
    )
    static let resolvedByAuthority = Rule(
        constraint: "base_data_source_resolved_by_authority_a13_2",
        field: "resolver_institution",
        message: "数源冲突由该行政区划的公共数据主管部门协调。"
    )
    static let competingClaimExists = Rule(
        constraint: "base_data_source_competing_claim_exists_a13_2",
        field: "competing_claim_id",
        message: "冲突所针对的数源声明不存在。"
    )
    static let resolverExists = Rule(
        constraint: "base_data_source_resolver_exists_a13_2",
        field: "resolver_institution",
        message: "协调冲突的主管部门须是已登记的机构。"
    )
    static let resolverAccountExists = Rule(
        constraint: "base_data_source_resolver_account_exists_a44_1",
        field: "resolver_account",
        message: "协调人账户不存在。"
    )
    static let historyKept = Rule(
        constraint: "base_data_source_history_kept_a13_2",
        field: nil,
        message: "数源声明的历史须完整保留,不能删除或改写。"
    )

    static let all: [Rule] = [
        onePerDivision, oneOpenClaim, kindExists, divisionExists, institutionExists, institutionInDivision,
        conflictNamesExisting, resolutionRecorded, endDated, transition, resolvedByAuthority, competingClaimExists,
        resolverExists, resolverAccountExists, historyKept,
    ]
}
