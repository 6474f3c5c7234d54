import Foundation
import Postgres
import RegistryCore

/// RP.3: the full list of compliance findings as a CSV appendix to the report, streamed from PostgreSQL through a cursor
/// so that it never sits whole in memory, whatever the scale.
///
/// UTF-8 with a byte order mark (spreadsheet programs otherwise read Chinese text as GBK), CRLF line ends, a header row
/// 条款,责任机构,事项,期限,逾期工作日, rows by article (in the regulation's order, in its words: 第十一条 目录更新),
/// institution, due day and text; cells made safe as ``CSVTable``
/// makes them (quoted per RFC 4180, formula starts defused). No deadline leaves 期限 and 逾期工作日 empty; a deadline
/// counted onto the provisional calendar reads `2027-01-05 暂定` (W.3).
public enum ComplianceFindingsCSV {
    public static let header = ["条款", "责任机构", "事项", "期限", "逾期工作日"]

    /// `compliance-<day>-<division>.csv`, the name the report cites.
    public static func fileName(asOf day: CivilDate, division: String) -> String {
        "compliance-\(day)-\(division).csv"
    }

    /// Writes the findings of `division` and those below it on `day` to `sink`, a chunk at a time; call inside a
    /// transaction. The header goes out with the first rows, so a query that fails has written nothing.
    public static func write(asOf day: CivilDate, division: String, on connection: Connection, to sink: (Data) throws -> Void) throws {
        let rows: SQL = """
            select article, institution, finding,
                   case when due_provisional then due::text || ' 暂定' else due::text end as due, working_days_overdue
              from (\(ComplianceFindings.scoped(asOf: day, division: division))) f
             order by article_number, institution, f.due nulls last, finding
            """
        var pending = CSVTable.byteOrderMark + CSVTable.record(header)
        try connection.forEachBatch(of: rows) { batch in
            try sink(Data((pending + batch.rows.map { CSVTable.record((0..<header.count).map($0.text(at:))) }.joined()).utf8))
            pending = ""
        }
        if !pending.isEmpty { try sink(Data(pending.utf8)) }
    }
}
