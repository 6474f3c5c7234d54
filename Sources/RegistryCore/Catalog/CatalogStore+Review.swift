import Foundation
import Postgres

/// A10.1 / A10.3 / A11.1: submission and review of catalog versions — draft → submitted → approved | returned, and a
/// returned version reopened as a draft. The database stamps the dates: the submission day (Asia/Shanghai), the
/// decision deadline 5 working days later (`add_working_days`), the decision; each step is a review event.
extension CatalogStore {
    /// A10.3 / A11.1: submits a draft for review; its decision deadline is 5 working days after today. Submitting
    /// fulfils the catalog's open update obligations (A11.1) whose event is
    /// on or before today.
    ///
    /// - Throws: ``RegistryError`` — `catalog_version_not_empty_a10_3` for a draft without
    ///   changes, `catalog_version_history_kept_a10_3` / `catalog_version_transition_a10_3` for a version that is not a
    ///   draft, and W.2 when today's deadline reaches a year whose calendar is not loaded.
    @discardableResult
    public func submit(_ versionID: UUID, on connection: Connection) throws -> CatalogVersion {
        try setState(.submitted, of: versionID, on: connection)
    }

    /// A10.1 / A10.3: approves a submitted version: its item revisions become the items in force (published) and the
    /// version stays readable for ever. `reviewer` decides, for the competent authority: the authority of the catalog's
    /// own division for an institutional catalog, of the division above for a level catalog.
    @discardableResult
    public func approve(_ versionID: UUID, reviewer: Principal, on connection: Connection) throws -> CatalogVersion {
        try decide(versionID, .approved, reason: nil, reviewer: reviewer, on: connection)
    }

    /// A10.3: returns a submitted version with reasons (退回并说明理由); the keeper reopens it to correct it.
    @discardableResult
    public func returnVersion(_ versionID: UUID, reason: String, reviewer: Principal, on connection: Connection) throws -> CatalogVersion {
        try decide(versionID, .returned, reason: reason, reviewer: reviewer, on: connection)
    }

    /// A10.3: reopens a returned version as a draft, to be corrected and submitted again; its review history stays.
    /// Reopening a draft changes nothing, as in the database.
    @discardableResult
    public func reopen(_ versionID: UUID, on connection: Connection) throws -> CatalogVersion {
        try setState(.draft, of: versionID, on: connection)
    }

    /// A11.1: the submitted versions that the authority of `divisionCode` has to decide on, the earliest deadline first.
    public func versionsAwaitingDecision(reviewedIn divisionCode: String, on connection: Connection) throws -> [CatalogVersion] {
        let divisionCode = try Self.wellFormedDivision(divisionCode)
        return try connection.query(
            """
            select \(CatalogVersion.columns) from catalog_version
             where state = 'submitted' and catalog_reviewing_division(catalog_id) = \(divisionCode)::char(6)
             order by decision_due, submitted_at, id
            """
        ).map(CatalogVersion.init(row:))
    }

    // MARK: - Helpers

    private func decide(
        _ versionID: UUID,
        _ decision: CatalogVersionState,
        reason: String?,
        reviewer: Principal,
        on connection: Connection
    ) throws -> CatalogVersion {
        if decision == .returned, SQLText.isBlank(reason) { throw CatalogRules.returnedWithReasons.error }
        let row = try connection.queryOne(
            """
            update catalog_version
               set state = \(decision)::catalog_version_state, reviewer_institution = \(reviewer.institution),
                   reviewer_account = \(reviewer.account.id), return_reason = \(reason)
             where id = \(versionID)
            returning \(CatalogVersion.columns)
            """
        )
        return try CatalogVersion(row: row)
    }

    private func setState(_ state: CatalogVersionState, of versionID: UUID, on connection: Connection) throws -> CatalogVersion {
        let row = try connection.queryOne(
            "update catalog_version set state = \(state)::catalog_version_state where id = \(versionID) returning \(CatalogVersion.columns)"
        )
        return try CatalogVersion(row: row)
    }
}
