/// The problems of an import row that no constraint of the schema names — a value that is not of its
/// column's type, a code twice in one file, a row the file format does not allow — with the sentence people read.
///
/// The names the database reports (`catalog_import_validate` in `sql/0015_catalog_import.sql`) end in the requirement
/// id where a rule of the regulation is at stake. A row that breaks a rule of the catalog itself is reported with that
/// rule's own constraint name and words (``CatalogRules``), so the import and a plain INSERT read the same.
public enum CatalogImportRules {
    // MARK: Values (catalog_import_validate)

    public static let valuePresent = Rule(
        constraint: "catalog_import_value_present",
        field: nil,
        message: "缺少必填项。"
    )
    public static let dataFormKnown = Rule(
        constraint: "catalog_import_data_form_known_a10_2",
        field: "data_form",
        message: "数据形式须为 database_table(库表)、file(文件)、interface(接口)、spatial(空间数据)或 other(其他)。"
    )
    public static let dataItemsJSON = Rule(
        constraint: "catalog_import_data_items_json_a10_2",
        field: "data_items",
        message: "共享内容须为 JSON 数组,例如 [{\"name\":\"姓名\",\"type\":\"string\",\"description\":\"公民姓名\"}]。"
    )
    public static let shareTypeKnown = Rule(
        constraint: "catalog_import_share_type_known_a21_1",
        field: "share_type",
        message: "共享类型须为 unconditional(无条件共享)、conditional(有条件共享)或 not_shared(不予共享)。"
    )
    public static let openTypeKnown = Rule(
        constraint: "catalog_import_open_type_known_a27_1",
        field: "open_type",
        message: "开放属性须为 unconditional(无条件开放)、conditional(有条件开放)或 not_open(非开放)。"
    )
    public static let notOpenGroundKnown = Rule(
        constraint: "catalog_import_not_open_ground_known_a27_1",
        field: "not_open_ground",
        message: "不予开放的依据须为 trade_secret(商业秘密)、privacy(个人隐私)或 law(法律法规规定不得开放)。"
    )
    public static let updateFrequencyKnown = Rule(
        constraint: "catalog_import_update_frequency_known_a10_2",
        field: "update_frequency",
        message: "更新频率须为 real_time(实时)、daily(每日)、weekly(每周)、monthly(每月)、quarterly(每季度)、"
            + "half_yearly(每半年)、yearly(每年)或 irregular(不定期)。"
    )
    public static let gradeKnown = Rule(
        constraint: "catalog_import_grade_known_a9_2",
        field: "grade",
        message: "数据分级须为 core(核心数据)、important(重要数据)或 general(一般数据)。"
    )
    public static let dateValid = Rule(
        constraint: "catalog_import_date_valid_a16_1",
        field: "data_updated_on",
        message: "数据更新日期须为 YYYY-MM-DD 格式的有效日期。"
    )
    public static let booleanValid = Rule(
        constraint: "catalog_import_boolean_valid_a26_1",
        field: "livelihood_related",
        message: "是否与民生紧密相关须填写 true 或 false(是或否),不填写即为否。"
    )
    public static let codeOnceInFile = Rule(
        constraint: "catalog_import_code_once_in_file_a10_1",
        field: "code",
        message: "同一目录条目编码在导入文件中出现了多次:一个条目在一个版本中只有一条修订,请只保留一行。"
    )

    // MARK: Rows the file format does not allow (CatalogImportReader)

    public static let csvFieldCount = Rule(
        constraint: "catalog_import_csv_field_count",
        field: nil,
        message: "该行的列数与表头不一致:含有逗号、引号或换行的单元格须用英文双引号括起来。"
    )
    public static let csvQuote = Rule(
        constraint: "catalog_import_csv_quote",
        field: nil,
        message: "引号不匹配:带引号的单元格须以引号结束,单元格中的引号须写作两个引号(\"\")。"
    )
    public static let textEncoding = Rule(
        constraint: "catalog_import_text_encoding",
        field: nil,
        message: "该行含有无效字符:文件须为 UTF-8 编码,且不能含有 NUL 字符。"
    )
    public static let jsonObject = Rule(
        constraint: "catalog_import_json_object",
        field: nil,
        message: "该行不是一个有效的 JSON 对象(JSON Lines 文件每行一个对象)。"
    )
    public static let jsonKeyKnown = Rule(
        constraint: "catalog_import_json_key_known",
        field: nil,
        message: "未知字段:字段名须为目录条目的字段,如 code、name、share_type。"
    )
    public static let jsonKeyOnce = Rule(
        constraint: "catalog_import_json_key_once",
        field: nil,
        message: "同一字段在该行中出现了多次。"
    )
    public static let jsonText = Rule(
        constraint: "catalog_import_json_text",
        field: nil,
        message: "该字段须为文本、数字或布尔值;只有 data_items 是数组。"
    )

    /// Every rule above, listed in ``RuleCatalog`` (their names are unique); the database never raises them.
    public static let all: [Rule] = [
        valuePresent, dataFormKnown, dataItemsJSON, shareTypeKnown, openTypeKnown, notOpenGroundKnown, updateFrequencyKnown,
        gradeKnown, dateValid, booleanValid, codeOnceInFile,
        csvFieldCount, csvQuote, textEncoding, jsonObject, jsonKeyKnown, jsonKeyOnce, jsonText,
    ]

    /// The rule the database names in a problem row, from the registry's catalog of rules (the words the API uses).
    static func rule(named name: String) -> Rule {
        RuleCatalog.rule(forConstraint: name) ?? Rule(constraint: name, field: nil, message: "违反登记规则(\(name))。")
    }
}
