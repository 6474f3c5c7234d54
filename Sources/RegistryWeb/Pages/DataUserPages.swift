import Foundation
import RegistryCore

/// 数据利用主体注册 (A3, A13.1, A14.1, A44.1): a natural person by name and citizen identity number, an organisation by
/// its unified social credit code, with the login and password it signs in with.
struct RegisterPage: FormPage {
    static let template = "register"
    static let fields: Set<String> = ["kind", "name", "citizen_id", "uscc", "login", "password", "password_repeated"]
    let title = "数据利用主体注册"
    var kind: ChoiceField
    var name: FormField
    var citizenID: FormField
    var uscc: FormField
    var login: FormField
    var password: FormField
    var passwordRepeated: FormField
    var errors: FormErrors

    init(input: RegisterInput = RegisterInput(), errors: FormErrors = FormErrors()) {
        kind = ChoiceField(
            "kind",
            label: "主体类型",
            options: ChoiceField.options(DataUserKind.self, label: \.label),
            chosen: input.kind ?? DataUserKind.naturalPerson.rawValue,
            errors: errors
        )
        name = FormField("name", label: "姓名或名称", value: input.name ?? "", autocomplete: "name", errors: errors)
        citizenID = FormField(
            "citizen_id",
            label: "公民身份号码",
            value: input.citizenID ?? "",
            autocomplete: "off",
            hint: "自然人填写(18 位,末位校验码按 GB 11643)。号码只保存摘要和遮蔽形式,此后不再完整显示。",
            errors: errors
        )
        uscc = FormField(
            "uscc",
            label: "统一社会信用代码",
            value: input.uscc ?? "",
            autocomplete: "off",
            hint: "法人和非法人组织填写(18 位,按 GB 32100 校验)。",
            errors: errors
        )
        login = FormField("login", label: "登录名", value: input.login ?? "", autocomplete: "username", hint: "小写字母开头,3 至 32 位。", errors: errors)
        password = FormField(
            "password",
            label: "密码",
            type: "password",
            autocomplete: "new-password",
            hint: "至少 \(PasswordPolicy.minimumLength) 个字符,不能是常见密码。",
            errors: errors
        )
        passwordRepeated = FormField("password_repeated", label: "再次输入密码", type: "password", autocomplete: "new-password", errors: errors)
        self.errors = errors
    }
}

/// What the registration form posts.
struct RegisterInput: Decodable, Sendable {
    var kind: String?
    var name: String?
    var citizenID: String?
    var uscc: String?
    var login: String?
    var password: String?
    var passwordRepeated: String?

    enum CodingKeys: String, CodingKey {
        case kind, name, uscc, login, password
        case citizenID = "citizen_id"
        case passwordRepeated = "password_repeated"
    }

    init() {}

    /// The data user, with the one number its kind is identified by.
    func dataUser() throws -> NewDataUser {
        let kind: DataUserKind = try FormShape.choice(kind, "kind", "主体类型")
        let person = kind == .naturalPerson
        return NewDataUser(
            kind: kind,
            name: name ?? "",
            citizenID: person ? FormShape.optionalText(citizenID) ?? "" : nil,
            uscc: person ? nil : FormShape.optionalText(uscc) ?? (kind == .legalPerson ? "" : nil)
        )
    }
}

/// 我的申请与异议: the signed-in data user's applications (A28.2) and objections (A28.3) with their state and reply, and
/// any suspension of its access (A50.1) or dishonest conduct record in force (A44.2) with why and until when.
struct MyPage: PageView {
    static let template = "my"
    let title = "我的申请与异议"
    var notice: String?
    var suspensions: [Suspension]
    var anySuspensions: Bool
    /// 失信记录 in force against the data user (A44.2).
    var dishonest: [Dishonest]
    var anyDishonest: Bool
    var applications: [Row]
    var anyApplications: Bool
    var objections: [Row]
    var anyObjections: Bool
    var reports: [Row]
    var anyReports: Bool

    /// A suspension in force.
    struct Suspension: Sendable {
        var reason: String
        var article: String
        var scope: String
        var from: String
        var until: String
    }

    /// A dishonest conduct record in force, as its subject reads it.
    struct Dishonest: Sendable {
        var conduct: String
        var legalBasis: String
        var from: String
        var until: String
        var constraint: String
    }

    /// An application or an objection in the lists.
    struct Row: Sendable {
        var link: String
        var number: Int64
        var itemName: String
        var state: String
        var receivedOn: String
        var reply: String
        var suspended: Bool
    }

    init(
        applications: [OpenApplication],
        objections: [(Objection, OpeningState)],
        reports: [ErrorReport],
        suspensions: [DataUserSuspension],
        dishonest: [DishonestConduct] = [],
        notice: String?
    ) {
        self.notice = notice
        self.dishonest = dishonest.map { record in
            Dishonest(
                conduct: record.conduct,
                legalBasis: record.legalBasis,
                from: record.effectiveFrom.iso,
                until: record.effectiveUntil.iso,
                constraint: record.restrictsOpenApplications ? "有效期内不得申请有条件开放的公共数据" : "记录在案,不限制申请"
            )
        }
        anyDishonest = !self.dishonest.isEmpty
        self.suspensions = suspensions.map { suspension in
            let until =
                suspension.suspendedUntil.map { "\($0.iso) 止" }
                ?? suspension.rectificationDue.map { "整改完成前(整改期限 \($0.iso))" } ?? "整改完成前"
            return Suspension(
                reason: suspension.reason,
                article: ArticleName.of(suspension.article) ?? suspension.article,
                scope: suspension.itemName.map { "数据:\($0)" } ?? "全部公共数据",
                from: suspension.suspendedFrom.iso,
                until: until
            )
        }
        anySuspensions = !self.suspensions.isEmpty
        self.applications = applications.map { application in
            Row(
                link: "/my/applications/\(application.id.uuidString.lowercased())",
                number: application.number,
                itemName: application.itemName,
                state: application.state.label,
                receivedOn: application.receivedOn.iso,
                reply: MyPage.reply(application),
                suspended: false
            )
        }
        anyApplications = !self.applications.isEmpty
        self.objections = objections.map { objection, opening in
            Row(
                link: "/my/objections/\(objection.id.uuidString.lowercased())",
                number: objection.number,
                itemName: objection.itemName,
                state: objection.state.label,
                receivedOn: objection.receivedOn.iso,
                reply: objection.feedback ?? "核实中",
                suspended: opening == .suspended
            )
        }
        anyObjections = !self.objections.isEmpty
        self.reports = reports.map { report in
            Row(
                link: PortalPath.item(report.itemID),
                number: report.number,
                itemName: report.itemName,
                state: report.state.label,
                receivedOn: report.receivedOn.iso,
                reply: report.feedback ?? report.rejectionReason ?? "处理期限 \(report.handlingDue.iso)",
                suspended: false
            )
        }
        anyReports = !self.reports.isEmpty
    }

    /// The institution's answer to an application, in a line.
    static func reply(_ application: OpenApplication) -> String {
        switch application.state {
        case .submitted: "待答复"
        case .approved: "同意:用途 \(application.approvedUse ?? "—");范围 \(application.approvedScope ?? "—")"
        case .refused: "不同意:\(application.refusalReason ?? "—")(依据 \(application.refusalLegalBasis ?? "—"))"
        case .withdrawn: "已撤回"
        }
    }

    /// The notices the data user's pages are redirected to after a step (`?done=…`).
    static func notice(_ key: String?) -> String? {
        switch key {
        case "registered": "注册成功,已为您登录。"
        case "applied": "开放申请已提交,请等待数据提供机构答复。"
        case "objected": "异议已受理,相关数据已中止开放。"
        case "reported": "纠错已提交,数据提供机构将在处理期限内核实并反馈。"
        case "feedback": "使用情况反馈已提交。"
        case "product": "数据产品已登记,并在所利用数据的开放页面公示。"
        default: nil
        }
    }
}

/// 开放申请 (A28.2): the form for a conditionally open item — scenario, data scope, delivery method, time limit and
/// security measures, every one required.
struct NewOpenApplicationPage: FormPage {
    static let template = "open-application-new"
    static let fields: Set<String> = ["scenario", "data_scope", "delivery_method", "time_limit", "security_measures"]
    let title = "提出开放申请"
    var itemID: String
    var facts: [Fact]
    var scenario: FormField
    var dataScope: FormField
    var deliveryMethod: FormField
    var timeLimit: FormField
    var securityMeasures: FormField
    var errors: FormErrors

    init(item: OpenPortalItem, input: OpenApplicationInput = OpenApplicationInput(), errors: FormErrors = FormErrors()) {
        itemID = item.entry.itemID.uuidString.lowercased()
        facts = [
            Fact(label: "数据资源", value: "\(item.entry.name)(\(item.entry.code))"), Fact(label: "提供机构", value: item.entry.institutionName),
            Fact(label: "开放条件", value: item.openConditions ?? "—"),
        ]
        scenario = FormField("scenario", label: "具体应用场景", type: "textarea", value: input.scenario ?? "", errors: errors)
        dataScope = FormField("data_scope", label: "数据需求范围", type: "textarea", value: input.dataScope ?? "", hint: "所需的数据项、时间和地域范围。", errors: errors)
        deliveryMethod = FormField(
            "delivery_method",
            label: "数据提供方式",
            value: input.deliveryMethod ?? "",
            hint: "如:接口调用、文件下载、数据沙箱。",
            errors: errors
        )
        timeLimit = FormField("time_limit", label: "数据使用时限", type: "date", value: input.timeLimit ?? "", hint: "使用截止日期,不早于申请之日。", errors: errors)
        securityMeasures = FormField("security_measures", label: "安全保障措施", type: "textarea", value: input.securityMeasures ?? "", errors: errors)
        self.errors = errors
    }
}

/// What the open application form posts.
struct OpenApplicationInput: Decodable, Sendable {
    var scenario: String?
    var dataScope: String?
    var deliveryMethod: String?
    var timeLimit: String?
    var securityMeasures: String?

    enum CodingKeys: String, CodingKey {
        case scenario
        case dataScope = "data_scope"
        case deliveryMethod = "delivery_method"
        case timeLimit = "time_limit"
        case securityMeasures = "security_measures"
    }

    init() {}

    func application(for item: UUID) throws -> NewOpenApplication {
        NewOpenApplication(
            itemID: item,
            scenario: scenario ?? "",
            dataScope: dataScope ?? "",
            deliveryMethod: deliveryMethod ?? "",
            timeLimit: try FormShape.date(timeLimit, "time_limit"),
            securityMeasures: securityMeasures ?? ""
        )
    }
}

/// An application or an objection as the data user who filed it follows it: the terms, the state and the answer; an
/// objection with the opening state of its item and its evidence files.
struct MyRecordPage: PageView {
    static let template = "my-record"
    var title: String
    var notice: String?
    var facts: [Fact]
    var files: [File]
    var anyFiles: Bool

    /// An evidence file of an objection.
    struct File: Sendable {
        var name: String
        var size: String
    }

    init(_ application: OpenApplication, notice: String?) {
        title = "开放申请 第 \(application.number) 号"
        self.notice = notice
        facts = [
            Fact(label: "数据资源", value: "\(application.itemName)(\(application.itemCode))"), Fact(label: "状态", value: application.state.label),
            Fact(label: "提出日期", value: application.receivedOn.iso), Fact(label: "具体应用场景", value: application.scenario),
            Fact(label: "数据需求范围", value: application.dataScope), Fact(label: "数据提供方式", value: application.deliveryMethod),
            Fact(label: "数据使用时限", value: application.timeLimit.iso), Fact(label: "安全保障措施", value: application.securityMeasures),
            Fact(label: "答复日期", value: application.repliedOn?.iso ?? "—"), Fact(label: "答复", value: MyPage.reply(application)),
        ]
        files = []
        anyFiles = false
    }

    init(_ objection: Objection, opening: OpeningState, evidence: [ObjectionEvidence], notice: String?) {
        title = "异议 第 \(objection.number) 号"
        self.notice = notice
        let openingText =
            switch opening {
            case .open: "开放中"
            case .suspended: "中止开放"
            case .withdrawn: "已撤回"
            case .notOpen: "非开放"
            }
        facts = [
            Fact(label: "数据资源", value: "\(objection.itemName)(\(objection.itemCode))"), Fact(label: "数据开放状态", value: openingText),
            Fact(label: "异议状态", value: objection.state.label), Fact(label: "受理日期", value: objection.receivedOn.iso),
            Fact(label: "侵害的权益", value: objection.harm.label), Fact(label: "异议说明", value: objection.description),
            Fact(label: "证据材料说明", value: objection.evidence), Fact(label: "处理日期", value: objection.decidedOn?.iso ?? "—"),
            Fact(label: "处理结果反馈", value: objection.feedback ?? "核实中"),
        ]
        files = evidence.map { File(name: $0.filename, size: Figures.bytes($0.size)) }
        anyFiles = !files.isEmpty
    }
}

/// 提出异议 (A28.3): the form for an open item — the harm claimed, how, and the evidence as a file (PDF, PNG or JPEG).
struct NewObjectionPage: FormPage {
    static let template = "objection-new"
    static let fields: Set<String> = ["harm", "description", "evidence", "evidence_file"]
    let title = "提出异议"
    var action: String
    var itemID: String
    var facts: [Fact]
    var harm: ChoiceField
    var description: FormField
    var evidence: FormField
    var evidenceFile: FormField
    var errors: FormErrors

    init(item: OpenPortalItem, input: ObjectionInput = ObjectionInput(), errors: FormErrors = FormErrors()) {
        action = DataUserPagesController.objectionPath
        itemID = item.entry.itemID.uuidString.lowercased()
        facts = [
            Fact(label: "数据资源", value: "\(item.entry.name)(\(item.entry.code))"), Fact(label: "提供机构", value: item.entry.institutionName),
        ]
        harm = ChoiceField(
            "harm",
            label: "侵害的权益",
            options: ChoiceField.options(ObjectionHarm.self, label: \.label),
            chosen: input.harm,
            prompt: "请选择",
            errors: errors
        )
        description = FormField(
            "description",
            label: "异议说明",
            type: "textarea",
            value: input.description ?? "",
            hint: "开放的数据如何侵害您的合法权益。",
            errors: errors
        )
        evidence = FormField("evidence", label: "证据材料说明", type: "textarea", value: input.evidence ?? "", hint: "可选:说明所附文件。", errors: errors)
        evidenceFile = FormField(
            "evidence_file",
            label: "证据文件",
            type: "file",
            hint: "PDF、PNG 或 JPEG,不超过 \(Figures.bytes(ObjectionEvidenceFile.maxSize))。",
            errors: errors
        )
        self.errors = errors
    }
}

/// What the objection form posts besides its file.
struct ObjectionInput: Decodable, Sendable {
    var item: String?
    var harm: String?
    var description: String?
    var evidence: String?

    init() {}

    /// The objection and its evidence file: the file is required; the note defaults to naming it.
    func objection(for item: UUID, file: UploadedFile?) throws -> (NewObjection, ObjectionEvidenceFile) {
        let harm: ObjectionHarm = try FormShape.choice(harm, "harm", "侵害的权益")
        guard let file else { throw RegistryError.missing("evidence_file", "证据文件", article: "A28.3") }
        let evidenceFile = try ObjectionEvidenceFile(filename: file.filename, content: file.bytes)
        let note = FormShape.optionalText(evidence) ?? "见所附证据文件:\(evidenceFile.filename)"
        return (NewObjection(itemID: item, harm: harm, description: description ?? "", evidence: note), evidenceFile)
    }
}

/// 纠错 (A45.1): a data user reports an error or omission in an open item's data; the providing institution verifies
/// and handles it within its deadline.
struct NewErrorReportPage: FormPage {
    static let template = "error-report-new"
    static let fields: Set<String> = ["kind", "description"]
    let title = "数据纠错"
    var itemID: String
    var facts: [Fact]
    var kind: ChoiceField
    var description: FormField
    var errors: FormErrors

    init(item: OpenPortalItem, input: ErrorReportInput = ErrorReportInput(), errors: FormErrors = FormErrors()) {
        itemID = item.entry.itemID.uuidString.lowercased()
        facts = [Fact(label: "数据资源", value: "\(item.entry.name)(\(item.entry.code))"), Fact(label: "提供机构", value: item.entry.institutionName)]
        kind = ChoiceField(
            "kind",
            label: "纠错类型",
            options: ChoiceField.options(ErrorReportKind.self, label: \.label),
            chosen: input.kind,
            prompt: "请选择",
            errors: errors
        )
        description = FormField(
            "description",
            label: "错误或遗漏的情形",
            type: "textarea",
            value: input.description ?? "",
            hint: "哪些数据有误或缺失,正确的应当是什么。",
            errors: errors
        )
        self.errors = errors
    }
}

/// What the error report form posts.
struct ErrorReportInput: Decodable, Sendable {
    var kind: String?
    var description: String?

    init() {}

    func report(for item: UUID) throws -> NewErrorReport {
        NewErrorReport(itemID: item, kind: try FormShape.choice(kind, "kind", "纠错类型"), description: description ?? "")
    }
}

/// 使用情况反馈 (A36.1): how the data user used data it obtained in a period, and how it kept it secure.
struct UsageFeedbackPage: FormPage {
    static let template = "usage-feedback-new"
    static let fields: Set<String> = ["period", "use_description", "security_measures"]
    let title = "使用情况反馈"
    var itemID: String
    var facts: [Fact]
    var period: FormField
    var useDescription: FormField
    var securityMeasures: FormField
    var errors: FormErrors

    init(item: OpenPortalItem, input: UsageFeedbackInput = UsageFeedbackInput(), errors: FormErrors = FormErrors()) {
        itemID = item.entry.itemID.uuidString.lowercased()
        facts = [Fact(label: "数据资源", value: "\(item.entry.name)(\(item.entry.code))"), Fact(label: "提供机构", value: item.entry.institutionName)]
        period = FormField("period", label: "反馈期间", value: input.period ?? "", hint: "如:2026年第三季度。", errors: errors)
        useDescription = FormField("use_description", label: "使用情况", type: "textarea", value: input.useDescription ?? "", errors: errors)
        securityMeasures = FormField("security_measures", label: "安全保障措施", type: "textarea", value: input.securityMeasures ?? "", errors: errors)
        self.errors = errors
    }
}

/// What the usage feedback form posts.
struct UsageFeedbackInput: Decodable, Sendable {
    var period: String?
    var useDescription: String?
    var securityMeasures: String?

    enum CodingKeys: String, CodingKey {
        case period
        case useDescription = "use_description"
        case securityMeasures = "security_measures"
    }

    init() {}

    func feedback(for item: UUID) -> UsageFeedback {
        UsageFeedback(itemID: item, period: period ?? "", useDescription: useDescription ?? "", securityMeasures: securityMeasures ?? "")
    }
}

/// A33.1: the form a data user records a data product built on an open item with (several items through the API).
struct NewDataProductPage: FormPage {
    static let template = "data-product-new"
    static let fields: Set<String> = ["name", "purpose", "made_on"]
    let title = "登记数据产品"
    var itemID: String
    var facts: [Fact]
    var name: FormField
    var purpose: FormField
    var madeOn: FormField
    var errors: FormErrors

    init(item: OpenPortalItem, input: DataProductInput = DataProductInput(), errors: FormErrors = FormErrors()) {
        itemID = item.entry.itemID.uuidString.lowercased()
        facts = [Fact(label: "所利用的开放数据", value: "\(item.entry.name)(\(item.entry.code))"), Fact(label: "提供机构", value: item.entry.institutionName)]
        name = FormField("name", label: "产品名称", value: input.name ?? "", errors: errors)
        purpose = FormField("purpose", label: "用途", type: "textarea", value: input.purpose ?? "", hint: "产品做什么、为谁服务。", errors: errors)
        madeOn = FormField("made_on", label: "形成日期", type: "date", value: input.madeOn ?? "", errors: errors)
        self.errors = errors
    }
}

/// What the data product form posts.
struct DataProductInput: Decodable, Sendable {
    var name: String?
    var purpose: String?
    var madeOn: String?

    enum CodingKeys: String, CodingKey {
        case name, purpose
        case madeOn = "made_on"
    }

    init() {}

    func product(for item: UUID) throws -> NewDataProduct {
        guard let day = madeOn.flatMap(CivilDate.init(iso:)) else {
            throw RegistryError.invalid("made_on", "形成日期须为 YYYY-MM-DD 格式的有效日期。", article: "A33.1")
        }
        return NewDataProduct(name: name ?? "", purpose: purpose ?? "", madeOn: day, itemIDs: [item])
    }
}
