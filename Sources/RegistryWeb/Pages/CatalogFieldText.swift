import RegistryCore

/// The A10.2 fields of a catalog item in people's words: their labels (keyed as the API and the database name the
/// fields) and their values as a page shows them.
enum CatalogFieldText {
    /// Every field in the order of A10.2, with its label.
    static let labels: [(key: String, label: String)] = [
        ("name", "数据资源名称"), ("description", "数据资源摘要"), ("data_form", "数据形式"), ("data_items", "共享内容(数据项)"),
        ("share_type", "共享类型"), ("share_conditions", "共享条件"), ("share_reason", "限制共享的理由"),
        ("share_legal_basis", "法律、法规依据"), ("share_scope", "共享范围"), ("open_type", "开放属性"), ("open_conditions", "开放条件"),
        ("not_open_ground", "不予开放的依据"), ("open_legal_basis", "不予开放所依据的法律法规"), ("update_frequency", "更新频率"),
        ("collecting_department", "采集部门"), ("approving_department", "核准部门"), ("providing_department", "提供部门"),
        ("source_institution", "数源部门(统一社会信用代码)"), ("category_scheme", "分类分级规则"), ("category_code", "数据分类"),
        ("grade", "数据分级"), ("legal_basis", "采集依据"), ("base_data_kind", "基础数据类别"), ("data_updated_on", "数据最近更新日期"),
        ("livelihood_related", "与民生紧密相关"),
    ]

    /// The label of `key`.
    static func label(_ key: String) -> String {
        labels.first { $0.key == key }?.label ?? key
    }

    /// Each field's value as shown, by key; `categories` names the categories by code.
    static func values(of fields: CatalogItemFields, categories: [String: String]) -> [String: String] {
        let items = fields.dataItems.map { item in
            "\(item.name)(\(item.type.label))" + (item.description.map { ":\($0)" } ?? "")
        }
        return [
            "name": fields.name, "description": fields.description ?? "", "data_form": fields.dataForm.label,
            "data_items": items.joined(separator: ";"), "share_type": fields.shareType.label,
            "share_conditions": fields.shareConditions ?? "", "share_reason": fields.shareReason ?? "",
            "share_legal_basis": fields.shareLegalBasis ?? "", "share_scope": fields.shareScope, "open_type": fields.openType.label,
            "open_conditions": fields.openConditions ?? "", "not_open_ground": fields.notOpenGround?.label ?? "",
            "open_legal_basis": fields.openLegalBasis ?? "", "update_frequency": fields.updateFrequency.label,
            "collecting_department": fields.collectingDepartment, "approving_department": fields.approvingDepartment,
            "providing_department": fields.providingDepartment, "source_institution": fields.sourceInstitution,
            "category_scheme": fields.categoryScheme ?? "",
            "category_code": fields.categoryCode.map { categories[$0] ?? $0 } ?? "", "grade": fields.grade?.label ?? "",
            "legal_basis": fields.legalBasis ?? "", "base_data_kind": fields.baseDataKind ?? "",
            "data_updated_on": fields.dataUpdatedOn?.iso ?? "", "livelihood_related": fields.livelihoodRelated ? "是" : "否",
        ]
    }
}

/// One field of an item side by side: in force before, and as the version sets it.
struct FieldRow: Sendable {
    var label: String
    var before: String
    var after: String
    /// Whether the two differ (marked on the page).
    var changed: Bool

    /// The rows of the fields in `keys` (every field when `nil`) of `before` and `after`, leaving out fields blank on
    /// both sides.
    static func rows(
        before: CatalogItemFields?,
        after: CatalogItemFields?,
        keys: [String]? = nil,
        categories: [String: String]
    ) -> [FieldRow] {
        let old = before.map { CatalogFieldText.values(of: $0, categories: categories) } ?? [:]
        let new = after.map { CatalogFieldText.values(of: $0, categories: categories) } ?? [:]
        return CatalogFieldText.labels.filter { keys?.contains($0.key) ?? true }.compactMap { field in
            let (from, to) = (old[field.key] ?? "", new[field.key] ?? "")
            guard !(from.isEmpty && to.isEmpty) else { return nil }
            return FieldRow(label: field.label, before: from, after: to, changed: before != nil && from != to)
        }
    }
}
