import Foundation
import Postgres

/// A39.1 / A41.1 / A42.1: the annual assessment as people use it — reviewers of the authority of the region or a
/// league/city set and publish the scheme, compute it and publish the final version; committee members adjust computed
/// values with a written remark; the committee and the authorities over the division read every version, everyone
/// with an account the published one. Every change is one audited transaction.
public struct AssessmentWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = AssessmentStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Starts a scheme for the reviewer's authority (or `input.division`, which must be it).
    public func createScheme(_ input: NewAssessmentScheme, by actor: Principal) async throws -> AssessmentScheme {
        let division = input.division ?? actor.division ?? ""
        try actor.requireAuthority(of: division)
        return try await database.write(actor.audit("assessment_scheme.create")) { [store] connection in
            try store.createScheme(input, division: division, on: connection)
        }
    }

    /// Sets an indicator's weight in a draft scheme (0 removes it).
    public func setWeight(_ code: String, _ weight: Double, of schemeID: UUID, by actor: Principal) async throws -> AssessmentScheme {
        try await schemeChange(schemeID, "assessment_scheme.set_weight", by: actor) { [store] connection in
            try store.setWeight(code, weight, of: schemeID, on: connection)
        }
    }

    /// Publishes a scheme whose weights add up to 100.
    public func publishScheme(_ schemeID: UUID, by actor: Principal) async throws -> AssessmentScheme {
        try await schemeChange(schemeID, "assessment_scheme.publish", by: actor) { [store] connection in
            _ = try store.publishScheme(schemeID, on: connection)
        }
    }

    /// Computes a published scheme as of a day (a reviewer of its authority, or a committee member).
    public func compute(_ schemeID: UUID, asOf day: CivilDate, by actor: Principal) async throws -> Assessment {
        try await database.write(actor.audit("assessment.compute"), budget: .long) { [store] connection in
            try Self.requireAssessor(of: try Self.scheme(schemeID, store, connection), actor, committee: true)
            return try store.compute(schemeID, asOf: day, on: connection)
        }
    }

    /// A committee member adjusts a computed value beside it, with a written remark (Markdown).
    public func adjust(
        _ id: UUID,
        institution: String,
        indicator: String,
        to value: Double?,
        remark: String?,
        by actor: Principal
    ) async throws -> Assessment {
        try actor.require(.committee)
        return try await database.write(actor.audit("assessment.adjust")) { [store] connection in
            try store.adjust(id, institution: institution.uppercased(), indicator: indicator, to: value, remark: remark, on: connection)
        }
    }

    /// Publishes the final version (a reviewer of the scheme's authority).
    public func publish(_ id: UUID, by actor: Principal) async throws -> Assessment {
        try await database.write(actor.audit("assessment.publish")) { [store] connection in
            guard let assessment = try store.assessment(id, on: connection) else { throw RegistryError.notFound("评估结果", field: "id") }
            try Self.requireAssessor(of: assessment.scheme, actor, committee: false)
            return try store.publish(id, on: connection)
        }
    }

    /// An assessment: published ones for every account, others for the committee and the authorities over its division.
    public func assessment(_ id: UUID, by actor: Principal) async throws -> Assessment {
        try await database.read { [store] connection in
            guard let assessment = try store.assessment(id, on: connection) else { throw RegistryError.notFound("评估结果", field: "id") }
            try Self.requireReader(of: assessment, actor)
            return assessment
        }
    }

    /// A page of an assessment's score table (A39.1) with the assessment's heading, for whoever may read it
    /// (``assessment(_:by:)``).
    public func table(
        _ id: UUID,
        order: AssessmentTableOrder,
        page: Int,
        size: Int,
        by actor: Principal
    ) async throws -> (Assessment, AssessmentTablePage) {
        try await database.read { [store] connection in
            guard let assessment = try store.heading(id, on: connection) else { throw RegistryError.notFound("评估结果", field: "id") }
            try Self.requireReader(of: assessment, actor)
            return (assessment, try store.table(id, order: order, page: page, size: size, on: connection))
        }
    }

    /// A39.1: the assessments of a year and/or a division: published ones for every account, others for the committee and
    /// the authorities over their division.
    public func assessments(year: Int?, division: String?, by actor: Principal) async throws -> [AssessmentSummary] {
        try await database.read { [store] connection in
            try store.summaries(year: year, division: division, on: connection).filter { summary in
                summary.state == "published" || actor.role == .committee || (try? actor.requireAuthority(of: summary.division)) != nil
            }
        }
    }

    /// The indicators the registry computes.
    public func indicators() async throws -> [AssessmentIndicator] {
        try await database.read { [store] connection in try store.indicators(on: connection) }
    }

    // MARK: Helpers

    /// A published assessment is read by every account, another only by the committee and the authorities over its division.
    static func requireReader(of assessment: Assessment, _ actor: Principal) throws {
        if assessment.state != "published" { try requireAssessor(of: assessment.scheme, actor, committee: true) }
    }

    private func schemeChange(
        _ schemeID: UUID,
        _ action: String,
        by actor: Principal,
        _ body: @escaping @Sendable (Connection) throws -> Void
    ) async throws -> AssessmentScheme {
        try await database.write(actor.audit(action)) { [store] connection in
            try actor.requireAuthority(of: try Self.scheme(schemeID, store, connection).division)
            try body(connection)
            return try store.scheme(schemeID, on: connection).existing()
        }
    }

    private static func scheme(_ id: UUID, _ store: AssessmentStore, _ connection: Connection) throws -> AssessmentScheme {
        guard let scheme = try store.scheme(id, on: connection) else { throw RegistryError.notFound("评估方案", field: "id") }
        return scheme
    }

    /// Refuses unless the actor is a reviewer of the scheme's authority (or, with `committee`, a committee member).
    public static func requireAssessor(of scheme: AssessmentScheme, _ actor: Principal, committee: Bool) throws(RegistryError) {
        if committee, actor.role == .committee { return }
        try actor.requireAuthority(of: scheme.division)
    }
}
