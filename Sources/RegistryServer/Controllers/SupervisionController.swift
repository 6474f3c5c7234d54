import Foundation
import Hummingbird
import RegistryCore

/// Violations and rectification (A49.1, A50.1, A51.1) and security records (A35.2, A36.1, A37.1). Who may do what is decided
/// by ``ViolationWorkflow`` and ``SecurityRecords``.
struct SupervisionController {
    let database: RegistryDatabase

    var violations: ViolationWorkflow { ViolationWorkflow(database: database) }
    var security: SecurityRecords { SecurityRecords(database: database) }

    struct Violations: ResponseEncodable { var violations: [Violation] }
    struct Checks: ResponseEncodable { var checks: [SecurityCheck] }

    /// `{"state": "rectified", "outcome": …}` or `{"state": "referred", "referred_to": …, "outcome": …}`.
    struct CloseBody: Decodable {
        var state: ViolationState
        var outcome: String?
        var referredTo: String?

        func closing() throws -> ViolationClosing {
            switch state {
            case .rectified: return .rectified(outcome: outcome ?? "")
            case .referred: return .referred(to: referredTo ?? "", outcome: outcome ?? "")
            case .open: throw RegistryError.invalid("state", "办结状态须为 rectified(已整改)或 referred(移送)。", article: "A49.1")
            }
        }
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("/violations", use: record)
        group.get("/violations", use: list)
        group.get("/violations/{id}", use: detail)
        group.post("/violations/{id}/close", use: close)
        group.post("/security-checks", use: recordCheck)
        group.get("/security-checks", use: checks)
        group.post("/security-incidents", use: recordIncident)
        group.get("/security-incidents", use: incidents)
        group.post("/security-incidents/{id}/response", use: respond)
        group.post("/dishonest-conduct", use: recordDishonestConduct)
        group.get("/dishonest-conduct", use: dishonestConduct)
        group.post("/dishonest-conduct/{id}/end", use: endDishonestConduct)
        group.post("/usage-feedback", use: feedback)
        group.get("/usage-feedback", use: feedbackList)
        group.get("/deadline-policies", use: deadlinePolicies)
        group.put("/deadline-policies/{year}/{deadline}", use: setDeadlinePolicy)
    }

    /// `POST /api/v1/violations` (a reviewer of a public data authority).
    @Sendable func record(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<Violation> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewViolation.self, context: context)
        return EditedResponse(status: .created, response: try await violations.record(input, by: actor))
    }

    /// `GET /api/v1/violations?institution=&state=`: an institution's violations, or a data user's own.
    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Violations {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let state = try query.value("state", as: ViolationState.self)
        let listed = try await ViolationWorkflow(database: database.readReplica)
            .violations(of: query["institution"]?.uppercased(), state: state, by: actor)
        return Violations(violations: listed)
    }

    /// `GET /api/v1/violations/{id}`.
    @Sendable func detail(_ request: Request, context: RegistryRequestContext) async throws -> Violation {
        try await violations.violation(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/violations/{id}/close` (a reviewer of the authority that recorded it).
    @Sendable func close(_ request: Request, context: RegistryRequestContext) async throws -> Violation {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: CloseBody.self, context: context)
        return try await violations.close(try ListingQuery.pathID(context), try body.closing(), by: actor)
    }

    /// `POST /api/v1/security-checks` (a clerk of the institution, or a reviewer over it).
    @Sendable func recordCheck(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<SecurityCheck> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewSecurityCheck.self, context: context)
        return EditedResponse(status: .created, response: try await security.record(input, by: actor))
    }

    /// `GET /api/v1/security-checks?institution=`.
    @Sendable func checks(_ request: Request, context: RegistryRequestContext) async throws -> Checks {
        let actor = try context.requirePrincipal()
        let institution = try ShareRequestsController.institution(ListingQuery(request), actor)
        return Checks(checks: try await SecurityRecords(database: database.readReplica).checks(of: institution, by: actor))
    }

    /// `POST /api/v1/usage-feedback` (a data user).
    @Sendable func feedback(_ request: Request, context: RegistryRequestContext) async throws -> HTTPResponse.Status {
        let actor = try context.requirePrincipal()
        try await security.feedback(try await request.decodeBody(as: UsageFeedback.self, context: context), by: actor)
        return .created
    }
}

extension SupervisionController {
    struct FeedbackList: ResponseEncodable { var feedback: [UsageFeedbackEntry] }

    /// `GET /api/v1/usage-feedback?institution=&division=&item_id=&from=&to=&format=json|csv` (A36.1): the feedback on
    /// the items of the institutions the caller oversees; `format=csv` downloads it with Chinese column labels.
    @Sendable func feedbackList(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let filter = UsageFeedbackFilter(
            oversight: try query.oversight(),
            itemID: try query.uuid("item_id"),
            from: try query.date("from"),
            to: try query.date("to")
        )
        let format = query["format"] ?? "json"
        guard format == "json" || format == "csv" else { throw RegistryError.invalid("format", "格式须为 json 或 csv。") }
        let entries = try await SecurityRecords(database: database.readReplica).usageFeedback(filter, by: actor)
        guard format == "csv" else { return try context.responseEncoder.encode(FeedbackList(feedback: entries), from: request, context: context) }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"usage-feedback.csv\""
        let csv = CSVTable(header: UsageFeedbackEntry.csvHeader, rows: entries.map(\.csvRow))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv.text)))
    }
}

extension SupervisionController {
    struct Incidents: ResponseEncodable { var incidents: [SecurityIncident] }

    /// `POST /api/v1/security-incidents` (a clerk of the institution, or a reviewer over it; A37.1).
    @Sendable func recordIncident(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<SecurityIncident> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewSecurityIncident.self, context: context)
        return EditedResponse(status: .created, response: try await SecurityIncidentWorkflow(database: database).record(input, by: actor))
    }

    /// `GET /api/v1/security-incidents?institution=` (A37.1).
    @Sendable func incidents(_ request: Request, context: RegistryRequestContext) async throws -> Incidents {
        let actor = try context.requirePrincipal()
        let institution = try ShareRequestsController.institution(ListingQuery(request), actor)
        return Incidents(incidents: try await SecurityIncidentWorkflow(database: database.readReplica).incidents(of: institution, by: actor))
    }

    /// `POST /api/v1/security-incidents/{id}/response`: containment with the response taken, recovery, the report (A37.1).
    @Sendable func respond(_ request: Request, context: RegistryRequestContext) async throws -> SecurityIncident {
        let actor = try context.requirePrincipal()
        let steps = try await request.decodeBody(as: SecurityIncidentResponse.self, context: context)
        return try await SecurityIncidentWorkflow(database: database).respond(to: try ListingQuery.pathID(context), with: steps, by: actor)
    }
}

extension SupervisionController {
    struct DishonestConductList: ResponseEncodable { var records: [DishonestConduct] }
    /// `{"reason": …}`.
    struct EndBody: Decodable { var reason: String? }

    /// `POST /api/v1/dishonest-conduct` (a reviewer of the authority of the record's division or above; A44.2).
    @Sendable func recordDishonestConduct(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<DishonestConduct> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewDishonestConduct.self, context: context)
        return EditedResponse(status: .created, response: try await DishonestConductWorkflow(database: database).record(input, by: actor))
    }

    /// `GET /api/v1/dishonest-conduct?institution=&in_force=true|false` (A44.2): the records the caller may read.
    @Sendable func dishonestConduct(_ request: Request, context: RegistryRequestContext) async throws -> DishonestConductList {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let inForce: Bool
        switch query["in_force"] {
        case nil, "false": inForce = false
        case "true": inForce = true
        default: throw RegistryError.invalid("in_force", "in_force 须为 true 或 false。")
        }
        let records = try await DishonestConductWorkflow(database: database.readReplica)
            .records(institution: query["institution"], inForceOnly: inForce, by: actor)
        return DishonestConductList(records: records)
    }

    /// `POST /api/v1/dishonest-conduct/{id}/end`: ends a record early with the reason (提前解除; A44.2).
    @Sendable func endDishonestConduct(_ request: Request, context: RegistryRequestContext) async throws -> DishonestConduct {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: EndBody.self, context: context)
        return try await DishonestConductWorkflow(database: database).end(try ListingQuery.pathID(context), reason: body.reason ?? "", by: actor)
    }
}

extension SupervisionController {
    struct DeadlinePolicies: ResponseEncodable { var policies: [DeadlinePolicy] }
    struct DeadlinePolicyBody: Decodable {
        var workingDays: Int
        var note: String?
    }

    /// `GET /api/v1/deadline-policies`: the review and reply deadlines set by year (A24.1, A28.2).
    @Sendable func deadlinePolicies(_ request: Request, context: RegistryRequestContext) async throws -> DeadlinePolicies {
        _ = try context.requirePrincipal()
        return DeadlinePolicies(policies: try await DeadlinePolicyWorkflow(database: database.readReplica).policies())
    }

    /// `PUT /api/v1/deadline-policies/{year}/{demand_review|open_application_reply}` (a reviewer of the region's
    /// authority, or the admin).
    @Sendable func setDeadlinePolicy(_ request: Request, context: RegistryRequestContext) async throws -> DeadlinePolicy {
        let actor = try context.requirePrincipal()
        guard let year = Int(try context.parameters.require("year")) else { throw RegistryError.invalid("year", "年度须为整数。", article: "A24.1") }
        guard let deadline = DeadlinePolicy.Deadline(rawValue: try context.parameters.require("deadline")) else {
            throw RegistryError.invalid("deadline", "期限须为 demand_review(目录外需求审核)或 open_application_reply(有条件开放申请答复)。", article: "A24.1")
        }
        let body = try await request.decodeBody(as: DeadlinePolicyBody.self, context: context)
        let policy = DeadlinePolicy(year: year, deadline: deadline, workingDays: body.workingDays, note: body.note)
        return try await DeadlinePolicyWorkflow(database: database).setPolicy(policy, by: actor)
    }
}

extension DeadlinePolicy: ResponseEncodable {}
extension Violation: ResponseEncodable {}
extension SecurityCheck: ResponseEncodable {}
extension SecurityIncident: ResponseEncodable {}
extension DishonestConduct: ResponseEncodable {}
