import Foundation
import Markdown
import RegistryCore

/// 公共数据开放门户 (A28.1): the front page anyone reads without signing in — a search box, the open catalog's counts,
/// the newest items and the year's open plans (A26.1).
struct PortalHomePage: PageView {
    static let template = "portal-home"
    let title = "公共数据开放门户"
    var query: FormField
    var figures: [Fact]
    /// The newest items (the `portal-rows` partial lists `rows`).
    var rows: [PortalRow]
    var anyRows: Bool
    var year: Int
    var plans: [Plan]
    var anyPlans: Bool

    /// A published open plan in force.
    struct Plan: Sendable {
        var owner: String
        var version: Int
        var publishedOn: String
        /// The priorities as their planners wrote them (Markdown), rendered in libcmark's safe mode.
        var prioritiesHTML: String
        var itemCount: Int
    }

    init(_ summary: OpenPortalSummary) {
        query = FormField("q", label: "检索开放数据", type: "search", hint: "名称或数据项名称中的词,多个词用空格分开。", errors: FormErrors())
        figures = [
            Fact(label: "开放数据", value: "\(Figures.count(Int64(summary.items))) 项"),
            Fact(label: "无条件开放", value: "\(Figures.count(Int64(summary.unconditional))) 项"),
            Fact(label: "有条件开放", value: "\(Figures.count(Int64(summary.conditional))) 项"),
            Fact(label: "提供机构", value: "\(Figures.count(Int64(summary.institutions))) 个"),
        ]
        rows = summary.newest.map(PortalRow.init)
        anyRows = !rows.isEmpty
        year = summary.year
        plans = summary.plans.map {
            Plan(
                owner: $0.owner,
                version: $0.version,
                publishedOn: $0.publishedOn?.iso ?? "—",
                prioritiesHTML: Markdown.html($0.priorities),
                itemCount: $0.itemCount
            )
        }
        anyPlans = !plans.isEmpty
    }
}

/// An open item in a list of the portal.
struct PortalRow: Sendable {
    var link: String
    var code: String
    var name: String
    var description: String?
    var institution: String
    var division: String
    var openType: String
    var conditional: Bool
    var updateFrequency: String
    var publishedOn: String

    init(_ entry: OpenPortalEntry) {
        link = PortalPath.item(entry.itemID)
        code = entry.code
        name = entry.name
        description = entry.description
        institution = entry.institutionName
        division = entry.divisionName
        openType = entry.openType.label
        conditional = entry.openType == .conditional
        updateFrequency = entry.updateFrequency.label
        publishedOn = entry.publishedOn?.iso ?? "—"
    }
}

/// The portal's addresses.
enum PortalPath {
    static let home = "/open"
    static let search = "/open/search"

    static func item(_ id: UUID) -> String { "/open/items/\(id.uuidString.lowercased())" }
}

/// 检索开放数据 (A28.1): the open items matching the words and the facets chosen, a page at a time in the search's order
/// (exact name hits first when words are asked, then by code), with each facet's values counted over every match.
struct PortalSearchPage: FormPage {
    static let template = "portal-search"
    static let fields: Set<String> = ["q"]
    /// Items per page.
    static let pageSize = 20
    /// Values shown per facet, the most frequent first (a value chosen is always shown).
    static let facetValues = 12
    let title = "检索开放数据"
    var query: FormField
    /// The facets chosen, kept by the search form.
    var kept: [Kept]
    var chosen: [Chosen]
    var anyChosen: Bool
    var facets: [FacetGroup]
    var rows: [PortalRow]
    var anyRows: Bool
    var total: String
    var pageLabel: String?
    var previousLink: String?
    var nextLink: String?
    var errors: FormErrors

    /// A facet chosen, as a hidden input of the search form.
    struct Kept: Sendable {
        var name: String
        var value: String
    }

    /// A facet chosen, with the link that drops it.
    struct Chosen: Sendable {
        var label: String
        var removeLink: String
    }

    /// A facet's values with their counts, each linking to the search narrowed by it.
    struct FacetGroup: Sendable {
        var id: String
        var label: String
        var values: [Value]
        /// How many less frequent values are not shown.
        var more: String?

        struct Value: Sendable {
            var label: String
            var count: String
            var link: String
            var selected: Bool
        }
    }

    init(request: PortalRequest, result: OpenPortalResult? = nil, errors: FormErrors = FormErrors()) {
        query = FormField("q", label: "检索词", type: "search", value: request.text, hint: "名称或数据项名称中的词,多个词用空格分开。", errors: errors)
        kept = request.facets.map { Kept(name: $0.key.rawValue, value: $0.value) }.sorted { $0.name < $1.name }
        let labels = Dictionary(
            (result?.facets ?? []).map { ("\($0.facet.rawValue)=\($0.value)", PortalFacetText.label($0)) },
            uniquingKeysWith: { a, _ in a }
        )
        chosen = OpenPortalFacet.allCases.compactMap { facet in
            request.facets[facet].map { value in
                let name = labels["\(facet.rawValue)=\(value)"] ?? PortalFacetText.label(facet, value: value, name: nil)
                return Chosen(label: "\(PortalFacetText.title(facet)):\(name)", removeLink: request.link(setting: facet, to: nil))
            }
        }
        anyChosen = !chosen.isEmpty
        facets = OpenPortalFacet.allCases.compactMap { facet in
            let all = (result?.facets ?? []).filter { $0.facet == facet }
            let values = all.enumerated().filter { $0.offset < Self.facetValues || request.facets[facet] == $0.element.value }.map(\.element)
            guard !values.isEmpty else { return nil }
            return FacetGroup(
                id: "facet-\(facet.rawValue)",
                label: PortalFacetText.title(facet),
                values: values.map { value in
                    FacetGroup.Value(
                        label: PortalFacetText.label(value),
                        count: Figures.count(Int64(value.count)),
                        link: request.link(setting: facet, to: value.value),
                        selected: request.facets[facet] == value.value
                    )
                },
                more: all.count > values.count ? "另有 \(all.count - values.count) 项" : nil
            )
        }
        rows = (result?.entries ?? []).map(PortalRow.init)
        anyRows = !rows.isEmpty
        let count = result?.total ?? 0
        total = Figures.count(Int64(count))
        let pages = max(1, (count + Self.pageSize - 1) / Self.pageSize)
        pageLabel = count > Self.pageSize ? "第 \(request.page) 页,共 \(pages) 页" : nil
        previousLink = request.page > 1 ? request.link(page: request.page - 1) : nil
        nextLink = request.page < pages ? request.link(page: request.page + 1) : nil
        self.errors = errors
    }
}

/// What a portal search asks, as its address carries it: `q`, one value per facet, and `page`.
struct PortalRequest: Sendable {
    var text: String
    var facets: [OpenPortalFacet: String]
    var page: Int

    init(_ parameters: [String: String]) {
        text = parameters["q"] ?? ""
        facets = [:]
        for facet in OpenPortalFacet.allCases {
            if let value = parameters[facet.rawValue], !value.isEmpty { facets[facet] = value }
        }
        page = max(1, min(Int(parameters["page"] ?? "") ?? 1, 500))
    }

    /// This search with `facet` set to `value` (dropped when `nil`), from its first page.
    func link(setting facet: OpenPortalFacet, to value: String?) -> String {
        var copy = self
        copy.facets[facet] = value
        copy.page = 1
        return copy.link(page: 1)
    }

    /// This search at `page`.
    func link(page: Int) -> String {
        var pairs: [(String, String)] = text.isEmpty ? [] : [("q", text)]
        pairs += OpenPortalFacet.allCases.compactMap { facet in facets[facet].map { (facet.rawValue, $0) } }
        if page > 1 { pairs.append(("page", String(page))) }
        let query = pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return query.isEmpty ? PortalPath.search : "\(PortalPath.search)?\(query)"
    }
}

/// How the portal names facets and their values.
enum PortalFacetText {
    static func title(_ facet: OpenPortalFacet) -> String {
        switch facet {
        case .division: "行政区划"
        case .institution: "提供机构"
        case .category: "数据分类"
        case .openType: "开放属性"
        case .grade: "数据分级"
        case .updateFrequency: "更新频率"
        case .format: "数据格式"
        }
    }

    static func label(_ value: OpenPortalFacetValue) -> String {
        label(value.facet, value: value.value, name: value.label)
    }

    static func label(_ facet: OpenPortalFacet, value: String, name: String?) -> String {
        switch facet {
        case .openType: OpenType(rawValue: value)?.label ?? value
        case .grade: DataGrade(rawValue: value)?.label ?? value
        case .updateFrequency: UpdateFrequency(rawValue: value)?.label ?? value
        case .division, .institution, .category, .format: name ?? value
        }
    }
}

/// An open item's page (A28.1): its public metadata and data items, how to obtain it — apply for a conditionally open
/// item (A28.2) —, the data products built on it (A33.1) and its schema.org `Dataset` description for dataset search
/// engines.
struct PortalItemPage: PageView {
    static let template = "portal-item"
    var title: String
    var code: String
    var description: String?
    var facts: [Fact]
    var dataItems: [DataItemRow]
    var conditional: Bool
    var openConditions: String?
    var applyLink: String
    var objectLink: String
    var reportLink: String
    var feedbackLink: String
    var productLink: String
    /// The JSON-LD, safe inside `<script>` (no `<`, `>` or `&`).
    var jsonLD: String
    /// 基于此数据的数据产品 (A33.1), the latest made first.
    var products: [ProductRow]

    /// A data product using the item, its maker as the public list names it (A13.1).
    struct ProductRow: Sendable {
        var name: String
        var maker: String
        var madeOn: String
        var purpose: String
    }

    /// A data item of the item.
    struct DataItemRow: Sendable {
        var name: String
        var type: String
        var description: String
    }

    init(_ item: OpenPortalItem, products: [DataProduct], address: String) {
        let entry = item.entry
        self.products = products.map { ProductRow(name: $0.name, maker: $0.makerName, madeOn: $0.madeOn.iso, purpose: $0.purpose) }
        title = entry.name
        code = entry.code
        description = entry.description
        facts = [
            Fact(label: "目录编码", value: entry.code), Fact(label: "提供机构", value: entry.institutionName),
            Fact(label: "提供部门", value: item.providingDepartment), Fact(label: "行政区划", value: entry.divisionName),
            Fact(label: "开放属性", value: entry.openType.label), Fact(label: "数据形式", value: item.dataForm.label),
            Fact(label: "数据分类", value: entry.categoryName ?? "—"), Fact(label: "数据分级", value: entry.grade?.label ?? "—"),
            Fact(label: "更新频率", value: entry.updateFrequency.label), Fact(label: "数据更新日期", value: item.dataUpdatedOn?.iso ?? "—"),
            Fact(label: "发布日期", value: entry.publishedOn?.iso ?? "—"),
            Fact(label: "与民生紧密相关", value: item.livelihoodRelated ? "是" : "否"),
        ]
        dataItems = item.dataItems.map { DataItemRow(name: $0.name, type: $0.type.label, description: $0.description ?? "") }
        conditional = entry.openType == .conditional
        openConditions = item.openConditions
        let id = entry.itemID.uuidString.lowercased()
        applyLink = "/my/applications/new?item=\(id)"
        objectLink = "/my/objections/new?item=\(id)"
        reportLink = "/my/error-reports/new?item=\(id)"
        feedbackLink = "/my/feedback/new?item=\(id)"
        productLink = "/my/products/new?item=\(id)"
        jsonLD = PortalDataset(item, address: address).json
    }
}

/// schema.org `Dataset` of an open item, as JSON-LD.
struct PortalDataset: Encodable {
    var context = "https://schema.org"
    var type = "Dataset"
    var name: String
    var description: String
    var identifier: String
    var url: String
    var keywords: [String]
    var isAccessibleForFree = true
    var creator: Organization
    var spatialCoverage: String
    var dateModified: String?
    var datePublished: String?
    var variableMeasured: [String]
    var conditionsOfAccess: String

    struct Organization: Encodable {
        var type = "Organization"
        var name: String

        enum CodingKeys: String, CodingKey {
            case type = "@type"
            case name
        }
    }

    enum CodingKeys: String, CodingKey {
        case context = "@context"
        case type = "@type"
        case name, description, identifier, url, keywords, isAccessibleForFree, creator, spatialCoverage, dateModified, datePublished,
            variableMeasured, conditionsOfAccess
    }

    init(_ item: OpenPortalItem, address: String) {
        let entry = item.entry
        name = entry.name
        description = entry.description ?? entry.name
        identifier = entry.code
        url = address
        keywords = [entry.categoryName, entry.openType.label].compactMap { $0 }
        creator = Organization(name: entry.institutionName)
        spatialCoverage = entry.divisionName
        dateModified = item.dataUpdatedOn?.iso
        datePublished = entry.publishedOn?.iso
        variableMeasured = item.dataItems.map(\.name)
        conditionsOfAccess = entry.openType == .conditional ? "有条件开放:\(item.openConditions ?? "")" : "无条件开放"
    }

    /// The JSON, with `<`, `>` and `&` escaped so that nothing in it can end the script element.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
        return text.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }
}
