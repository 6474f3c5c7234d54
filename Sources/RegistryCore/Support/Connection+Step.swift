import Foundation
import Postgres

extension Connection {
    /// Applies one step's assignments to the row `id` of `table` and leaves the database to judge it: the table's
    /// triggers and constraints refuse a transition or a value the rules forbid, with the rule's own words
    /// (``RuleCatalog``). Not found, naming `subject`, when there is no such row.
    func applyStep(to table: SQL, id: UUID, _ assignments: SQL, subject: String) throws {
        guard try query("update \(table) set \(assignments) where id = \(id)").affectedRows > 0 else {
            throw RegistryError.notFound(subject, field: "id")
        }
    }
}
