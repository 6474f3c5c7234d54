import Foundation
import RegistryCore

/// 暂停数据利用主体获取权限 (A50.1): a reviewer of a public data authority finds any data user — an organisation by name
/// or code, an account by login, a natural person only by a fragment of the masked identity number and shown masked
/// (A13.1) — and records the violation of 第五十条 that suspends its access to the data concerned until rectified,
/// through the same workflow as the API.
struct SuspendDataUserPage: FormPage {
    static let template = "suspension-new"
    static let path = "/supervision/suspensions/new"
    static let fields: Set<String> = ["data_user_account", "item_id", "clause", "description", "found_on", "rectification_due"]
    let title = "暂停数据利用主体获取权限"
    var search: FormField
    var searched: Bool
    var results: [Candidate]
    var anyResults: Bool
    var limited: Bool
    /// The data user chosen, and the form that suspends its access.
    var chosen: Candidate?
    var item: ChoiceField
    var clause: ChoiceField
    var description: FormField
    var foundOn: FormField
    var rectificationDue: FormField
    var errors: FormErrors

    /// A data user's account as the page lists it: masked (A13.1), with the link that chooses it.
    struct Candidate: Sendable {
        var account: String
        var label: String
        var kind: String
        var login: String
        var state: String
        var link: String

        init(_ entry: DataUserAccountEntry) {
            account = entry.account.uuidString.lowercased()
            label = DataUserLabel.masked(entry.dataUser)
            kind = entry.dataUser.kind.label
            login = entry.login ?? "—"
            state = entry.suspended ? "获取权限暂停中" : "—"
            link = "\(SuspendDataUserPage.path)?account=\(account)"
        }
    }

    /// The search `query` and what it found; the form for `chosen` with the data it may cover (`items`).
    init(
        query: String = "",
        found: [DataUserAccountEntry]? = nil,
        chosen: (DataUserAccountEntry, [SuspensionItemChoice])? = nil,
        input: SuspensionInput = SuspensionInput(),
        errors: FormErrors = FormErrors()
    ) {
        search = FormField(
            "q",
            label: "查找数据利用主体",
            type: "search",
            value: query,
            hint: "组织名称、统一社会信用代码、登录名,或身份证号码的前六位、后四位(只显示脱敏信息)。",
            errors: FormErrors()
        )
        searched = found != nil
        results = (found ?? []).map(Candidate.init)
        anyResults = !results.isEmpty
        limited = results.count >= ViolationWorkflow.candidateLimit
        self.chosen = chosen.map { Candidate($0.0) }
        let items = chosen?.1 ?? []
        item = ChoiceField(
            "item_id",
            label: "相关公共数据",
            options: items.map { ($0.item.uuidString.lowercased(), "\($0.name)(\($0.code))") },
            chosen: input.item,
            prompt: "全部公共数据",
            hint: "可选该主体申请、反馈使用或曾违规利用的本地区数据;暂停获取全部公共数据的,由自治区公共数据主管部门决定。",
            errors: errors
        )
        clause = ChoiceField(
            "clause",
            label: "违反条款",
            options: ViolationClauses.options([.dataUser]),
            chosen: input.clause,
            prompt: "请选择",
            hint: "第五十条:暂时关闭其获取相关公共数据的权限,整改完成前有效。",
            errors: errors
        )
        description = FormField("description", label: "暂停原因(违规事实)", type: "textarea", value: input.description ?? "", errors: errors)
        foundOn = FormField("found_on", label: "发现日期", type: "date", value: input.foundOn ?? "", hint: "暂停自该日起。", errors: errors)
        rectificationDue = FormField(
            "rectification_due",
            label: "整改期限",
            type: "date",
            value: input.rectificationDue ?? "",
            hint: "责令限期改正的截止日期;整改完成前暂停有效。",
            errors: errors
        )
        self.errors = errors
    }
}

/// What the suspension form posts (A50.1).
struct SuspensionInput: Decodable, Sendable {
    var account: String?
    var item: String?
    var clause: String?
    var description: String?
    var foundOn: String?
    var rectificationDue: String?

    enum CodingKeys: String, CodingKey {
        case clause, description
        case account = "data_user_account"
        case item = "item_id"
        case foundOn = "found_on"
        case rectificationDue = "rectification_due"
    }

    init() {}

    /// The account chosen; one that is not an id names no data user.
    var accountID: UUID {
        get throws {
            guard let id = account.flatMap(UUID.init(uuidString:)) else {
                throw RegistryError.missing("data_user_account", "数据利用主体", article: "A50.1")
            }
            return id
        }
    }

    /// The violation of 第五十条 the suspension records, as the API takes it (``NewViolation``).
    var violation: NewViolation {
        get throws {
            let item = try FormShape.optionalText(item).map { text in
                guard let id = UUID(uuidString: text) else { throw RegistryError.invalid("item_id", "请选择相关公共数据。", article: "A50.1") }
                return id
            }
            return NewViolation(
                subject: .dataUser,
                dataUserAccount: try accountID,
                itemID: item,
                clause: clause ?? "",
                description: description ?? "",
                foundOn: try FormShape.date(foundOn, "found_on"),
                rectificationDue: try FormShape.date(rectificationDue, "rectification_due")
            )
        }
    }
}

extension RegistryError {
    /// The refusal as the suspension form shows it: a data user's violation is one of 第五十条, so the refusals of the
    /// rules it shares with the violations of institutions (A49.1), and the shape checks citing nothing, cite A50.1.
    var citingArticle50: RegistryError {
        guard belongsOnForm, article == nil || article == "A49.1" else { return self }
        var cited = self
        cited.article = "A50.1"
        return cited
    }
}
