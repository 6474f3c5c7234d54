import Foundation
import RegistryCore
import Reports

/// 开放计划 (A26.1): the versions of the division's plan of a year, newest first, and the form that starts the plan —
/// or, once a version is published, its amendment with the reason for it.
struct OpenPlansPage: FormPage {
    static let template = "open-plans"
    static let fields: Set<String> = ["year", "priorities", "amendment_note"]
    var title: String
    var year: Int
    var versions: [Version]
    var anyVersions: Bool
    /// The open draft, which is edited rather than started again.
    var draftLink: String?
    /// Whether the form starts an amendment (a published version exists).
    var amending: Bool
    var yearField: FormField
    var priorities: FormField
    var amendmentNote: FormField
    var errors: FormErrors

    /// A version in the list.
    struct Version: Sendable {
        var link: String
        var version: Int
        var state: String
        var publishedOn: String
        var amendmentNote: String
    }

    init(year: Int, versions: [OpenPlan], input: OpenPlanInput = OpenPlanInput(), errors: FormErrors = FormErrors()) {
        title = "\(year)年度公共数据开放计划"
        self.year = year
        self.versions = versions.map {
            Version(
                link: OpenPlanPagesController.path(of: $0.id),
                version: $0.version,
                state: $0.state.label,
                publishedOn: $0.publishedOn?.iso ?? "—",
                amendmentNote: $0.amendmentNote ?? "—"
            )
        }
        anyVersions = !versions.isEmpty
        draftLink = versions.first.flatMap { $0.state == .draft ? OpenPlanPagesController.path(of: $0.id) : nil }
        amending = versions.contains { $0.state == .published }
        yearField = FormField("year", label: "计划年度", type: "number", value: input.year ?? String(year), errors: errors)
        priorities = FormField(
            "priorities",
            label: "年度开放重点",
            type: "textarea",
            value: input.priorities ?? versions.first?.priorities ?? "",
            hint: "可使用 Markdown。",
            errors: errors
        )
        amendmentNote = FormField("amendment_note", label: "修订理由", type: "textarea", value: input.amendmentNote ?? "", errors: errors)
        self.errors = errors
    }
}

/// What the plan form posts.
struct OpenPlanInput: Decodable, Sendable {
    var year: String?
    var priorities: String?
    var amendmentNote: String?

    enum CodingKeys: String, CodingKey {
        case year, priorities
        case amendmentNote = "amendment_note"
    }
}

/// A plan (A26.1): its facts and priorities, its items livelihood first with their progress, and — while it is a
/// draft — the catalog search, the form that adds the item picked, and publication.
struct OpenPlanPage: FormPage {
    static let template = "open-plan"
    static let fields: Set<String> = ["item_id", "open_type", "target_date", "livelihood", "note", "q"]
    var title: String
    var link: String
    var notice: String?
    var facts: [Fact]
    /// The priorities as HTML (libcmark's safe mode, as the report renders them).
    var prioritiesHTML: String
    var items: [Item]
    var anyItems: Bool
    var draft: Bool
    var reportLink: String
    var amendLink: String
    var search: FormField
    var results: [Result]
    var anyResults: Bool
    var searched: Bool
    var picked: Picked?
    var errors: FormErrors

    /// An item of the plan.
    struct Item: Sendable {
        var code: String
        var name: String
        var institution: String
        var openType: String
        var targetDate: String
        var livelihood: Bool
        var status: String
        var statusClass: String
        var removeLink: String
    }

    /// A published item found in the catalog.
    struct Result: Sendable {
        var code: String
        var name: String
        var institution: String
        var openType: String
        var pickLink: String
    }

    /// The item picked, and the inputs that add it.
    struct Picked: Sendable {
        var id: String
        var name: String
        var openType: ChoiceField
        var targetDate: FormField
        var livelihood: ChoiceField
        var note: FormField
    }

    init(
        _ detail: OpenPlanDetail,
        names: [String: String],
        notice: String?,
        search: String = "",
        results: [CatalogItemSummary] = [],
        picked: CatalogItem? = nil,
        input: OpenPlanItemInput = OpenPlanItemInput(),
        errors: FormErrors = FormErrors()
    ) {
        let plan = detail.plan
        title = "\(plan.year)年度公共数据开放计划(第 \(plan.version) 版)"
        link = OpenPlanPagesController.path(of: plan.id)
        self.notice = notice
        facts = [
            Fact(label: "计划年度", value: String(plan.year)), Fact(label: "版本", value: "第 \(plan.version) 版"),
            Fact(label: "状态", value: plan.state.label), Fact(label: "公布日期", value: plan.publishedOn?.iso ?? "—"),
            Fact(label: "修订理由", value: plan.amendmentNote ?? "—"),
        ]
        prioritiesHTML = HTMLRenderer.typed(plan.priorities)
        draft = plan.state == .draft
        let link = link
        items = detail.items.map { item in
            Item(
                code: item.itemCode,
                name: item.itemName,
                institution: names[item.institution] ?? item.institution,
                openType: item.openType.label,
                targetDate: item.targetDate.iso,
                livelihood: item.livelihood,
                status: item.status.label,
                statusClass: item.status.rawValue,
                removeLink: "\(link)/items/\(item.itemID.uuidString.lowercased())/remove"
            )
        }
        anyItems = !items.isEmpty
        reportLink = "/plans/report?year=\(plan.year)"
        amendLink = "/plans?year=\(plan.year)"
        self.search = FormField("q", label: "在本地区已发布目录中查找", value: search, hint: "数据资源名称或数据项名称中的词语。", errors: errors)
        self.results = results.map {
            Result(
                code: $0.code,
                name: $0.name,
                institution: names[$0.institution] ?? $0.institution,
                openType: $0.openType.label,
                pickLink: "\(link)?item=\($0.id.uuidString.lowercased())#add"
            )
        }
        anyResults = !self.results.isEmpty
        searched = !search.isEmpty
        self.picked = picked.map { item in
            Picked(
                id: item.id.uuidString.lowercased(),
                name: "\(item.fields?.name ?? "")(\(item.code))",
                openType: ChoiceField(
                    "open_type",
                    label: "计划开放属性",
                    options: [OpenType.unconditional, .conditional].map { ($0.rawValue, $0.label) },
                    chosen: input.openType,
                    prompt: "请选择",
                    errors: errors
                ),
                targetDate: FormField(
                    "target_date",
                    label: "计划开放日期",
                    type: "date",
                    value: input.targetDate ?? "",
                    hint: "须在计划年度内。",
                    errors: errors
                ),
                livelihood: ChoiceField(
                    "livelihood",
                    label: "与民生紧密相关",
                    options: [("", "按目录标注(\(item.fields?.livelihoodRelated == true ? "是" : "否"))"), ("true", "是"), ("false", "否")],
                    chosen: input.livelihood,
                    errors: errors
                ),
                note: FormField("note", label: "备注", type: "textarea", value: input.note ?? "", hint: "可不填。", errors: errors)
            )
        }
        self.errors = errors
    }

    /// The notice after a step (`?done=…`).
    static func notice(_ key: String?) -> String? {
        switch key {
        case "added": "已列入计划。"
        case "removed": "已从计划中移除。"
        case "published": "开放计划已公布。"
        default: nil
        }
    }
}

/// What the form that adds an item posts (and `?item=` picks).
struct OpenPlanItemInput: Decodable, Sendable {
    var item: String?
    var openType: String?
    var targetDate: String?
    var livelihood: String?
    var note: String?

    enum CodingKeys: String, CodingKey {
        case item = "item_id"
        case openType = "open_type"
        case targetDate = "target_date"
        case livelihood, note
    }

    init(item: String? = nil) {
        self.item = item
    }

    /// The item to set, once its shape is right; the rules (a day within the year, an open type) are the workflow's.
    func item(year: Int) throws -> NewOpenPlanItem {
        guard let id = item.flatMap(UUID.init(uuidString:)) else { throw RegistryError.missing("item_id", "目录条目") }
        return NewOpenPlanItem(
            itemID: id,
            openType: try FormShape.choice(openType, "open_type", "计划开放属性"),
            targetDate: try FormShape.date(targetDate, "target_date"),
            livelihood: livelihood == "true" ? true : (livelihood == "false" ? false : nil),
            note: FormShape.optionalText(note)
        )
    }
}

/// 计划进度 (A26.1): where each item of a plan stands on a day — on time, late, overdue, pending — in a chart, per
/// institution and per item.
struct OpenPlanProgressPage: PageView {
    static let template = "open-plan-progress"
    var title: String
    var planLink: String
    var asOf: FormField
    var statuses: [Bar]
    var institutions: [InstitutionRow]
    var items: [OpenPlanPage.Item]
    var anyItems: Bool

    /// A status with its count and its bar (SVG coordinates of a bar 400 wide).
    struct Bar: Sendable {
        var label: String
        var statusClass: String
        var count: Int
        var width: String
    }

    /// An institution's items by status, as one stacked bar.
    struct InstitutionRow: Sendable {
        var name: String
        var total: Int
        var counts: [Segment]
        var segments: [Segment]
        var summary: String
    }

    /// A part of a stacked bar.
    struct Segment: Sendable {
        var statusClass: String
        var count: Int
        var x: String
        var width: String
    }

    static let width = 400.0

    init(_ detail: OpenPlanDetail, names: [String: String]) {
        let plan = detail.plan
        title = "\(plan.year)年度开放计划进度(第 \(plan.version) 版)"
        planLink = OpenPlanPagesController.path(of: plan.id)
        asOf = FormField("as_of", label: "进度截至", type: "date", value: detail.asOf.iso, errors: FormErrors())
        let statuses = OpenPlanProgressItem.Status.allCases
        let total = Double(max(detail.items.count, 1))
        self.statuses = statuses.map { status in
            let count = detail.items.filter { $0.status == status }.count
            return Bar(label: status.label, statusClass: status.rawValue, count: count, width: Self.number(Self.width * Double(count) / total))
        }
        institutions = Dictionary(grouping: detail.items, by: \.institution)
            .map { uscc, items in
                var x = 0.0
                var segments: [Segment] = []
                for status in statuses {
                    let count = items.filter { $0.status == status }.count
                    let width = Self.width * Double(count) / Double(items.count)
                    segments.append(Segment(statusClass: status.rawValue, count: count, x: Self.number(x), width: Self.number(width)))
                    x += width
                }
                let summary = zip(statuses, segments).map { "\($0.label) \($1.count)" }.joined(separator: ",")
                return InstitutionRow(
                    name: names[uscc] ?? uscc,
                    total: items.count,
                    counts: segments,
                    segments: segments.filter { $0.count > 0 },
                    summary: summary
                )
            }
            .sorted { ($0.name, $0.total) < ($1.name, $1.total) }
        let link = planLink
        items = detail.items.map { item in
            OpenPlanPage.Item(
                code: item.itemCode,
                name: item.itemName,
                institution: names[item.institution] ?? item.institution,
                openType: item.openType.label,
                targetDate: item.targetDate.iso,
                livelihood: item.livelihood,
                status: item.status.label + (item.openedOn.map { "(\($0.iso) 开放)" } ?? ""),
                statusClass: item.status.rawValue,
                removeLink: link
            )
        }
        anyItems = !items.isEmpty
    }

    /// A coordinate with one decimal.
    static func number(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
