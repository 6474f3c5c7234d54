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
