-- 0037_catalog_listing_walk.sql — issue 8: a list's ordered walk of the published catalog (A10.1) reads the index only.
--
-- A list walks the listing in code order for a few thousand rows before the grams index takes over (CatalogStore,
-- `page(of:after:size:)`). At scale 1.0 the walk of 5,000 rows took 14–16 ms: every row a heap page of its own (the
-- listing is in no particular order), then `search_text ilike` on those of the share type asked for — ILIKE lower-cases
-- the text of every row it tests, 1.8 µs a row.
--
-- * The ordered index carries what the walk tests (divisions, share and open type, grade, the search text): an
--   index-only scan, 5,000 rows in 6 ms. It replaces the plain (code, item_id) index of 0031.
-- * search_text is stored lower-cased, and a word is matched with `like lower(pattern)`: what ILIKE does on a UTF-8
--   database (lower both sides, then LIKE), with the text lowered once when written — 0.25 µs a row instead of 1.8.
--   The grams (0031) lower the text themselves and do not change.

create or replace function catalog_listing_row(p_item uuid) returns setof catalog_listing
    language sql stable
as $$
    select i.id, r.id, i.code, i.catalog_id, c.institution_uscc, division_path(c.division_code), r.share_type, r.open_type,
           r.grade, lower(catalog_item_search_text(r.name, r.data_items))
      from catalog_item i
      join catalog c on c.id = i.catalog_id
      join catalog_item_revision r on r.id = i.current_revision_id
     where i.id = p_item and not r.withdrawn
$$;

comment on column catalog_listing.search_text is
    'lower(catalog_item_search_text()) of the published revision: its name and its data items'' names, lower-cased.';

alter table catalog_listing disable trigger catalog_listing_derived;
update catalog_listing set search_text = lower(search_text) where search_text <> lower(search_text);
alter table catalog_listing enable trigger catalog_listing_derived;

create index catalog_listing_walk_idx on catalog_listing (code collate "C", item_id)
    include (divisions, share_type, open_type, grade, search_text);
drop index catalog_listing_order_idx;

analyze catalog_listing;
