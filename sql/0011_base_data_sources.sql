-- 0011_base_data_sources.sql — one datum, one source (A13.2, A13.3, A18.1) and the freshness of data (A16.1).
--
-- base_data_source    claims to be the source department (数源部门) of a base data kind in a division: at most one
--                     accepted claim per kind and division (一数一源, A13.2); a competing claim is kept as a conflict
--                     until the division's public data authority accepts it (the previous source's claim ends) or
--                     dismisses it
-- duplicate_collection  published catalog items declaring a base data kind whose accepted source — in the item's
--                     division or the nearest division above it — is another institution (不得重复采集, A13.3)
-- base_database_kinds the base databases of A18 with the base data kinds they hold (A18.1; reference data of 0004)
-- data_refresh        "the data of item X were updated on D", recorded by a clerk without a new catalog version
-- catalog_item_freshness / stale_items()
--                     when each published item's data were last updated (the later of its revision's
--                     data_updated_on and its last refresh) and which items are older than their update frequency
--                     allows on a given day (A16.1)
-- Needs: 0004 (division, institution, base_data_kind), 0003 (civil_date), 0008 (catalog_item_published,
-- update_frequency_allowance).

-- ---------------------------------------------------------------------------------------------------------------
-- A13.2 One datum, one source
-- ---------------------------------------------------------------------------------------------------------------

create type base_data_source_status as enum ('accepted', 'conflict', 'ended', 'dismissed');

comment on type base_data_source_status is
    'A13.2: accepted 已确认数源, conflict 冲突待协调, ended 已终止 (replaced by another source), dismissed 已驳回.';

create table base_data_source (
    id uuid primary key default gen_random_uuid(),
    base_data_kind_code text not null
        constraint base_data_source_kind_exists_a13_2 references base_data_kind (code),
    division_code char(6) not null
        constraint base_data_source_division_exists_a13_2 references division (code),
    institution_uscc uscc not null
        constraint base_data_source_institution_exists_a13_2 references institution (uscc),
    claimed_on date not null,
    basis text,
    status base_data_source_status not null,
    -- The accepted claim this one competed with when it was recorded as a conflict (set by the trigger below).
    competing_claim_id uuid constraint base_data_source_competing_claim_exists_a13_2 references base_data_source (id),
    resolved_on date,
    resolver_institution uscc constraint base_data_source_resolver_exists_a13_2 references institution (uscc),
    resolver_account uuid constraint base_data_source_resolver_account_exists_a44_1 references account (id),
    resolution_note text,
    ended_on date,
    created_at timestamptz not null default now(),
    constraint base_data_source_conflict_names_existing_a13_2 check (status <> 'conflict' or competing_claim_id is not null),
    constraint base_data_source_resolution_recorded_a13_2 check (
        (status = 'dismissed' or (status in ('accepted', 'ended') and competing_claim_id is not null))
            = (resolved_on is not null and resolver_institution is not null)),
    constraint base_data_source_end_dated_a13_2 check ((status = 'ended') = (ended_on is not null))
);

comment on table base_data_source is
    'A13.2: claims to be the source department (数源部门) of a base data kind in a division; one accepted claim '
    'per kind and division, competing claims kept as conflicts until the division''s authority resolves them.';
comment on column base_data_source.competing_claim_id is 'The accepted claim a conflict competed with when recorded.';

-- A13.2: a base data kind has exactly one source institution per division.
create unique index base_data_source_one_per_division_a13_2 on base_data_source (base_data_kind_code, division_code)
    where status = 'accepted';

-- An institution has at most one open claim (accepted or in conflict) per kind and division.
create unique index base_data_source_one_open_claim_a13_2 on base_data_source (base_data_kind_code, division_code, institution_uscc)
    where status in ('accepted', 'conflict');

create index base_data_source_division_idx on base_data_source (division_code, base_data_kind_code);
create index base_data_source_institution_idx on base_data_source (institution_uscc);

-- The claim's division is its institution's; a new claim is accepted or a conflict with the accepted one; claims
-- change only as the resolution workflow moves them (conflict → accepted | dismissed, accepted → ended) and are
-- never deleted (A44.1: the history of who was the source stays readable).
create function base_data_source_check() returns trigger
    language plpgsql
as $$
declare
    existing uuid;
begin
    if tg_op = 'DELETE' then
        raise exception using errcode = 'check_violation', constraint = 'base_data_source_history_kept_a13_2',
            message = 'a source claim is never deleted; it ends or is dismissed';
    end if;
    if tg_op = 'INSERT' then
        if exists (select 1 from institution where uscc = new.institution_uscc and division_code <> new.division_code) then
            raise exception using errcode = 'check_violation', constraint = 'base_data_source_institution_in_division_a13_2',
                message = 'a source institution claims base data of its own division', column = 'division_code';
        end if;
        if new.status not in ('accepted', 'conflict') then
            raise exception using errcode = 'check_violation', constraint = 'base_data_source_transition_a13_2',
                message = format('a new claim is accepted or a conflict, not %s', new.status), column = 'status';
        end if;
        new.resolved_on := null; new.resolver_institution := null; new.resolver_account := null;
        new.resolution_note := null; new.ended_on := null; new.competing_claim_id := null;
        if new.status = 'conflict' then
            select id into existing from base_data_source
             where base_data_kind_code = new.base_data_kind_code and division_code = new.division_code
               and status = 'accepted' and institution_uscc <> new.institution_uscc;
            if existing is null then
                raise exception using errcode = 'check_violation', constraint = 'base_data_source_conflict_names_existing_a13_2',
                    message = 'a conflict competes with the accepted source of the kind in the division', column = 'status';
            end if;
            new.competing_claim_id := existing;
        end if;
        return new;
    end if;
    if (new.base_data_kind_code, new.division_code, new.institution_uscc, new.claimed_on, new.competing_claim_id,
        new.created_at) is distinct from
       (old.base_data_kind_code, old.division_code, old.institution_uscc, old.claimed_on, old.competing_claim_id,
        old.created_at)
       or (new.status = old.status and (new.resolved_on, new.resolver_institution, new.resolver_account,
                                         new.resolution_note, new.ended_on) is distinct from
                                        (old.resolved_on, old.resolver_institution, old.resolver_account,
                                         old.resolution_note, old.ended_on)) then
        raise exception using errcode = 'check_violation', constraint = 'base_data_source_history_kept_a13_2',
            message = 'a claim keeps its kind, division, institution, date and resolution';
    end if;
    if new.status = old.status then
        return new;
    end if;
    if old.status = 'accepted' and new.status = 'ended' then
        -- The resolution that made it the source stays; the end is dated here, in Asia/Shanghai.
        new.resolved_on := old.resolved_on; new.resolver_institution := old.resolver_institution;
        new.resolver_account := old.resolver_account; new.resolution_note := old.resolution_note;
        new.ended_on := civil_date(now());
        return new;
    end if;
    if not (old.status = 'conflict' and new.status in ('accepted', 'dismissed')) then
        raise exception using errcode = 'check_violation', constraint = 'base_data_source_transition_a13_2',
            message = format('a claim cannot go from %s to %s', old.status, new.status), column = 'status';
    end if;
    if not exists (select 1 from institution where uscc = new.resolver_institution
                      and kind = 'public_data_authority' and division_code = new.division_code) then
        raise exception using errcode = 'check_violation', constraint = 'base_data_source_resolved_by_authority_a13_2',
            message = format('a conflict is resolved by the public data authority of division %s', new.division_code),
            column = 'resolver_institution';
    end if;
    new.resolved_on := civil_date(now());
    new.ended_on := null;
    -- Accepting a conflict ends the claim of the previous source: still one source per division (A13.2).
    if new.status = 'accepted' then
        update base_data_source set status = 'ended'
         where base_data_kind_code = new.base_data_kind_code and division_code = new.division_code
           and status = 'accepted' and id <> new.id;
    end if;
    return new;
end
$$;

create trigger base_data_source_check before insert or update or delete on base_data_source
    for each row execute function base_data_source_check();

create trigger base_data_source_audit after insert or update or delete on base_data_source
    for each row execute function audit_row_change('id');
create trigger base_data_source_no_truncate before truncate on base_data_source
    for each statement execute function refuse_truncate();

-- ---------------------------------------------------------------------------------------------------------------
-- A13.3 Duplicate collection
-- ---------------------------------------------------------------------------------------------------------------

-- Each published item declaring a base data kind, with the accepted source that governs it: the source of the
-- item's own division, else of the nearest division above it (the league/city, then the region). An item whose
-- institution is not that source collects data it could obtain by sharing.
create view duplicate_collection as
select p.item_id,
       p.id as revision_id,
       p.code as item_code,
       p.name as item_name,
       p.catalog_id,
       p.institution_uscc,
       i.name as institution_name,
       p.division_code,
       p.base_data_kind_code,
       k.name as base_data_kind_name,
       s.id as source_claim_id,
       s.institution_uscc as source_uscc,
       si.name as source_name,
       s.division_code as source_division_code
  from catalog_item_published p
  join institution i on i.uscc = p.institution_uscc
  join base_data_kind k on k.code = p.base_data_kind_code
  join division_tree t on t.code = p.division_code
  join lateral (
        select s.*
          from base_data_source s
          join unnest(t.code_path) with ordinality as path(code, depth) on path.code = s.division_code
         where s.base_data_kind_code = p.base_data_kind_code and s.status = 'accepted'
         order by path.depth desc
         limit 1
       ) s on true
  join institution si on si.uscc = s.institution_uscc
 where s.institution_uscc <> p.institution_uscc;

comment on view duplicate_collection is
    'A13.3: published items declaring a base data kind whose accepted source (the item''s division or the nearest '
    'above it) is another institution — data obtainable by sharing must not be collected again (不得重复采集).';

-- ---------------------------------------------------------------------------------------------------------------
-- A18.1 Base databases with their kinds
-- ---------------------------------------------------------------------------------------------------------------

create view base_database_kinds as
select b.code, b.name, b.position,
       coalesce(jsonb_agg(jsonb_build_object('code', k.code, 'name', k.name, 'article_clause', k.article_clause)
                          order by k.position, k.code) filter (where k.code is not null), '[]'::jsonb) as kinds
  from base_database b
  left join base_data_kind k on k.base_database_code = b.code
 group by b.code, b.name, b.position;

comment on view base_database_kinds is 'A18.1: the base databases (基础数据库) with the base data kinds of A13–A15 they hold.';

-- ---------------------------------------------------------------------------------------------------------------
-- A16.1 Freshness: refresh events and stale items
-- ---------------------------------------------------------------------------------------------------------------

create table data_refresh (
    id bigint generated always as identity primary key,
    item_id uuid not null constraint data_refresh_item_exists_a16_1 references catalog_item (id),
    refreshed_on date not null,
    note text,
    recorded_by uscc constraint data_refresh_recorded_by_exists_a38_1 references institution (uscc),
    recorded_at timestamptz not null default now()
);

comment on table data_refresh is
    'A16.1: the data of a published catalog item were updated on refreshed_on (recorded without a new catalog version).';

create index data_refresh_item_idx on data_refresh (item_id, refreshed_on desc);

-- A refresh concerns a published item, is not dated in the future, and stays as recorded (append-only).
create function data_refresh_check() returns trigger
    language plpgsql
as $$
begin
    if tg_op <> 'INSERT' then
        raise exception using errcode = 'check_violation', constraint = 'data_refresh_append_only_a16_1',
            message = 'refresh events are kept as recorded';
    end if;
    if not exists (select 1 from catalog_item_published where item_id = new.item_id) then
        raise exception using errcode = 'check_violation', constraint = 'data_refresh_item_published_a16_1',
            message = 'only a published catalog item can record a data update', column = 'item_id';
    end if;
    if new.refreshed_on > civil_date(now()) then
        raise exception using errcode = 'check_violation', constraint = 'data_refresh_not_in_future_a16_1',
            message = 'a data update cannot be dated in the future', column = 'refreshed_on';
    end if;
    return new;
end
$$;

create trigger data_refresh_check before insert or update or delete on data_refresh
    for each row execute function data_refresh_check();

create trigger data_refresh_audit after insert or update or delete on data_refresh
    for each row execute function audit_row_change('id');
create trigger data_refresh_no_truncate before truncate on data_refresh
    for each statement execute function refuse_truncate();

-- A16.1: when each published item's data were last updated — the later of its revision's data_updated_on and its
-- last refresh event (NULL when never) — and the day by which the next update is due (NULL for irregular items).
create view catalog_item_freshness as
select p.item_id,
       p.id as revision_id,
       p.code as item_code,
       p.name as item_name,
       p.catalog_id,
       p.institution_uscc,
       p.division_code,
       p.update_frequency,
       p.data_updated_on,
       f.last_refreshed_on,
       greatest(p.data_updated_on, f.last_refreshed_on) as last_updated_on,
       (greatest(p.data_updated_on, f.last_refreshed_on) + update_frequency_allowance(p.update_frequency))::date as update_due_on
  from catalog_item_published p
  left join lateral (select max(r.refreshed_on) as last_refreshed_on from data_refresh r where r.item_id = p.item_id) f on true;

comment on view catalog_item_freshness is
    'A16.1: the last update of each published item''s data (revision date or refresh event) and when the next is due.';

-- A16.1: the items stale on `as_of`: data older than the update frequency allows (due day before as_of), or never
-- updated; items updated irregularly (不定期) are never stale.
create function stale_items(as_of date default civil_date(now()))
    returns table (item_id uuid, revision_id bigint, item_code text, item_name text, catalog_id uuid, institution_uscc uscc,
                   division_code char(6), update_frequency update_frequency, data_updated_on date, last_refreshed_on date,
                   last_updated_on date, update_due_on date, days_overdue int)
    language sql stable
as $$
    select f.item_id, f.revision_id, f.item_code, f.item_name, f.catalog_id, f.institution_uscc, f.division_code,
           f.update_frequency, f.data_updated_on, f.last_refreshed_on, f.last_updated_on, f.update_due_on,
           case when f.update_due_on is not null then as_of - f.update_due_on end
      from catalog_item_freshness f
     where f.update_frequency <> 'irregular'
       and (f.last_updated_on is null or f.update_due_on < as_of)
$$;

comment on function stale_items(date) is
    'A16.1: published items whose data are older than their update frequency allows on as_of (never updated counts).';
