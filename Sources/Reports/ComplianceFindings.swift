import Foundation
import Postgres
import RegistryCore

/// RP.3: the findings of `compliance_findings` — the one definition of the rules — in a division and those below it,
/// each with the name of the institution responsible; a data user's breach names no one and reads 数据利用主体 (A13.1).
enum ComplianceFindings {
    /// Columns `article` (the regulation's words with the article's subject, `第十一条 目录更新`, never an internal id),
    /// `article_number` (its order in the regulation), `institution`, `finding`, `due`, `due_provisional` (W.3: the due
    /// day lies on the provisional calendar), `working_days_overdue`, in no particular order.
    static func scoped(asOf day: CivilDate, division: String) -> SQL {
        """
        select regulation_article_label(f.article) as article, regulation_article_order(f.article) / 100 as article_number,
               coalesce(i.name, '数据利用主体') as institution, f.finding, f.due,
               calendar_day_is_provisional(f.due) as due_provisional, f.working_days_overdue
          from compliance_findings(\(day)::date) f left join institution i on i.uscc = f.institution_uscc
         where (f.institution_uscc is null and \(division) = '150000')
            or i.division_code in (select division_and_descendants(\(division)::char(6)))
        """
    }
}

/// RP.3: the compliance report's findings as the authorities' compliance view reads them — filtered by article and by
/// the institution responsible, a page at a time, with the count of findings per article and per institution.
public struct ComplianceFindingsView: Sendable {
    /// One finding.
    public struct Finding: Sendable, Hashable {
        public var article: String
        public var institution: String
        public var finding: String
        public var due: CivilDate?
        public var dueProvisional: Bool
        public var workingDaysOverdue: Int?
    }

    /// A value to filter by and how many findings it has.
    public struct Count: Sendable, Hashable, Decodable {
        public var value: String
        public var count: Int
    }

    public var findings: [Finding]
    /// How many findings the filters leave (the page shows at most `limit`).
    public var total: Int
    public var articles: [Count]
    public var institutions: [Count]

    /// The findings on `day` in `division` and below it, of `article` (its label or its id, `A11.1`) and `institution`
    /// (its name) when given, longest overdue first.
    public static func read(
        asOf day: CivilDate,
        division: String,
        article: String?,
        institution: String?,
        limit: Int,
        offset: Int,
        on connection: Connection
    ) throws -> ComplianceFindingsView {
        let scoped = ComplianceFindings.scoped(asOf: day, division: division)
        let row = try connection.queryOne(
            """
            with view as materialized (\(scoped)),
                 chosen as (select * from view where (\(article)::text is null or article = regulation_article_label(\(article)::text))
                                                 and (\(institution)::text is null or institution = \(institution)::text))
            select (select coalesce(json_agg(f), '[]') from (select * from chosen
                      order by working_days_overdue desc nulls last, due, article, institution, finding
                      limit \(limit) offset \(offset)) f)::text as findings,
                   (select count(*) from chosen) as total,
                   (select coalesce(json_agg(c), '[]') from (select article as value, count(*) as count from view
                      group by 1 order by 2 desc, 1 limit 200) c)::text as articles,
                   (select coalesce(json_agg(c), '[]') from (select institution as value, count(*) as count from view
                      group by 1 order by 2 desc, 1 limit 200) c)::text as institutions
            """
        )
        struct Stored: Decodable {
            var article: String
            var institution: String
            var finding: String
            var due: String?
            var due_provisional: Bool?
            var working_days_overdue: Int?
        }
        func decode<Value: Decodable>(_ column: String, as type: Value.Type) throws -> Value {
            try JSONDecoder().decode(Value.self, from: Data(try row.decode(column, as: String.self).utf8))
        }
        let findings = try decode("findings", as: [Stored].self).map {
            Finding(
                article: $0.article,
                institution: $0.institution,
                finding: $0.finding,
                due: $0.due.flatMap(CivilDate.init(iso:)),
                dueProvisional: $0.due_provisional ?? false,
                workingDaysOverdue: $0.working_days_overdue
            )
        }
        let total = try row.decode("total", as: Int.self)
        let articles = try decode("articles", as: [Count].self)
        let institutions = try decode("institutions", as: [Count].self)
        return ComplianceFindingsView(findings: findings, total: total, articles: articles, institutions: institutions)
    }
}
