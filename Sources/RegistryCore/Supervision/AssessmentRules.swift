/// A39.1, A41.1: the rules `sql/0027_assessment.sql` enforces on schemes, assessments and adjustments, with the field
/// each concerns and the sentence people read (``RuleCatalog`` joins them).
enum AssessmentRules {
    static let schemeDivisionExists = Rule(
        constraint: "assessment_scheme_division_exists_a39_1",
        field: "division",
        message: "评估方案的行政区划不存在。"
    )
    static let schemeYear = Rule(constraint: "assessment_scheme_year_a39_1", field: "year", message: "评估年度须在 2024 至 2100 之间。")
    static let schemeUnique = Rule(
        constraint: "assessment_scheme_unique_a39_1",
        field: "year",
        message: "该地区该年度已有评估方案。"
    )
    static let indicatorKnown = Rule(
        constraint: "assessment_scheme_indicator_known_a39_1",
        field: "weights",
        message: "评估指标须为登记系统能够计算的指标。"
    )
    static let weight = Rule(
        constraint: "assessment_scheme_indicator_weight_a39_1",
        field: "weights",
        message: "指标权重须大于 0 且不超过 100。"
    )
    static let schemeLevel = Rule(
        constraint: "assessment_scheme_level_a39_1",
        field: "division",
        message: "年度评估方案由自治区、盟市公共数据主管部门制定。"
    )
    static let schemeFrozen = Rule(
        constraint: "assessment_scheme_frozen_a39_1",
        field: "state",
        message: "已发布的评估方案不能修改。"
    )
    static let schemeWeights = Rule(
        constraint: "assessment_scheme_weights_a39_1",
        field: "weights",
        message: "评估方案各指标权重之和须为 100。"
    )
    static let schemeKept = Rule(constraint: "assessment_scheme_kept_a39_1", field: nil, message: "评估方案不能删除。")
    static let schemePublished = Rule(
        constraint: "assessment_scheme_published_a39_1",
        field: "scheme",
        message: "评估方案发布后才能计算评估结果。"
    )
    static let computedByRegistry = Rule(
        constraint: "assessment_computed_by_registry_a39_1",
        field: "computed",
        message: "评估得分由登记系统根据登记数据计算,不能手工录入或修改;评估委员会可在计算值旁附书面说明进行调整。"
    )
    static let scoreRange = Rule(constraint: "assessment_score_range_a39_1", field: "adjusted", message: "得分须在 0 至 100 之间。")
    static let adjustmentRemark = Rule(
        constraint: "assessment_adjustment_remark_a41_1",
        field: "remark",
        message: "调整得分须附书面说明。"
    )
    static let publishedFrozen = Rule(
        constraint: "assessment_published_frozen_a41_1",
        field: "state",
        message: "已公布的评估结果不能修改。"
    )
    static let publishedDated = Rule(
        constraint: "assessment_published_dated_a41_1",
        field: "state",
        message: "已公布的评估结果须记录公布时间。"
    )
    static let onePublication = Rule(
        constraint: "assessment_one_publication_a41_1",
        field: "state",
        message: "每个评估方案只公布一次最终结果。"
    )
    static let kept = Rule(constraint: "assessment_kept_a41_1", field: nil, message: "评估结果不能删除。")

    static let all: [Rule] = [
        schemeDivisionExists, schemeYear, schemeUnique, indicatorKnown, weight, schemeLevel, schemeFrozen, schemeWeights,
        schemeKept, schemePublished, computedByRegistry, scoreRange, adjustmentRemark, publishedFrozen, publishedDated,
        onePublication, kept,
    ]
}
