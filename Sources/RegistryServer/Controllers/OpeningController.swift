import Foundation
import Hummingbird
import RegistryCore

/// Opening to the public (A28.1–A28.3): the open catalog for everyone; applications for conditionally open data and
/// objections from data users; answers and decisions from the providing institutions. Who may do what is decided by
/// ``OpenApplicationWorkflow`` and ``ObjectionWorkflow``.
struct OpeningController {
    let database: RegistryDatabase
    /// The open catalog held in memory for searches with words; `nil`: the database answers them.
    var searchIndex: OpenCatalogSearchIndex? = nil

    var applications: OpenApplicationWorkflow { OpenApplicationWorkflow(database: database) }
    var objections: ObjectionWorkflow { ObjectionWorkflow(database: database) }

    struct Applications: ResponseEncodable { var applications: [OpenApplication] }
    struct Objections: ResponseEncodable { var objections: [Objection] }

    /// `{"approve": true, "approved_use": …, "approved_scope": …}` or `{"approve": false, "refusal_reason": …,
    /// "refusal_legal_basis": …}`.
    struct ReplyBody: Decodable {
        var approve: Bool
        var approvedUse: String?
        var approvedScope: String?
        var refusalReason: String?
        var refusalLegalBasis: String?

        var reply: OpenApplicationReply {
            approve
                ? .approve(use: approvedUse ?? "", scope: approvedScope ?? "")
                : .refuse(reason: refusalReason ?? "", legalBasis: refusalLegalBasis ?? "")
        }
    }

    /// `{"outcome": "withdraw|restore|process", "verification_note": …, "feedback": …}`.
    struct DecisionBody: Decodable {
        enum Outcome: String, Decodable { case withdraw, restore, process }
        var outcome: Outcome
        var verificationNote: String?
        var feedback: String?

        var decision: ObjectionDecision {
            let (note, feedback) = (verificationNote ?? "", feedback ?? "")
            return switch outcome {
            case .withdraw: .withdraw(verification: note, feedback: feedback)
            case .restore: .restore(verification: note, feedback: feedback)
            case .process: .process(verification: note, feedback: feedback)
            }
        }
    }

    /// `{"feedback": …}`.
    struct FeedbackBody: Decodable { var feedback: String? }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/open-catalog", use: openCatalog)
        group.get("/data-products", use: dataProducts)
        group.post("/data-products", use: recordDataProduct)
        group.post("/open-applications", use: fileApplication)
        group.get("/open-applications", use: listApplications)
        group.get("/open-applications/{id}", use: application)
        group.post("/open-applications/{id}/reply", use: reply)
        group.post("/open-applications/{id}/withdraw", use: withdraw)
        group.post("/open-objections", use: fileObjection)
        group.get("/open-objections", use: listObjections)
        group.get("/open-objections/{id}", use: objection)
        group.post("/open-objections/{id}/decide", use: decide)
        group.post("/open-objections/{id}/reopen", use: reopen)
    }

    /// `GET /api/v1/open-catalog?q=&division=&institution=&category=&open_type=&grade=&update_frequency=&format=&limit=&cursor=`
    /// (public, A28.1): the open catalog's search with its facets' counts — the portal's search. Pages by `cursor`
    /// (`next_cursor` of the page before); `offset` still pages as before (with a cursor, it skips matches after it).
    @Sendable func openCatalog(_ request: Request, context: RegistryRequestContext) async throws -> OpenCatalogPage {
        let query = ListingQuery(request)
        let search = try OpenPortalQuery(parameters: query.parameters)
        let page = try query.page()
        let cursor = try query["cursor"].map { token throws(RegistryError) in try OpenPortalCursor(token: token) }
        let start = OpenPortalPageStart(after: cursor, offset: page.offset)
        return try await OpenCatalog(database: database.readReplica, searchIndex: searchIndex).search(search, limit: page.limit, from: start)
    }

    /// `POST /api/v1/open-applications` (a data user).
    @Sendable func fileApplication(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<OpenApplication> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewOpenApplication.self, context: context)
        return EditedResponse(status: .created, response: try await applications.file(input, by: actor))
    }

    /// `GET /api/v1/open-applications[?institution=]`: a data user's own, or those an institution answers.
    @Sendable func listApplications(_ request: Request, context: RegistryRequestContext) async throws -> Applications {
        let actor = try context.requirePrincipal()
        let institution = ListingQuery(request)["institution"]?.uppercased()
        return Applications(applications: try await OpenApplicationWorkflow(database: database.readReplica).applications(of: institution, by: actor))
    }

    /// `GET /api/v1/open-applications/{id}`.
    @Sendable func application(_ request: Request, context: RegistryRequestContext) async throws -> OpenApplication {
        try await applications.application(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/open-applications/{id}/reply` (a clerk of the providing institution).
    @Sendable func reply(_ request: Request, context: RegistryRequestContext) async throws -> OpenApplication {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: ReplyBody.self, context: context)
        return try await applications.reply(to: try ListingQuery.pathID(context), body.reply, by: actor)
    }

    /// `POST /api/v1/open-applications/{id}/withdraw` (the applicant).
    @Sendable func withdraw(_ request: Request, context: RegistryRequestContext) async throws -> OpenApplication {
        try await applications.withdraw(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/open-objections` (a data user): the item's opening is suspended at once.
    @Sendable func fileObjection(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<Objection> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewObjection.self, context: context)
        return EditedResponse(status: .created, response: try await objections.file(input, by: actor))
    }

    /// `GET /api/v1/open-objections[?institution=]`: a data user's own, or those an institution decides.
    @Sendable func listObjections(_ request: Request, context: RegistryRequestContext) async throws -> Objections {
        let actor = try context.requirePrincipal()
        let institution = ListingQuery(request)["institution"]?.uppercased()
        return Objections(objections: try await ObjectionWorkflow(database: database.readReplica).objections(of: institution, by: actor))
    }

    /// `GET /api/v1/open-objections/{id}`.
    @Sendable func objection(_ request: Request, context: RegistryRequestContext) async throws -> Objection {
        try await objections.objection(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/open-objections/{id}/decide` (a clerk of the providing institution).
    @Sendable func decide(_ request: Request, context: RegistryRequestContext) async throws -> Objection {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: DecisionBody.self, context: context)
        return try await objections.decide(try ListingQuery.pathID(context), body.decision, by: actor)
    }

    /// `POST /api/v1/open-objections/{id}/reopen` (a clerk of the providing institution).
    @Sendable func reopen(_ request: Request, context: RegistryRequestContext) async throws -> Objection {
        let actor = try context.requirePrincipal()
        let feedback = try await request.decodeBody(as: FeedbackBody.self, context: context).feedback ?? ""
        return try await objections.reopen(try ListingQuery.pathID(context), feedback: feedback, by: actor)
    }
}

extension OpenApplication: ResponseEncodable {}
extension Objection: ResponseEncodable {}
extension OpenCatalogPage: ResponseEncodable {}

extension OpeningController {
    struct DataProducts: ResponseEncodable { var products: [DataProduct] }

    /// `GET /api/v1/data-products?item_id=&limit=&offset=` (public, A33.1): the data products built on open data, the
    /// latest made first; with `item_id`, those using that item.
    @Sendable func dataProducts(_ request: Request, context: RegistryRequestContext) async throws -> DataProducts {
        let query = ListingQuery(request)
        let page = try query.page()
        let products = try await DataProductWorkflow(database: database.readReplica)
            .products(usingItem: try query.uuid("item_id"), limit: page.limit, offset: page.offset)
        return DataProducts(products: products)
    }

    /// `POST /api/v1/data-products` (a data user for itself, a clerk for its institution; A33.1).
    @Sendable func recordDataProduct(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<DataProduct> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewDataProduct.self, context: context)
        return EditedResponse(status: .created, response: try await DataProductWorkflow(database: database).record(input, by: actor))
    }
}

extension DataProduct: ResponseEncodable {}
