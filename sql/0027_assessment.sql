-- 0027_assessment.sql — the annual assessment (年度评估): schemes of weighted indicators, scores computed from the
-- registry, committee adjustments with remarks, versions, ranking and a frozen publication (A39.1, A41.1, A42.1).
--
-- assessment_indicator         the indicators the registry can compute, each with its article and how it is computed
-- assessment_scheme            a year's scheme of the region's or a league's/city's authority: its indicators and
--                              weights (adding up to 100 when published; frozen then)
-- assessment                   one computation of a published scheme as of a day (version 1, 2 …); the final one is
--                              published and frozen
-- assessment_score             each institution's computed value of each indicator (0–100), and a committee member's
--                              adjustment beside it with a required written remark (Markdown)
-- assessment_result            view: each institution's weighted total and rank in an assessment
--
-- Every indicator is a function (institution, year, as-of day) → 0–100 over the part of the year up to the as-of day,
-- so the numbers can be recomputed and checked by hand; assessment_indicator_value dispatches on the code.

-- ---------------------------------------------------------------------------------------------------------------
-- Sharing obligations, as the assessment and the compliance report read them (A23.2, A24.1)
-- ---------------------------------------------------------------------------------------------------------------

-- Every reply and delivery a source owes: its due day, the day it was done (NULL when not), and the day the request
-- or demand was withdrawn before it was done. Unconditional items, granted at once, owe no reply.
create view sharing_obligation as
select 'request'::text as kind, r.id, r.request_no as number, r.source_uscc::text as source_uscc, 'reply'::text as obligation,
       r.reply_due as due, r.replied_on as done_on, r.withdrawn_on, 'A23.2'::text as article
  from share_request r where r.share_type <> 'unconditional'
union all
select 'request', r.id, r.request_no, r.source_uscc::text, 'delivery', r.delivery_due, r.delivered_on, r.withdrawn_on, 'A23.2'
  from share_request r where r.delivery_due is not null
union all
select 'demand', d.id, d.demand_no, d.source_uscc::text, 'reply', d.reply_due, d.replied_on, d.withdrawn_on, 'A24.1'
  from share_demand d where d.reply_due is not null
union all
select 'demand', d.id, d.demand_no, d.source_uscc::text, 'delivery', d.delivery_due, d.delivered_on, d.withdrawn_on, 'A24.1'
  from share_demand d where d.delivery_due is not null and d.state <> 'refused';

comment on view sharing_obligation is
    'A23.2 / A24.1: every reply and delivery a source owes, with its due day, the day done and any withdrawal.';

-- ---------------------------------------------------------------------------------------------------------------
-- Indicators
-- ---------------------------------------------------------------------------------------------------------------

create table assessment_indicator (
    code text primary key,
    name text not null,
    article text not null,
    explanation text not null
);

comment on table assessment_indicator is
    'A39.1 / A41.1: the indicators the registry computes from its own records, with the article each measures and how '
    'it is computed (shown in the assessment report).';

insert into assessment_indicator (code, name, article, explanation) values
    ('catalog_completeness', '目录完整性', 'A10.2',
     '已发布目录项中,数据描述、分类、分级、法律依据和数据更新日期均已填写的比例。'),
    ('catalog_timeliness', '目录更新及时性', 'A11.1',
     '评估期内到期的目录更新义务中,在15个工作日期限内提交更新的比例;无更新义务的计满分。'),
    ('share_timeliness', '共享答复与交付及时性', 'A23.2, A24.1',
     '评估期内到期的共享答复和交付(含目录外需求)中按期完成的比例;期满未办的计为逾期,期满前撤回的不计;无义务的计满分。'),
    ('data_freshness', '数据更新及时性', 'A16.1',
     '评估截止日已发布、按固定频率更新的目录项中,数据未超过更新频率的比例;无此类目录项的计满分。'),
    ('open_plan_completion', '开放计划完成情况', 'A26.1',
     '当年开放计划所列本机构数据中,按期开放计1,逾期开放计0.5,未开放计0,取平均;未列入计划的计满分。'),
    ('objections_handled', '异议处理', 'A28.3',
     '评估期内收到的异议中,至评估截止日已核实处理的比例;无异议的计满分。'),
    ('security_duties', '安全管理责任', 'A36.1',
     '评估截止日已明确安全管理责任人计50分;评估期内至少开展一次定期安全检查计50分。'),
    ('violations_open', '违规整改', 'A49.1, A50.1, A51.1',
     '评估截止日仍未整改办结的违规记录,每条扣25分,最低0分。');

-- The part of a year an assessment covers: from 1 January to the as-of day (or 31 December).
create function assessment_window_end(p_year int, p_as_of date) returns date
    language sql immutable strict parallel safe
    return least(make_date(p_year, 12, 31), p_as_of);

-- 100 × part / whole, rounded to 2 places; `when_none` when the whole is 0.
create function assessment_ratio(part bigint, whole bigint, when_none numeric default 100) returns numeric
    language sql immutable parallel safe
    return case when coalesce(whole, 0) = 0 then when_none else round(100.0 * part / whole, 2) end;

create function assessment_catalog_completeness(p_uscc text, p_year int, p_as_of date) returns numeric
    language sql stable
    return (select assessment_ratio(
                       count(*) filter (where not is_blank(p.description) and p.category_code is not null
                                          and p.grade is not null and not is_blank(p.legal_basis)
                                          and p.data_updated_on is not null),
                       count(*), 0)
              from catalog_item_published p where p.institution_uscc = p_uscc);

create function assessment_catalog_timeliness(p_uscc text, p_year int, p_as_of date) returns numeric
    language sql stable
    return (select assessment_ratio(count(*) filter (where o.fulfilled_on <= o.update_due), count(*))
              from catalog_update_obligation o join catalog c on c.id = o.catalog_id
             where c.institution_uscc = p_uscc
               and o.update_due between make_date(p_year, 1, 1) and assessment_window_end(p_year, p_as_of)
               and (o.fulfilled_on is not null or p_as_of > o.update_due));

create function assessment_share_timeliness(p_uscc text, p_year int, p_as_of date) returns numeric
    language sql stable
    return (select assessment_ratio(count(*) filter (where o.done_on <= o.due), count(*))
              from sharing_obligation o
             where o.source_uscc = p_uscc
               and o.due between make_date(p_year, 1, 1) and assessment_window_end(p_year, p_as_of)
               and (o.done_on is not null or (o.withdrawn_on is null and p_as_of > o.due)));

create function assessment_data_freshness(p_uscc text, p_year int, p_as_of date) returns numeric
    language sql stable
    return (select assessment_ratio(
                       count(*) filter (where f.last_updated_on is not null
                                          and f.update_due_on >= assessment_window_end(p_year, p_as_of)),
                       count(*))
              from catalog_item_freshness f
             where f.institution_uscc = p_uscc and f.update_frequency <> 'irregular');

create function assessment_open_plan_completion(p_uscc text, p_year int, p_as_of date) returns numeric
    language sql stable
    return (select case when count(*) = 0 then 100
                        else round(100.0 * (count(*) filter (where g.status = 'on_time')
                                            + 0.5 * count(*) filter (where g.status = 'late')) / count(*), 2) end
              from (select distinct on (division_code, institution_uscc) id from open_plan
                     where year = p_year and state = 'published' and published_on <= p_as_of
                     order by division_code, institution_uscc, version desc) plan
             cross join lateral open_plan_progress(plan.id, assessment_window_end(p_year, p_as_of)) g
             where g.institution_uscc = p_uscc);

create function assessment_objections_handled(p_uscc text, p_year int, p_as_of date) returns numeric
    language sql stable
    return (select assessment_ratio(count(*) filter (where o.decided_on <= p_as_of), count(*))
              from open_objection o
             where o.institution_uscc = p_uscc
               and o.received_on between make_date(p_year, 1, 1) and assessment_window_end(p_year, p_as_of));

create function assessment_security_duties(p_uscc text, p_year int, p_as_of date) returns numeric
    language sql stable
    return (select case when i.security_officer_named_on <= p_as_of then 50 else 0 end
                 + case when exists (select 1 from security_check s
                                      where s.institution_uscc = p_uscc and s.kind = 'periodic_check'
                                        and s.checked_on between make_date(p_year, 1, 1)
                                                             and assessment_window_end(p_year, p_as_of))
                        then 50 else 0 end
              from institution i where i.uscc = p_uscc);

create function assessment_violations_open(p_uscc text, p_year int, p_as_of date) returns numeric
    language sql stable
    return greatest(0, 100 - 25 * (select count(*) from violations_open_on(assessment_window_end(p_year, p_as_of)) v
                                    where v.institution_uscc = p_uscc));

-- The value (0–100) of indicator `p_code` for an institution in a year, as of a day.
create function assessment_indicator_value(p_code text, p_uscc text, p_year int, p_as_of date) returns numeric
    language plpgsql stable
as $$
begin
    return case p_code
        when 'catalog_completeness' then assessment_catalog_completeness(p_uscc, p_year, p_as_of)
        when 'catalog_timeliness' then assessment_catalog_timeliness(p_uscc, p_year, p_as_of)
        when 'share_timeliness' then assessment_share_timeliness(p_uscc, p_year, p_as_of)
        when 'data_freshness' then assessment_data_freshness(p_uscc, p_year, p_as_of)
        when 'open_plan_completion' then assessment_open_plan_completion(p_uscc, p_year, p_as_of)
        when 'objections_handled' then assessment_objections_handled(p_uscc, p_year, p_as_of)
        when 'security_duties' then assessment_security_duties(p_uscc, p_year, p_as_of)
        when 'violations_open' then assessment_violations_open(p_uscc, p_year, p_as_of)
    end;
end
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Schemes, assessments, scores
-- ---------------------------------------------------------------------------------------------------------------

create type assessment_scheme_state as enum ('draft', 'published');
create type assessment_state as enum ('computed', 'published');

create table assessment_scheme (
    id uuid primary key default gen_random_uuid(),
    year int not null,
    division_code char(6) not null constraint assessment_scheme_division_exists_a39_1 references division (code),
    state assessment_scheme_state not null default 'draft',
    published_at timestamptz,
    created_at timestamptz not null default now(),
    constraint assessment_scheme_year_a39_1 check (year between 2024 and 2100),
    constraint assessment_scheme_unique_a39_1 unique (year, division_code)
);

comment on table assessment_scheme is
    'A39.1: the assessment scheme of a year of the authority of a division (region or league/city): its weighted '
    'indicators, frozen once published.';

create table assessment_scheme_indicator (
    scheme_id uuid not null references assessment_scheme (id),
    indicator_code text not null constraint assessment_scheme_indicator_known_a39_1 references assessment_indicator (code),
    weight numeric(5, 2) not null,
    primary key (scheme_id, indicator_code),
    constraint assessment_scheme_indicator_weight_a39_1 check (weight > 0 and weight <= 100)
);

create table assessment (
    id uuid primary key default gen_random_uuid(),
    scheme_id uuid not null references assessment_scheme (id),
    version int not null,
    as_of date not null,
    state assessment_state not null default 'computed',
    computed_at timestamptz not null default now(),
    published_at timestamptz,
    constraint assessment_version_unique unique (scheme_id, version),
    constraint assessment_published_dated_a41_1 check ((state = 'published') = (published_at is not null))
);

comment on table assessment is
    'A39.1 / A41.1: one computation of a published scheme as of a day; versions 1, 2 …; the one published is frozen.';

create unique index assessment_one_publication_a41_1 on assessment (scheme_id) where state = 'published';

create table assessment_score (
    assessment_id uuid not null references assessment (id),
    institution_uscc uscc not null references institution (uscc),
    indicator_code text not null references assessment_indicator (code),
    computed numeric(5, 2) not null,
    adjusted numeric(5, 2),
    remark text,
    adjusted_by uuid references account (id),
    adjusted_at timestamptz,
    primary key (assessment_id, institution_uscc, indicator_code),
    constraint assessment_score_range_a39_1 check (computed between 0 and 100 and (adjusted is null or adjusted between 0 and 100)),
    constraint assessment_adjustment_remark_a41_1 check ((adjusted is null) = (remark is null)
        and (adjusted is null or not is_blank(remark)))
);

comment on table assessment_score is
    'A39.1 / A41.1: the computed value of an indicator for an institution, and the committee''s adjustment beside it '
    'with its written remark (Markdown); the computed value never changes.';

-- Schemes: authorities of the region and the leagues/cities; weights add up to 100 when published; frozen then.
create function assessment_scheme_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('assessment_scheme_kept_a39_1', 'an assessment scheme is never deleted');
    end if;
    if tg_op = 'INSERT' then
        if (select level from division where code = new.division_code) not in ('region', 'league_city') then
            perform rule_refuse('assessment_scheme_level_a39_1',
                'assessment schemes are set by the region and the leagues/cities', 'division');
        end if;
        new.state := 'draft';
        new.published_at := null;
        return new;
    end if;
    if old.state = 'published' then
        perform rule_refuse('assessment_scheme_frozen_a39_1', 'a published scheme does not change', 'state');
    end if;
    if (new.year, new.division_code) is distinct from (old.year, old.division_code) then
        perform rule_refuse('assessment_scheme_frozen_a39_1', 'the year and division of a scheme do not change');
    end if;
    if new.state = 'published' then
        if coalesce((select sum(weight) from assessment_scheme_indicator where scheme_id = new.id), 0) <> 100 then
            perform rule_refuse('assessment_scheme_weights_a39_1', 'the weights of a scheme add up to 100', 'weights');
        end if;
        new.published_at := now();
    end if;
    return new;
end
$$;

create trigger assessment_scheme_guard before insert or update or delete on assessment_scheme
    for each row execute function assessment_scheme_guard();

create function assessment_scheme_indicator_guard() returns trigger
    language plpgsql
as $$
begin
    if (select state from assessment_scheme where id = coalesce(new.scheme_id, old.scheme_id)) = 'published' then
        perform rule_refuse('assessment_scheme_frozen_a39_1', 'a published scheme does not change', 'weights');
    end if;
    return coalesce(new, old);
end
$$;

create trigger assessment_scheme_indicator_guard before insert or update or delete on assessment_scheme_indicator
    for each row execute function assessment_scheme_indicator_guard();

-- Assessments are written by assessment_compute only; a published one is frozen with its scores.
create function assessment_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('assessment_kept_a41_1', 'an assessment is never deleted');
    end if;
    if tg_op = 'INSERT' then
        if current_setting('registry.assessment_computing', true) is distinct from 'on' then
            perform rule_refuse('assessment_computed_by_registry_a39_1',
                'assessments are computed from the registry, never typed');
        end if;
        if (select state from assessment_scheme where id = new.scheme_id) <> 'published' then
            perform rule_refuse('assessment_scheme_published_a39_1', 'only a published scheme is computed', 'scheme');
        end if;
        new.state := 'computed';
        new.published_at := null;
        return new;
    end if;
    if old.state = 'published' or (new.scheme_id, new.version, new.as_of, new.computed_at)
                                   is distinct from (old.scheme_id, old.version, old.as_of, old.computed_at) then
        perform rule_refuse('assessment_published_frozen_a41_1', 'a published assessment is frozen', 'state');
    end if;
    if new.state = 'published' then
        new.published_at := now();
    end if;
    return new;
end
$$;

create trigger assessment_guard before insert or update or delete on assessment
    for each row execute function assessment_guard();

create function assessment_score_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('assessment_kept_a41_1', 'an assessment is never deleted');
    end if;
    if tg_op = 'INSERT' then
        if current_setting('registry.assessment_computing', true) is distinct from 'on' then
            perform rule_refuse('assessment_computed_by_registry_a39_1',
                'assessments are computed from the registry, never typed');
        end if;
        new.adjusted := null; new.remark := null; new.adjusted_by := null; new.adjusted_at := null;
        return new;
    end if;
    if (select state from assessment where id = old.assessment_id) = 'published' then
        perform rule_refuse('assessment_published_frozen_a41_1', 'a published assessment is frozen', 'adjusted');
    end if;
    if (new.assessment_id, new.institution_uscc, new.indicator_code, new.computed)
       is distinct from (old.assessment_id, old.institution_uscc, old.indicator_code, old.computed) then
        perform rule_refuse('assessment_computed_by_registry_a39_1', 'a computed value never changes', 'computed');
    end if;
    if new.adjusted is not null and is_blank(new.remark) then
        perform rule_refuse('assessment_adjustment_remark_a41_1', 'an adjustment comes with a written remark', 'remark');
    end if;
    new.adjusted_by := nullif(current_setting('registry.actor_account', true), '')::uuid;
    new.adjusted_at := now();
    return new;
end
$$;

create trigger assessment_score_guard before insert or update or delete on assessment_score
    for each row execute function assessment_score_guard();

-- A39.1: computes a published scheme as of a day for every institution of its division and those below (authorities
-- excepted) — a new version each time; returns its id.
create function assessment_compute(p_scheme uuid, p_as_of date) returns uuid
    language plpgsql
as $$
declare
    scheme assessment_scheme;
    new_id uuid;
begin
    select * into scheme from assessment_scheme where id = p_scheme;
    perform set_config('registry.assessment_computing', 'on', true);
    insert into assessment (scheme_id, version, as_of)
    values (p_scheme, coalesce((select max(version) from assessment where scheme_id = p_scheme), 0) + 1, p_as_of)
    returning id into new_id;
    insert into assessment_score (assessment_id, institution_uscc, indicator_code, computed)
    select new_id, i.uscc, si.indicator_code, assessment_indicator_value(si.indicator_code, i.uscc, scheme.year, p_as_of)
      from institution i
      cross join assessment_scheme_indicator si
     where si.scheme_id = p_scheme and i.kind <> 'public_data_authority'
       and i.division_code in (select division_and_descendants(scheme.division_code));
    perform set_config('registry.assessment_computing', 'off', true);
    return new_id;
end
$$;

comment on function assessment_compute(uuid, date) is
    'A39.1: computes every indicator of a published scheme for the institutions of its division and those below.';

-- A39.1 / A41.1: each institution's weighted total (using the committee's adjustment where there is one) and rank.
create view assessment_result as
select t.assessment_id, t.institution_uscc, ins.name as institution_name, ins.division_code, t.total,
       rank() over (partition by t.assessment_id order by t.total desc) as rank
  from (select s.assessment_id, s.institution_uscc,
               round(sum(si.weight * coalesce(s.adjusted, s.computed)) / 100, 2) as total
          from assessment_score s
          join assessment a on a.id = s.assessment_id
          join assessment_scheme_indicator si on si.scheme_id = a.scheme_id and si.indicator_code = s.indicator_code
         group by s.assessment_id, s.institution_uscc) t
  join institution ins on ins.uscc = t.institution_uscc;

comment on view assessment_result is 'A39.1 / A41.1: weighted totals and ranks of an assessment (adjusted values where given).';

-- ---------------------------------------------------------------------------------------------------------------
-- Audit (A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create trigger assessment_scheme_audit after insert or update or delete on assessment_scheme
    for each row execute function audit_row_change('id');
create trigger assessment_scheme_no_truncate before truncate on assessment_scheme
    for each statement execute function refuse_truncate();
create trigger assessment_scheme_indicator_audit after insert or update or delete on assessment_scheme_indicator
    for each row execute function audit_row_change('scheme_id');
create trigger assessment_scheme_indicator_no_truncate before truncate on assessment_scheme_indicator
    for each statement execute function refuse_truncate();
create trigger assessment_audit after insert or update or delete on assessment
    for each row execute function audit_row_change('id');
create trigger assessment_no_truncate before truncate on assessment
    for each statement execute function refuse_truncate();
create trigger assessment_score_audit after insert or update or delete on assessment_score
    for each row execute function audit_row_change('assessment_id');
create trigger assessment_score_no_truncate before truncate on assessment_score
    for each statement execute function refuse_truncate();
