import Foundation
import Postgres

extension ErrorReportStore {
    /// A45.1: the reports whose providing institution is in `division` or a division below it, open ones first by
    /// handling deadline, then the newest closed.
    public func reports(inDivision division: String, state: ErrorReportState?, on connection: Connection) throws -> [ErrorReport] {
        try connection.query(
            """
            \(Self.select)
             where p.division_code in (select division_and_descendants(\(division)::char(6)))
               and (\(state)::error_report_state is null or r.state = \(state)::error_report_state)
             order by r.state not in ('received', 'verifying'), r.handling_due, r.report_no desc
             limit 500
            """
        ).map(ErrorReport.init(row:))
    }
}

extension ErrorReportWorkflow {
    /// A45.1: for a reviewer, the reports of the providers in its authority's division and below; for a clerk, those
    /// its institution received or filed — the supervision list with deadlines and states.
    public func supervisedReports(state: ErrorReportState?, by actor: Principal) async throws -> [ErrorReport] {
        if actor.role == .clerk { return try await reports(of: nil, state: state, by: actor) }
        try actor.require(.reviewer)
        guard actor.institutionKind == .publicDataAuthority, let division = actor.division else {
            throw RegistryError(.forbidden, "纠错监督由公共数据主管部门办理。")
        }
        return try await database.read { [store] connection in try store.reports(inDivision: division, state: state, on: connection) }
    }
}
