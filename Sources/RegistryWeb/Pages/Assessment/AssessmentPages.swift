import Foundation
import RegistryCore
import Reports

/// 年度评估 (A39.1): a year's assessment schemes, of one division or every division, each with its computed versions.
struct AssessmentsPage: PageView {
    static let template = "assessments"
    var title: String
    var year: FormField
    var division: FormField
    var schemes: [Scheme]
    var anySchemes: Bool

    /// A scheme and its versions.
    struct Scheme: Sendable {
        var divisionName: String
        var state: String
        var versions: [Version]
        var anyVersions: Bool
    }

    /// A computed version.
    struct Version: Sendable {
        var link: String
        var version: Int
        var asOf: String
        var state: String
    }

    init(year: Int, division: String, schemes: [AssessmentSchemeVersions]) {
        title = "\(year)年度公共数据管理评估"
        self.year = FormField("year", label: "评估年度", type: "number", value: String(year), errors: FormErrors())
        self.division = FormField("division", label: "行政区划代码", value: division, hint: "不填为全部。", errors: FormErrors())
        self.schemes = schemes.map { scheme in
            let versions = scheme.versions.map {
                Version(
                    link: AssessmentPagesController.path(of: $0.id),
                    version: $0.version,
                    asOf: $0.asOf,
                    state: AssessmentPage.stateLabel($0.state)
                )
            }
            return Scheme(
                divisionName: scheme.divisionName,
                state: scheme.state == "published" ? "已发布" : "草稿",
                versions: versions,
                anyVersions: !versions.isEmpty
            )
        }
        anySchemes = !self.schemes.isEmpty
    }
}

/// An assessment (A39.1, A41.1): the score table — rank, institution, weighted total and each indicator's value, the
/// adjusted ones marked — sortable by any column through links (`?sort=`), a page of ``pageSize`` institutions at a time
/// (50 rows of nine linked values stay well under 100 KB); each value links to the records behind it.
struct AssessmentPage: FormPage {
    static let template = "assessment"
    static let fields: Set<String> = []
    static let pageSize = 50
    var title: String
    var link: String
    var notice: String?
    var facts: [Fact]
    var columns: [Column]
    var rows: [Row]
    var pages: [PageLink]
    var manyPages: Bool
    var published: Bool
    var canPublish: Bool
    var errors: FormErrors

    /// How the table is ordered and which page of it is shown.
    struct Sort: Sendable {
        var key: String
        var ascending: Bool
        var page: Int

        /// The order the database sorts the table by: a column's key, an indicator's code otherwise.
        var order: AssessmentTableOrder {
            let column: AssessmentTableOrder.Key =
                switch key {
                case "rank": .rank
                case "institution": .institution
                case "total": .total
                default: .indicator(key)
                }
            return AssessmentTableOrder(key: column, ascending: ascending)
        }
    }

    /// A column of the table, with the link that sorts by it.
    struct Column: Sendable {
        var label: String
        var weight: String?
        var sortLink: String
        /// `ascending` or `descending` when the table is sorted by it.
        var ariaSort: String?
        var numeric: Bool
    }

    /// An institution's row.
    struct Row: Sendable {
        var rank: Int
        var institution: String
        var total: String
        var cells: [Cell]
    }

    /// An indicator's value; adjusted ones show the computed value beside.
    struct Cell: Sendable {
        var value: String
        var computed: String?
        var adjusted: Bool
        var link: String
    }

    struct PageLink: Sendable {
        var number: Int
        var link: String
        var current: Bool
    }

    init(
        _ assessment: Assessment,
        table: AssessmentTablePage,
        sort: Sort,
        canPublish: Bool,
        notice: String?,
        errors: FormErrors = FormErrors()
    ) {
        let scheme = assessment.scheme
        title = "\(scheme.year)年度公共数据管理评估(第 \(assessment.version) 版)"
        link = AssessmentPagesController.path(of: assessment.id)
        self.notice = notice
        published = assessment.state == "published"
        self.canPublish = canPublish && !published
        facts = [
            Fact(label: "评估年度", value: String(scheme.year)), Fact(label: "行政区划", value: scheme.division),
            Fact(label: "版本", value: "第 \(assessment.version) 版"), Fact(label: "评估截止日", value: assessment.asOf.iso),
            Fact(label: "状态", value: Self.stateLabel(assessment.state)),
            Fact(label: "参评机构", value: "\(table.institutions) 个"),
        ]
        let link = link
        let codes = scheme.weights.map(\.indicator.code)
        let fixed: [(key: String, label: String, numeric: Bool, weight: String?)] = [
            ("rank", "名次", true, nil), ("institution", "机构", false, nil), ("total", "综合得分", true, nil),
        ]
        let all = fixed + scheme.weights.map { (key: $0.indicator.code, label: $0.indicator.name, numeric: true, weight: Self.decimal($0.weight)) }
        columns = all.map { column in
            let current = column.key == sort.key
            let nextAscending = current ? !sort.ascending : Self.defaultAscending(column.key)
            return Column(
                label: column.label,
                weight: column.weight,
                sortLink: "\(link)?sort=\(column.key)&order=\(nextAscending ? "asc" : "desc")",
                ariaSort: current ? (sort.ascending ? "ascending" : "descending") : nil,
                numeric: column.numeric
            )
        }
        let scores = table.scoresByInstitution()
        rows = table.ranking.map { ranking in
            Row(
                rank: ranking.rank,
                institution: ranking.institutionName,
                total: Self.decimal(ranking.total),
                cells: codes.map { code in
                    let score = scores[ranking.institution]?[code]
                    return Cell(
                        value: score.map { Self.decimal($0.value) } ?? "—",
                        computed: score?.adjusted == nil ? nil : score.map { Self.decimal($0.computed) },
                        adjusted: score?.adjusted != nil,
                        link: ScorePage.path(assessment.id, ranking.institution, code)
                    )
                }
            )
        }
        let pageCount = max(1, (table.institutions + Self.pageSize - 1) / Self.pageSize)
        pages = (1...pageCount).map {
            PageLink(number: $0, link: "\(link)?sort=\(sort.key)&order=\(sort.ascending ? "asc" : "desc")&page=\($0)", current: $0 == table.page)
        }
        manyPages = pageCount > 1
        self.errors = errors
    }

    /// Names and rank read best first from the top; values best first from the highest.
    static func defaultAscending(_ key: String) -> Bool {
        key == "rank" || key == "institution"
    }

    static func stateLabel(_ state: String) -> String {
        state == "published" ? "已发布(已冻结)" : "已计算(可调整)"
    }

    static func decimal(_ value: Double) -> String {
        ReportFormat.decimal(value, 2)
    }

    static func notice(_ key: String?) -> String? {
        key == "published" ? "评估结果已发布,此后不可更改。" : nil
    }
}

/// One score of an assessment (A39.1, A41.1): the computed value beside the adjusted one, the committee's remark as the
/// report renders it, the records behind the number, and the committee's adjustment with a preview of its remark.
struct ScorePage: FormPage {
    static let template = "assessment-score"
    static let fields: Set<String> = ["adjusted", "remark"]
    var title: String
    var assessmentLink: String
    var formLink: String
    var notice: String?
    var facts: [Fact]
    var remarkHTML: String?
    var evidenceColumns: [String]
    var evidence: [AssessmentEvidence.Record]
    var hasEvidence: Bool
    var anyEvidence: Bool
    var explanation: String
    var canAdjust: Bool
    var published: Bool
    var institution: String
    var indicator: String
    var value: FormField
    var remark: FormField
    var previewHTML: String?
    var errors: FormErrors

    init(
        _ assessment: Assessment,
        institution: String,
        indicator: String,
        evidence: AssessmentEvidence?,
        actor: Principal,
        input: ScoreAdjustmentInput,
        preview: Bool,
        errors: FormErrors
    ) {
        let score = assessment.score(institution, indicator)
        let name = assessment.ranking.first { $0.institution == institution }?.institutionName ?? institution
        let weight = assessment.scheme.weights.first { $0.indicator.code == indicator }
        let indicatorName = weight?.indicator.name ?? indicator
        title = "\(name):\(indicatorName)"
        assessmentLink = AssessmentPagesController.path(of: assessment.id)
        formLink = assessmentLink + "/score"
        notice = input.done == "adjusted" ? "调整已保存。" : nil
        let articles = (weight?.indicator.article ?? "").split(separator: ",").compactMap {
            ArticleName.of($0.trimmingCharacters(in: .whitespaces))
        }
        facts = [
            Fact(label: "机构", value: name), Fact(label: "指标", value: indicatorName),
            Fact(label: "依据", value: articles.isEmpty ? "—" : articles.joined(separator: "、")),
            Fact(label: "权重", value: weight.map { AssessmentPage.decimal($0.weight) } ?? "—"),
            Fact(label: "计算值", value: score.map { AssessmentPage.decimal($0.computed) } ?? "—"),
            Fact(label: "调整值", value: score?.adjusted.map(AssessmentPage.decimal) ?? "未调整"),
            Fact(label: "评估截止日", value: assessment.asOf.iso),
        ]
        remarkHTML = score?.remark.map(HTMLRenderer.typed)
        explanation = weight?.indicator.explanation ?? ""
        evidenceColumns = evidence?.columns ?? []
        self.evidence = evidence?.records ?? []
        hasEvidence = evidence != nil
        anyEvidence = !(evidence?.records.isEmpty ?? true)
        published = assessment.state == "published"
        canAdjust = actor.role == .committee && !published
        self.institution = institution
        self.indicator = indicator
        value = FormField(
            "adjusted",
            label: "调整后的分值",
            type: "text",
            value: input.adjusted ?? score?.adjusted.map(AssessmentPage.decimal) ?? "",
            hint: "0 至 100;留空为撤销调整。",
            errors: errors
        )
        remark = FormField(
            "remark",
            label: "调整说明",
            type: "textarea",
            value: input.remark ?? score?.remark ?? "",
            hint: "可使用 Markdown;调整时必须填写。",
            errors: errors
        )
        previewHTML = preview ? HTMLRenderer.typed(input.remark ?? "") : nil
        self.errors = errors
    }

    static func path(_ id: UUID, _ institution: String, _ indicator: String) -> String {
        "\(AssessmentPagesController.path(of: id))/score?institution=\(institution)&indicator=\(indicator)"
    }
}

/// What the adjustment form posts (and the score page's query names).
struct ScoreAdjustmentInput: Decodable, Sendable {
    var institution: String?
    var indicator: String?
    var adjusted: String?
    var remark: String?
    /// `preview` shows the remark as the report will; anything else saves.
    var action: String?
    var done: String?

    enum CodingKeys: String, CodingKey {
        case institution, indicator, adjusted, remark, action, done
    }

    init(institution: String?, indicator: String?, done: String? = nil) {
        self.institution = institution
        self.indicator = indicator
        self.done = done
    }

    /// The adjusted value; blank clears the adjustment.
    func adjustedValue() throws -> Double? {
        guard let text = FormShape.optionalText(adjusted) else { return nil }
        guard let number = Double(text), number.isFinite else { throw RegistryError.invalid("adjusted", "请填写 0 至 100 之间的数值。") }
        return number
    }
}
