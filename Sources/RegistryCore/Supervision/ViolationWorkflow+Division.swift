import Foundation
import Postgres

extension ViolationStore {
    /// The violations whose jurisdiction (``Violation/jurisdiction``) is `division` or a division below it, open ones
    /// first, then the newest.
    public func violations(inDivision division: String, state: ViolationState?, on connection: Connection) throws -> [Violation] {
        try connection.query(
            """
            \(Self.select)
             where violation_jurisdiction(v.institution_uscc, v.item_id) in (select division_and_descendants(\(division)::char(6)))
               and (\(state)::violation_state is null or v.state = \(state)::violation_state)
             order by v.state <> 'open', v.rectification_due, v.violation_no desc
             limit 500
            """
        ).map(Violation.init(row:))
    }
}

extension ViolationWorkflow {
    /// The violations in the reviewer's division and below it (A49.1–A51.1), for its authority's supervision list.
    public func violationsInDivision(state: ViolationState?, by actor: Principal) async throws -> [Violation] {
        try actor.require(.reviewer)
        guard actor.institutionKind == .publicDataAuthority, let division = actor.division else {
            throw RegistryError(.forbidden, "违规记录由公共数据主管部门办理。")
        }
        return try await database.read { [store] connection in try store.violations(inDivision: division, state: state, on: connection) }
    }
}
