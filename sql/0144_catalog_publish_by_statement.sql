-- 0144_catalog_publish_by_statement.sql — A10.1, A28.1: approving a catalog version re-derives its items' listing and
-- open catalog entries once per statement, not once per item.
--
-- Approving a version sets each item's current revision in one UPDATE (catalog_version_publish, 0031). Until now a row
-- trigger then deleted and inserted that item's listing row, and each of those two statements fired a row trigger that
-- re-derived the item's open catalog entry, planning the entry's source view (0130) anew every time: about 4 ms per
-- item, so an authority approving a version of 5,000 items waited 20 s, and `registry seed synthetic --scale 1.0`
-- spent most of its hours there. Both triggers now run once per statement over its transition tables; what they derive
-- is unchanged.

drop trigger catalog_listing_refresh on catalog_item;

create or replace function catalog_listing_refresh() returns trigger
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
    items uuid[];
begin
    select array_agg(n.id) into items
      from catalog_item_after n
      join catalog_item_before o on o.id = n.id
     where n.current_revision_id is distinct from o.current_revision_id;
    if items is not null then
        delete from catalog_listing where item_id = any (items);
        insert into catalog_listing
        select l.* from unnest(items) as t(id) cross join lateral catalog_listing_row(t.id) l;
    end if;
    return null;
end
$$;

comment on function catalog_listing_refresh() is
    'A10.1: after an UPDATE of catalog_item, re-derives the listing of the items whose current revision changed.';

-- A trigger with transition tables cannot name the columns it follows: it sees every UPDATE of catalog_item and keeps
-- the items whose current revision changed.
create trigger catalog_listing_refresh after update on catalog_item
    referencing old table as catalog_item_before new table as catalog_item_after
    for each statement execute function catalog_listing_refresh();

drop trigger open_catalog_entry_follow_listing on catalog_listing;

-- A function of its own: open_catalog_entry_follow_item() stays the row trigger of the objections.
create function open_catalog_entry_follow_listing() returns trigger
language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        perform open_catalog_entry_refresh(array(select item_id from catalog_listing_after));
    elsif tg_op = 'DELETE' then
        perform open_catalog_entry_refresh(array(select item_id from catalog_listing_before));
    else
        perform open_catalog_entry_refresh(array(select item_id from catalog_listing_after
                                                 union
                                                 select item_id from catalog_listing_before));
    end if;
    return null;
end
$$;

comment on function open_catalog_entry_follow_listing() is
    'A28.1: after a statement on catalog_listing, re-derives the open catalog entries of the items it touched.';

create trigger open_catalog_entry_follow_listing_insert after insert on catalog_listing
    referencing new table as catalog_listing_after
    for each statement execute function open_catalog_entry_follow_listing();
create trigger open_catalog_entry_follow_listing_delete after delete on catalog_listing
    referencing old table as catalog_listing_before
    for each statement execute function open_catalog_entry_follow_listing();
create trigger open_catalog_entry_follow_listing_update after update on catalog_listing
    referencing old table as catalog_listing_before new table as catalog_listing_after
    for each statement execute function open_catalog_entry_follow_listing();
