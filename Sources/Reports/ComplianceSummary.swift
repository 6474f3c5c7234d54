import Postgres
import RegistryCore

/// RP.3: what the compliance report shows of the findings, aggregated by PostgreSQL in one pass over
/// `compliance_findings`: the totals, the count per article, the institutions with the most findings, and per article
/// the findings longest overdue.
struct ComplianceSummary {
    /// A count of findings and the most working days any of them is overdue (`nil` when none has a deadline).
    struct Count {
        var label: String
        var findings: Int
        var longest: Int?
        /// W.3: some of the findings have a deadline counted onto the provisional calendar.
        var provisional = false
    }

    /// One finding as the report lists it.
    struct Finding {
        var article: String
        var institution: String
        var text: String
        var due: String
        var overdue: Int?
    }

    var total = Count(label: "", findings: 0, longest: nil)
    /// By article, in the regulation's order.
    var articles: [Count] = []
    /// The institutions with the most findings, most first, then by name.
    var leadingInstitutions: [Count] = []
    /// How many institutions have findings in all.
    var institutionCount = 0
    /// Per article (in the regulation's order), its findings longest overdue: by working days overdue (most first, none last), due day,
    /// institution and text, so that the same data give the same rows.
    var worstCases: [Finding] = []

    /// The summary of `division` and those below it on `day`: at most `leading` (at least 1) institutions and `worst`
    /// findings per article.
    init(asOf day: CivilDate, division: String, leading: Int, worst: Int, on connection: Connection) throws {
        for row in try connection.query(Self.query(asOf: day, division: division, leading: leading, worst: worst)) {
            let level = try row.decodeIfPresent("level", as: Int.self)
            guard let level else {
                worstCases.append(try Self.finding(row))
                continue
            }
            let count = try Self.count(row, label: level == 1 ? "article" : "institution")
            switch level {
            case 1: articles.append(count)
            case 2:
                leadingInstitutions.append(count)
                institutionCount = try row.decode("groups")
            default: total = count
            }
        }
    }

    /// The order of the worst cases: most working days overdue (none last), then due day, institution and text.
    private static let longestOverdueFirst: SQL = "working_days_overdue desc nulls last, due nulls last, institution, finding"

    /// Counts at level 3 (all), 1 (per article) and 2 (per institution), then the worst cases (level NULL): per article
    /// a top-N sort of its findings rather than a sort of them all.
    private static func query(asOf day: CivilDate, division: String, leading: Int, worst: Int) -> SQL {
        """
        with finding as materialized (\(ComplianceFindings.scoped(asOf: day, division: division))),
        counted as (
            select grouping(article, institution) as level, article, article_number, institution, count(*) as findings,
                   max(working_days_overdue) as longest, bool_or(due_provisional) as provisional
              from finding
             group by grouping sets ((), (article_number, article), (institution))
        ),
        placed as (
            select c.*, count(*) over (partition by level) as groups,
                   row_number() over (partition by level order by case when level = 2 then findings end desc, article_number, institution) as place
              from counted c
        ),
        ranked as (
            select w.*, row_number() over (partition by w.article order by \(longestOverdueFirst)) as place
              from (select distinct article from finding) a
             cross join lateral (select * from finding f where f.article = a.article order by \(longestOverdueFirst) limit \(worst)) w
        )
        select level, article, article_number, institution, findings, longest, provisional, groups, null as finding,
               null::date as due, null::boolean as due_provisional, null::int as working_days_overdue, place
          from placed where level <> 2 or place <= \(leading)
        union all
        select null, article, article_number, institution, null, null, null, null, finding, due, due_provisional,
               working_days_overdue, place
          from ranked
        order by level desc nulls last, article_number, place
        """
    }

    private static func count(_ row: Row, label column: String) throws -> Count {
        Count(
            label: try row.decodeIfPresent(column) ?? "",
            findings: try row.decode("findings"),
            longest: try row.decodeIfPresent("longest"),
            provisional: try row.decodeIfPresent("provisional") ?? false
        )
    }

    private static func finding(_ row: Row) throws -> Finding {
        Finding(
            article: try row.decode("article"),
            institution: try row.decode("institution"),
            text: try row.decode("finding"),
            due: try row.decodeIfPresent("due", as: CivilDate.self)?.deadlineLabel(provisional: try row.decode("due_provisional")) ?? "—",
            overdue: try row.decodeIfPresent("working_days_overdue")
        )
    }
}
