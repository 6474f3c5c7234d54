-- 0035_data_refresh_latest.sql — issue 8: each published item's last data refresh (A16.1) kept in one row.
--
-- catalog_item_freshness (0011) found an item's last refresh with a lateral max() over data_refresh, once per item.
-- The region's assessment (data_freshness) and the compliance report's stale items (A16.1) read every published item:
-- at scale 1.0 that is a million probes, 1.3 s even with no refresh recorded, more as refreshes accumulate.
--
-- data_refresh is append-only (0011), so an item's last refresh only moves forward: data_refresh_latest keeps it, one
-- row per item that has any, advanced by a trigger on every recorded refresh. Like catalog_listing (0031) it is derived
-- — the refresh that changes it is audited, only that trigger writes it — and the view joins it by key, which serves a
-- single item (primary key) and the whole catalog (one hash join) alike.

create table data_refresh_latest (
    item_id uuid primary key references catalog_item (id),
    last_refreshed_on date not null
);

comment on table data_refresh_latest is
    'A16.1 (issue 8): the latest refreshed_on of each item in data_refresh, kept by a trigger; derived, not audited.';

insert into data_refresh_latest (item_id, last_refreshed_on)
select r.item_id, max(r.refreshed_on) from data_refresh r group by r.item_id;

create function data_refresh_latest_advance() returns trigger
    language plpgsql
as $$
begin
    insert into data_refresh_latest (item_id, last_refreshed_on) values (new.item_id, new.refreshed_on)
    on conflict (item_id) do update set last_refreshed_on = excluded.last_refreshed_on
     where data_refresh_latest.last_refreshed_on < excluded.last_refreshed_on;
    return null;
end
$$;

create trigger data_refresh_latest_advance after insert on data_refresh
    for each row execute function data_refresh_latest_advance();

-- Only the trigger writes the projection (statements of clients run at depth 1).
create function data_refresh_latest_refuse_direct_write() returns trigger
    language plpgsql
as $$
begin
    if pg_trigger_depth() < 2 then
        raise exception using errcode = 'check_violation', constraint = 'data_refresh_latest_derived_a16_1',
            message = 'data_refresh_latest is derived from data_refresh: record a refresh instead';
    end if;
    return null;
end
$$;

create trigger data_refresh_latest_derived before insert or update or delete or truncate on data_refresh_latest
    for each statement execute function data_refresh_latest_refuse_direct_write();

-- The same columns as 0011's view; the last refresh now comes from the projection.
create or replace view catalog_item_freshness as
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
  left join data_refresh_latest f on f.item_id = p.item_id;
