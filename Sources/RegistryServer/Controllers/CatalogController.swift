import Foundation
import Hummingbird
import RegistryCore

/// The three-level catalog (A10.1–A10.3, A11.1, A21.1, A27.1): the published items, catalogs and their versions, the
/// review of a version, level catalogs and update obligations. Who may do what is decided by ``CatalogWorkflow``.
struct CatalogController {
    let database: RegistryDatabase

    var workflow: CatalogWorkflow { CatalogWorkflow(database: database) }
    /// The workflow over the read replica, for the lists that may lag the primary by the replication delay.
    var listings: CatalogWorkflow { CatalogWorkflow(database: database.readReplica) }

    struct Catalogs: ResponseEncodable { var catalogs: [Catalog] }
    struct Versions: ResponseEncodable { var versions: [CatalogVersion] }
    struct Revisions: ResponseEncodable { var revisions: [CatalogItemRevision] }
    struct Members: ResponseEncodable { var members: [LevelCatalogMember] }
    struct Obligations: ResponseEncodable { var obligations: [CatalogUpdateObligation] }

    /// The body of opening a draft: an optional note.
    struct DraftBody: Decodable { var note: String? }
    /// The body of returning a version: the reviewer's reasons (A10.3).
    struct ReturnBody: Decodable { var reason: String }
    struct SharedSourceBody: Decodable {
        var shareRequestID: UUID
        var note: String?
    }
    struct DesignationBody: Decodable {
        var reviewerAccount: UUID
        var basis: String
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/catalog-items", use: publishedItems)
        group.get("/catalog-items/{id}", use: item)
        group.get("/catalog-items/{id}/history", use: history)
        group.post("/catalog-items/{id}/shared-sources", use: markSharedSource)
        group.get("/catalogs", use: catalogs)
        group.post("/catalogs", use: open)
        group.get("/catalogs/{id}", use: overview)
        group.get("/catalogs/{id}/diff", use: diff)
        group.post("/catalogs/{id}/versions", use: openDraft)
        group.post("/catalogs/{id}/update-obligations", use: recordUpdateObligation)
        group.get("/catalog-update-obligations", use: openUpdateObligations)
        group.get("/catalog-reviews", use: awaitingDecision)
        group.get("/catalog-versions/{id}", use: version)
        group.delete("/catalog-versions/{id}", use: discardDraft)
        group.post("/catalog-versions/{id}/items", use: addItem)
        group.put("/catalog-versions/{id}/items/{item}", use: changeItem)
        group.delete("/catalog-versions/{id}/items/{item}", use: discardChange)
        group.post("/catalog-versions/{id}/items/{item}/withdraw", use: withdrawItem)
        group.post("/catalog-versions/{id}/submit") { try await transition($0, $1, .submit) }
        group.post("/catalog-versions/{id}/approve") { try await transition($0, $1, .approve) }
        group.post("/catalog-versions/{id}/return", use: returnVersion)
        group.post("/catalog-versions/{id}/reopen") { try await transition($0, $1, .reopen) }
        group.post("/catalog-versions/{id}/compile", use: compile)
        group.get("/divisions/{code}/designated-catalog-reviewer", use: designatedReviewer)
        group.put("/divisions/{code}/designated-catalog-reviewer", use: designateReviewer)
    }

    // MARK: Published items

    /// `GET /api/v1/catalog-items?division=&institution=&share_type=&open_type=&grade=&q=&cursor=&limit=`.
    @Sendable func publishedItems(_ request: Request, context: RegistryRequestContext) async throws -> CatalogItemPage {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let filter = CatalogItemFilter(
            divisionCode: try query.oversight().division,
            institution: query["institution"]?.uppercased(),
            shareType: try query.value("share_type", as: ShareType.self),
            openType: try query.value("open_type", as: OpenType.self),
            grade: try query.value("grade", as: DataGrade.self),
            text: try query.searchText()
        )
        let cursor = try query["cursor"].map { text throws(RegistryError) in try CatalogItemCursor(parsing: text) }
        return try await listings.publishedItems(filter, after: cursor, limit: try Self.limit(query), by: actor)
    }

    /// `GET /api/v1/catalog-items/{id}`: an item with its fields in force.
    @Sendable func item(_ request: Request, context: RegistryRequestContext) async throws -> CatalogItem {
        try await workflow.item(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `GET /api/v1/catalog-items/{id}/history`: its revisions, oldest version first.
    @Sendable func history(_ request: Request, context: RegistryRequestContext) async throws -> Revisions {
        Revisions(revisions: try await workflow.history(of: try ListingQuery.pathID(context), by: try context.requirePrincipal()))
    }

    // MARK: Catalogs

    /// `GET /api/v1/catalogs?division=&institution=&kind=`.
    @Sendable func catalogs(_ request: Request, context: RegistryRequestContext) async throws -> Catalogs {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let kind = try query.value("kind", as: CatalogKind.self)
        return Catalogs(catalogs: try await listings.catalogs(try query.oversight(), kind: kind, by: actor))
    }

    /// `POST /api/v1/catalogs`: an institution's catalog (its clerk) or a level catalog (its authority's reviewer).
    @Sendable func open(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<Catalog> {
        let actor = try context.requirePrincipal()
        let new = try await request.decodeBody(as: NewCatalog.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.open(new, by: actor))
    }

    /// `GET /api/v1/catalogs/{id}`: the catalog, its versions with their review events, its update obligations.
    @Sendable func overview(_ request: Request, context: RegistryRequestContext) async throws -> CatalogOverview {
        try await workflow.overview(of: try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `GET /api/v1/catalogs/{id}/diff?from=VERSION&to=VERSION`.
    @Sendable func diff(_ request: Request, context: RegistryRequestContext) async throws -> CatalogDiff {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        guard let from = try query.uuid("from") else { throw RegistryError.missing("from", "比较的起始版本", article: "A10.3") }
        guard let to = try query.uuid("to") else { throw RegistryError.missing("to", "比较的目标版本", article: "A10.3") }
        return try await workflow.diff(of: try ListingQuery.pathID(context), from: from, to: to, by: actor)
    }

    /// `POST /api/v1/catalogs/{id}/versions` (the keeper): opens a draft.
    @Sendable func openDraft(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<CatalogVersion> {
        let actor = try context.requirePrincipal()
        let note = try await request.decodeOptionalBody(as: DraftBody.self, context: context)?.note
        let draft = try await workflow.openDraft(of: try ListingQuery.pathID(context), note: note, by: actor)
        return EditedResponse(status: .created, response: draft)
    }

    /// `POST /api/v1/catalogs/{id}/update-obligations` (A11.1): a change of legal basis or duty.
    @Sendable func recordUpdateObligation(
        _ request: Request,
        context: RegistryRequestContext
    ) async throws -> EditedResponse<CatalogUpdateObligation> {
        let actor = try context.requirePrincipal()
        let event = try await request.decodeBody(as: NewCatalogUpdateObligation.self, context: context)
        let recorded = try await workflow.recordUpdateObligation(event, for: try ListingQuery.pathID(context), by: actor)
        return EditedResponse(status: .created, response: recorded)
    }

    /// `GET /api/v1/catalog-update-obligations?division=&institution=&overdue_on=` (A11.1).
    @Sendable func openUpdateObligations(_ request: Request, context: RegistryRequestContext) async throws -> Obligations {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let overdue = try query.date("overdue_on")
        return Obligations(obligations: try await listings.openUpdateObligations(try query.oversight(), overdueOn: overdue, by: actor))
    }

    // MARK: Versions and review

    /// `GET /api/v1/catalog-reviews`: the versions the reviewer's authority has to decide on (A11.1).
    @Sendable func awaitingDecision(_ request: Request, context: RegistryRequestContext) async throws -> Versions {
        Versions(versions: try await listings.awaitingDecision(by: try context.requirePrincipal()))
    }

    /// `GET /api/v1/catalog-versions/{id}`: the version with its changes or compiled versions.
    @Sendable func version(_ request: Request, context: RegistryRequestContext) async throws -> CatalogVersionDetail {
        try await workflow.detail(of: try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `DELETE /api/v1/catalog-versions/{id}` (the keeper): discards a draft never submitted.
    @Sendable func discardDraft(_ request: Request, context: RegistryRequestContext) async throws -> HTTPResponse.Status {
        try await workflow.discardDraft(try ListingQuery.pathID(context), by: try context.requirePrincipal())
        return .noContent
    }

    /// `POST /api/v1/catalog-versions/{id}/items` (the institution's clerk): `{"code": …, every A10.2 field}`.
    @Sendable func addItem(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<CatalogItemRevision> {
        let actor = try context.requirePrincipal()
        let item = try await request.decodeBody(as: NewCatalogItem.self, context: context)
        let added = try await workflow.addItem(item, to: try ListingQuery.pathID(context), by: actor)
        return EditedResponse(status: .created, response: added)
    }

    /// `PUT /api/v1/catalog-versions/{id}/items/{item}` (the institution's clerk): restates every A10.2 field.
    @Sendable func changeItem(_ request: Request, context: RegistryRequestContext) async throws -> CatalogItemRevision {
        let actor = try context.requirePrincipal()
        let fields = try await request.decodeBody(as: CatalogItemFields.self, context: context)
        let (version, item) = try Self.versionAndItem(context)
        return try await workflow.changeItem(item, to: fields, in: version, by: actor)
    }

    /// `DELETE /api/v1/catalog-versions/{id}/items/{item}` (the institution's clerk): takes the change out of the draft.
    @Sendable func discardChange(_ request: Request, context: RegistryRequestContext) async throws -> HTTPResponse.Status {
        let (version, item) = try Self.versionAndItem(context)
        try await workflow.discardChange(of: item, in: version, by: try context.requirePrincipal())
        return .noContent
    }

    /// `POST /api/v1/catalog-versions/{id}/items/{item}/withdraw` (the institution's clerk).
    @Sendable func withdrawItem(_ request: Request, context: RegistryRequestContext) async throws -> CatalogItemRevision {
        let (version, item) = try Self.versionAndItem(context)
        return try await workflow.withdrawItem(item, in: version, by: try context.requirePrincipal())
    }

    /// `POST /api/v1/catalog-versions/{id}/return` (the reviewer): `{"reason": …}`.
    @Sendable func returnVersion(_ request: Request, context: RegistryRequestContext) async throws -> CatalogVersion {
        _ = try context.requirePrincipal()
        let body = try await request.decodeBody(as: ReturnBody.self, context: context)
        return try await transition(request, context, .return(reason: body.reason))
    }

    /// `POST /api/v1/catalog-versions/{id}/compile` (the level catalog's keeper).
    @Sendable func compile(_ request: Request, context: RegistryRequestContext) async throws -> Members {
        Members(members: try await workflow.compile(try ListingQuery.pathID(context), by: try context.requirePrincipal()))
    }

    /// Submit, approve, return or reopen the version `{id}`.
    func transition(_ request: Request, _ context: RegistryRequestContext, _ step: CatalogVersionStep) async throws -> CatalogVersion {
        try await workflow.transition(try ListingQuery.pathID(context), step, by: try context.requirePrincipal())
    }

    // MARK: Reading requests

    static func versionAndItem(_ context: RegistryRequestContext) throws -> (version: UUID, item: UUID) {
        (try ListingQuery.pathID(context), try ListingQuery.pathID(context, "item"))
    }

    /// `limit` of a keyset page: 1…``CatalogStore/maximumPageSize``, 50 by default.
    static func limit(_ query: ListingQuery) throws -> Int {
        guard let text = query["limit"] else { return 50 }
        guard let limit = Int(text), (1...CatalogStore.maximumPageSize).contains(limit) else {
            throw RegistryError.invalid("limit", "每页条数须为 1 至 \(CatalogStore.maximumPageSize) 之间的整数。")
        }
        return limit
    }
}

extension CatalogController {
    /// `POST /api/v1/catalog-items/{id}/shared-sources` `{"share_request_id": …}` (the item's clerk, A44.3): the item
    /// derives from data obtained through that delivered share request, and is never opened.
    @Sendable func markSharedSource(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<SharedDataDerivation> {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: SharedSourceBody.self, context: context)
        let marked = try await SharedDataWorkflow(database: database).mark(
            try ListingQuery.pathID(context),
            from: body.shareRequestID,
            note: body.note,
            by: actor
        )
        return EditedResponse(status: .created, response: marked)
    }

    // MARK: The region's own catalogs

    /// `GET /api/v1/divisions/{code}/designated-catalog-reviewer`: who decides the authority's own catalogs where there
    /// is no authority above (A10.3); 404 when none is designated.
    @Sendable func designatedReviewer(_ request: Request, context: RegistryRequestContext) async throws -> DesignatedCatalogReviewer {
        let actor = try context.requirePrincipal()
        let code = try context.parameters.require("code")
        guard let designation = try await workflow.designatedReviewer(of: code, by: actor) else {
            throw RegistryError.notFound("指定审核员", field: "code")
        }
        return designation
    }

    /// `PUT /api/v1/divisions/{code}/designated-catalog-reviewer` (the admin): designates or replaces it (A10.3).
    @Sendable func designateReviewer(_ request: Request, context: RegistryRequestContext) async throws -> DesignatedCatalogReviewer {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: DesignationBody.self, context: context)
        let designation = DesignatedCatalogReviewer(
            divisionCode: try context.parameters.require("code"),
            reviewerAccount: body.reviewerAccount,
            basis: body.basis
        )
        return try await workflow.designateReviewer(designation, by: actor)
    }
}

extension SharedDataDerivation: ResponseEncodable {}
extension DesignatedCatalogReviewer: ResponseEncodable {}
extension Catalog: ResponseEncodable {}
extension CatalogItem: ResponseEncodable {}
extension CatalogItemRevision: ResponseEncodable {}
extension CatalogVersion: ResponseEncodable {}
extension CatalogVersionDetail: ResponseEncodable {}
extension CatalogOverview: ResponseEncodable {}
extension CatalogDiff: ResponseEncodable {}
extension CatalogUpdateObligation: ResponseEncodable {}
