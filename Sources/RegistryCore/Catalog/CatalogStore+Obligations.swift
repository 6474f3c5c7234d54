import Foundation
import Postgres

/// A11.1: a change of legal basis or duty obliges the institution to submit its updated catalog within 15 working
/// days; the deadline is computed by the database (`add_working_days`) and the next submission fulfils it.
extension CatalogStore {
    /// A11.1: records a change of legal basis or duty for a catalog, starting its 15-working-day update deadline.
    ///
    /// - Throws: ``RegistryError`` — W.2 when the deadline reaches a year whose calendar is
    ///   not loaded, `catalog_update_obligation_described_a11_1` without a description.
    @discardableResult
    public func recordUpdateObligation(
        _ obligation: NewCatalogUpdateObligation,
        for catalogID: UUID,
        on connection: Connection
    ) throws -> CatalogUpdateObligation {
        if SQLText.isBlank(obligation.description) { throw CatalogRules.obligationDescribed.error }
        let id = try connection.queryOne(
            """
            insert into catalog_update_obligation (catalog_id, event_on, description, legal_basis)
            values (\(catalogID), \(obligation.eventOn)::date, \(obligation.description), \(obligation.legalBasis))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try updateObligations(where: "o.id = \(id)", on: connection)[0]
    }

    /// A11.1: a catalog's update obligations, open and fulfilled, the latest event first.
    public func updateObligations(of catalogID: UUID, on connection: Connection) throws -> [CatalogUpdateObligation] {
        try updateObligations(where: "o.catalog_id = \(catalogID)", order: "o.event_on desc, o.created_at desc", on: connection)
    }

    /// A11.1: the open update obligations of the catalogs in a division and the divisions below it (all divisions when
    /// `divisionCode` is `nil`), the earliest deadline first; with `overdueOn`, only those overdue on that day.
    public func openUpdateObligations(
        inDivision divisionCode: String? = nil,
        overdueOn day: CivilDate? = nil,
        on connection: Connection
    ) throws -> [CatalogUpdateObligation] {
        var conditions: [SQL] = ["o.fulfilled_version_id is null"]
        if let divisionCode {
            let code = try Self.wellFormedDivision(divisionCode)
            conditions.append("c.division_code in (select division_and_descendants(\(code)::char(6)))")
        }
        if let day { conditions.append("o.update_due < \(day)::date") }
        return try updateObligations(where: SQL.joined(conditions, separator: " and "), on: connection)
    }

    private func updateObligations(
        where condition: SQL,
        order: SQL = "o.update_due, o.event_on, o.id",
        on connection: Connection
    ) throws -> [CatalogUpdateObligation] {
        try connection.query(
            """
            select o.id, o.catalog_id, o.event_on, o.description, o.legal_basis, o.update_due, o.update_due_provisional,
                   o.fulfilled_version_id, o.fulfilled_on, o.created_at, c.institution_uscc, c.division_code
              from catalog_update_obligation o join catalog c on c.id = o.catalog_id
             where \(condition)
             order by \(order)
            """
        ).map(CatalogUpdateObligation.init(row:))
    }
}
