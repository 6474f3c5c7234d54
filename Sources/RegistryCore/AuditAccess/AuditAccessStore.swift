import Foundation
import Postgres

/// A29.2: the audit authority's access in the database — a page of a dataset as rows of text, and the record of each
/// read in `audit_read_log` (`sql/0024_audit_authority_access.sql`). Call both in the same transaction.
struct AuditAccessStore: Sendable {
    /// One page of `dataset` in its stable order, each row a JSON object of its columns' text.
    func page(of dataset: AuditDataset, _ page: ListingPage, on connection: Connection) throws -> ListingResult<AuditRow> {
        try .fetch(
            count: "select count(*) as n from (\(dataset.source)) r",
            rows:
                """
                select (select jsonb_object_agg(e.key, e.value) from jsonb_each_text(to_jsonb(r)) e)::text as fields
                  from (\(dataset.source)) r
                 order by \(dataset.order)
                """,
            page: page,
            on: connection
        ) { row in
            try JSONDecoder().decode(AuditRow.self, from: Data(try row.decode("fields", as: String.self).utf8))
        }
    }

    /// Records that `actor` read `rows` rows of `dataset` with these paging parameters.
    func recordRead(of dataset: AuditDataset, _ page: ListingPage, rows: Int, by actor: Principal, on connection: Connection) throws {
        try connection.query(
            """
            insert into audit_read_log (account_id, dataset, parameters, row_count, http_request_id)
            values (\(actor.account.id), \(dataset.rawValue),
                    jsonb_build_object('limit', \(page.limit)::int, 'offset', \(page.offset)::int), \(rows), \(actor.requestID))
            """
        )
    }
}
