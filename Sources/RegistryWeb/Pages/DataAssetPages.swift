import Foundation
import RegistryCore

/// A43.1: the words of the asset register's fields, as the form and the history show them (keys as the workflow and
/// the database name the fields).
enum DataAssetFields {
    static let labels: [String: String] = [
        "name": "资产名称", "description": "说明", "source_system": "来源系统", "record_count": "数据量(条)",
        "volume_bytes": "存储量(字节)", "category_scheme": "分类分级规则", "category_code": "数据类别", "grade": "数据级别",
        "catalog_items": "关联目录项", "status": "状态", "retired_on": "注销日期", "reason": "理由",
    ]

    static func label(_ field: String) -> String {
        labels[field] ?? field
    }

    /// A value of the history as people read it: grades and statuses in Chinese, sizes in units.
    static func value(_ field: String, _ value: String?) -> String {
        guard let value, !value.isEmpty else { return "(空)" }
        switch field {
        case "grade": return DataGrade(rawValue: value)?.label ?? value
        case "status": return DataAsset.Status(rawValue: value)?.label ?? value
        case "volume_bytes": return Int64(value).map { Figures.bytes($0) } ?? value
        case "record_count": return Int64(value).map(Figures.count) ?? value
        default: return value
        }
    }
}

/// A43.1: one asset as a row of a list.
struct DataAssetRow: Sendable {
    var link: String
    var registerNumber: Int64
    var name: String
    var holder: String
    var category: String
    var grade: String
    var status: String
    var retired: Bool
    var records: String
    var volume: String
    var registeredOn: String

    /// The row of `asset`, its category named from `categoryNames` (by code) where the scheme has it.
    init(_ asset: DataAsset, categoryNames: [String: String]) {
        link = "/assets/\(asset.id.uuidString.lowercased())"
        registerNumber = asset.registerNumber
        name = asset.name
        holder = asset.holderName
        category = categoryNames[asset.categoryCode] ?? asset.categoryCode
        grade = asset.grade.label
        status = asset.status.label
        retired = asset.status == .retired
        records = Figures.count(asset.recordCount)
        volume = Figures.bytes(asset.volumeBytes)
        registeredOn = asset.registeredOn.iso
    }

    /// The rows of a page and the link to the next one (`base?after=…`), if any.
    static func rows(
        of page: DataAssetPage,
        categoryNames: [String: String] = [:],
        base: String
    ) -> (rows: [DataAssetRow], next: String?) {
        (page.assets.map { DataAssetRow($0, categoryNames: categoryNames) }, page.nextCursor.map { "\(base)?after=\($0)" })
    }
}

/// A43.1: one change of an asset as its history shows it; the account is named by its role, never by a person's name.
struct DataAssetChangeRow: Sendable {
    var on: String
    var action: String
    var asset: String
    var assetLink: String
    var by: String
    var changes: [String]
    var reason: String

    init(_ change: DataAssetChange) {
        on = change.changedOn.iso
        action = change.action.label
        asset = "第 \(change.registerNumber) 号 \(change.assetName)"
        assetLink = "/assets/\(change.assetID.uuidString.lowercased())"
        by = Self.actor(change.actorRole)
        changes =
            change.action == .register
            ? []
            : change.fields.map { field in
                let before = DataAssetFields.value(field, change.before[field] ?? nil)
                let after = DataAssetFields.value(field, change.after[field] ?? nil)
                return "\(DataAssetFields.label(field)):\(before) → \(after)"
            }
        reason = change.reason ?? ""
    }

    /// Who acted, by role: an account's role, the command line (`cli`), or a change made outside the registry.
    static func actor(_ role: String?) -> String {
        switch role {
        case "cli": "命令行"
        case let role?: Role(rawValue: role)?.label ?? "系统外修改"
        case nil: "系统外修改"
        }
    }
}

/// 数据资产 for a clerk: the institution's assets, newest registration first, a page at a time.
struct DataAssetListPage: PageView {
    static let template = "data-assets"
    let title = "数据资产"
    var rows: [DataAssetRow]
    var anyRows: Bool
    var nextPage: String?

    init(_ page: DataAssetPage, categoryNames: [String: String]) {
        let shown = DataAssetRow.rows(of: page, categoryNames: categoryNames, base: DataAssetPagesController.list)
        rows = shown.rows
        nextPage = shown.next
        anyRows = !rows.isEmpty
    }
}

/// 登记 or 变更 an asset (A43.1): every field of the register, the category from the classification scheme (A9.2).
struct DataAssetFormPage: FormPage {
    static let template = "data-asset-form"
    static let fields: Set<String> = [
        "name", "description", "source_system", "record_count", "volume_bytes", "category_code", "grade", "reason",
    ]
    var title: String
    var action: String
    var submitLabel: String
    var cancelLink: String
    var categoryScheme: String
    var name: FormField
    var description: FormField
    var sourceSystem: FormField
    var recordCount: FormField
    var volumeBytes: FormField
    var category: ChoiceField
    var grade: ChoiceField
    var reason: FormField
    var errors: FormErrors

    /// The form of a new asset (`editing` nil) or of a change to `editing`, filled with `input`.
    init(input: DataAssetFormInput, categories: [DataCategoryNode], editing: DataAsset? = nil, errors: FormErrors = FormErrors()) {
        let path = editing.map { "/assets/\($0.id.uuidString.lowercased())" }
        title = editing.map { "变更数据资产:\($0.name)" } ?? "登记数据资产"
        action = path ?? DataAssetPagesController.list
        submitLabel = editing == nil ? "登记" : "保存变更"
        cancelLink = path ?? DataAssetPagesController.list
        categoryScheme = input.categoryScheme ?? ""
        func field(_ key: String, _ value: String?, type: String = "text", hint: String? = nil) -> FormField {
            FormField(key, label: DataAssetFields.label(key), type: type, value: value ?? "", hint: hint, errors: errors)
        }
        name = field("name", input.name)
        description = field("description", input.description)
        sourceSystem = field("source_system", input.sourceSystem, hint: "数据来自哪个信息系统。")
        recordCount = field("record_count", input.recordCount, type: "number")
        volumeBytes = field("volume_bytes", input.volumeBytes, type: "number", hint: "以字节计,如 1 GB 为 1073741824。")
        category = ChoiceField(
            "category_code",
            label: DataAssetFields.label("category_code"),
            options: ChoiceField.options(categories),
            chosen: input.categoryCode,
            prompt: "请选择",
            hint: "按分类分级规则选择类别。",
            errors: errors
        )
        grade = ChoiceField(
            "grade",
            label: DataAssetFields.label("grade"),
            options: DataGrade.allCases.map { ($0.rawValue, $0.label) },
            chosen: input.grade,
            prompt: "请选择",
            errors: errors
        )
        reason = field("reason", input.reason, hint: editing == nil ? "选填,记入登记记录。" : "选填,记入变更记录。")
        self.errors = errors
    }
}

/// What the asset form posts: every field as typed, so that a refused form shows it again as it was.
struct DataAssetFormInput: Codable, Sendable {
    var name: String?
    var description: String?
    var sourceSystem: String?
    var recordCount: String?
    var volumeBytes: String?
    var categoryScheme: String?
    var categoryCode: String?
    var grade: String?
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case name, description, grade, reason
        case sourceSystem = "source_system"
        case recordCount = "record_count"
        case volumeBytes = "volume_bytes"
        case categoryScheme = "category_scheme"
        case categoryCode = "category_code"
    }

    /// An empty form for the default scheme.
    init(scheme: String) {
        categoryScheme = scheme
    }

    /// The form filled with an asset's fields, to change it.
    init(_ asset: DataAsset) {
        name = asset.name
        description = asset.description
        sourceSystem = asset.sourceSystem
        recordCount = String(asset.recordCount)
        volumeBytes = String(asset.volumeBytes)
        categoryScheme = asset.categoryScheme
        categoryCode = asset.categoryCode
        grade = asset.grade.rawValue
    }

    /// The input of the register: numbers must read as whole numbers; every rule is left to the register.
    func assetInput() throws -> DataAssetInput {
        DataAssetInput(
            name: name ?? "",
            description: Self.nonEmpty(description),
            sourceSystem: sourceSystem ?? "",
            recordCount: try Self.number(recordCount, "record_count"),
            volumeBytes: try Self.number(volumeBytes, "volume_bytes"),
            categoryScheme: Self.nonEmpty(categoryScheme),
            categoryCode: Self.nonEmpty(categoryCode),
            grade: grade.flatMap(DataGrade.init(rawValue:)),
            reason: Self.nonEmpty(reason)
        )
    }

    private static func number(_ text: String?, _ field: String) throws -> Int64 {
        guard let number = Int64((text ?? "").trimmingCharacters(in: .whitespaces)) else {
            throw RegistryError.invalid(field, "\(DataAssetFields.label(field))须填写整数。")
        }
        return number
    }

    private static func nonEmpty(_ text: String?) -> String? {
        text.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
    }
}

/// One asset (A43.1): its fields, the catalog items it covers, its history, and what the signed-in person may do with
/// it — a clerk of the holder change or retire it, a reviewer of the authority restore it once retired.
struct DataAssetDetailPage: FormPage {
    static let template = "data-asset"
    static let fields: Set<String> = ["reason"]
    var title: String
    var facts: [Fact]
    var items: [String]
    var anyItems: Bool
    var history: [DataAssetChangeRow]
    var retired: Bool
    var editLink: String?
    /// The one action the page offers (retire or restore), if any.
    var action: Action?
    var backLink: String
    var errors: FormErrors

    /// A labelled value of the asset.
    struct Fact: Sendable {
        var label: String
        var value: String
    }

    /// Retiring or restoring, with its reason.
    struct Action: Sendable {
        var path: String
        var label: String
        var explanation: String
        var reason: FormField
        /// Whether the action ends something (retiring), and its button says so.
        var ends: Bool
    }

    init(_ detail: DataAssetDetail, category: String, role: Role, errors: FormErrors = FormErrors()) {
        let asset = detail.asset
        let path = "/assets/\(asset.id.uuidString.lowercased())"
        title = "数据资产:\(asset.name)"
        facts = Self.facts(of: asset, category: category)
        items = detail.catalogItems.map { "\($0.code) \($0.name ?? "")" }
        anyItems = !items.isEmpty
        history = detail.history.reversed().map(DataAssetChangeRow.init)
        retired = asset.status == .retired
        editLink = role == .clerk && !retired ? path + "/edit" : nil
        action = Self.action(role: role, retired: retired, path: path, errors: errors)
        backLink = role == .clerk ? DataAssetPagesController.list : DataAssetPagesController.levelRegister
        self.errors = errors
    }

    static func facts(of asset: DataAsset, category: String) -> [Fact] {
        [
            Fact(label: "登记编号", value: "第 \(asset.registerNumber) 号"),
            Fact(label: "持有机构", value: asset.holderName),
            Fact(label: "状态", value: asset.status.label + (asset.retiredOn.map { "(\($0.iso) 注销)" } ?? "")),
            Fact(label: "登记日期", value: asset.registeredOn.iso),
            Fact(label: DataAssetFields.label("description"), value: asset.description ?? "—"),
            Fact(label: DataAssetFields.label("source_system"), value: asset.sourceSystem),
            Fact(label: "数据量", value: "\(Figures.count(asset.recordCount)) 条"),
            Fact(label: "存储量", value: Figures.bytes(asset.volumeBytes)),
            Fact(label: "分类", value: category),
            Fact(label: DataAssetFields.label("grade"), value: asset.grade.label),
        ]
    }

    static func action(role: Role, retired: Bool, path: String, errors: FormErrors) -> Action? {
        let reason = FormField("reason", label: "理由", hint: "选填,记入变更记录。", errors: errors)
        switch (role, retired) {
        case (.clerk, false):
            return Action(
                path: path + "/retire",
                label: "注销",
                explanation: "注销后资产不再变更,登记和变更记录保留;只有公共数据主管部门可以恢复。",
                reason: reason,
                ends: true
            )
        case (.reviewer, true):
            return Action(
                path: path + "/restore",
                label: "恢复",
                explanation: "恢复后资产状态为“已变更”,持有机构可以继续变更。",
                reason: reason,
                ends: false
            )
        default:
            return nil
        }
    }
}

/// The asset register of a division (汇总登记本级公共数据资产, A43.1) for a reviewer of its authority, read-only:
/// the assets in force per grade, the latest changes, and every asset of the division and the divisions below it.
struct AssetLevelRegisterPage: PageView {
    static let template = "asset-register"
    var title: String
    var lines: [Line]
    var total: Line
    var changes: [DataAssetChangeRow]
    var anyChanges: Bool
    var rows: [DataAssetRow]
    var anyRows: Bool
    var nextPage: String?

    /// One grade's figures, or their sums.
    struct Line: Sendable {
        var grade: String
        var assets: Int64
        var registered: Int64
        var changed: Int64
        var retired: Int64
        var records: String
        var volume: String
    }

    init(_ register: AssetLevelRegister, assets: DataAssetPage) {
        title = "\(register.division.name)数据资产登记簿"
        lines = register.lines.map {
            Line(
                grade: $0.gradeLabel,
                assets: $0.assetCount,
                registered: $0.registeredCount,
                changed: $0.changedCount,
                retired: $0.retiredCount,
                records: Figures.count($0.recordCount),
                volume: Figures.bytes($0.volumeBytes)
            )
        }
        let sum = register.total
        total = Line(
            grade: "合计",
            assets: sum.assetCount,
            registered: sum.registeredCount,
            changed: sum.changedCount,
            retired: sum.retiredCount,
            records: Figures.count(sum.recordCount),
            volume: Figures.bytes(sum.volumeBytes)
        )
        changes = register.recentChanges.map(DataAssetChangeRow.init)
        anyChanges = !changes.isEmpty
        let shown = DataAssetRow.rows(of: assets, base: DataAssetPagesController.levelRegister)
        rows = shown.rows
        nextPage = shown.next
        anyRows = !rows.isEmpty
    }
}
