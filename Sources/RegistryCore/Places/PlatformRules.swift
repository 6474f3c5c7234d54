/// A8.1 / A38.1: the rules `sql/0010_institutions.sql` enforces on public data platforms, with the field each
/// concerns (as the API names it) and the sentence people read. Joined into ``PlaceRules/all``, which
/// ``RuleCatalog`` already gathers: do not list these a second time.
enum PlatformRules {
    static let nameNotBlank = Rule(
        constraint: "platform_name_not_blank_a8_1",
        field: "name",
        message: "公共数据平台名称不能为空。"
    )
    static let exceptionComplete = Rule(
        constraint: "platform_exception_complete_a8_1",
        field: "exception",
        message: "旗县(市、区)建设公共数据平台的例外须完整记录理由、批准文件和记录日期,理由和批准文件不能为空。"
    )
    static let divisionExists = Rule(
        constraint: "platform_division_exists_a8_1",
        field: "division_code",
        message: "公共数据平台须属于一个已登记的行政区划。"
    )
    static let operatorExists = Rule(
        constraint: "platform_operator_exists_a38_1",
        field: "operator_institution",
        message: "平台运行单位须为已登记的机构(谁运行谁负责)。"
    )
    static let regionOrLeagueLevel = Rule(
        constraint: "platform_region_or_league_level_a8_1",
        field: "division_code",
        message: "公共数据平台由自治区和盟市建设;旗县(市、区)原则上不独立建设公共数据平台,确需建设的须记录例外(理由和批准文件)。"
    )
    static let exceptionOnlyForBannerCounty = Rule(
        constraint: "platform_exception_only_for_banner_county_a8_1",
        field: "exception",
        message: "只有旗县(市、区)的公共数据平台须记录例外,自治区和盟市的平台不记录例外。"
    )
    static let operatorOfItsDivision = Rule(
        constraint: "platform_operator_of_its_division_a8_1",
        field: "operator_institution",
        message: "平台运行单位须为平台所在区划的公共数据主管部门,或该区划内承担具体工作的公共管理和服务机构(如大数据中心)。"
    )
    static let onePerDivision = Rule(
        constraint: "platform_one_per_division_a8_1",
        field: "division_code",
        message: "每个行政区划只有一个公共数据平台(全区唯一的公共数据共享开放通道),该区划已有平台。"
    )
    static let registeredByAccount = Rule(
        constraint: "platform_registered_by_account_a38_1",
        field: "registered_by",
        message: "平台的登记人须为已开设的账户。"
    )
    static let registrationKept = Rule(
        constraint: "platform_registration_kept_a38_1",
        field: "registered_by",
        message: "平台由谁登记、何时登记不能更改。"
    )

    static let all: [Rule] = [
        nameNotBlank, exceptionComplete, divisionExists, operatorExists, regionOrLeagueLevel, exceptionOnlyForBannerCounty,
        operatorOfItsDivision, onePerDivision, registeredByAccount, registrationKept,
    ]
}
