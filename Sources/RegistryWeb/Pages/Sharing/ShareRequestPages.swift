import Foundation
import RegistryCore

/// 共享申请 (A23.2): the requests the clerk's institution answers as source and those it filed, each with its open
/// reply or delivery and the working days left.
struct ShareRequestsPage: PageView {
    static let template = "share-requests"
    let title = "共享申请"
    var boxes: SharingBoxes
}

/// 查找目录 (A20.2): the published catalog items found by the words typed, to file a share request for one.
struct ShareSearchPage: FormPage {
    static let template = "share-search"
    static let fields: Set<String> = ["q"]
    let title = "申请共享:查找目录"
    var query: FormField
    var searched: Bool
    var results: [Result]
    var anyResults: Bool
    /// The next page of results, when there is one.
    var nextLink: String?
    var errors: FormErrors

    /// A published item found.
    struct Result: Sendable {
        var code: String
        var name: String
        var source: String
        var shareType: String
        var dataItemCount: Int
        var link: String
    }

    init(text: String, results: [Result] = [], nextCursor: String? = nil, searched: Bool, errors: FormErrors = FormErrors()) {
        query = FormField("q", label: "目录名称或数据项", type: "search", value: text, hint: "最多 \(SearchText.maxCharacters) 个字符。", errors: errors)
        self.searched = searched
        self.results = results
        anyResults = !results.isEmpty
        let words = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        nextLink = nextCursor.map { "/sharing/catalog?q=\(words)&cursor=\($0)" }
        self.errors = errors
    }
}

/// 提出共享申请 (A20.2, A23.3–A23.4): the form for one published item — the application scenario and the commitment
/// are required, the data items chosen from the item's share content.
struct NewShareRequestPage: FormPage {
    static let template = "share-request-new"
    static let fields: Set<String> = ["scenario", "commitment", "data_items", "mode", "end_date", "purpose"]
    let title = "提出共享申请"
    var itemID: String
    var facts: [Fact]
    var scenario: FormField
    var dataItems: ChoiceField
    var mode: ChoiceField
    var endDate: FormField
    var purpose: ChoiceField
    var commitment: ChoiceField
    var errors: FormErrors

    init(item: CatalogItem, fields: CatalogItemFields, sourceName: String, input: ShareRequestInput, errors: FormErrors = FormErrors()) {
        itemID = item.id.uuidString.lowercased()
        facts = [
            Fact(label: "数据资源", value: "\(fields.name)(\(item.code))"), Fact(label: "数源部门", value: sourceName),
            Fact(label: "共享类型", value: fields.shareType.label),
            Fact(label: "共享条件", value: fields.shareConditions ?? "—"),
        ]
        scenario = FormField("scenario", label: "应用场景", value: input.scenario ?? "", hint: "写明用于本机构哪项法定职责或公共服务。", errors: errors)
        dataItems = ChoiceField(
            checks: "data_items",
            label: "所需数据项",
            options: fields.dataItems.map { ($0.name, $0.name) },
            chosen: input.dataItems ?? [],
            hint: "按最小授权原则,只选履行职责所需的数据项。",
            errors: errors
        )
        mode = ChoiceField("mode", label: "共享模式", options: SharingMode.allCases.map { ($0.rawValue, $0.label) }, chosen: input.mode, errors: errors)
        endDate = FormField("end_date", label: "使用截止日期", type: "date", value: input.endDate ?? "", errors: errors)
        purpose = ChoiceField(
            "purpose",
            label: "申请用途",
            options: SharePurpose.allCases.map { ($0.rawValue, $0.label) },
            chosen: input.purpose,
            hint: fields.shareType == .notShared ? "不予共享的数据只受理核实、比对申请。" : nil,
            errors: errors
        )
        commitment = ChoiceField.commitment(chosen: input.commitment, errors: errors)
        self.errors = errors
    }
}

extension ChoiceField {
    /// A20.2: the requester's commitment to the truth, lawful use and security of the data, one checkbox.
    static func commitment(chosen: String?, errors: FormErrors) -> ChoiceField {
        ChoiceField(
            checks: "commitment",
            label: "承诺",
            options: [("true", "本机构承诺所提供信息真实,数据使用合规,保障数据安全,不提供给第三方、不用于其他目的。")],
            chosen: chosen.map { [$0] } ?? [],
            errors: errors
        ).single()
    }

    /// The checkbox posts its name without `[]`: one value, not a list.
    func single() -> ChoiceField {
        var field = self
        field.inputName = name
        return field
    }
}

/// What the share request form posts.
struct ShareRequestInput: Decodable, Sendable {
    var scenario: String?
    var dataItems: [String]?
    var mode: String?
    var endDate: String?
    var purpose: String?
    var commitment: String?

    enum CodingKeys: String, CodingKey {
        case scenario, mode, purpose, commitment
        case dataItems = "data_items"
        case endDate = "end_date"
    }

    /// The request, once its shape is right (a known mode and purpose, a date); the rules are the workflow's.
    func request(for item: UUID) throws -> NewShareRequest {
        NewShareRequest(
            itemID: item,
            scenario: scenario ?? "",
            commitment: commitment == "true",
            dataItems: dataItems ?? [],
            mode: try FormShape.choice(mode, "mode", "共享模式"),
            endDate: try FormShape.date(endDate, "end_date"),
            purpose: try FormShape.choice(purpose, "purpose", "申请用途")
        )
    }
}

/// A share request (A23.2): its terms, its history, for the source's clerk the reply (agree within the fixed scope of
/// A23.4, or refuse with reason and legal basis) and then the delivery, and for the requester's clerk the withdrawal
/// while the request is neither answered with a refusal nor delivered.
struct ShareRequestPage: FormPage {
    static let template = "share-request"
    static let fields: Set<String> = [
        "approved_items", "refusal_reason", "refusal_legal_basis", "delivery_note", "withdrawal_reason", "confirm_withdrawal",
    ]
    var title: String
    var link: String
    var notice: String?
    var state: String
    var facts: [Fact]
    var history: [SharingEventRow]
    var canReply: Bool
    var canDeliver: Bool
    var canWithdraw: Bool
    var approvedItems: ChoiceField
    var refusalReason: FormField
    var refusalLegalBasis: FormField
    var deliveryNote: FormField
    var withdrawalReason: FormField
    var confirmWithdrawal: ChoiceField
    var errors: FormErrors

    init(
        _ detail: ShareRequestDetail,
        actor: Principal,
        notice: String? = nil,
        input: ShareReplyInput = ShareReplyInput(),
        errors: FormErrors = FormErrors()
    ) {
        let request = detail.request
        title = "共享申请 第 \(request.number) 号"
        link = "/sharing/requests/\(request.id.uuidString.lowercased())"
        self.notice = notice
        state = request.state.label
        facts = Self.facts(request)
        history = detail.history.map { SharingEventRow($0, label: $0.state.label) }
        let source = (try? actor.requireClerk(of: request.source)) != nil
        canReply = source && detail.nextStates.contains(.approved)
        canDeliver = source && detail.nextStates.contains(.delivered)
        canWithdraw = (try? actor.requireClerk(of: request.requester)) != nil && detail.nextStates.contains(.withdrawn)
        approvedItems = ChoiceField(
            checks: "approved_items",
            label: "同意共享的数据项",
            options: request.requestedItems.map { ($0, $0) },
            chosen: input.approvedItems ?? request.requestedItems,
            hint: "最小授权:不能超出申请的数据项。",
            errors: errors
        )
        refusalReason = FormField("refusal_reason", label: "拒绝理由", value: input.refusalReason ?? "", errors: errors)
        refusalLegalBasis = FormField(
            "refusal_legal_basis",
            label: "法律、法规依据",
            value: input.refusalLegalBasis ?? "",
            hint: "写明法律、法规的名称和条款。",
            errors: errors
        )
        deliveryNote = FormField("delivery_note", label: "交付说明", value: input.deliveryNote ?? "", hint: "可不填。", errors: errors)
        withdrawalReason = FormField(
            "withdrawal_reason",
            label: "撤回理由",
            value: input.withdrawalReason ?? "",
            hint: "可不填;填写的理由告知数源部门。",
            errors: errors
        )
        confirmWithdrawal = ChoiceField(
            checks: "confirm_withdrawal",
            label: "确认撤回",
            options: [("true", "确认撤回本申请。撤回后数源部门不再办理,本申请不能恢复。")],
            chosen: input.confirmWithdrawal.map { [$0] } ?? [],
            errors: errors
        ).single()
        self.errors = errors
    }

    /// The request's terms: A23.4's elements (scenario, requester, data, mode, end date) and the dates of W.1.
    static func facts(_ request: ShareRequest) -> [Fact] {
        [
            Fact(label: "状态", value: request.state.label),
            Fact(label: "数据资源", value: "\(request.itemName)(\(request.itemCode),\(request.shareType.label))"),
            Fact(label: "申请机构", value: request.requesterName), Fact(label: "数源部门", value: request.sourceName),
            Fact(label: "应用场景", value: request.scenario), Fact(label: "所需数据项", value: request.requestedItems.joined(separator: "、")),
            Fact(label: "共享模式", value: request.mode.label), Fact(label: "申请用途", value: request.purpose.label),
            Fact(label: "使用截止日期", value: request.endDate.iso), Fact(label: "收到日期", value: request.receivedOn.iso),
            Fact(label: "答复期限", value: SharingDate.text(request.replyDue, provisional: request.replyDueProvisional)),
            Fact(label: "同意的数据项", value: request.approvedItems?.joined(separator: "、") ?? "—"),
            Fact(label: "交付期限", value: SharingDate.text(request.deliveryDue, provisional: request.deliveryDueProvisional)),
            Fact(label: "拒绝理由及依据", value: request.refusalReason.map { "\($0)(依据:\(request.refusalLegalBasis ?? "—"))" } ?? "—"),
        ]
    }
}

/// What the reply, delivery and withdrawal forms of a share request post.
struct ShareReplyInput: Decodable, Sendable {
    var decision: String?
    var approvedItems: [String]?
    var refusalReason: String?
    var refusalLegalBasis: String?
    var deliveryNote: String?
    var withdrawalReason: String?
    var confirmWithdrawal: String?

    enum CodingKeys: String, CodingKey {
        case decision
        case approvedItems = "approved_items"
        case refusalReason = "refusal_reason"
        case refusalLegalBasis = "refusal_legal_basis"
        case deliveryNote = "delivery_note"
        case withdrawalReason = "withdrawal_reason"
        case confirmWithdrawal = "confirm_withdrawal"
    }

    /// Whether the withdrawal's confirmation box was ticked.
    var withdrawalConfirmed: Bool { confirmWithdrawal == "true" }

    /// The reply chosen: agree to the items ticked, or refuse.
    var reply: ShareReply {
        decision == "approve"
            ? .approve(dataItems: approvedItems ?? [])
            : .refuse(reason: refusalReason ?? "", legalBasis: refusalLegalBasis ?? "")
    }
}

/// A due date as the facts show it: the day, marked 暂定 when counted on the provisional calendar (W.3).
enum SharingDate {
    static func text(_ day: CivilDate?, provisional: Bool) -> String {
        guard let day else { return "—" }
        return provisional ? "\(day.iso)(暂定)" : day.iso
    }
}
