import Foundation
import RegistryCore

/// What the item editor posts (A10.2): every field as typed, the data items as parallel rows (`item_name[]`,
/// `item_type[]`, `item_description[]`, in the order of the page), and `add_row` when 增加一行 was pressed.
///
/// Only the input's shape is checked here — a choice that is none of the enumeration's values, a date that is not a
/// date; every rule of the regulation is left to the workflow and the database.
struct CatalogItemInput: Decodable, Sendable {
    var code: String?
    var name: String?
    var description: String?
    var dataForm: String?
    var shareType: String?
    var shareConditions: String?
    var shareReason: String?
    var shareLegalBasis: String?
    var shareScope: String?
    var openType: String?
    var openConditions: String?
    var notOpenGround: String?
    var openLegalBasis: String?
    var updateFrequency: String?
    var collectingDepartment: String?
    var approvingDepartment: String?
    var providingDepartment: String?
    var sourceInstitution: String?
    var categoryScheme: String?
    var categoryCode: String?
    var grade: String?
    var legalBasis: String?
    var baseDataKind: String?
    var dataUpdatedOn: String?
    var livelihoodRelated: String?
    var itemName: [String]?
    var itemType: [String]?
    var itemDescription: [String]?
    var addRow: String?

    enum CodingKeys: String, CodingKey {
        case code, name, description, grade
        case dataForm = "data_form"
        case shareType = "share_type"
        case shareConditions = "share_conditions"
        case shareReason = "share_reason"
        case shareLegalBasis = "share_legal_basis"
        case shareScope = "share_scope"
        case openType = "open_type"
        case openConditions = "open_conditions"
        case notOpenGround = "not_open_ground"
        case openLegalBasis = "open_legal_basis"
        case updateFrequency = "update_frequency"
        case collectingDepartment = "collecting_department"
        case approvingDepartment = "approving_department"
        case providingDepartment = "providing_department"
        case sourceInstitution = "source_institution"
        case categoryScheme = "category_scheme"
        case categoryCode = "category_code"
        case legalBasis = "legal_basis"
        case baseDataKind = "base_data_kind"
        case dataUpdatedOn = "data_updated_on"
        case livelihoodRelated = "livelihood_related"
        case itemName = "item_name"
        case itemType = "item_type"
        case itemDescription = "item_description"
        case addRow = "add_row"
    }

    /// One data item row as typed.
    struct Row: Sendable {
        var name: String
        var type: String
        var description: String
    }

    /// The rows as typed, blank ones kept (the form shows them again).
    var rows: [Row] {
        let names = itemName ?? []
        return names.indices.map { index in
            Row(name: names[index], type: itemType?[safe: index] ?? "", description: itemDescription?[safe: index] ?? "")
        }
    }
}

extension CatalogItemInput {
    /// The input a new item's form starts from: the keeper's institution as the source and three empty rows.
    static func blank(sourceInstitution: String?) -> CatalogItemInput {
        var input = CatalogItemInput()
        input.sourceInstitution = sourceInstitution
        input.itemName = ["", "", ""]
        return input
    }

    /// The input that shows `fields` (an item being edited), with an empty row to add one more.
    init(code: String, fields: CatalogItemFields) {
        self.init(
            code: code,
            name: fields.name,
            description: fields.description,
            dataForm: fields.dataForm.rawValue,
            shareType: fields.shareType.rawValue,
            shareConditions: fields.shareConditions,
            shareReason: fields.shareReason,
            shareLegalBasis: fields.shareLegalBasis,
            shareScope: fields.shareScope,
            openType: fields.openType.rawValue,
            openConditions: fields.openConditions,
            notOpenGround: fields.notOpenGround?.rawValue,
            openLegalBasis: fields.openLegalBasis,
            updateFrequency: fields.updateFrequency.rawValue,
            collectingDepartment: fields.collectingDepartment,
            approvingDepartment: fields.approvingDepartment,
            providingDepartment: fields.providingDepartment,
            sourceInstitution: fields.sourceInstitution,
            categoryScheme: fields.categoryScheme,
            categoryCode: fields.categoryCode,
            grade: fields.grade?.rawValue,
            legalBasis: fields.legalBasis,
            baseDataKind: fields.baseDataKind,
            dataUpdatedOn: fields.dataUpdatedOn?.iso,
            livelihoodRelated: fields.livelihoodRelated ? "true" : nil,
            itemName: fields.dataItems.map(\.name) + [""],
            itemType: fields.dataItems.map(\.type.rawValue) + [""],
            itemDescription: fields.dataItems.map { $0.description ?? "" } + [""]
        )
    }

    /// The same input with one more empty data item row (增加一行).
    func withExtraRow() -> CatalogItemInput {
        var input = self
        let rows = self.rows
        input.itemName = rows.map(\.name) + [""]
        input.itemType = rows.map(\.type) + [""]
        input.itemDescription = rows.map(\.description) + [""]
        return input
    }

    /// The fields to store: blank optional texts left out, rows with neither name nor description dropped.
    func fields() throws -> CatalogItemFields {
        CatalogItemFields(
            name: name ?? "",
            description: Self.text(description),
            dataForm: try Self.choice(dataForm, "data_form", "数据形式"),
            dataItems: try dataItems(),
            shareType: try Self.choice(shareType, "share_type", "共享类型"),
            shareConditions: Self.text(shareConditions),
            shareReason: Self.text(shareReason),
            shareLegalBasis: Self.text(shareLegalBasis),
            shareScope: shareScope ?? "",
            openType: try Self.choice(openType, "open_type", "开放属性"),
            openConditions: Self.text(openConditions),
            notOpenGround: try Self.text(notOpenGround).map { try Self.choice($0, "not_open_ground", "不予开放的依据") },
            openLegalBasis: Self.text(openLegalBasis),
            updateFrequency: try Self.choice(updateFrequency, "update_frequency", "更新频率"),
            collectingDepartment: collectingDepartment ?? "",
            approvingDepartment: approvingDepartment ?? "",
            providingDepartment: providingDepartment ?? "",
            sourceInstitution: (sourceInstitution ?? "").trimmed,
            categoryScheme: Self.text(categoryScheme),
            categoryCode: Self.text(categoryCode),
            grade: try Self.text(grade).map { try Self.choice($0, "grade", "数据分级") },
            legalBasis: Self.text(legalBasis),
            baseDataKind: Self.text(baseDataKind),
            dataUpdatedOn: try dataUpdatedDay(),
            livelihoodRelated: livelihoodRelated == "true"
        )
    }

    private func dataItems() throws -> [DataItem] {
        try rows.filter { !($0.name.trimmed.isEmpty && $0.description.trimmed.isEmpty) }.map { row in
            DataItem(
                name: row.name.trimmed,
                type: try Self.choice(row.type, "data_items", "数据项的类型"),
                description: Self.text(row.description)
            )
        }
    }

    private func dataUpdatedDay() throws -> CivilDate? {
        guard let text = Self.text(dataUpdatedOn) else { return nil }
        guard let day = CivilDate(iso: text) else { throw RegistryError.invalid("data_updated_on", "日期格式应为 年-月-日,如 2026-09-01。") }
        return day
    }

    /// A text left blank is no value.
    private static func text(_ value: String?) -> String? {
        guard let value, !value.trimmed.isEmpty else { return nil }
        return value
    }

    /// The enumeration's value chosen in the select `field`.
    private static func choice<Value: RawRepresentable>(_ raw: String?, _ field: String, _ label: String) throws -> Value
    where Value.RawValue == String {
        guard let raw, let value = Value(rawValue: raw) else { throw RegistryError.invalid(field, "请选择\(label)。") }
        return value
    }
}

extension String {
    /// Without white space at either end.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

extension Array {
    /// The element at `index`, or `nil` past the end.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
