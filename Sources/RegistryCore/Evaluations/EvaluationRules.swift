/// A22.1 / A29.1: the rules `sql/0013_attribute_evaluations.sql` enforces on evaluations and conversions. A rule about
/// the share attribute ends in `_a22_1`, the same rule about the open attribute in `_a29_1` (``RuleCatalog`` joins them).
enum EvaluationRules {
    /// A rule stated for both attributes, with the article of each.
    struct Pair {
        var share: Rule
        var open: Rule

        init(_ name: String, field: String?, share: String, open: String) {
            self.share = Rule(constraint: name + "_a22_1", field: field, message: share)
            self.open = Rule(constraint: name + "_a29_1", field: field, message: open)
        }

        subscript(kind: EvaluatedAttribute) -> Rule { kind == .share ? share : open }

        var both: [Rule] { [share, open] }
    }

    // Evaluations
    static let evaluationItemPublished = Pair(
        "attribute_evaluation_item_published",
        field: "item_id",
        share: "只能评估已发布的目录事项。",
        open: "只能评估已发布的目录事项。"
    )
    static let evaluationItemEvaluable = Pair(
        "attribute_evaluation_item_evaluable",
        field: "kind",
        share: "共享属性评估针对有条件共享类公共数据。",
        open: "开放属性评估针对尚未开放(有条件开放或非开放)的公共数据。"
    )
    static let evaluationNotInFuture = Pair(
        "attribute_evaluation_not_in_future",
        field: "evaluated_on",
        share: "评估日期不能晚于今天。",
        open: "评估日期不能晚于今天。"
    )
    static let evaluationEvaluatorNamed = Pair(
        "attribute_evaluation_evaluator_named",
        field: "evaluator",
        share: "须写明评估人。",
        open: "须写明评估人。"
    )
    static let evaluationReasonGiven = Pair(
        "attribute_evaluation_reason_given",
        field: "reason",
        share: "评估结论须说明理由。",
        open: "评估结论须说明理由。"
    )
    static let evaluationHistoryKept = Pair(
        "attribute_evaluation_history_kept",
        field: nil,
        share: "评估记录一经登记不能修改或删除。",
        open: "评估记录一经登记不能修改或删除。"
    )

    // Conversions
    static let conversionEvaluationConvertible = Pair(
        "attribute_conversion_evaluation_found_convertible",
        field: "evaluation_id",
        share: "作为依据的评估须针对该事项的共享属性,且结论为转换。",
        open: "作为依据的评估须针对该事项的开放属性,且结论为转换。"
    )
    static let conversionVersionCarriesChange = Pair(
        "attribute_conversion_version_carries_change",
        field: "version_id",
        share: "关联的目录版本须将该事项的共享类型改为转换后的类型。",
        open: "关联的目录版本须将该事项的开放类型改为转换后的类型。"
    )
    static let conversionFromCurrentType = Pair(
        "attribute_conversion_from_current_type",
        field: "from_type",
        share: "转换前的共享类型须与该事项上一已审定版本一致。",
        open: "转换前的开放类型须与该事项上一已审定版本一致。"
    )
    static let conversionTypes = Pair(
        "attribute_conversion_types",
        field: "to_type",
        share: "共享类型须为无条件共享、有条件共享或不予共享。",
        open: "开放属性须为无条件开放、有条件开放或非开放。"
    )
    static let conversionChangesType = Pair(
        "attribute_conversion_changes_type",
        field: "to_type",
        share: "转换须改变共享类型。",
        open: "转换须改变开放属性。"
    )
    static let conversionWidenedOnBasis = Pair(
        "attribute_conversion_widened_on_basis",
        field: "basis",
        share: "扩大共享须写明依据(脱敏、脱密处理或评估)。",
        open: "扩大开放须写明依据(脱敏、脱密处理、相关权利人同意或评估)。"
    )
    static let conversionEvaluationNamed = Pair(
        "attribute_conversion_evaluation_named",
        field: "evaluation_id",
        share: "以评估为依据的转换须指明该评估;其他依据不关联评估。",
        open: "以评估为依据的转换须指明该评估;其他依据不关联评估。"
    )
    /// A version that widens an item's share or open type is approved only with the conversion recorded for it.
    static let shareWideningRecorded = Rule(
        constraint: "catalog_version_widening_recorded_a22_1",
        field: "share_type",
        message: "扩大共享类型(不予共享转为有条件或无条件共享、有条件转为无条件共享)须先登记该事项的共享属性转换及其依据(脱敏、脱密处理或评估),并关联本目录版本。"
    )
    static let openWideningRecorded = Rule(
        constraint: "catalog_version_widening_recorded_a29_1",
        field: "open_type",
        message: "扩大开放属性(非开放转为有条件或无条件开放、有条件转为无条件开放)须先登记该事项的开放属性转换及其依据(脱敏、脱密处理、相关权利人同意或评估),并关联本目录版本。"
    )
    static let notSharedAfterProcessing = Rule(
        constraint: "attribute_conversion_not_shared_after_processing_a22_1",
        field: "basis",
        message: "不予共享类公共数据须经脱敏等处理后方可转为有条件共享或无条件共享。"
    )
    static let notOpenAfterProcessing = Rule(
        constraint: "attribute_conversion_not_open_after_processing_a29_1",
        field: "basis",
        message: "非开放类公共数据须经脱密、脱敏处理或相关权利人同意后方可转为开放。"
    )
    static let consentOpensData = Rule(
        constraint: "attribute_conversion_consent_opens_data_a29_1",
        field: "basis",
        message: "相关权利人同意只作为开放属性转换的依据。"
    )
    static let conversionHistoryKept = Pair(
        "attribute_conversion_history_kept",
        field: nil,
        share: "转换记录一经登记不能修改或删除。",
        open: "转换记录一经登记不能修改或删除。"
    )
    static let conversionItemExists = Rule(
        constraint: "attribute_conversion_item_exists_a22_1",
        field: "item_id",
        message: "目录事项不存在。"
    )
    static let evaluationItemExists = Rule(
        constraint: "attribute_evaluation_item_exists_a22_1",
        field: "item_id",
        message: "目录事项不存在。"
    )
    static let evaluationRevisionExists = Rule(
        constraint: "attribute_evaluation_revision_exists_a22_1",
        field: "revision_id",
        message: "所评估的目录事项版本不存在。"
    )
    static let evaluationInstitutionExists = Rule(
        constraint: "attribute_evaluation_institution_exists_a38_1",
        field: "institution",
        message: "负责机构须是已登记的机构。"
    )
    static let conversionEvaluationExists = Rule(
        constraint: "attribute_conversion_evaluation_exists_a22_1",
        field: "evaluation_id",
        message: "作为依据的评估不存在。"
    )
    static let conversionVersionExists = Rule(
        constraint: "attribute_conversion_version_exists_a22_1",
        field: "version_id",
        message: "关联的目录版本不存在。"
    )
    static let conversionInstitutionExists = Rule(
        constraint: "attribute_conversion_institution_exists_a38_1",
        field: "institution",
        message: "负责机构须是已登记的机构。"
    )

    static let all: [Rule] =
        [
            evaluationItemPublished, evaluationItemEvaluable, evaluationNotInFuture, evaluationEvaluatorNamed,
            evaluationReasonGiven, evaluationHistoryKept, conversionEvaluationConvertible, conversionVersionCarriesChange,
            conversionFromCurrentType, conversionTypes, conversionChangesType, conversionWidenedOnBasis,
            conversionEvaluationNamed, conversionHistoryKept,
        ].flatMap(\.both)
        + [
            shareWideningRecorded, openWideningRecorded,
            notSharedAfterProcessing, notOpenAfterProcessing, consentOpensData, conversionItemExists, evaluationItemExists,
            evaluationRevisionExists, evaluationInstitutionExists, conversionEvaluationExists, conversionVersionExists,
            conversionInstitutionExists,
        ]
}
