/// A3.1 / A5.1 / A36.1 / A38.1: the rules `sql/0004_places.sql` and `sql/0010_institutions.sql` enforce on divisions
/// and institutions, with the field each concerns and the sentence people read when the database refuses something
/// (``RuleCatalog`` joins them). ``all`` also carries ``PlatformRules`` (A8.1), so the catalog needs no second entry.
enum PlaceRules {
    static let divisionCodeSixDigits = Rule(
        constraint: "division_code_six_digits_a3_1",
        field: "code",
        message: "区划代码必须是6位数字(GB/T 2260)。"
    )
    static let divisionCodeMatchesLevel = Rule(
        constraint: "division_code_matches_level_a3_1",
        field: "code",
        message: "区划代码与层级不符:自治区代码以0000结尾,盟市代码以00结尾,旗县(市、区)代码不以00结尾(GB/T 2260)。"
    )
    static let divisionNameNotBlank = Rule(
        constraint: "division_name_not_blank_a3_1",
        field: "name",
        message: "区划名称不能为空。"
    )
    static let divisionRegionHasNoParent = Rule(
        constraint: "division_region_has_no_parent_a3_1",
        field: "parent_code",
        message: "自治区没有上级区划;盟市和旗县(市、区)必须有上级区划。"
    )
    static let divisionParentLevel = Rule(
        constraint: "division_parent_level_a3_1",
        field: "parent_code",
        message: "上级区划不存在或层级不符:盟市的上级是自治区,旗县(市、区)的上级是盟市。"
    )
    static let divisionCodeUnderParent = Rule(
        constraint: "division_code_under_parent_a3_1",
        field: "code",
        message: "区划代码须在上级区划代码之下(GB/T 2260:盟市与自治区前2位相同,旗县(市、区)与盟市前4位相同)。"
    )
    static let divisionNameUniqueUnderParent = Rule(
        constraint: "division_name_unique_under_parent_a3_1",
        field: "name",
        message: "同一上级区划下已有同名区划。"
    )
    static let divisionSingleRegion = Rule(
        constraint: "division_single_region_a3_1",
        field: "code",
        message: "登记系统只管理一个自治区(内蒙古自治区,150000)。"
    )
    static let institutionDivisionExists = Rule(
        constraint: "institution_division_exists_a5_1",
        field: "division_code",
        message: "机构必须属于一个已登记的行政区划。"
    )
    static let institutionOneAuthorityPerDivision = Rule(
        constraint: "institution_one_authority_per_division_a5_1",
        field: "division_code",
        message: "每个行政区划只有一个公共数据主管部门,该区划已有公共数据主管部门。"
    )
    static let institutionNameNotBlank = Rule(
        constraint: "institution_name_not_blank_a5_1",
        field: "name",
        message: "机构名称不能为空。"
    )

    static let institutionSecurityOfficerComplete = Rule(
        constraint: "institution_security_officer_complete_a36_1",
        field: "security_officer",
        message: "安全管理责任人须同时登记姓名、职务和确定日期,姓名和职务不能为空。"
    )
    static let institutionRegisteredByAccount = Rule(
        constraint: "institution_registered_by_account_a38_1",
        field: "registered_by",
        message: "机构的登记人须为已开设的账户。"
    )
    static let institutionRegistrationKept = Rule(
        constraint: "institution_registration_kept_a38_1",
        field: "registered_by",
        message: "机构由谁登记、何时登记不能更改。"
    )

    static let all: [Rule] =
        [
            divisionCodeSixDigits, divisionCodeMatchesLevel, divisionNameNotBlank, divisionRegionHasNoParent,
            divisionParentLevel, divisionCodeUnderParent, divisionNameUniqueUnderParent, divisionSingleRegion,
            institutionDivisionExists, institutionOneAuthorityPerDivision, institutionNameNotBlank,
            institutionSecurityOfficerComplete, institutionRegisteredByAccount, institutionRegistrationKept,
        ] + PlatformRules.all
}
