-- 0014_data_assets.sql — the public data asset register (资产登记, A43.1; category and grade A9.2).
--
-- data_asset               an asset registered by the institution holding it (registered → changed → retired)
-- data_asset_catalog_item  the catalog items an asset covers, items of the holder's own catalog only
-- data_asset_change        one readable row per change of an asset (per transaction): the fields that changed, their
--                          values before and after, when, by which account, why — written by triggers only
-- data_asset_change_log    the changes with the asset, its holder and the acting account's name
-- data_asset_level_register the level register (汇总登记本级公共数据资产): assets per division, counting every
--                          division below it, and grade
--
-- Who acts is read from the audit settings (registry.actor_account, registry.actor_role, registry.actor_institution,
-- registry.request_id, see docs/CONVENTIONS.md); the reason of a change from the transaction-local setting
-- registry.change_reason (optional). A retired asset does not change, except that the public data authority of the
-- holder's division or of a division above it restores it. Assets are retired, never deleted.

create type data_asset_status as enum ('registered', 'changed', 'retired');

comment on type data_asset_status is 'A43.1: 资产状态 — registered 已登记, changed 已变更, retired 已注销.';

create function data_asset_status_label(status data_asset_status) returns text
    language sql immutable strict parallel safe
    return case status when 'registered' then '已登记' when 'changed' then '已变更' when 'retired' then '已注销' end;

comment on function data_asset_status_label(data_asset_status) is 'A43.1: the Chinese label of an asset status.';

-- ---------------------------------------------------------------------------------------------------------------
-- Assets
-- ---------------------------------------------------------------------------------------------------------------

create table data_asset (
    id uuid primary key default gen_random_uuid(),
    register_no bigint generated always as identity,
    holder_uscc uscc not null,
    name text not null,
    description text,
    source_system text not null,
    record_count bigint not null,
    volume_bytes bigint not null,
    category_scheme text,
    category_code text,
    grade data_grade,
    status data_asset_status not null default 'registered',
    registered_on date not null default civil_date(now()),
    retired_on date,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint data_asset_register_no_unique unique (register_no),
    constraint data_asset_holder_exists_a43_1 foreign key (holder_uscc) references institution (uscc),
    constraint data_asset_name_not_blank_a43_1 check (btrim(name) <> ''),
    constraint data_asset_source_system_named_a43_1 check (btrim(source_system) <> ''),
    constraint data_asset_record_count_not_negative_a43_1 check (record_count >= 0),
    constraint data_asset_volume_not_negative_a43_1 check (volume_bytes >= 0),
    constraint data_asset_category_and_grade_a9_2 check (
        category_scheme is not null and category_code is not null and grade is not null),
    constraint data_asset_category_exists_a9_2 foreign key (category_scheme, category_code)
        references data_category (scheme_code, code),
    constraint data_asset_retired_on_only_when_retired_a43_1 check ((status = 'retired') = (retired_on is not null))
);

comment on table data_asset is
    'A43.1: public data assets (公共数据资产) registered by the institution holding them, with category and grade (A9.2). '
    'Retired, never deleted; every change is in audit_log and, readable, in data_asset_change.';
comment on column data_asset.register_no is 'Registration number (登记编号): registration order, the stable order of listings.';
comment on column data_asset.holder_uscc is 'The institution holding the asset (A38.1: it is responsible for it).';
comment on column data_asset.source_system is 'The information system the data comes from (来源系统).';
comment on column data_asset.record_count is 'Number of records (数据量,条), 0 or more.';
comment on column data_asset.volume_bytes is 'Storage volume in bytes (存储量,字节), 0 or more.';
comment on column data_asset.registered_on is 'Day of registration (Asia/Shanghai), stamped by the database.';
comment on column data_asset.retired_on is 'Day of retirement (Asia/Shanghai), stamped by the database; only when retired.';

create index data_asset_holder_idx on data_asset (holder_uscc);
create index data_asset_grade_idx on data_asset (grade);

-- The editable content of an asset with every value as text (NULL as JSON null): what a change compares and records.
create function data_asset_fields(a data_asset) returns jsonb
    language sql stable parallel safe
    return jsonb_build_object(
        'name', a.name,
        'description', a.description,
        'source_system', a.source_system,
        'record_count', a.record_count::text,
        'volume_bytes', a.volume_bytes::text,
        'category_scheme', a.category_scheme,
        'category_code', a.category_code,
        'grade', a.grade::text,
        'status', a.status::text,
        'retired_on', to_char(a.retired_on, 'YYYY-MM-DD'));

comment on function data_asset_fields(data_asset) is 'A43.1: an asset''s recorded fields, values as text, as its history shows them.';

-- Whether the acting account (registry.actor_role / registry.actor_institution) is a reviewer of the public data
-- authority of the holder's division or of a division above it.
create function data_asset_actor_is_authority_over(p_holder text) returns boolean
    language sql stable
    return coalesce(current_setting('registry.actor_role', true), '') = 'reviewer' and exists (
        select 1
          from institution holder
          join division_tree place on place.code = holder.division_code
          join institution authority on authority.kind = 'public_data_authority'
                                    and authority.division_code = any (place.code_path)
         where holder.uscc = p_holder
           and authority.uscc = nullif(current_setting('registry.actor_institution', true), ''));

comment on function data_asset_actor_is_authority_over(text) is
    'A43.1: whether the acting reviewer belongs to the public data authority of the holder''s division or one above it.';

-- The life of an asset: it starts registered; a change of content makes it changed; it is retired by a change of
-- status; a retired asset does not change unless the authority restores it (to changed). Dates are stamped here so
-- no path can store wrong ones. Assets are never deleted.
create function data_asset_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        raise exception using errcode = 'check_violation', constraint = 'data_asset_history_kept_a43_1',
            message = 'a data asset is retired, never deleted';
    end if;
    if tg_op = 'INSERT' then
        if new.status <> 'registered' then
            raise exception using errcode = 'check_violation', constraint = 'data_asset_starts_registered_a43_1',
                message = format('a data asset is registered first, not %s', new.status), column = 'status';
        end if;
        new.registered_on := civil_date(now());
        new.created_at := now();
        new.updated_at := now();
        return new;
    end if;
    if (new.id, new.register_no, new.holder_uscc, new.registered_on, new.created_at)
       is distinct from (old.id, old.register_no, old.holder_uscc, old.registered_on, old.created_at) then
        raise exception using errcode = 'check_violation', constraint = 'data_asset_identity_kept_a43_1',
            message = 'an asset keeps its id, number, holder and registration day';
    end if;
    if old.status = 'retired' then
        if new.status = 'retired' or data_asset_fields(new) - 'status' - 'retired_on' <> data_asset_fields(old) - 'status' - 'retired_on' then
            raise exception using errcode = 'check_violation', constraint = 'data_asset_retired_unchanged_a43_1',
                message = 'a retired asset cannot change', column = 'status';
        end if;
        if not data_asset_actor_is_authority_over(old.holder_uscc) then
            raise exception using errcode = 'check_violation', constraint = 'data_asset_restored_by_authority_a43_1',
                message = 'only the public data authority of the holder''s division or above restores a retired asset',
                column = 'status';
        end if;
        if new.status <> 'changed' then
            raise exception using errcode = 'check_violation', constraint = 'data_asset_status_transition_a43_1',
                message = format('a restored asset is changed, not %s', new.status), column = 'status';
        end if;
        new.retired_on := null;
        new.updated_at := now();
        return new;
    end if;
    if old.status = 'changed' and new.status = 'registered' then
        raise exception using errcode = 'check_violation', constraint = 'data_asset_status_transition_a43_1',
            message = 'a changed asset cannot go back to registered', column = 'status';
    end if;
    if new.status = 'retired' then
        new.retired_on := civil_date(now());
    elsif new.status = 'registered'
          and data_asset_fields(new) - 'status' - 'retired_on' <> data_asset_fields(old) - 'status' - 'retired_on' then
        new.status := 'changed';
    end if;
    if data_asset_fields(new) <> data_asset_fields(old) then
        new.updated_at := now();
    end if;
    return new;
end
$$;

create trigger data_asset_guard before insert or update or delete on data_asset
    for each row execute function data_asset_guard();

-- ---------------------------------------------------------------------------------------------------------------
-- Change history: one readable row per asset and transaction
-- ---------------------------------------------------------------------------------------------------------------

create table data_asset_change (
    id bigint generated always as identity primary key,
    asset_id uuid not null constraint data_asset_change_asset_exists_a43_1 references data_asset (id),
    action text not null,
    fields text[] not null,
    before jsonb not null,
    after jsonb not null,
    reason text,
    changed_at timestamptz not null,
    changed_on date not null,
    actor_account uuid,
    actor_role text,
    actor_institution text,
    request_id text,
    db_user text not null,
    transaction_id xid8 not null,
    constraint data_asset_change_action_known_a43_1 check (action in ('register', 'change', 'retire', 'restore')),
    constraint data_asset_change_once_per_transaction unique (asset_id, transaction_id)
);

comment on table data_asset_change is
    'A43.1: the change history of each asset, one row per asset and transaction, written by triggers in the changing '
    'transaction: which fields changed (API names), their values before and after (as text), when, by which account, '
    'and the reason given in registry.change_reason. The authority''s level register shows it.';
comment on column data_asset_change.fields is 'Names of the fields that changed, as the API names them (catalog_items for the links).';
comment on column data_asset_change.before is 'Values of those fields before the change (empty for a registration).';
comment on column data_asset_change.after is 'Values of those fields after the change.';
comment on column data_asset_change.transaction_id is 'The changing transaction: a second change in it is merged into this row.';

create index data_asset_change_asset_idx on data_asset_change (asset_id, id);

-- History rows are written by the asset triggers only (trigger depth > 1), and amended only by the transaction that
-- wrote them; they are never deleted.
create function data_asset_change_guard() returns trigger
    language plpgsql
as $$
begin
    if pg_trigger_depth() < 2 or tg_op = 'DELETE'
       or (tg_op = 'UPDATE' and old.transaction_id <> pg_current_xact_id()) then
        raise exception using errcode = 'check_violation', constraint = 'data_asset_change_written_by_trigger_a43_1',
            message = 'the change history of data assets is written by the registry itself and never edited';
    end if;
    return new;
end
$$;

create trigger data_asset_change_guard before insert or update or delete on data_asset_change
    for each row execute function data_asset_change_guard();

-- Records a change of an asset in this transaction's history row, creating it or merging into it: the earliest value
-- before and the latest after of each field; a registration stays a registration.
create function data_asset_change_merge(p_asset uuid, p_action text, p_fields text[], p_before jsonb, p_after jsonb)
    returns void
    language sql
as $$
    insert into data_asset_change as c (asset_id, action, fields, before, after, reason, changed_at, changed_on,
                                        actor_account, actor_role, actor_institution, request_id, db_user, transaction_id)
    values (p_asset, p_action, p_fields, p_before, p_after,
            nullif(btrim(current_setting('registry.change_reason', true)), ''),
            now(), civil_date(now()),
            nullif(current_setting('registry.actor_account', true), '')::uuid,
            nullif(current_setting('registry.actor_role', true), ''),
            nullif(current_setting('registry.actor_institution', true), ''),
            nullif(current_setting('registry.request_id', true), ''),
            session_user, pg_current_xact_id())
    on conflict (asset_id, transaction_id) do update
        set action = case when c.action = 'change' then excluded.action else c.action end,
            fields = array(select distinct f from unnest(c.fields || excluded.fields) as f order by f),
            before = case when c.action = 'register' then c.before else excluded.before || c.before end,
            after = c.after || excluded.after
$$;

-- AFTER row trigger on data_asset: the fields that changed, with their values before and after.
create function data_asset_record_change() returns trigger
    language plpgsql
as $$
declare
    after_fields jsonb := data_asset_fields(new);
    before_fields jsonb := case when tg_op = 'UPDATE' then data_asset_fields(old) end;
    changed text[];
begin
    if tg_op = 'INSERT' then
        changed := array(select key from jsonb_each(after_fields) where value <> 'null' order by key);
        perform data_asset_change_merge(new.id, 'register', changed, '{}',
            (select jsonb_object_agg(key, after_fields -> key) from unnest(changed) as key));
        return null;
    end if;
    changed := array(select key from jsonb_each(after_fields) where value <> before_fields -> key order by key);
    if cardinality(changed) = 0 then
        return null;
    end if;
    perform data_asset_change_merge(
        new.id,
        case when old.status = 'retired' then 'restore' when new.status = 'retired' then 'retire' else 'change' end,
        changed,
        (select jsonb_object_agg(key, before_fields -> key) from unnest(changed) as key),
        (select jsonb_object_agg(key, after_fields -> key) from unnest(changed) as key));
    return null;
end
$$;

create trigger data_asset_record_change after insert or update on data_asset
    for each row execute function data_asset_record_change();

-- ---------------------------------------------------------------------------------------------------------------
-- Links to catalog items (items of the holder's own catalog)
-- ---------------------------------------------------------------------------------------------------------------

create table data_asset_catalog_item (
    asset_id uuid not null constraint data_asset_link_asset_exists_a43_1 references data_asset (id),
    item_id uuid not null constraint data_asset_link_item_exists_a43_1 references catalog_item (id),
    linked_at timestamptz not null default now(),
    primary key (asset_id, item_id)
);

comment on table data_asset_catalog_item is
    'A43.1: the catalog items (A10.2) an asset covers; only items of the holder''s own catalog.';

create index data_asset_catalog_item_item_idx on data_asset_catalog_item (item_id);

-- A link joins an asset to an item of its holder's catalog; links of a retired asset do not change; a link is added
-- or removed, never moved.
create function data_asset_link_check() returns trigger
    language plpgsql
as $$
declare
    target data_asset_catalog_item := case when tg_op = 'DELETE' then old else new end;
    asset data_asset%rowtype;
    item_holder text;
begin
    if tg_op = 'UPDATE' and (new.asset_id, new.item_id) is distinct from (old.asset_id, old.item_id) then
        raise exception using errcode = 'check_violation', constraint = 'data_asset_identity_kept_a43_1',
            message = 'a link between an asset and a catalog item is added or removed, never moved';
    end if;
    select * into asset from data_asset where id = target.asset_id;
    if not found then
        return target;  -- the foreign key data_asset_link_asset_exists_a43_1 refuses it
    end if;
    if asset.status = 'retired' then
        raise exception using errcode = 'check_violation', constraint = 'data_asset_retired_unchanged_a43_1',
            message = 'the catalog items of a retired asset cannot change', column = 'item_id';
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    select c.institution_uscc into item_holder
      from catalog_item i join catalog c on c.id = i.catalog_id
     where i.id = new.item_id;
    if found and item_holder is distinct from asset.holder_uscc::text then
        raise exception using errcode = 'check_violation', constraint = 'data_asset_link_same_institution_a43_1',
            message = 'an asset links only to catalog items of its own institution''s catalog', column = 'item_id';
    end if;
    return new;
end
$$;

create trigger data_asset_link_check before insert or update or delete on data_asset_catalog_item
    for each row execute function data_asset_link_check();

-- The codes of catalog items, sorted and joined, as the history shows a set of links (NULL for none).
create function data_asset_item_codes(p_items uuid[]) returns text
    language sql stable
    return (select string_agg(i.code, ', ' order by i.code) from catalog_item i where i.id = any (p_items));

-- Records a change of one asset's links: the items linked before and after, and the asset becomes changed (unless
-- it is being registered in this very transaction).
create function data_asset_links_changed(p_asset uuid, p_added uuid[], p_removed uuid[]) returns void
    language plpgsql
as $$
declare
    now_linked uuid[] := array(select item_id from data_asset_catalog_item where asset_id = p_asset);
    before_linked uuid[] := array(select x from unnest(now_linked) as x where x <> all (p_added)) || p_removed;
begin
    if not exists (select 1 from data_asset where id = p_asset) then
        return;
    end if;
    if not exists (select 1 from data_asset_change
                    where asset_id = p_asset and transaction_id = pg_current_xact_id() and action = 'register') then
        update data_asset
           set status = case when status = 'registered' then 'changed'::data_asset_status else status end,
               updated_at = now()
         where id = p_asset;
    end if;
    perform data_asset_change_merge(p_asset, 'change', array['catalog_items'],
        jsonb_build_object('catalog_items', data_asset_item_codes(before_linked)),
        jsonb_build_object('catalog_items', data_asset_item_codes(now_linked)));
end
$$;

create function data_asset_links_added() returns trigger
    language plpgsql
as $$
begin
    perform data_asset_links_changed(asset_id, array_agg(item_id), '{}') from added group by asset_id;
    return null;
end
$$;

create function data_asset_links_removed() returns trigger
    language plpgsql
as $$
begin
    perform data_asset_links_changed(asset_id, '{}', array_agg(item_id)) from removed group by asset_id;
    return null;
end
$$;

create trigger data_asset_links_added after insert on data_asset_catalog_item
    referencing new table as added for each statement execute function data_asset_links_added();
create trigger data_asset_links_removed after delete on data_asset_catalog_item
    referencing old table as removed for each statement execute function data_asset_links_removed();

-- ---------------------------------------------------------------------------------------------------------------
-- Reading: the history with names, the level register
-- ---------------------------------------------------------------------------------------------------------------

create view data_asset_change_log as
select c.id,
       c.asset_id,
       a.register_no,
       a.name as asset_name,
       a.holder_uscc,
       h.name as holder_name,
       h.division_code as holder_division_code,
       c.action,
       case c.action when 'register' then '登记' when 'change' then '变更' when 'retire' then '注销' when 'restore' then '恢复' end
           as action_label,
       c.fields,
       c.before,
       c.after,
       c.reason,
       c.changed_at,
       c.changed_on,
       c.actor_account,
       acc.display_name as actor_name,
       c.actor_role,
       c.actor_institution,
       c.request_id,
       c.db_user
  from data_asset_change c
  join data_asset a on a.id = c.asset_id
  join institution h on h.uscc = a.holder_uscc
  left join account acc on acc.id = c.actor_account;

comment on view data_asset_change_log is
    'A43.1: the change history of data assets with the asset, its holder and the acting account''s name.';

-- Every division, for every grade: the assets held by institutions of the division or of any division below it.
-- asset_count, record_count and volume_bytes count assets in force (registered or changed); retired_count the others.
create view data_asset_level_register as
with holdings as (
    select scope.code as division_code, a.grade, a.status, a.record_count, a.volume_bytes
      from data_asset a
      join institution i on i.uscc = a.holder_uscc
      join division_tree t on t.code = i.division_code
     cross join unnest(t.code_path) as scope(code)
)
select d.code as division_code,
       d.name as division_name,
       d.level as division_level,
       g.grade,
       data_grade_label(g.grade) as grade_label,
       count(h.status) filter (where h.status <> 'retired') as asset_count,
       count(h.status) filter (where h.status = 'registered') as registered_count,
       count(h.status) filter (where h.status = 'changed') as changed_count,
       count(h.status) filter (where h.status = 'retired') as retired_count,
       coalesce(sum(h.record_count) filter (where h.status <> 'retired'), 0)::bigint as record_count,
       coalesce(sum(h.volume_bytes) filter (where h.status <> 'retired'), 0)::bigint as volume_bytes
  from division d
 cross join unnest(enum_range(null::data_grade)) as g(grade)
  left join holdings h on h.division_code = d.code and h.grade = g.grade
 group by d.code, d.name, d.level, g.grade;

comment on view data_asset_level_register is
    'A43.1: the level register (汇总登记本级公共数据资产): per division, counting the divisions below it, and per grade.';

-- ---------------------------------------------------------------------------------------------------------------
-- Audit (A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create trigger data_asset_audit after insert or update or delete on data_asset
    for each row execute function audit_row_change('id');
create trigger data_asset_no_truncate before truncate on data_asset
    for each statement execute function refuse_truncate();
create trigger data_asset_catalog_item_audit after insert or update or delete on data_asset_catalog_item
    for each row execute function audit_row_change('asset_id, item_id');
create trigger data_asset_catalog_item_no_truncate before truncate on data_asset_catalog_item
    for each statement execute function refuse_truncate();
create trigger data_asset_change_audit after insert or update or delete on data_asset_change
    for each row execute function audit_row_change('id');
create trigger data_asset_change_no_truncate before truncate on data_asset_change
    for each statement execute function refuse_truncate();
