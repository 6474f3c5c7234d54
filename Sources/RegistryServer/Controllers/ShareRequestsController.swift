import Foundation
import Hummingbird
import RegistryCore

/// Share requests between institutions (A20.2, A23.1–A23.4, A50.1) and flow-backs from the region platform to the
/// league/city platforms (A19.1): filing, the source's reply and delivery, withdrawal, one request with its history, an
/// institution's requests and its reminders. Who may do what is decided by ``ShareRequestWorkflow``.
struct ShareRequestsController {
    let database: RegistryDatabase

    var workflow: ShareRequestWorkflow { ShareRequestWorkflow(database: database) }
    /// The workflow over the read replica, for the lists that may lag the primary by the replication delay.
    var listings: ShareRequestWorkflow { ShareRequestWorkflow(database: database.readReplica) }

    struct Requests: ResponseEncodable { var requests: [ShareRequest] }
    struct DueItems: ResponseEncodable { var due: [ShareDueItem] }

    /// `{"approve": true, "approved_items": […]}` or `{"approve": false, "refusal_reason": …, "refusal_legal_basis": …}`:
    /// the names of the request's own fields, so a refusal names the field the client sent.
    struct ReplyBody: Decodable {
        var approve: Bool
        var approvedItems: [String]?
        var refusalReason: String?
        var refusalLegalBasis: String?

        var reply: ShareReply {
            approve
                ? .approve(dataItems: approvedItems)
                : .refuse(reason: refusalReason ?? "", legalBasis: refusalLegalBasis ?? "")
        }
    }

    /// The note of a delivery or the reason of a withdrawal; an empty body gives none.
    struct NoteBody: Decodable { var note: String? }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("/share-requests", use: file)
        group.post("/flow-back-requests", use: fileFlowBack)
        group.get("/share-requests", use: list)
        group.get("/share-requests/due", use: due)
        group.get("/share-requests/{id}", use: detail)
        group.post("/share-requests/{id}/reply", use: reply)
        group.post("/share-requests/{id}/deliver", use: deliver)
        group.post("/share-requests/{id}/withdraw", use: withdraw)
        group.get("/share-lists/{list}", use: shareList)
    }

    /// `POST /api/v1/share-requests` (a clerk of the requesting institution).
    @Sendable func file(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<ShareRequestDetail> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewShareRequest.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.file(input, by: actor))
    }

    /// `POST /api/v1/flow-back-requests` (a clerk of a league/city public data authority; A19.1): a share request to
    /// the region platform, answered and delivered through `/share-requests/{id}/…` by the region's authority.
    @Sendable func fileFlowBack(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<ShareRequestDetail> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewShareRequest.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.file(input, kind: .flowBack, by: actor))
    }

    /// `GET /api/v1/share-requests?institution=&state=&kind=`: the requests an institution filed or answers.
    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Requests {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let institution = try Self.institution(query, actor)
        let state = try query.value("state", as: ShareRequestState.self)
        let kind = try query.value("kind", as: ShareRequestKind.self)
        return Requests(requests: try await listings.requests(of: institution, state: state, kind: kind, by: actor))
    }

    /// `GET /api/v1/share-requests/due?institution=&within=N&on=YYYY-MM-DD`: replies and deliveries due within N
    /// working days (default 3), or overdue.
    @Sendable func due(_ request: Request, context: RegistryRequestContext) async throws -> DueItems {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let institution = try Self.institution(query, actor)
        var within = 3
        if let text = query["within"] {
            guard let value = Int(text), (0...60).contains(value) else {
                throw RegistryError.invalid("within", "提醒天数须为 0 至 60 之间的工作日数。", article: "A23.2")
            }
            within = value
        }
        let items = try await listings.dueList(of: institution, on: try query.date("on"), within: within, by: actor)
        return DueItems(due: items)
    }

    /// `GET /api/v1/share-requests/{id}`: the request with its due dates and history.
    @Sendable func detail(_ request: Request, context: RegistryRequestContext) async throws -> ShareRequestDetail {
        try await workflow.detail(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/share-requests/{id}/reply` (a clerk of the source institution).
    @Sendable func reply(_ request: Request, context: RegistryRequestContext) async throws -> ShareRequestDetail {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: ReplyBody.self, context: context)
        return try await workflow.reply(to: try ListingQuery.pathID(context), body.reply, by: actor)
    }

    /// `POST /api/v1/share-requests/{id}/deliver` (a clerk of the source institution).
    @Sendable func deliver(_ request: Request, context: RegistryRequestContext) async throws -> ShareRequestDetail {
        let actor = try context.requirePrincipal()
        let note = try await request.decodeOptionalBody(as: NoteBody.self, context: context)?.note
        return try await workflow.deliver(try ListingQuery.pathID(context), note: note, by: actor)
    }

    /// `POST /api/v1/share-requests/{id}/withdraw` (a clerk of the requesting institution).
    @Sendable func withdraw(_ request: Request, context: RegistryRequestContext) async throws -> ShareRequestDetail {
        let actor = try context.requirePrincipal()
        let reason = try await request.decodeOptionalBody(as: NoteBody.self, context: context)?.note
        return try await workflow.withdraw(try ListingQuery.pathID(context), reason: reason, by: actor)
    }

    /// `GET /api/v1/share-lists/{demand|responsibility|negative}?institution=&division=&format=json|csv` (A20.1):
    /// within the caller's oversight; `format=csv` downloads the list with Chinese column labels.
    @Sendable func shareList(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard let list = ShareList(rawValue: try context.parameters.require("list")) else {
            throw RegistryError.invalid("list", "清单须为 demand(需求清单)、responsibility(责任清单)或 negative(负面清单)。", article: "A20.1")
        }
        let query = ListingQuery(request)
        let table = try await listings.list(list, try query.oversight(), by: actor)
        switch query["format"] ?? "json" {
        case "json":
            return try context.responseEncoder.encode(table, from: request, context: context)
        case "csv":
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"share-\(list.rawValue)-list.csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: table.csv.text)))
        default:
            throw RegistryError.invalid("format", "格式须为 json 或 csv。")
        }
    }

    /// The institution a listing is about: `institution`, by default the clerk's own.
    static func institution(_ query: ListingQuery, _ actor: Principal) throws -> String {
        guard let institution = query["institution"]?.uppercased() ?? actor.institution else {
            throw RegistryError.missing("institution", "机构统一社会信用代码", article: "A20.1")
        }
        return institution
    }
}

extension ShareRequestDetail: ResponseEncodable {}
