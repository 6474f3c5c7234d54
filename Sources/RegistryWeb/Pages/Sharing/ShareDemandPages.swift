import Foundation
import RegistryCore

/// 目录外数据需求 (A24.1): the demands the clerk's institution answers as the source named by the authority, and
/// those it filed, with the open reply or delivery and the working days left.
struct ShareDemandsPage: PageView {
    static let template = "share-demands"
    let title = "目录外数据需求"
    var boxes: SharingBoxes
}

/// 提出目录外数据需求 (A24.1, A20.2): the data wanted, its items, scenario and commitment, for the authority of the
/// requester's division to review.
struct NewShareDemandPage: FormPage {
    static let template = "share-demand-new"
    static let fields: Set<String> = ["data_wanted", "data_items", "scenario", "commitment", "mode", "end_date", "source"]
    let title = "提出目录外数据需求"
    var dataWanted: FormField
    var dataItems: FormField
    var scenario: FormField
    var mode: ChoiceField
    var endDate: FormField
    var source: FormField
    var commitment: ChoiceField
    var errors: FormErrors

    init(input: ShareDemandInput = ShareDemandInput(), errors: FormErrors = FormErrors()) {
        dataWanted = FormField("data_wanted", label: "所需数据", value: input.dataWanted ?? "", hint: "描述所需数据的内容和范围。", errors: errors)
        dataItems = FormField("data_items", label: "所需数据项", value: input.dataItems ?? "", hint: "每行一项。", errors: errors)
        scenario = FormField("scenario", label: "应用场景", value: input.scenario ?? "", hint: "写明用于本机构哪项法定职责或公共服务。", errors: errors)
        mode = ChoiceField("mode", label: "共享模式", options: SharingMode.allCases.map { ($0.rawValue, $0.label) }, chosen: input.mode, errors: errors)
        endDate = FormField("end_date", label: "使用截止日期", type: "date", value: input.endDate ?? "", errors: errors)
        source = FormField(
            "source",
            label: "建议数源部门(统一社会信用代码)",
            value: input.source ?? "",
            hint: "可不填;由公共数据主管部门审核后确定数源部门。",
            errors: errors
        )
        commitment = ChoiceField.commitment(chosen: input.commitment, errors: errors)
        self.errors = errors
    }
}

/// What the demand form posts.
struct ShareDemandInput: Decodable, Sendable {
    var dataWanted: String?
    var dataItems: String?
    var scenario: String?
    var mode: String?
    var endDate: String?
    var source: String?
    var commitment: String?

    enum CodingKeys: String, CodingKey {
        case scenario, mode, source, commitment
        case dataWanted = "data_wanted"
        case dataItems = "data_items"
        case endDate = "end_date"
    }

    /// The demand, once its shape is right; the rules are the workflow's.
    var demand: NewShareDemand {
        get throws {
            NewShareDemand(
                dataWanted: dataWanted ?? "",
                dataItems: FormShape.lines(dataItems),
                scenario: scenario ?? "",
                commitment: commitment == "true",
                mode: try FormShape.choice(mode, "mode", "共享模式"),
                endDate: try FormShape.date(endDate, "end_date"),
                proposedSource: FormShape.optionalText(source)
            )
        }
    }
}

/// A demand for data outside the catalog (A24.1): its terms, route and history, and the step due — the authority's
/// review (name the source department, or reject with a reason), the source's reply (confirm, with the day when the
/// data needs processing, or refuse with reason and legal basis), the delivery.
struct ShareDemandPage: FormPage {
    static let template = "share-demand"
    static let fields: Set<String> = ["source", "review_note", "delivery_date", "refusal_reason", "refusal_legal_basis", "delivery_note"]
    var title: String
    var link: String
    var notice: String?
    var facts: [Fact]
    var history: [SharingEventRow]
    var canReview: Bool
    var canReply: Bool
    var canDeliver: Bool
    var source: ChoiceField
    var reviewNote: FormField
    var deliveryDate: FormField
    var refusalReason: FormField
    var refusalLegalBasis: FormField
    var deliveryNote: FormField
    var errors: FormErrors

    init(
        _ detail: ShareDemandDetail,
        actor: Principal,
        sources: [Institution],
        notice: String? = nil,
        input: ShareDemandStepInput = ShareDemandStepInput(),
        errors: FormErrors = FormErrors()
    ) {
        let demand = detail.demand
        title = "目录外数据需求 第 \(demand.number) 号"
        link = "/sharing/demands/\(demand.id.uuidString.lowercased())"
        self.notice = notice
        facts = Self.facts(demand)
        history = detail.history.map { SharingEventRow($0, label: $0.state.label) }
        canReview = demand.state == .submitted && (try? actor.requireAuthority(of: demand.authorityDivision)) != nil
        let source = demand.assignedSource.map { (try? actor.requireClerk(of: $0)) != nil } ?? false
        canReply = source && demand.state == .forwarded
        canDeliver = source && demand.state == .confirmed
        self.source = ChoiceField(
            "source",
            label: "数源部门",
            options: [("", "请选择")] + sources.map { ($0.uscc, $0.name) },
            chosen: input.source ?? demand.source,
            errors: errors
        )
        reviewNote = FormField("review_note", label: "审核意见", value: input.reviewNote ?? "", hint: "审核未通过时必须写明理由。", errors: errors)
        deliveryDate = FormField(
            "delivery_date",
            label: "能够共享的日期",
            type: "date",
            value: input.deliveryDate ?? "",
            hint: "需要加工处理的,填写能够共享的具体日期;能直接共享的不填(答复后 7 个工作日内交付)。",
            errors: errors
        )
        refusalReason = FormField("refusal_reason", label: "不同意理由", value: input.refusalReason ?? "", errors: errors)
        refusalLegalBasis = FormField(
            "refusal_legal_basis",
            label: "法律、法规依据",
            value: input.refusalLegalBasis ?? "",
            hint: "写明法律、法规的名称和条款。",
            errors: errors
        )
        deliveryNote = FormField("delivery_note", label: "交付说明", value: input.deliveryNote ?? "", hint: "可不填。", errors: errors)
        self.errors = errors
    }

    /// The demand's terms and the dates of W.1.
    static func facts(_ demand: ShareDemand) -> [Fact] {
        [
            Fact(label: "状态", value: demand.state.label), Fact(label: "需求机构", value: demand.requesterName),
            Fact(label: "所需数据", value: demand.dataWanted), Fact(label: "所需数据项", value: demand.requestedItems.joined(separator: "、")),
            Fact(label: "应用场景", value: demand.scenario), Fact(label: "共享模式", value: demand.mode.label),
            Fact(label: "使用截止日期", value: demand.endDate.iso), Fact(label: "收到日期", value: demand.receivedOn.iso),
            Fact(label: demand.assignedSource == nil ? "建议数源部门" : "数源部门", value: demand.sourceName ?? "—"),
            Fact(label: "审核意见", value: demand.reviewNote ?? "—"),
            Fact(label: "答复期限", value: SharingDate.text(demand.replyDue, provisional: demand.replyDueProvisional)),
            Fact(label: "交付期限", value: SharingDate.text(demand.deliveryDue, provisional: demand.deliveryDueProvisional)),
            Fact(label: "不同意理由及依据", value: demand.refusalReason.map { "\($0)(依据:\(demand.refusalLegalBasis ?? "—"))" } ?? "—"),
        ]
    }
}

/// What the review, reply and delivery forms of a demand post.
struct ShareDemandStepInput: Decodable, Sendable {
    var decision: String?
    var source: String?
    var reviewNote: String?
    var deliveryDate: String?
    var refusalReason: String?
    var refusalLegalBasis: String?
    var deliveryNote: String?

    enum CodingKeys: String, CodingKey {
        case decision, source
        case reviewNote = "review_note"
        case deliveryDate = "delivery_date"
        case refusalReason = "refusal_reason"
        case refusalLegalBasis = "refusal_legal_basis"
        case deliveryNote = "delivery_note"
    }

    /// The review chosen: forward to the source named, or reject with the note as reason.
    var review: ShareDemandReview {
        decision == "forward"
            ? .forward(source: source ?? "", note: FormShape.optionalText(reviewNote))
            : .reject(reason: reviewNote ?? "")
    }

    /// The reply chosen: confirm (with the day, when the data needs processing), or refuse.
    var reply: ShareDemandReply {
        get throws {
            decision == "confirm"
                ? .confirm(processingUntil: try FormShape.optionalDate(deliveryDate, "delivery_date"))
                : .refuse(reason: refusalReason ?? "", legalBasis: refusalLegalBasis ?? "")
        }
    }
}

/// 需求审核 (A24.1): the demands waiting for the review of the reviewer's authority, oldest first.
struct ShareDemandReviewsPage: PageView {
    static let template = "share-reviews"
    let title = "目录外数据需求审核"
    var rows: [SharingRow]
    var anyRows: Bool

    init(_ demands: [ShareDemand]) {
        rows = demands.map { SharingRow($0, counterpart: $0.requesterName, due: nil) }
        anyRows = !rows.isEmpty
    }
}
