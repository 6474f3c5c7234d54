-- 0120_dishonest_conduct.sql — dishonest conduct (失信行为) in sharing, opening and use, and the constraint it carries
-- (失信约束, A44.2).
--
-- dishonest_conduct_subject     数据利用主体 or 公共管理和服务机构
-- dishonest_conduct_sphere      where the conduct happened: 共享, 开放, 开发利用
-- dishonest_conduct             a record against a data user or an institution: the conduct, its basis (a citation,
--                               as every legal basis, 0063), its period (from–until) and what it constrains — a data
--                               user's new conditional open applications (A28.2), an institution's new share requests
--                               and demands outside the catalog (A20.2, A24.1) — for the data of the division of the
--                               authority that records it and below. The record belongs to the division of the
--                               institution, or for a data user of the data concerned, else the region (as a violation,
--                               0042), and is recorded by a reviewer of that division's authority or of one above; its
--                               terms never change; it may be ended early once, with a reason (信用修复); never deleted
-- dishonest_conduct_in_force()  the record in force on a day that constrains an account or institution, for data of a
--                               division
-- open_application, share_request, share_demand  refused while such a record is in force (new triggers; the earlier
--                               ones unchanged)
-- legal_basis_stated            replaced (0063): gains the records' basis, so that cited_law counts it
-- assessment indicator dishonest_conduct  100 less 25 for each record of the institution in force at some time in the
--                               assessment period (an indicator the scheme may weight, A39.1); assessment_indicator_values
--                               replaced (0033's dispatch) to include it

create type dishonest_conduct_subject as enum ('data_user', 'institution');
create type dishonest_conduct_sphere as enum ('sharing', 'opening', 'use');

comment on type dishonest_conduct_subject is 'A44.2: 失信主体 — 数据利用主体, 公共管理和服务机构.';
comment on type dishonest_conduct_sphere is 'A44.2: 失信行为发生的环节 — 共享, 开放, 开发利用.';

create table dishonest_conduct (
    id uuid primary key default gen_random_uuid(),
    record_no bigint generated always as identity unique,
    subject dishonest_conduct_subject not null,
    institution_uscc uscc constraint dishonest_conduct_institution_exists_a44_2 references institution (uscc),
    data_user_account uuid constraint dishonest_conduct_data_user_exists_a44_2 references account (id),
    item_id uuid constraint dishonest_conduct_item_exists_a44_2 references catalog_item (id),
    sphere dishonest_conduct_sphere not null,
    conduct text not null,
    legal_basis text not null,
    effective_from date not null,
    effective_until date not null,
    restricts_open_applications boolean not null default false,
    restricts_share_requests boolean not null default false,
    division_code char(6) not null references division (code),
    authority_uscc uscc not null references institution (uscc),
    recorded_by uuid references account (id),
    created_at timestamptz not null default registry_now(),
    ended_on date,
    end_reason text,
    ended_by uuid references account (id),
    constraint dishonest_conduct_one_subject_a44_2 check (
        case subject when 'data_user' then data_user_account is not null and institution_uscc is null
                     else institution_uscc is not null and data_user_account is null end),
    constraint dishonest_conduct_conduct_a44_2 check (btrim(conduct) <> '' and char_length(conduct) <= 2000),
    constraint dishonest_conduct_legal_basis_cited_a44_2 check (is_legal_citation(legal_basis)),
    constraint dishonest_conduct_period_a44_2 check (effective_until >= effective_from),
    constraint dishonest_conduct_restriction_fits_subject_a44_2 check (
        not (restricts_open_applications and subject <> 'data_user')
        and not (restricts_share_requests and subject <> 'institution')),
    constraint dishonest_conduct_ended_a44_2 check ((ended_on is null) = is_blank(end_reason))
);

comment on table dishonest_conduct is
    'A44.2: dishonest conduct (失信行为) in sharing, opening or use recorded against a data user or an institution by '
    'the public data authority of its division (division_code) or one above, with its basis, its period and what it '
    'constrains (失信约束) within the recording authority''s division; ended early (ended_on) once, with a reason.';
comment on column dishonest_conduct.division_code is
    'The division the record belongs to: the institution''s, or for a data user that of the data concerned, else the '
    'region. Its authority or one above records it.';

create index dishonest_conduct_data_user_idx on dishonest_conduct (data_user_account, effective_from)
    where data_user_account is not null;
create index dishonest_conduct_institution_idx on dishonest_conduct (institution_uscc, effective_from)
    where institution_uscc is not null;

-- A44.2: who records, and what stays as recorded. On insert the database stamps the division, the recorder and
-- clears the ending; afterwards only the ending may be set, once, on the registry's today.
create function dishonest_conduct_guard() returns trigger
    language plpgsql
as $$
declare
    actor uuid := nullif(current_setting('registry.actor_account', true), '')::uuid;
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('dishonest_conduct_kept_a44_2', 'a dishonest conduct record is ended, never deleted');
    end if;
    if tg_op = 'INSERT' then
        if new.subject = 'data_user' and not exists (
            select 1 from account where id = new.data_user_account and role = 'data_user') then
            perform rule_refuse('dishonest_conduct_one_subject_a44_2', 'a data user''s record names a data user account',
                'data_user_account');
        end if;
        if (select kind from institution where uscc = new.authority_uscc) is distinct from 'public_data_authority' then
            perform rule_refuse('dishonest_conduct_by_authority_a44_2',
                'dishonest conduct is recorded by a public data authority', 'authority');
        end if;
        new.division_code := violation_jurisdiction(new.institution_uscc, new.item_id);
        if not division_covers((select division_code from institution where uscc = new.authority_uscc), new.division_code) then
            perform rule_refuse('dishonest_conduct_within_authority_a44_2',
                'dishonest conduct is recorded by the authority of the division of the institution or data concerned, '
                'or of a division above it', 'authority');
        end if;
        new.recorded_by := actor;
        new.created_at := registry_now();
        new.ended_on := null; new.end_reason := null; new.ended_by := null;
        return new;
    end if;
    if (new.subject, new.institution_uscc, new.data_user_account, new.item_id, new.sphere, new.conduct, new.legal_basis,
        new.effective_from, new.effective_until, new.restricts_open_applications, new.restricts_share_requests,
        new.division_code, new.authority_uscc, new.recorded_by, new.created_at) is distinct from
       (old.subject, old.institution_uscc, old.data_user_account, old.item_id, old.sphere, old.conduct, old.legal_basis,
        old.effective_from, old.effective_until, old.restricts_open_applications, old.restricts_share_requests,
        old.division_code, old.authority_uscc, old.recorded_by, old.created_at) then
        perform rule_refuse('dishonest_conduct_terms_fixed_a44_2', 'what a dishonest conduct record says does not change');
    end if;
    if old.ended_on is not null then
        perform rule_refuse('dishonest_conduct_ended_once_a44_2', 'a dishonest conduct record is ended once', 'ended_on');
    end if;
    if registry_today() > old.effective_until then
        perform rule_refuse('dishonest_conduct_ended_once_a44_2', 'the record''s period is over: there is nothing to end',
            'ended_on');
    end if;
    if is_blank(new.end_reason) then
        perform rule_refuse('dishonest_conduct_ended_a44_2', 'ending a record early states the reason', 'end_reason');
    end if;
    new.ended_on := registry_today();
    new.ended_by := actor;
    return new;
end
$$;

create trigger dishonest_conduct_guard before insert or update or delete on dishonest_conduct
    for each row execute function dishonest_conduct_guard();
create trigger dishonest_conduct_audit after insert or update or delete on dishonest_conduct
    for each row execute function audit_row_change('id');
create trigger dishonest_conduct_no_truncate before truncate on dishonest_conduct
    for each statement execute function refuse_truncate();

-- A44.2: whether a record is in force on a day (within its period and not ended by then).
create function dishonest_conduct_in_force_on(d dishonest_conduct, p_day date) returns boolean
    language sql stable parallel safe
    return d.effective_from <= p_day and p_day <= d.effective_until and (d.ended_on is null or p_day < d.ended_on);

-- A44.2: the record in force on `p_day` that constrains the data user `p_account` (open applications) or the
-- institution `p_institution` (share requests and demands) for data of the division `p_division`: the recording
-- authority's division or one below it.
create function dishonest_conduct_in_force(p_account uuid, p_institution text, p_division char(6), p_day date)
    returns uuid
    language sql stable
    return (
        select d.id from dishonest_conduct d
          join institution a on a.uscc = d.authority_uscc
         where ((p_account is not null and d.data_user_account = p_account and d.restricts_open_applications)
                or (p_institution is not null and d.institution_uscc = p_institution and d.restricts_share_requests))
           and dishonest_conduct_in_force_on(d, p_day)
           and division_covers(a.division_code, p_division)
         order by d.effective_from, d.record_no
         limit 1);

comment on function dishonest_conduct_in_force(uuid, text, char(6), date) is
    'A44.2: the dishonest conduct record in force on a day that constrains a data user''s open applications or an '
    'institution''s share requests and demands for data of a division (the recording authority''s or one below).';

-- A44.2: the division of an item's data (its catalog's).
create function catalog_item_division(p_item uuid) returns char(6)
    language sql stable
    return (select c.division_code from catalog_item ci join catalog c on c.id = ci.catalog_id where ci.id = p_item);

create function open_application_applicant_dishonest() returns trigger
    language plpgsql
as $$
begin
    if dishonest_conduct_in_force(new.applicant_account, null, catalog_item_division(new.item_id), registry_today()) is not null then
        perform rule_refuse('open_application_applicant_dishonest_a44_2',
            'the applicant is under a dishonest conduct constraint in force', 'applicant');
    end if;
    return new;
end
$$;

create trigger open_application_applicant_dishonest before insert on open_application
    for each row execute function open_application_applicant_dishonest();

create function share_request_requester_dishonest() returns trigger
    language plpgsql
as $$
begin
    if dishonest_conduct_in_force(null, new.requester_uscc, catalog_item_division(new.item_id), registry_today()) is not null then
        perform rule_refuse('share_request_requester_dishonest_a44_2',
            'the requesting institution is under a dishonest conduct constraint in force', 'requester');
    end if;
    return new;
end
$$;

create trigger share_request_requester_dishonest before insert on share_request
    for each row execute function share_request_requester_dishonest();

-- A demand outside the catalog names no item: it asks the authority of the requester's division for data.
create function share_demand_requester_dishonest() returns trigger
    language plpgsql
as $$
begin
    if dishonest_conduct_in_force(null, new.requester_uscc, (select division_code from institution where uscc = new.requester_uscc),
                                  registry_today()) is not null then
        perform rule_refuse('share_demand_requester_dishonest_a44_2',
            'the requesting institution is under a dishonest conduct constraint in force', 'requester');
    end if;
    return new;
end
$$;

create trigger share_demand_requester_dishonest before insert on share_demand
    for each row execute function share_demand_requester_dishonest();

-- ---------------------------------------------------------------------------------------------------------------
-- The assessment (A39.1): a deduction indicator the scheme may weight
-- ---------------------------------------------------------------------------------------------------------------

insert into assessment_indicator (code, name, article, explanation) values
    ('dishonest_conduct', '失信约束', 'A44.2',
     '评估期内曾在有效期内的本机构失信记录,每条扣25分,最低0分;无失信记录的计满分。');

-- A44.2: the records in force at some time between two days.
create function dishonest_conduct_in_period(p_from date, p_until date) returns setof dishonest_conduct
    language sql stable parallel safe
as $$
    select d.* from dishonest_conduct d
     where d.effective_from <= p_until and d.effective_until >= p_from
       and (d.ended_on is null or d.ended_on > greatest(d.effective_from, p_from))
$$;

create function assessment_values_dishonest_conduct(p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable parallel safe
as $$
    select i.uscc::text, greatest(0, 100 - 25 * coalesce(d.records, 0))
      from institution i
      left join (select d.institution_uscc, count(*) as records
                   from dishonest_conduct_in_period(make_date(p_year, 1, 1), assessment_window_end(p_year, p_as_of)) d
                  where d.institution_uscc is not null
                  group by d.institution_uscc) d on d.institution_uscc = i.uscc
$$;

create or replace function assessment_indicator_values(p_code text, p_year int, p_as_of date)
    returns table (institution_uscc text, value numeric)
    language sql stable parallel safe
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
    union all
    select * from assessment_values_dishonest_conduct(p_year, p_as_of) where p_code = 'dishonest_conduct'
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- The basis is a citation like every legal basis (0063): the laws cited count it too
-- ---------------------------------------------------------------------------------------------------------------

create or replace view legal_basis_stated as
select 'catalog_item_revision' as record, r.id::text as key, 'share_legal_basis' as field, 'A21.1' as article,
       r.share_legal_basis as legal_basis, r.share_type::text = 'not_shared' as not_shared
  from catalog_item_revision r where r.share_legal_basis is not null
union all
select 'catalog_item_revision', r.id::text, 'open_legal_basis', 'A27.1', r.open_legal_basis, false
  from catalog_item_revision r where r.open_legal_basis is not null
union all
select 'share_request', s.request_no::text, 'refusal_legal_basis', 'A23.2', s.refusal_legal_basis, false
  from share_request s where s.refusal_legal_basis is not null
union all
select 'share_demand', d.demand_no::text, 'refusal_legal_basis', 'A24.1', d.refusal_legal_basis, false
  from share_demand d where d.refusal_legal_basis is not null
union all
select 'open_application', a.application_no::text, 'refusal_legal_basis', 'A28.2', a.refusal_legal_basis, false
  from open_application a where a.refusal_legal_basis is not null
union all
select 'dishonest_conduct', d.record_no::text, 'legal_basis', 'A44.2', d.legal_basis, false
  from dishonest_conduct d;
