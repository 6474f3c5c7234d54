-- 0131_open_catalog_entry_words.sql — A28.1: the open catalog's word searches answered from one index of its entries.
--
-- A search with words and facets (the portal, GET /api/v1/open-catalog, CKAN's q) found the words through the grams
-- index of catalog_listing (0082), which holds neither the update frequency nor the formats: a common word (幼儿园,
-- 7,170 items at scale 1.0) read every item holding it from the listing's heap, to keep the few of the facets asked
-- (411 of them with two facets). The entries (0128) now carry the words an item is found by (catalog_listing's
-- search_text: the name and the data items' names, lower-cased), and one GIN index (btree_gin, 0031) holds their grams
-- with every column a facet filters by, so a search reads the heap only for the items it returns.
-- Changes nothing already migrated.

-- The backfill below changes no counted column: the cells' trigger and the derived-table guard stay out of it.
alter table open_catalog_entry disable trigger open_catalog_facet_cell_follow, disable trigger open_catalog_entry_derived;

alter table open_catalog_entry add column search_text text;

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

update open_catalog_entry e set search_text = l.search_text
  from catalog_listing l
 where l.item_id = e.item_id;

alter table open_catalog_entry alter column search_text set not null;

alter table open_catalog_entry enable trigger open_catalog_facet_cell_follow, enable trigger open_catalog_entry_derived;

create index open_catalog_entry_search_idx on open_catalog_entry
    using gin (catalog_search_grams(search_text), open_type, update_frequency, grade, institution_uscc, category_code,
               divisions, formats);

analyze open_catalog_entry;
