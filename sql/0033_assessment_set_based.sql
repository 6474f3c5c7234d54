-- 0033_assessment_set_based.sql — issue 8: the annual assessment (A39.1, A41.1) counts each indicator once for all
-- institutions, not once per institution.
--
-- 0027 and 0030 defined each indicator as a function of one institution, and assessment_compute called
-- assessment_indicator_value for every institution × indicator: at scale 1.0 (`registry seed synthetic`, 4,884
-- institutions, 9 indicators) 43,956 plpgsql calls, each a few index lookups, took 66.9 s for the region
-- (`scripts/bench.sh`). Now every indicator is one GROUP BY over its records, left-joined to the institution list, and
-- the same rules give the same values: all 43,956 scores of the region's 2026 scheme equal those of 0027/0030.
--
-- Measured on that database, old and new in one rolled-back transaction, 2 cores shared with other work, three runs
-- (load 1–5): old 62.9 s / 90.6 s / 78.4 s, new 30.3 s / 33.1 s / 42.8 s. Of the new time the audit trail of the score
-- rows (A44.1, unchanged) is about 13–15 s: the same compute without assessment_score_audit took 17.5 s / 20.2 s /
-- 27.3 s, the chain check at commit 0.1–0.2 s. Most of the rest is the two indicators over the million published items: catalog_completeness calls
-- is_blank() twice per item, which its search_path (0029) keeps from being inlined (about 3 µs a call), and
-- data_freshness joins every item with its refreshes. JIT is off inside assessment_compute: it spent up to 15 s
-- compiling the completeness query and saved nothing.
--
-- assessment_values_<code>(year, as_of)            one per indicator: (institution_uscc, value) for every institution;
--                                                  an institution with nothing to count gets the default of 0027/0030
--                                                  (100, or 0 for the completeness of an empty catalog)
-- assessment_indicator_values(code, year, as_of)   the values of one indicator; the list of indicators lives here only
-- assessment_indicator_value(code, uscc, …)        one institution's value, read from the set above (kept for checks
--                                                  by hand and the tests)
-- assessment_compute(scheme, as_of)                one INSERT … SELECT per indicator of the scheme
--
-- The per-institution functions of 0027 and 0030 are dropped: each rule now lives once, in the set-based function.
-- The functions are plain SQL and neither strict nor given a search_path, so the planner inlines them: a filter on
-- one institution reaches the grouped rows of its own records only.

-- ---------------------------------------------------------------------------------------------------------------
-- What the indicators read
-- ---------------------------------------------------------------------------------------------------------------

-- A16.1: the allowance of an update frequency (0008) is no longer declared strict: a strict function whose body is a
-- CASE is never inlined, so catalog_item_freshness called it once per published item (1,000,000 calls, about 2.7 s
-- of data_freshness at scale 1.0). Its body is unchanged, and a NULL frequency still gives NULL (no branch matches).
alter function update_frequency_allowance(update_frequency) called on null input;

-- ---------------------------------------------------------------------------------------------------------------
-- Indicators, each over all institutions (the explanations of assessment_indicator say the same in words)
-- ---------------------------------------------------------------------------------------------------------------

-- A10.2: the share of the published items whose description, category, grade, legal basis and data-updated day are
-- filled in; 0 when the institution has published nothing. (The published catalog as it stands, as in 0027.)
create function assessment_values_catalog_completeness(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable
as $$
    select i.uscc::text, assessment_ratio(c.complete, c.items, 0)
      from institution i
      left join (select p.institution_uscc,
                        count(*) filter (where not is_blank(p.description) and p.category_code is not null
                                           and p.grade is not null and not is_blank(p.legal_basis)
                                           and p.data_updated_on is not null) as complete,
                        count(*) as items
                   from catalog_item_published p
                  group by p.institution_uscc) c on c.institution_uscc = i.uscc
$$;

-- A11.1: the share of the catalog update obligations due in the period that were met within their 15 working days;
-- an obligation still open after its due day counts as late; 100 when none was due.
create function assessment_values_catalog_timeliness(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable
as $$
    select i.uscc::text, assessment_ratio(o.on_time, o.due)
      from institution i
      left join (select c.institution_uscc, count(*) filter (where o.fulfilled_on <= o.update_due) as on_time,
                        count(*) as due
                   from catalog_update_obligation o join catalog c on c.id = o.catalog_id
                  where o.update_due between make_date(p_year, 1, 1) and assessment_window_end(p_year, p_as_of)
                    and (o.fulfilled_on is not null or p_as_of > o.update_due)
                  group by c.institution_uscc) o on o.institution_uscc = i.uscc
$$;

-- A23.2 / A24.1: the share of the replies and deliveries due in the period (requests and demands) done by their due
-- day; one not done after its due day counts as late, one withdrawn before it not at all; 100 when none was due.
create function assessment_values_share_timeliness(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable
as $$
    select i.uscc::text, assessment_ratio(o.on_time, o.due)
      from institution i
      left join (select o.source_uscc, count(*) filter (where o.done_on <= o.due) as on_time, count(*) as due
                   from sharing_obligation o
                  where o.due between make_date(p_year, 1, 1) and assessment_window_end(p_year, p_as_of)
                    and (o.done_on is not null or (o.withdrawn_on is null and p_as_of > o.due))
                  group by o.source_uscc) o on o.source_uscc = i.uscc
$$;

-- A16.1: the share of the published items updated at a fixed frequency whose data are not older than it allows at the
-- end of the period; 100 when the institution has no such item.
create function assessment_values_data_freshness(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable
as $$
    select i.uscc::text, assessment_ratio(f.fresh, f.items)
      from institution i
      left join (select f.institution_uscc,
                        count(*) filter (where f.last_updated_on is not null
                                           and f.update_due_on >= assessment_window_end(p_year, p_as_of)) as fresh,
                        count(*) as items
                   from catalog_item_freshness f
                  where f.update_frequency <> 'irregular'
                  group by f.institution_uscc) f on f.institution_uscc = i.uscc
$$;

-- A26.1: over the institution's items in the year's open plans (the latest published version of each plan by the
-- as-of day), on time counts 1, late 0.5, not open 0, averaged; 100 when none of its items is planned.
create function assessment_values_open_plan_completion(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable
as $$
    select i.uscc::text, coalesce(g.value, 100)
      from institution i
      left join (select g.institution_uscc,
                        round(100.0 * (count(*) filter (where g.status = 'on_time')
                                       + 0.5 * count(*) filter (where g.status = 'late')) / count(*), 2) as value
                   from (select distinct on (division_code, institution_uscc) id from open_plan
                          where year = p_year and state = 'published' and published_on <= p_as_of
                          order by division_code, institution_uscc, version desc) plan
                  cross join lateral open_plan_progress(plan.id, assessment_window_end(p_year, p_as_of)) g
                  group by g.institution_uscc) g on g.institution_uscc = i.uscc
$$;

-- A28.3: the share of the objections received in the period decided by the as-of day; 100 when none was received.
create function assessment_values_objections_handled(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable
as $$
    select i.uscc::text, assessment_ratio(o.decided, o.received)
      from institution i
      left join (select o.institution_uscc, count(*) filter (where o.decided_on <= p_as_of) as decided,
                        count(*) as received
                   from open_objection o
                  where o.received_on between make_date(p_year, 1, 1) and assessment_window_end(p_year, p_as_of)
                  group by o.institution_uscc) o on o.institution_uscc = i.uscc
$$;

-- A36.1: 50 for a security officer named by the as-of day, 50 for at least one periodic check in the period.
create function assessment_values_security_duties(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable
as $$
    select i.uscc::text,
           case when i.security_officer_named_on <= p_as_of then 50 else 0 end
           + case when s.institution_uscc is not null then 50 else 0 end
      from institution i
      left join (select distinct s.institution_uscc
                   from security_check s
                  where s.kind = 'periodic_check'
                    and s.checked_on between make_date(p_year, 1, 1) and assessment_window_end(p_year, p_as_of)) s
             on s.institution_uscc = i.uscc
$$;

-- A49.1 / A50.1 / A51.1: 100 less 25 for each violation still open at the end of the period, at least 0.
create function assessment_values_violations_open(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable
as $$
    select i.uscc::text, greatest(0, 100 - 25 * coalesce(v.open, 0))
      from institution i
      left join (select v.institution_uscc, count(*) as open
                   from violations_open_on(assessment_window_end(p_year, p_as_of)) v
                  group by v.institution_uscc) v on v.institution_uscc = i.uscc
$$;

-- A45.1: the share of the error reports due in the period that the providing institution closed (handled with
-- feedback, or rejected) by their due day; one still open after it counts as late; 100 when none was due.
create function assessment_values_error_reports_on_time(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable
as $$
    select i.uscc::text, assessment_ratio(r.on_time, r.due)
      from institution i
      left join (select r.provider_uscc, count(*) filter (where r.closed_on <= r.handling_due) as on_time,
                        count(*) as due
                   from error_report r
                  where r.handling_due between make_date(p_year, 1, 1) and assessment_window_end(p_year, p_as_of)
                    and (r.closed_on is not null or p_as_of > r.handling_due)
                  group by r.provider_uscc) r on r.provider_uscc = i.uscc
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Dispatch on the code
-- ---------------------------------------------------------------------------------------------------------------

-- The values (0–100) of indicator `p_code` for every institution in a year, as of a day; no rows for an unknown code.
-- Inlined with a known code, only that indicator's branch is planned (or run, when the code is a parameter).
create function assessment_indicator_values(p_code text, p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable
as $$
    select * from assessment_values_catalog_completeness(p_year, p_as_of) where p_code = 'catalog_completeness'
    union all
    select * from assessment_values_catalog_timeliness(p_year, p_as_of) where p_code = 'catalog_timeliness'
    union all
    select * from assessment_values_share_timeliness(p_year, p_as_of) where p_code = 'share_timeliness'
    union all
    select * from assessment_values_data_freshness(p_year, p_as_of) where p_code = 'data_freshness'
    union all
    select * from assessment_values_open_plan_completion(p_year, p_as_of) where p_code = 'open_plan_completion'
    union all
    select * from assessment_values_objections_handled(p_year, p_as_of) where p_code = 'objections_handled'
    union all
    select * from assessment_values_security_duties(p_year, p_as_of) where p_code = 'security_duties'
    union all
    select * from assessment_values_violations_open(p_year, p_as_of) where p_code = 'violations_open'
    union all
    select * from assessment_values_error_reports_on_time(p_year, p_as_of) where p_code = 'error_reports_on_time'
$$;

comment on function assessment_indicator_values(text, int, date) is
    'A39.1 / A41.1: the value (0–100) of an indicator for every institution in a year, as of a day (set-based).';

-- The value (0–100) of indicator `p_code` for one institution in a year, as of a day: its row of the set above.
create or replace function assessment_indicator_value(p_code text, p_uscc text, p_year int, p_as_of date) returns numeric
    language sql stable
    return (select v.value from assessment_indicator_values(p_code, p_year, p_as_of) v where v.institution_uscc = p_uscc);

drop function assessment_catalog_completeness(text, int, date);
drop function assessment_catalog_timeliness(text, int, date);
drop function assessment_share_timeliness(text, int, date);
drop function assessment_data_freshness(text, int, date);
drop function assessment_open_plan_completion(text, int, date);
drop function assessment_objections_handled(text, int, date);
drop function assessment_security_duties(text, int, date);
drop function assessment_violations_open(text, int, date);
drop function assessment_error_reports_on_time(text, int, date);

-- ---------------------------------------------------------------------------------------------------------------
-- Computing a scheme
-- ---------------------------------------------------------------------------------------------------------------

-- A39.1: computes a published scheme as of a day for every institution of its division and those below (authorities
-- excepted) — a new version each time; returns its id. One INSERT … SELECT per indicator, in the order of the codes;
-- the left join from the institution list makes a missing value fail loudly (computed is not null) instead of leaving
-- an institution without its score.
create or replace function assessment_compute(p_scheme uuid, p_as_of date) returns uuid
    language plpgsql
    set jit = off
as $$
declare
    scheme assessment_scheme;
    new_id uuid;
    indicator text;
begin
    select * into scheme from assessment_scheme where id = p_scheme;
    perform set_config('registry.assessment_computing', 'on', true);
    insert into assessment (scheme_id, version, as_of)
    values (p_scheme, coalesce((select max(version) from assessment where scheme_id = p_scheme), 0) + 1, p_as_of)
    returning id into new_id;
    for indicator in select si.indicator_code from assessment_scheme_indicator si where si.scheme_id = p_scheme
                 order by si.indicator_code loop
        insert into assessment_score (assessment_id, institution_uscc, indicator_code, computed)
        select new_id, i.uscc, indicator, v.value
          from institution i
          left join assessment_indicator_values(indicator, scheme.year, p_as_of) v on v.institution_uscc = i.uscc
         where i.kind <> 'public_data_authority'
           and i.division_code in (select division_and_descendants(scheme.division_code));
    end loop;
    perform set_config('registry.assessment_computing', 'off', true);
    return new_id;
end
$$;

comment on function assessment_compute(uuid, date) is
    'A39.1: computes every indicator of a published scheme for the institutions of its division and those below.';
