import Foundation
import Hummingbird
import RegistryCore

/// The data users' pages (数据利用主体, A3): self-registration, their applications for conditionally open data (A28.2)
/// and objections to open data with evidence files (A28.3), and any suspension of their access (A50.1). Each step calls
/// the workflow the API calls — ``DataUserRegistration``, ``OpenApplicationWorkflow``, ``ObjectionWorkflow``.
struct DataUserPagesController: Sendable {
    /// Where the objection form is posted: the one data user path that takes a file.
    static let objectionPath = "/my/objections"

    let site: WebSite
    let database: RegistryDatabase
    let service: SignInService
    let cookies: WebCookies

    var applications: OpenApplicationWorkflow { OpenApplicationWorkflow(database: database) }
    var objections: ObjectionWorkflow { ObjectionWorkflow(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/register", use: showRegister)
        router.post("/register", use: register)
        router.get("/my", use: my)
        router.get("/my/applications/new", use: showApply)
        router.post("/my/applications", use: apply)
        router.get("/my/applications/{id}", use: application)
        router.get("/my/objections/new", use: showObject)
        router.post(RouterPath(stringLiteral: Self.objectionPath), use: object)
        router.get("/my/objections/{id}", use: objection)
        router.get("/my/error-reports/new", use: showReport)
        router.post("/my/error-reports", use: report)
        router.get("/my/feedback/new", use: showFeedback)
        router.post("/my/feedback", use: feedback)
        router.get("/my/products/new", use: showProduct)
        router.post("/my/products", use: product)
    }

    // MARK: Registration

    @Sendable func showRegister(_ request: Request, context: WebRequestContext) async throws -> Response {
        if context.signedIn != nil { return .redirect(to: "/workspace") }
        return try site.render(RegisterPage(), for: request, context: context)
    }

    /// Checks the shape of everything before the password is hashed, registers in one audited transaction, then signs
    /// the new data user in.
    @Sendable func register(_ request: Request, context: WebRequestContext) async throws -> Response {
        let input = try context.form.decode(RegisterInput.self)
        return try await site.submit(
            request,
            context: context,
            reshow: { RegisterPage(input: input, errors: $0) },
            {
                try await Self.formFields {
                    let dataUser = try input.dataUser()
                    _ = try NewAccount(role: .dataUser, displayName: dataUser.name, dataUser: dataUser).validated()
                    let login = try Login(input.login ?? "")
                    let password = input.password ?? ""
                    try service.passwords.check(password, repeated: input.passwordRepeated ?? "")
                    let hash = try await service.hasher.hash(password)
                    _ = try await DataUserRegistration(database: database).register(dataUser, login: login, passwordHash: hash, requestID: context.id)
                    let secret = try await service.signIn(login: login.value, password: password, requestID: context.id)
                    var response = Response.redirect(to: "/my?done=registered")
                    response.setCookie(cookies.session(secret))
                    return response
                }
            }
        )
    }

    /// Runs `body`, naming a refused field of the data user or its account as the form names it (`data_user.citizen_id`
    /// is `citizen_id`, the account's `display_name` is the data user's `name`).
    private static func formFields(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch var error as RegistryError {
            if let field = error.field, field.hasPrefix("data_user.") { error.field = String(field.dropFirst("data_user.".count)) }
            if error.field == "display_name" { error.field = "name" }
            throw error
        }
    }

    // MARK: The data user's own

    @Sendable func my(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.dataUser)
        let filed = try await applications.applications(of: nil, by: actor)
        let objected = try await objections.objections(of: nil, by: actor)
        let states = try await database.read { connection in
            try objected.map { try ObjectionStore().openingState(of: $0.itemID, on: connection) }
        }
        let suspensions = try await DataUserSuspension.inForce(for: actor, in: database)
        let reports = try await ErrorReportWorkflow(database: database).reports(of: nil, state: nil, by: actor)
        let dishonest = try await DishonestConductWorkflow(database: database).records(institution: nil, inForceOnly: true, by: actor)
        let page = MyPage(
            applications: filed,
            objections: Array(zip(objected, states)),
            reports: reports,
            suspensions: suspensions,
            dishonest: dishonest,
            notice: MyPage.notice(request.uri.queryParameters["done"].map(String.init))
        )
        return try site.render(page, for: request, context: context)
    }

    @Sendable func application(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.dataUser)
        let found = try await applications.application(try SharingPath.id(context), by: actor)
        let notice = MyPage.notice(request.uri.queryParameters["done"].map(String.init))
        return try site.render(MyRecordPage(found, notice: notice), for: request, context: context)
    }

    @Sendable func objection(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.dataUser)
        let id = try SharingPath.id(context)
        let found = try await objections.objection(id, by: actor)
        let evidence = try await objections.evidence(of: id, by: actor)
        let opening = try await database.read { try ObjectionStore().openingState(of: found.itemID, on: $0) }
        let notice = MyPage.notice(request.uri.queryParameters["done"].map(String.init))
        return try site.render(MyRecordPage(found, opening: opening, evidence: evidence, notice: notice), for: request, context: context)
    }

    // MARK: Applying (A28.2)

    @Sendable func showApply(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.dataUser)
        let item = try await openItem(request.uri.queryParameters["item"].map(String.init))
        return try site.render(NewOpenApplicationPage(item: item), for: request, context: context)
    }

    @Sendable func apply(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.dataUser)
        let item = try await openItem(try context.form.decode(ItemInput.self).item)
        let input = try context.form.decode(OpenApplicationInput.self)
        return try await site.submit(
            request,
            context: context,
            reshow: { NewOpenApplicationPage(item: item, input: input, errors: $0) },
            {
                let filed = try await applications.file(try input.application(for: item.entry.itemID), by: actor)
                return .redirect(to: "/my/applications/\(filed.id.uuidString.lowercased())?done=applied")
            }
        )
    }

    // MARK: Objecting (A28.3)

    @Sendable func showObject(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.dataUser)
        let item = try await openItem(request.uri.queryParameters["item"].map(String.init))
        return try site.render(NewObjectionPage(item: item), for: request, context: context)
    }

    /// Files the objection with its evidence file; the item leaves the portal in the same transaction.
    @Sendable func object(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.dataUser)
        let input = try context.form.decode(ObjectionInput.self)
        let item = try await openItem(input.item)
        return try await site.submit(
            request,
            context: context,
            reshow: { NewObjectionPage(item: item, input: input, errors: $0) },
            {
                let (objection, file) = try input.objection(for: item.entry.itemID, file: context.form.file("evidence_file"))
                let filed = try await objections.file(objection, evidence: [file], by: actor)
                return .redirect(to: "/my/objections/\(filed.id.uuidString.lowercased())?done=objected")
            }
        )
    }

    // MARK: Error reports (A45.1) and usage feedback (A36.1)

    @Sendable func showReport(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.dataUser)
        let item = try await openItem(request.uri.queryParameters["item"].map(String.init))
        return try site.render(NewErrorReportPage(item: item), for: request, context: context)
    }

    @Sendable func report(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.dataUser)
        let item = try await openItem(try context.form.decode(ItemInput.self).item)
        let input = try context.form.decode(ErrorReportInput.self)
        return try await site.submit(
            request,
            context: context,
            reshow: { NewErrorReportPage(item: item, input: input, errors: $0) },
            {
                _ = try await ErrorReportWorkflow(database: database).file(try input.report(for: item.entry.itemID), by: actor)
                return .redirect(to: "/my?done=reported")
            }
        )
    }

    @Sendable func showFeedback(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.dataUser)
        let item = try await openItem(request.uri.queryParameters["item"].map(String.init))
        return try site.render(UsageFeedbackPage(item: item), for: request, context: context)
    }

    @Sendable func feedback(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.dataUser)
        let item = try await openItem(try context.form.decode(ItemInput.self).item)
        let input = try context.form.decode(UsageFeedbackInput.self)
        return try await site.submit(
            request,
            context: context,
            reshow: { UsageFeedbackPage(item: item, input: input, errors: $0) },
            {
                try await SecurityRecords(database: database).feedback(input.feedback(for: item.entry.itemID), by: actor)
                return .redirect(to: "/my?done=feedback")
            }
        )
    }

    // MARK: Data products (A33.1)

    @Sendable func showProduct(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.dataUser)
        let item = try await openItem(request.uri.queryParameters["item"].map(String.init))
        return try site.render(NewDataProductPage(item: item), for: request, context: context)
    }

    @Sendable func product(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.dataUser)
        let item = try await openItem(try context.form.decode(ItemInput.self).item)
        let input = try context.form.decode(DataProductInput.self)
        return try await site.submit(
            request,
            context: context,
            reshow: { NewDataProductPage(item: item, input: input, errors: $0) },
            {
                _ = try await DataProductWorkflow(database: database).record(try input.product(for: item.entry.itemID), by: actor)
                return .redirect(to: "/my?done=product")
            }
        )
    }

    /// An item of the open catalog; anything else is not found.
    private func openItem(_ text: String?) async throws -> OpenPortalItem {
        guard let id = text.flatMap(UUID.init(uuidString:)), let item = try await OpenPortal(database: database).item(id) else {
            throw RegistryError.notFound("开放数据")
        }
        return item
    }

    /// The item a form posts.
    struct ItemInput: Decodable {
        var item: String?
    }
}
