-- 0130_open_catalog_entry_ckan_order_and_words.sql — A28.1: CKAN's lists and every word search of the open catalog read
-- its entries (0128) and their indexes.
--
-- At a million items (scale 1.0) two kinds of request ran past the request's statement budget or close to it:
-- * CKAN's package_search (newest change first, then by name), package_list (by name) and package_show (by name)
--   computed every package of the view ckan_package (0081) before filtering or ordering. The entries now carry the
--   day the item's catalog version was approved (CKAN's metadata_modified), and two indexes give CKAN's orders and
--   names, so a page of names or entries is read from an index and only its packages are built.
-- * A search with words and facets (the portal, GET /api/v1/open-catalog, CKAN's q and tags) found the words through
--   the grams index of catalog_listing (0082), which holds neither the update frequency nor the formats: a common word
--   (幼儿园, 7,170 items) read every item holding it from the listing's heap, to keep the few of the facets asked (411
--   with two facets). The entries now carry the words an item is found by (catalog_listing.search_text: its name and
--   its data items' names, lower-cased), and one GIN index (btree_gin, 0031) holds their grams with every column a
--   facet filters by.
-- Changes nothing already migrated.

-- The backfill below changes no counted column: the cells' trigger and the derived-table guard stay out of it.
alter table open_catalog_entry disable trigger open_catalog_facet_cell_follow, disable trigger open_catalog_entry_derived;

alter table open_catalog_entry add column published_at timestamptz, add column search_text text;

comment on column open_catalog_entry.published_at is
    'When the item''s published catalog version was approved (CKAN''s metadata_modified, the newest first).';
comment on column open_catalog_entry.search_text is
    'The words the item is found by: catalog_listing.search_text (its name and its data items'' names, lower-cased).';

create or replace view open_catalog_entry_source as
select l.item_id, l.code, l.divisions, l.institution_uscc, r.category_scheme, r.category_code, l.open_type, l.grade,
       r.update_frequency,
       case when l.open_type = 'unconditional' then
           array(select distinct distribution_format(d.format, m.file_type)
                   from catalog_distribution d left join media_type_reference m on m.media_type = d.media_type
                  where d.revision_id = l.revision_id and distribution_format(d.format, m.file_type) is not null
                  order by 1)
       else '{}' end as formats,
       v.decided_at as published_at,
       l.search_text
  from catalog_listing l
  join catalog_item_revision r on r.id = l.revision_id
  join catalog_version v on v.id = r.version_id
 where l.open_type <> 'not_open'
   and not exists (select 1 from open_objection o where o.item_id = l.item_id and o.state in ('received', 'processing'))
   and not exists (select 1 from open_objection o where o.item_id = l.item_id and o.state = 'withdrawn'
                                                    and o.decided_at > v.decided_at);

update open_catalog_entry e set published_at = v.decided_at, search_text = l.search_text
  from catalog_listing l
  join catalog_item_revision r on r.id = l.revision_id
  join catalog_version v on v.id = r.version_id
 where l.item_id = e.item_id;

alter table open_catalog_entry alter column published_at set not null, alter column search_text set not null;

alter table open_catalog_entry enable trigger open_catalog_facet_cell_follow, enable trigger open_catalog_entry_derived;

-- CKAN's dataset name (ckan_package.name, 0081): the code's slug and the institution's credit code.
create index open_catalog_entry_ckan_name_idx on open_catalog_entry ((ckan_slug(code) || '-' || lower(institution_uscc)));
create index open_catalog_entry_ckan_modified_idx
    on open_catalog_entry (published_at desc, (ckan_slug(code) || '-' || lower(institution_uscc)));
create index open_catalog_entry_search_idx on open_catalog_entry
    using gin (catalog_search_grams(search_text), open_type, update_frequency, grade, institution_uscc, category_code,
               divisions, formats);

analyze open_catalog_entry;
