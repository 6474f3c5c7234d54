-- 0100_open_access_findings.sql — the compliance report lists the unconditionally open items nobody can obtain (A28.1).
--
-- deadline_and_breach_findings()  the findings of 0065, unchanged: compliance_findings() under a name of its own, so
--                                 that compliance_findings() becomes a short list of the kinds of finding and a later
--                                 kind joins it without the whole body pasted again
-- open_access_findings()          A28.1: an item open unconditionally on the day (its version approved by then) that
--                                 offered no distribution by then — a distribution counts from its issue day, or from
--                                 the day it was recorded when it names none
-- compliance_findings()           replaced: the union of the kinds of finding above

alter function compliance_findings(date) rename to deadline_and_breach_findings;

comment on function deadline_and_breach_findings(date) is
    'RP.3: the overdue deadlines and rule breaches of a day (A8.1 … A45.1) — one kind of finding of compliance_findings().';

create function open_access_findings(p_as_of date)
    returns table (article text, institution_uscc text, finding text, due date, working_days_overdue int)
    language sql stable
as $$
    select 'A28.1', o.institution_uscc, '无条件开放的数据未提供获取方式:' || o.item_name || '(' || o.item_code || ')',
           null::date, null::int
      from open_catalog o
      join catalog_item i on i.id = o.item_id
      join catalog_item_revision r on r.id = i.current_revision_id
      join catalog_version v on v.id = r.version_id
     where o.open_type = 'unconditional'
       and civil_date(v.decided_at) <= p_as_of
       and not exists (select 1 from open_distribution d
                        where d.item_id = o.item_id and coalesce(d.issued_on, civil_date(d.created_at)) <= p_as_of)
$$;

comment on function open_access_findings(date) is
    'RP.3 / A28.1: the items open unconditionally on a day that offered no distribution by then, so nobody could obtain them.';

create function compliance_findings(p_as_of date)
    returns table (article text, institution_uscc text, finding text, due date, working_days_overdue int)
    language sql stable
as $$
    select * from deadline_and_breach_findings(p_as_of)
    union all
    select * from open_access_findings(p_as_of)
$$;

comment on function compliance_findings(date) is
    'RP.3: overdue deadlines and rule breaches on a day — article, institution responsible, finding, due day, working '
    'days overdue (NULL where the rule has no deadline, or where the calendar cannot count them: the finding says so).';
