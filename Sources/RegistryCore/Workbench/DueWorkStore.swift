import Foundation
import Postgres

/// W.1: everything an institution's clerks have to do, from the parts' own due lists — share requests and demands to
/// answer or deliver (`sharing_due_list`, A23.2, A24.1), error reports to handle (`error_report_due_list`, A45.1),
/// catalog updates owed (A11.1) and returned catalog versions (A10.3) — the nearest deadline first.
public struct DueWorkStore: Sendable {
    /// How far ahead the due lists look: about two years of working days, so that nothing open is left out.
    static let horizon = 500

    public init() {}

    /// The open work of `institution` as of `day`, the nearest deadline first, work without a deadline last.
    public func dueWork(of institution: String, on day: CivilDate, on connection: Connection) throws -> [DueWork] {
        try connection.query(
            """
            with work as (
                select case s.kind when 'request' then 'share_request' else 'share_demand' end as kind, s.id, s.number,
                       s.obligation as task, s.due, null::text as note
                  from sharing_due_list(\(institution), \(day)::date, \(Self.horizon)) s
                 where s.side = 'source'
                union all
                select 'error_report', e.id, e.number, 'handle', e.due, null
                  from error_report_due_list(\(institution), \(day)::date, \(Self.horizon)) e
                union all
                select 'catalog_update', o.id, null, 'submit', o.update_due, o.description
                  from catalog_update_obligation o join catalog c on c.id = o.catalog_id
                 where c.institution_uscc = \(institution) and o.fulfilled_version_id is null
                union all
                select 'returned_version', v.id, v.number, 'resubmit', null, v.return_reason
                  from catalog_version v join catalog c on c.id = v.catalog_id
                 where c.institution_uscc = \(institution) and v.state = 'returned')
            select w.*, coalesce(calendar_day_is_provisional(w.due), false) as due_provisional,
                   working_days_between(\(day)::date, w.due) as working_days_left, coalesce(\(day)::date > w.due, false) as overdue
              from work w
             order by w.due nulls last, w.kind, w.number
            """
        ).map(DueWork.init(row:))
    }
}
