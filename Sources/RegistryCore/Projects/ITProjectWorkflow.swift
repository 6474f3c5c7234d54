import Foundation
import Postgres

/// A12.1: clerks record their institution's IT projects and the steps as they happen; the findings list every step
/// that is missing or late, for the institution and its authorities to see.
public struct ITProjectWorkflow: Sendable {
    let database: RegistryDatabase
    let store = ITProjectStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Records a project of the clerk's institution.
    public func register(_ project: NewITProject, by actor: Principal) async throws -> ITProject {
        var valid = project
        valid.institution = try NewAccount.normalisedUSCC(project.institution, field: "institution")
        try actor.requireClerk(of: valid.institution)
        try Self.checkDates(
            approvedOn: valid.approvedOn,
            acceptedOn: valid.acceptedOn,
            catalogUpdatedOn: valid.catalogUpdatedOn,
            dataAggregatedOn: valid.dataAggregatedOn
        )
        if valid.name.isBlankAfterBtrim { throw ITProjectRules.nameNotBlank.error }
        let store = self.store
        let checked = valid
        return try await database.write(actor.audit("it_project.register")) { connection in
            try store.insert(checked, on: connection)
        }
    }

    /// Records later steps of a project of the clerk's institution.
    public func record(_ steps: ITProjectSteps, project id: UUID, by actor: Principal) async throws -> ITProject {
        let store = self.store
        return try await database.write(actor.audit("it_project.record_steps")) { connection in
            guard let project = try store.get(id, on: connection) else { throw RegistryError.notFound("信息化项目", field: "id") }
            try actor.requireClerk(of: project.institution)
            try Self.checkDates(
                approvedOn: project.approvedOn,
                acceptedOn: steps.acceptedOn ?? project.acceptedOn,
                catalogUpdatedOn: steps.catalogUpdatedOn ?? project.catalogUpdatedOn,
                dataAggregatedOn: steps.dataAggregatedOn ?? project.dataAggregatedOn
            )
            return try store.record(steps, project: id, on: connection)
        }
    }

    /// Corrects every date of a project of the clerk's institution, with the reason (audited as `it_project.correct_dates`).
    public func correct(_ dates: ITProjectDates, project id: UUID, by actor: Principal) async throws -> ITProject {
        try Self.checkDates(
            approvedOn: dates.approvedOn,
            acceptedOn: dates.acceptedOn,
            catalogUpdatedOn: dates.catalogUpdatedOn,
            dataAggregatedOn: dates.dataAggregatedOn
        )
        if dates.reason.isBlankAfterBtrim { throw ITProjectRules.correctionExplained.error }
        let store = self.store
        return try await database.write(actor.audit("it_project.correct_dates")) { connection in
            guard let project = try store.get(id, on: connection) else { throw RegistryError.notFound("信息化项目", field: "id") }
            try actor.requireClerk(of: project.institution)
            return try store.correct(dates, project: id, on: connection)
        }
    }

    /// The projects the actor oversees.
    public func list(_ filter: OversightFilter, page: ListingPage, by actor: Principal) async throws -> ListingResult<ITProject> {
        let scope = try OversightScope(for: actor)
        let page = try page.validated()
        let store = self.store
        return try await database.read { connection in
            try store.list(try scope.narrowing(filter, on: connection), page: page, on: connection)
        }
    }

    /// A12.1: the findings the actor oversees.
    public func findings(
        _ filter: OversightFilter,
        page: ListingPage,
        by actor: Principal
    ) async throws -> ListingResult<ITProjectFinding> {
        let scope = try OversightScope(for: actor)
        let page = try page.validated()
        let store = self.store
        return try await database.read { connection in
            try store.findings(try scope.narrowing(filter, on: connection), page: page, on: connection)
        }
    }

    /// The date rules of `it_project`, in the order PostgreSQL checks them (constraint name order).
    static func checkDates(
        approvedOn: CivilDate,
        acceptedOn: CivilDate?,
        catalogUpdatedOn: CivilDate?,
        dataAggregatedOn: CivilDate?
    ) throws(RegistryError) {
        if let acceptedOn, acceptedOn < approvedOn { throw ITProjectRules.acceptedAfterApproval.error }
        if let catalogUpdatedOn, catalogUpdatedOn < approvedOn { throw ITProjectRules.catalogUpdatedAfterApproval.error }
        if let dataAggregatedOn, dataAggregatedOn < approvedOn { throw ITProjectRules.dataAggregatedAfterApproval.error }
    }
}
