-- 0064_shared_data_not_republished.sql — data obtained through sharing is never republished (A44.3).
--
-- shared_data_derivation  a receiving institution marks its catalog item as derived from data it obtained through a
--                         delivered share request; its own institution only, the request its own
-- catalog_item_shared_data_not_opened_a44_3
--                         a revision of a marked item cannot be open (no path puts it in the open catalog: API,
--                         import, web, psql); an item already published open when it is marked stays a finding of the
--                         compliance report (0065) until a version closes it

create table shared_data_derivation (
    id uuid primary key default gen_random_uuid(),
    item_id uuid not null constraint shared_data_derivation_item_exists_a44_3 references catalog_item (id),
    share_request_id uuid not null constraint shared_data_derivation_request_exists_a44_3 references share_request (id),
    noted_on date not null default registry_today(),
    note text,
    recorded_by uuid default nullif(current_setting('registry.actor_account', true), '')::uuid references account (id),
    created_at timestamptz not null default registry_now(),
    constraint shared_data_derivation_once_a44_3 unique (item_id, share_request_id)
);

comment on table shared_data_derivation is
    'A44.3: the receiving institution''s catalog items that derive from data obtained through sharing; never opened.';

create index shared_data_derivation_request_idx on shared_data_derivation (share_request_id);

-- The request was delivered to the item's own institution; a mark is kept as recorded.
create function shared_data_derivation_check() returns trigger
    language plpgsql
    set search_path = public, pg_temp
as $$
begin
    if tg_op <> 'INSERT' then
        perform rule_refuse('shared_data_derivation_kept_a44_3', 'a mark of shared data is kept as recorded');
    end if;
    if not exists (select 1 from share_request r join catalog_item ci on ci.id = new.item_id join catalog c on c.id = ci.catalog_id
                    where r.id = new.share_request_id and r.state = 'delivered' and r.requester_uscc = c.institution_uscc) then
        perform rule_refuse('shared_data_derivation_own_delivery_a44_3',
            'an item is marked with a share request delivered to its own institution', 'share_request_id');
    end if;
    return new;
end
$$;

create trigger shared_data_derivation_check before insert or update or delete on shared_data_derivation
    for each row execute function shared_data_derivation_check();
create trigger shared_data_derivation_audit after insert or update or delete on shared_data_derivation
    for each row execute function audit_row_change('id');
create trigger shared_data_derivation_no_truncate before truncate on shared_data_derivation
    for each statement execute function refuse_truncate();

-- A44.3: a marked item's new or changed revision is not open.
create function catalog_item_shared_data_not_opened() returns trigger
    language plpgsql
    set search_path = public, pg_temp
as $$
begin
    if new.open_type <> 'not_open' and exists (select 1 from shared_data_derivation d where d.item_id = new.item_id) then
        perform rule_refuse('catalog_item_shared_data_not_opened_a44_3',
            'the item derives from data obtained through sharing: it is never opened', 'open_type');
    end if;
    return new;
end
$$;

create trigger catalog_item_shared_data_not_opened before insert or update of open_type on catalog_item_revision
    for each row execute function catalog_item_shared_data_not_opened();
