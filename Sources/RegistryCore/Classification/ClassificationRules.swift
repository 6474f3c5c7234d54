/// A9.1: the rules `sql/0007_classification.sql` enforces on classification schemes and their category trees, with the
/// field each concerns (as the API names it) and the sentence people read when one refuses something.
///
/// ``RuleCatalog`` joins them; ``ClassificationStore`` checks the same rules first, in the order the database applies
/// them, so a refusal reads the same whichever side makes it.
public enum ClassificationRules {
    public static let schemeCodeFormat = Rule(
        constraint: "classification_scheme_code_format",
        field: "code",
        message: "分类分级规则代码只能由字母、数字和 . _ - 组成,并以字母或数字开头。"
    )
    public static let schemeNameNotBlank = Rule(
        constraint: "classification_scheme_name_not_blank",
        field: "name",
        message: "分类分级规则名称不能为空。"
    )
    public static let schemeFiled = Rule(
        constraint: "classification_scheme_filed_a9_1",
        field: "filed_on",
        message: "盟市和行业分类分级规则须记录向自治区公共数据主管部门备案的日期;自治区分类分级规则无须备案。"
    )
    public static let schemeIndustryNamed = Rule(
        constraint: "classification_scheme_industry_named_a9_1",
        field: "industry",
        message: "行业分类分级实施细则须写明所属行业;其他分类分级规则不填写行业。"
    )
    public static let schemeDefaultIsRegion = Rule(
        constraint: "classification_scheme_default_is_region_a9_1",
        field: "is_default",
        message: "只有自治区分类分级规则可以作为默认规则。"
    )
    public static let schemeOneDefault = Rule(
        constraint: "classification_scheme_one_default_a9_1",
        field: "is_default",
        message: "默认分类分级规则只能有一个。"
    )
    public static let schemeDivisionFitsKind = Rule(
        constraint: "classification_scheme_division_fits_kind_a9_1",
        field: "division_code",
        message: "自治区分类分级规则和行业分类分级实施细则属于自治区,盟市分类分级规则属于该盟市。"
    )
    public static let schemeDivisionExists = Rule(
        constraint: "classification_scheme_division_code_fkey",
        field: "division_code",
        message: "分类分级规则所属的行政区划不存在。"
    )
    public static let schemeCodeUnique = Rule(
        constraint: "classification_scheme_pkey",
        field: "code",
        message: "该分类分级规则代码已被使用。"
    )
    public static let categoryCodeFormat = Rule(
        constraint: "data_category_code_format",
        field: "categories.code",
        message: "数据类别代码只能由字母、数字和 . _ - 组成,并以字母或数字开头。"
    )
    public static let categoryNameNotBlank = Rule(
        constraint: "data_category_name_not_blank",
        field: "categories.name",
        message: "数据类别名称不能为空。"
    )
    public static let categoryNotOwnParent = Rule(
        constraint: "data_category_not_own_parent_a9_1",
        field: "categories.parent_code",
        message: "数据类别不能以自身为上级类别。"
    )
    public static let categoryParentInScheme = Rule(
        constraint: "data_category_parent_in_scheme_a9_1",
        field: "categories.parent_code",
        message: "上级类别须是同一分类分级规则中已有的类别。"
    )
    public static let categoryCodeUnique = Rule(
        constraint: "data_category_pkey",
        field: "categories.code",
        message: "同一分类分级规则中的数据类别代码不能重复。"
    )
    public static let categorySchemeExists = Rule(
        constraint: "data_category_scheme_code_fkey",
        field: "scheme_code",
        message: "数据类别所属的分类分级规则不存在。"
    )

    /// Every rule above, for ``RuleCatalog``.
    public static let all: [Rule] = [
        schemeCodeFormat, schemeNameNotBlank, schemeFiled, schemeIndustryNamed, schemeDefaultIsRegion, schemeOneDefault,
        schemeDivisionFitsKind, schemeDivisionExists, schemeCodeUnique, categoryCodeFormat, categoryNameNotBlank,
        categoryNotOwnParent, categoryParentInScheme, categoryCodeUnique, categorySchemeExists,
    ]
}
