import Foundation
import Hummingbird
import RegistryCore

/// Error reports (A45.1): filing, verification, handling with feedback or rejection, the mark on an item, the notices
/// to institutions holding the item, the due list and the handling policy. Who may do what is decided by
/// ``ErrorReportWorkflow``.
struct ErrorReportsController {
    let database: RegistryDatabase

    var workflow: ErrorReportWorkflow { ErrorReportWorkflow(database: database) }
    /// The workflow over the read replica, for the lists that may lag the primary by the replication delay.
    var listings: ErrorReportWorkflow { ErrorReportWorkflow(database: database.readReplica) }

    struct Reports: ResponseEncodable { var reports: [ErrorReport] }
    struct Notices: ResponseEncodable { var notices: [ErrorReportNotice] }
    struct DueItems: ResponseEncodable { var due: [ErrorReportDueItem] }
    struct Policies: ResponseEncodable { var policies: [ErrorReportPolicy] }

    /// `{"handling_working_days": N, "note": …}`.
    struct PolicyBody: Decodable {
        var handlingWorkingDays: Int
        var note: String?
    }

    struct FeedbackBody: Decodable { var feedback: String? }
    struct ReasonBody: Decodable { var reason: String? }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("/error-reports", use: file)
        group.get("/error-reports", use: list)
        group.get("/error-reports/due", use: due)
        group.get("/error-reports/notices", use: notices)
        group.get("/error-reports/policy", use: policies)
        group.put("/error-reports/policy/{year}", use: setPolicy)
        group.get("/error-reports/{id}", use: detail)
        group.post("/error-reports/{id}/verify", use: verify)
        group.post("/error-reports/{id}/handle", use: handle)
        group.post("/error-reports/{id}/reject", use: reject)
        group.get("/catalog-items/{id}/error-marks", use: marks)
    }

    /// `POST /api/v1/error-reports` (a data user, or a clerk of another institution than the provider).
    @Sendable func file(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<ErrorReport> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewErrorReport.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.file(input, by: actor))
    }

    /// `GET /api/v1/error-reports?institution=&state=`: a data user's own; an institution's received or filed.
    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Reports {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let state = try query.value("state", as: ErrorReportState.self)
        return Reports(reports: try await listings.reports(of: query["institution"], state: state, by: actor))
    }

    /// `GET /api/v1/error-reports/due?institution=&on=&within=`: open reports due within N working days, or overdue.
    @Sendable func due(_ request: Request, context: RegistryRequestContext) async throws -> DueItems {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        var within = 3
        if let text = query["within"] {
            guard let value = Int(text), (0...60).contains(value) else {
                throw RegistryError.invalid("within", "提醒天数须为 0 至 60 之间的工作日数。", article: "A45.1")
            }
            within = value
        }
        let items = try await listings.dueList(of: query["institution"], on: try query.date("on"), within: within, by: actor)
        return DueItems(due: items)
    }

    /// `GET /api/v1/error-reports/notices?institution=`: the notices an institution received (通报).
    @Sendable func notices(_ request: Request, context: RegistryRequestContext) async throws -> Notices {
        let actor = try context.requirePrincipal()
        return Notices(notices: try await listings.notices(to: ListingQuery(request)["institution"], by: actor))
    }

    /// `GET /api/v1/error-reports/policy`: the handling working days by year.
    @Sendable func policies(_ request: Request, context: RegistryRequestContext) async throws -> Policies {
        Policies(policies: try await listings.policies(by: try context.requirePrincipal()))
    }

    /// `PUT /api/v1/error-reports/policy/{year}` (a reviewer of the region's authority, or the admin).
    @Sendable func setPolicy(_ request: Request, context: RegistryRequestContext) async throws -> ErrorReportPolicy {
        let actor = try context.requirePrincipal()
        guard let year = Int(try context.parameters.require("year")) else {
            throw RegistryError.invalid("year", "年度须为整数。", article: "A45.1")
        }
        let body = try await request.decodeBody(as: PolicyBody.self, context: context)
        let policy = ErrorReportPolicy(year: year, handlingWorkingDays: body.handlingWorkingDays, note: body.note)
        return try await workflow.setPolicy(policy, by: actor)
    }

    /// `GET /api/v1/error-reports/{id}`.
    @Sendable func detail(_ request: Request, context: RegistryRequestContext) async throws -> ErrorReport {
        try await workflow.report(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/error-reports/{id}/verify` (a clerk of the providing institution).
    @Sendable func verify(_ request: Request, context: RegistryRequestContext) async throws -> ErrorReport {
        let actor = try context.requirePrincipal()
        let note = try await request.decodeOptionalBody(as: ShareRequestsController.NoteBody.self, context: context)?.note
        return try await workflow.verify(try ListingQuery.pathID(context), note: note, by: actor)
    }

    /// `POST /api/v1/error-reports/{id}/handle` (a clerk of the providing institution): handled, with feedback.
    @Sendable func handle(_ request: Request, context: RegistryRequestContext) async throws -> ErrorReport {
        let actor = try context.requirePrincipal()
        let feedback = try await request.decodeOptionalBody(as: FeedbackBody.self, context: context)?.feedback
        return try await workflow.close(try ListingQuery.pathID(context), .handled(feedback: feedback ?? ""), by: actor)
    }

    /// `POST /api/v1/error-reports/{id}/reject` (a clerk of the providing institution): rejected, with the reason.
    @Sendable func reject(_ request: Request, context: RegistryRequestContext) async throws -> ErrorReport {
        let actor = try context.requirePrincipal()
        let reason = try await request.decodeOptionalBody(as: ReasonBody.self, context: context)?.reason
        return try await workflow.close(try ListingQuery.pathID(context), .rejected(reason: reason ?? ""), by: actor)
    }

    /// `GET /api/v1/catalog-items/{id}/error-marks`: the mark on a published item while error reports are open.
    @Sendable func marks(_ request: Request, context: RegistryRequestContext) async throws -> ErrorReportMark {
        try await workflow.mark(of: try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }
}

extension ErrorReport: ResponseEncodable {}
extension ErrorReportMark: ResponseEncodable {}
extension ErrorReportPolicy: ResponseEncodable {}
