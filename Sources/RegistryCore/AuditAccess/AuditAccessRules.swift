/// A29.2: the rules `sql/0024_audit_authority_access.sql` enforces on the audit authority's access, with the sentences
/// people read when one refuses something (``RuleCatalog`` joins them).
enum AuditAccessRules {
    static let readOnly = Rule(
        constraint: "audit_authority_read_only_a29_2",
        field: nil,
        message: "审计部门账户只能查阅登记系统的数据,不能新增、修改或删除任何记录。"
    )
    static let appendOnly = Rule(
        constraint: "audit_read_log_append_only_a29_2",
        field: nil,
        message: "审计部门的查阅记录只能追加,不能修改或删除。"
    )
    static let byAuditor = Rule(
        constraint: "audit_read_log_by_auditor_a29_2",
        field: "account_id",
        message: "查阅记录只能记在有效的审计部门账户名下:只有审计部门账户通过审计查阅接口读取数据。"
    )
    static let accountExists = Rule(
        constraint: "audit_read_log_account_exists_a29_2",
        field: "account_id",
        message: "查阅记录所记的账户不存在。"
    )
    static let datasetNamed = Rule(
        constraint: "audit_read_log_dataset_named_a29_2",
        field: "dataset",
        message: "查阅记录须写明所查阅的数据集名称(小写字母、数字和连字符)。"
    )
    static let parametersObject = Rule(
        constraint: "audit_read_log_parameters_object_a29_2",
        field: "parameters",
        message: "查阅记录的查询参数须为 JSON 对象。"
    )
    static let rowCount = Rule(
        constraint: "audit_read_log_row_count_a29_2",
        field: "row_count",
        message: "查阅记录的返回条数不能为负数。"
    )

    static let all = [readOnly, appendOnly, byAuditor, accountExists, datasetNamed, parametersObject, rowCount]
}
