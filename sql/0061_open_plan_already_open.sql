-- 0061_open_plan_already_open.sql — open plan progress counts only what the plan asked to change (A26.1, RP.2, A39.1).
--
-- open_plan_progress()                     replaced: an item already open at its target type on the plan's
--                                          publication day is already_open, not on_time (a draft plan counts from
--                                          the day asked)
-- assessment_values_open_plan_completion() replaced: the indicator open_plan_completion averages only the items the
--                                          plan asked to change (on time 1, late 0.5, otherwise 0); 100 when none

create or replace function open_plan_progress(p_plan uuid, p_as_of date)
    returns table (item_id uuid, item_code text, item_name text, institution_uscc text, open_type open_type,
                   target_date date, livelihood boolean, current_open_type open_type, opened_on date, status text)
    language sql stable parallel safe
as $$
    select pi.item_id, ci.code, cur.name, c.institution_uscc::text, pi.open_type, pi.target_date, pi.livelihood,
           cur.open_type, o.opened_on,
           case when o.opened_on is not null and o.opened_on <= coalesce(p.published_on, p_as_of) then 'already_open'
                when o.opened_on is not null then case when o.opened_on <= pi.target_date then 'on_time' else 'late' end
                when p_as_of > pi.target_date then 'overdue'
                else 'pending' end
      from open_plan_item pi
      join open_plan p on p.id = pi.plan_id
      join catalog_item ci on ci.id = pi.item_id
      join catalog c on c.id = ci.catalog_id
      join catalog_item_revision cur on cur.id = ci.current_revision_id
     cross join lateral (
         select min(civil_date(v.decided_at)) as opened_on
           from catalog_item_revision r
           join catalog_version v on v.id = r.version_id
          where r.item_id = pi.item_id and v.state = 'approved' and not r.withdrawn
            and open_type_rank(r.open_type) >= open_type_rank(pi.open_type)
            and civil_date(v.decided_at) <= p_as_of) o
     where pi.plan_id = p_plan
     order by pi.livelihood desc, pi.target_date, ci.code
$$;

comment on function open_plan_progress(uuid, date) is
    'A26.1: the items of a plan on a day, livelihood first: when each was opened at its target type and whether it was '
    'already open when the plan was published, or opened on time, late, overdue or pending.';

create or replace function assessment_values_open_plan_completion(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable parallel safe
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
                  where g.status <> 'already_open'
                  group by g.institution_uscc) g on g.institution_uscc = i.uscc
$$;

comment on function assessment_values_open_plan_completion(int, date) is
    'A26.1 / A39.1: per institution, the items its year''s open plans asked to change (not those already open): on '
    'time 1, late 0.5, not open 0, averaged; 100 when none.';
