import Foundation
import Postgres

/// A12.1: IT projects and their findings in the database. The only place with their SQL.
public struct ITProjectStore: Sendable {
    public init() {}

    /// Records a project.
    public func insert(_ project: NewITProject, on connection: Connection) throws -> ITProject {
        let id = try connection.queryOne(
            """
            insert into it_project (institution_uscc, name, funding_kind, approved_on, catalog_submitted_on, accepted_on,
                                    catalog_updated_on, data_aggregated_on, description)
            values (\(project.institution), \(project.name), \(project.fundingKind)::it_project_funding, \(project.approvedOn)::date,
                    \(project.catalogSubmittedOn)::date, \(project.acceptedOn)::date, \(project.catalogUpdatedOn)::date,
                    \(project.dataAggregatedOn)::date, \(project.description))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try get(id, on: connection).existing()
    }

    /// Records the steps given; the others stay as they were.
    public func record(_ steps: ITProjectSteps, project id: UUID, on connection: Connection) throws -> ITProject {
        try connection.query(
            """
            update it_project
               set catalog_submitted_on = coalesce(\(steps.catalogSubmittedOn)::date, catalog_submitted_on),
                   accepted_on = coalesce(\(steps.acceptedOn)::date, accepted_on),
                   catalog_updated_on = coalesce(\(steps.catalogUpdatedOn)::date, catalog_updated_on),
                   data_aggregated_on = coalesce(\(steps.dataAggregatedOn)::date, data_aggregated_on)
             where id = \(id)
            """
        )
        return try get(id, on: connection).existing()
    }

    /// Replaces every date of the project with `dates`, noting the reason.
    public func correct(_ dates: ITProjectDates, project id: UUID, on connection: Connection) throws -> ITProject {
        try connection.query(
            """
            update it_project
               set approved_on = \(dates.approvedOn)::date, catalog_submitted_on = \(dates.catalogSubmittedOn)::date,
                   accepted_on = \(dates.acceptedOn)::date, catalog_updated_on = \(dates.catalogUpdatedOn)::date,
                   data_aggregated_on = \(dates.dataAggregatedOn)::date, correction_note = \(dates.reason)
             where id = \(id)
            """
        )
        return try get(id, on: connection).existing()
    }

    /// The project with this id.
    public func get(_ id: UUID, on connection: Connection) throws -> ITProject? {
        try connection.query("\(Self.select) where p.id = \(id)").first.map(ITProject.init(row:))
    }

    /// Projects within `filter`, latest approval first.
    public func list(_ filter: OversightFilter, page: ListingPage, on connection: Connection) throws -> ListingResult<ITProject> {
        let condition = filter.condition(institutionColumn: "p.institution_uscc", divisionColumn: "i.division_code")
        return try .fetch(
            count: "select count(*) as n from it_project p join institution i on i.uscc = p.institution_uscc where \(condition)",
            rows:
                """
                \(Self.select) where \(condition)
                order by p.approved_on desc, p.name, p.id
                """,
            page: page,
            on: connection,
            ITProject.init(row:)
        )
    }

    /// A12.1: the missing or late steps within `filter`, by division, institution and project.
    public func findings(
        _ filter: OversightFilter,
        page: ListingPage,
        on connection: Connection
    ) throws -> ListingResult<ITProjectFinding> {
        let condition = filter.condition(institutionColumn: "f.institution_uscc", divisionColumn: "f.division_code")
        return try .fetch(
            count: "select count(*) as n from it_project_finding f where \(condition)",
            rows:
                """
                select \(ITProjectFinding.columns) from it_project_finding f where \(condition)
                order by f.division_code, f.institution_uscc, f.project_name, f.project_id, f.due_on, f.finding
                """,
            page: page,
            on: connection,
            ITProjectFinding.init(row:)
        )
    }

    private static let select: SQL = """
        select p.id, p.institution_uscc, p.name, p.funding_kind, p.approved_on, p.catalog_submitted_on, p.accepted_on, p.catalog_updated_on,
               p.data_aggregated_on, p.description, p.correction_note, p.created_at, i.name as institution_name
          from it_project p join institution i on i.uscc = p.institution_uscc
        """
}
