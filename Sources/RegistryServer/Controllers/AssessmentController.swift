import Foundation
import Hummingbird
import RegistryCore

/// The annual assessment (A39.1, A41.1, A42.1): schemes and their weights, computations as of a day, the committee's
/// adjustments with remarks and the final publication. Who may do what is decided by ``AssessmentWorkflow``.
struct AssessmentController {
    let database: RegistryDatabase

    var workflow: AssessmentWorkflow { AssessmentWorkflow(database: database) }
    /// The workflow over the read replica, for the lists that may lag the primary by the replication delay.
    var listings: AssessmentWorkflow { AssessmentWorkflow(database: database.readReplica) }

    struct Indicators: ResponseEncodable { var indicators: [AssessmentIndicator] }
    struct Assessments: ResponseEncodable { var assessments: [AssessmentSummary] }
    struct WeightBody: Decodable {
        var indicator: String
        var weight: Double
    }
    struct ComputeBody: Decodable { var asOf: CivilDate }
    struct AdjustBody: Decodable {
        var institution: String
        var indicator: String
        var value: Double?
        var remark: String?
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/assessment-indicators", use: indicators)
        group.post("/assessment-schemes", use: createScheme)
        group.put("/assessment-schemes/{id}/weights", use: setWeight)
        group.post("/assessment-schemes/{id}/publish", use: publishScheme)
        group.post("/assessment-schemes/{id}/compute", use: compute)
        group.get("/assessments", use: assessments)
        group.get("/assessments/{id}", use: assessment)
        group.post("/assessments/{id}/adjust", use: adjust)
        group.post("/assessments/{id}/publish", use: publish)
    }

    /// `GET /api/v1/assessment-indicators`: what the registry computes and how.
    @Sendable func indicators(_ request: Request, context: RegistryRequestContext) async throws -> Indicators {
        _ = try context.requirePrincipal()
        return Indicators(indicators: try await listings.indicators())
    }

    /// `POST /api/v1/assessment-schemes` (a reviewer of the region's or a league's/city's authority).
    @Sendable func createScheme(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<AssessmentScheme> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewAssessmentScheme.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.createScheme(input, by: actor))
    }

    /// `PUT /api/v1/assessment-schemes/{id}/weights`: one indicator's weight in a draft scheme (0 removes it).
    @Sendable func setWeight(_ request: Request, context: RegistryRequestContext) async throws -> AssessmentScheme {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: WeightBody.self, context: context)
        return try await workflow.setWeight(body.indicator, body.weight, of: try ListingQuery.pathID(context), by: actor)
    }

    /// `POST /api/v1/assessment-schemes/{id}/publish`.
    @Sendable func publishScheme(_ request: Request, context: RegistryRequestContext) async throws -> AssessmentScheme {
        try await workflow.publishScheme(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/assessment-schemes/{id}/compute` `{"as_of": DATE}`: a new version of the assessment.
    @Sendable func compute(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<Assessment> {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: ComputeBody.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.compute(try ListingQuery.pathID(context), asOf: body.asOf, by: actor))
    }

    /// `GET /api/v1/assessments?year=&division=`: the assessments of a year and/or a division, newest first (A39.1).
    @Sendable func assessments(_ request: Request, context: RegistryRequestContext) async throws -> Assessments {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        var year: Int?
        if let text = query["year"] {
            guard let value = Int(text), (2024...2100).contains(value) else {
                throw RegistryError.invalid("year", "评估年度须为 2024 至 2100 之间的整数。", article: "A39.1")
            }
            year = value
        }
        let division = try query.oversight().division
        return Assessments(assessments: try await listings.assessments(year: year, division: division, by: actor))
    }

    /// `GET /api/v1/assessments/{id}`: scores, ranking, scheme.
    @Sendable func assessment(_ request: Request, context: RegistryRequestContext) async throws -> Assessment {
        try await workflow.assessment(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/assessments/{id}/adjust` (a committee member; `value` null clears the adjustment).
    @Sendable func adjust(_ request: Request, context: RegistryRequestContext) async throws -> Assessment {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: AdjustBody.self, context: context)
        return try await workflow.adjust(
            try ListingQuery.pathID(context),
            institution: body.institution,
            indicator: body.indicator,
            to: body.value,
            remark: body.remark,
            by: actor
        )
    }

    /// `POST /api/v1/assessments/{id}/publish`: the final version, frozen.
    @Sendable func publish(_ request: Request, context: RegistryRequestContext) async throws -> Assessment {
        try await workflow.publish(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }
}

extension AssessmentScheme: ResponseEncodable {}
extension Assessment: ResponseEncodable {}
