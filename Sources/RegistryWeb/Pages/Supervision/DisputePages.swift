import Foundation
import RegistryCore

/// 争议 (A47.1): the disputes brought to the reviewer's authority and those below it — every dispute for the expert
/// committee —, open ones first. The regulation sets no fixed time: each open dispute shows the days since it was
/// brought.
struct DisputesPage: PageView {
    static let template = "disputes"
    var title: String
    var hint: String
    var rows: [Row]
    var anyRows: Bool
    var filters: [ViolationsPage.Filter]

    struct Row: Sendable {
        var link: String
        var number: String
        var subject: String
        var parties: String
        var filedOn: String
        var elapsed: String
        var state: String
    }

    init(_ disputes: [Dispute], state: DisputeState?, role: Role, today: CivilDate) {
        title = role == .committee ? "争议专业建议" : "争议协调"
        hint =
            role == .committee
            ? "公共数据主管部门提交专家委员会研究的争议:记录专业建议后由主管部门决定(第四十七条)。"
            : "提请本地区公共数据主管部门协调的争议:协调,可提交专家委员会研究提出专业建议,作出决定(第四十七条)。未规定固定时限,未决定的争议显示已提请天数。"
        rows = disputes.sorted { ($0.state == .decided ? 1 : 0, $0.filedOn, $0.number) < ($1.state == .decided ? 1 : 0, $1.filedOn, $1.number) }
            .map { dispute in
                Row(
                    link: DisputePage.path(of: dispute.id),
                    number: "第 \(dispute.number) 号",
                    subject: dispute.subject.label,
                    parties: DisputePage.parties(dispute),
                    filedOn: dispute.filedOn.iso,
                    elapsed: DisputePage.elapsed(dispute, today: today),
                    state: dispute.state.label
                )
            }
        anyRows = !rows.isEmpty
        let list = DisputePagesController.list
        filters =
            [ViolationsPage.Filter(label: "全部", link: list, current: state == nil)]
            + DisputeState.allCases.map { ViolationsPage.Filter(label: $0.label, link: "\(list)?state=\($0.rawValue)", current: $0 == state) }
    }
}

/// A dispute (A47.1): its parties, facts and history, and the steps its actor may take — the authority coordinates,
/// refers it to the expert committee and decides; the committee records its recommendation.
struct DisputePage: FormPage {
    static let template = "dispute"
    static let fields: Set<String> = ["note", "referral_question", "recommendation", "decision"]
    var title: String
    var link: String
    var notice: String?
    var facts: [Fact]
    var history: [Step]
    var canCoordinate: Bool
    var canRefer: Bool
    var canRecommend: Bool
    var canDecide: Bool
    var note: FormField
    var question: FormField
    var recommendation: FormField
    var decision: FormField
    var errors: FormErrors

    /// A step of the dispute's history: the day, the step, and its note.
    struct Step: Sendable {
        var day: String
        var step: String
        var note: String
    }

    init(
        _ detail: DisputeDetail,
        actor: Principal,
        today: CivilDate,
        notice: String?,
        input: DisputeStepInput = DisputeStepInput(),
        errors: FormErrors = FormErrors()
    ) {
        let dispute = detail.dispute
        title = "争议 第 \(dispute.number) 号"
        link = Self.path(of: dispute.id)
        self.notice = notice
        facts = [
            Fact(label: "状态", value: dispute.state.label), Fact(label: "争议事项", value: dispute.subject.label),
            Fact(label: "当事方", value: Self.parties(dispute)), Fact(label: "争议事实和诉求", value: dispute.description),
            Fact(label: "提请日期", value: dispute.filedOn.iso), Fact(label: "办理时限", value: Self.elapsed(dispute, today: today)),
            Fact(label: "协调说明", value: dispute.coordinationNote ?? "—"), Fact(label: "提交专家委员会研究的问题", value: dispute.referralQuestion ?? "—"),
            Fact(label: "专家委员会建议", value: dispute.recommendation.map { "\($0)(\(dispute.recommendedOn?.iso ?? ""))" } ?? "—"),
            Fact(label: "决定", value: dispute.decision.map { "\($0)(\(dispute.decidedOn?.iso ?? ""))" } ?? "—"),
        ]
        history = detail.history.map { Step(day: $0.onDate.iso, step: $0.step.label, note: $0.note ?? "—") }
        let authority = actor.role == .reviewer && actor.institutionKind == .publicDataAuthority && actor.division == dispute.authorityDivision
        canCoordinate = authority && dispute.state == .filed
        canRefer = authority && dispute.state == .coordinating
        canRecommend = actor.role == .committee && dispute.state == .referred && dispute.recommendation == nil
        canDecide = authority && dispute.state != .decided && (dispute.state != .referred || dispute.recommendation != nil)
        note = FormField("note", label: "协调说明", type: "textarea", value: input.note ?? "", hint: "可不填。", errors: errors)
        question = FormField("referral_question", label: "请专家委员会研究的问题", type: "textarea", value: input.question ?? "", errors: errors)
        recommendation = FormField("recommendation", label: "专业建议", type: "textarea", value: input.recommendation ?? "", errors: errors)
        decision = FormField("decision", label: "决定", type: "textarea", value: input.decision ?? "", errors: errors)
        self.errors = errors
    }

    static func path(of id: UUID) -> String {
        "\(DisputePagesController.list)/\(id.uuidString.lowercased())"
    }

    /// The parties: institutions by name, data users as ``DataUserLabel`` names them (A13.1).
    static func parties(_ dispute: Dispute) -> String {
        dispute.parties.map { $0.institutionName ?? $0.dataUser.map(DataUserLabel.masked) ?? "数据利用主体" }.joined(separator: "、")
    }

    /// How long an open dispute has waited since it was brought; how long a decided one took.
    static func elapsed(_ dispute: Dispute, today: CivilDate) -> String {
        let days = dispute.filedOn.days(until: dispute.decidedOn ?? today)
        return dispute.state == .decided ? "历时 \(days) 天作出决定" : "已提请 \(days) 天"
    }

    static func notice(_ key: String?) -> String? {
        switch key {
        case "coordinating": "已开始协调。"
        case "referred": "已提交专家委员会研究。"
        case "recommended": "专家委员会的专业建议已记录。"
        case "decided": "已作出决定。"
        default: nil
        }
    }
}

/// What the steps of a dispute post.
struct DisputeStepInput: Decodable, Sendable {
    var note: String?
    var question: String?
    var recommendation: String?
    var decision: String?

    enum CodingKeys: String, CodingKey {
        case note, recommendation, decision
        case question = "referral_question"
    }

    init() {}
}
