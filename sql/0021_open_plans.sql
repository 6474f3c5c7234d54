-- 0021_open_plans.sql — annual open plans (A26.1) and their progress, computed from the catalog.
--
-- open_plan       the plan of a year: of the public data authority of the region or a league/city (its division), or
--                 of one institution within its own catalog; draft → published, later amendments as new versions
-- open_plan_item  a catalog item the plan opens: target open type, target date within the year, whether it is closely
--                 related to livelihood (与民生紧密相关, listed first)
--
-- A published version is frozen with its items; an amendment is a new draft version (with its reason) that starts as a
-- copy of the published one. The version in force is the latest published. Progress is computed when asked, from the
-- catalog's approved revisions: an item counts as opened on the day the first approved revision at (or above) its
-- target open type was decided.

create type open_plan_state as enum ('draft', 'published');

comment on type open_plan_state is 'A26.1: 开放计划状态 — 草稿, 已公布.';

create table open_plan (
    id uuid primary key default gen_random_uuid(),
    year int not null,
    division_code char(6) constraint open_plan_division_exists_a26_1 references division (code),
    institution_uscc uscc constraint open_plan_institution_exists_a26_1 references institution (uscc),
    version int not null default 1,
    state open_plan_state not null default 'draft',
    priorities text not null,
    amendment_note text,
    created_at timestamptz not null default now(),
    published_at timestamptz,
    published_on date,
    published_by uuid references account (id),
    constraint open_plan_one_owner_a26_1 check (num_nonnulls(division_code, institution_uscc) = 1),
    constraint open_plan_year_a26_1 check (year between 2024 and 2100),
    constraint open_plan_priorities_a26_1 check (btrim(priorities) <> ''),
    constraint open_plan_amendment_reason_a26_1 check (version = 1 or not is_blank(amendment_note)),
    constraint open_plan_publication_dated_a26_1 check ((state = 'published') = (published_at is not null and published_on is not null)),
    constraint open_plan_version_unique unique nulls not distinct (year, division_code, institution_uscc, version)
);

comment on table open_plan is
    'A26.1: 年度公共数据开放计划 of a year — of the authority of the region or a league/city (division_code), or of one '
    'institution within its catalog (institution_uscc): 年度开放重点 (Markdown) and, from version 2, the reason of the amendment.';

create unique index open_plan_one_draft_a26_1 on open_plan (year, coalesce(division_code, ''), coalesce(institution_uscc::text, ''))
    where state = 'draft';

create table open_plan_item (
    plan_id uuid not null references open_plan (id),
    item_id uuid not null constraint open_plan_item_exists_a26_1 references catalog_item (id),
    open_type open_type not null,
    target_date date not null,
    livelihood boolean not null,
    note text,
    primary key (plan_id, item_id),
    constraint open_plan_item_opens_a26_1 check (open_type <> 'not_open')
);

comment on table open_plan_item is
    'A26.1: an item an open plan opens: the open type it will have, the day by which, and whether it is closely related '
    'to livelihood (与民生紧密相关、社会迫切需要: prioritised and listed first).';

create index open_plan_item_item_idx on open_plan_item (item_id);

-- Raises the refusal of a rule: check_violation naming its constraint (which ends in the requirement id), the message
-- and the column. The one helper of every part from here on.
create function rule_refuse(p_constraint text, p_message text, p_column text default null) returns void
    language plpgsql
as $$
begin
    raise exception using errcode = 'check_violation', constraint = p_constraint, message = p_message,
        column = coalesce(p_column, '');
end
$$;

-- A plan: an authority's only at region or league/city level; a new version only over a published one, starting as
-- its copy; a published plan never changes and no plan is deleted.
create function open_plan_guard() returns trigger
    language plpgsql
as $$
declare
    latest open_plan;
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('open_plan_kept_a26_1', 'an open plan is amended, never deleted');
    end if;
    if tg_op = 'UPDATE' then
        if old.state = 'published' then
            perform rule_refuse('open_plan_published_frozen_a26_1', 'a published open plan is amended by a new version', 'state');
        end if;
        if (new.year, new.division_code, new.institution_uscc, new.version) is distinct from
           (old.year, old.division_code, old.institution_uscc, old.version) then
            perform rule_refuse('open_plan_published_frozen_a26_1', 'the owner, year and version of a plan do not change');
        end if;
        if new.state = 'published' then
            if not exists (select 1 from open_plan_item where plan_id = new.id) then
                perform rule_refuse('open_plan_has_items_a26_1', 'an open plan is published with the items it opens', 'items');
            end if;
            new.published_at := now();
            new.published_on := civil_date(new.published_at);
            new.published_by := nullif(current_setting('registry.actor_account', true), '')::uuid;
        end if;
        return new;
    end if;
    if new.division_code is not null
       and (select level from division where code = new.division_code) not in ('region', 'league_city') then
        perform rule_refuse('open_plan_authority_level_a26_1',
            'open plans of authorities are made by the region and the leagues/cities', 'division');
    end if;
    select * into latest from open_plan p
     where p.year = new.year and p.division_code is not distinct from new.division_code
       and p.institution_uscc is not distinct from new.institution_uscc
     order by p.version desc limit 1;
    if found and latest.state = 'draft' then
        perform rule_refuse('open_plan_one_draft_a26_1', 'the plan of this year already has a draft', 'year');
    end if;
    new.version := coalesce(latest.version, 0) + 1;
    if new.version > 1 and is_blank(new.amendment_note) then
        perform rule_refuse('open_plan_amendment_reason_a26_1', 'an amendment states its reason', 'amendment_note');
    end if;
    new.state := 'draft';
    new.published_at := null; new.published_on := null; new.published_by := null;
    return new;
end
$$;

create trigger open_plan_guard before insert or update or delete on open_plan
    for each row execute function open_plan_guard();

-- An amendment starts as a copy of the version it amends.
create function open_plan_copy_items() returns trigger
    language plpgsql
as $$
begin
    insert into open_plan_item (plan_id, item_id, open_type, target_date, livelihood, note)
    select new.id, i.item_id, i.open_type, i.target_date, i.livelihood, i.note
      from open_plan_item i
      join open_plan p on p.id = i.plan_id
     where p.year = new.year and p.division_code is not distinct from new.division_code
       and p.institution_uscc is not distinct from new.institution_uscc and p.version = new.version - 1;
    return null;
end
$$;

create trigger open_plan_copy_items after insert on open_plan
    for each row execute function open_plan_copy_items();

-- An item of a draft plan: published in the catalog, within the owner's scope, targeted within the plan's year; marked
-- as related to livelihood as the catalog marks it unless the plan says otherwise.
create function open_plan_item_guard() returns trigger
    language plpgsql
as $$
declare
    plan open_plan;
    item record;
begin
    select * into plan from open_plan where id = case when tg_op = 'DELETE' then old.plan_id else new.plan_id end;
    if plan.state = 'published' then
        perform rule_refuse('open_plan_published_frozen_a26_1', 'a published open plan is amended by a new version', 'items');
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    select p.institution_uscc, p.division_code, p.livelihood_related into item
      from catalog_item_published p where p.id = (select current_revision_id from catalog_item where id = new.item_id);
    if not found then
        perform rule_refuse('open_plan_item_published_a26_1', 'an open plan lists published catalog items', 'item_id');
    end if;
    if (plan.institution_uscc is not null and item.institution_uscc <> plan.institution_uscc)
       or (plan.division_code is not null and item.division_code not in (select division_and_descendants(plan.division_code))) then
        perform rule_refuse('open_plan_item_in_scope_a26_1',
            'an open plan lists items of its own catalog (an institution) or of its division and those below (an authority)', 'item_id');
    end if;
    new.livelihood := coalesce(new.livelihood, item.livelihood_related);
    if extract(year from new.target_date) <> plan.year then
        perform rule_refuse('open_plan_item_target_in_year_a26_1', 'the target date lies within the plan''s year', 'target_date');
    end if;
    return new;
end
$$;

create trigger open_plan_item_guard before insert or update or delete on open_plan_item
    for each row execute function open_plan_item_guard();

-- ---------------------------------------------------------------------------------------------------------------
-- Progress (computed from the catalog, never stored)
-- ---------------------------------------------------------------------------------------------------------------

-- How open an open type is: not open < conditional < unconditional.
create function open_type_rank(t open_type) returns int
    language sql immutable strict parallel safe
    return case t when 'not_open' then 0 when 'conditional' then 1 else 2 end;

-- A26.1: each item of a plan on `p_as_of`: the day it was opened at its target type (the decision of the first approved
-- revision at or above it, on or before that day) and its status — on_time, late, overdue or pending.
create function open_plan_progress(p_plan uuid, p_as_of date)
    returns table (item_id uuid, item_code text, item_name text, institution_uscc text, open_type open_type,
                   target_date date, livelihood boolean, current_open_type open_type, opened_on date, status text)
    language sql stable
as $$
    select pi.item_id, ci.code, cur.name, c.institution_uscc::text, pi.open_type, pi.target_date, pi.livelihood,
           cur.open_type, o.opened_on,
           case when o.opened_on is not null then case when o.opened_on <= pi.target_date then 'on_time' else 'late' end
                when p_as_of > pi.target_date then 'overdue'
                else 'pending' end
      from open_plan_item pi
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
    'A26.1: the items of a plan on a day, livelihood first: when each was opened at its target type and whether on time, '
    'late, overdue or pending.';

-- ---------------------------------------------------------------------------------------------------------------
-- Audit (A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create trigger open_plan_audit after insert or update or delete on open_plan
    for each row execute function audit_row_change('id');
create trigger open_plan_no_truncate before truncate on open_plan
    for each statement execute function refuse_truncate();
create trigger open_plan_item_audit after insert or update or delete on open_plan_item
    for each row execute function audit_row_change('plan_id');
create trigger open_plan_item_no_truncate before truncate on open_plan_item
    for each statement execute function refuse_truncate();
