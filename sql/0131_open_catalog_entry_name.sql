-- 0131_open_catalog_entry_name.sql — A28.1: a word search of the open catalog ranks its hits from the entries alone.
--
-- A search with words ranks its hits by the item's name (the name is the words, then names holding every word, then
-- the rest). The name lived in the published revision only, so every hit was looked up through catalog_listing and
-- catalog_item_revision: a common word (登记: 245,553 of 650,166 open items at scale 1.0) made hundreds of thousands of
-- index lookups per request. The entries now carry the name.
-- Changes open_catalog_entry_source (0130): it also gives r.name, as the last column (open_catalog_entry_refresh
-- inserts the view's columns in order). Nothing else already migrated changes.

-- The backfill changes no counted column: the cells' trigger and the derived-table guard stay out of it.
alter table open_catalog_entry disable trigger open_catalog_facet_cell_follow, disable trigger open_catalog_entry_derived;

alter table open_catalog_entry add column name text;

comment on column open_catalog_entry.name is 'The name of the item''s published revision (a word search ranks by it).';

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
       l.search_text,
       r.name
  from catalog_listing l
  join catalog_item_revision r on r.id = l.revision_id
  join catalog_version v on v.id = r.version_id
 where l.open_type <> 'not_open'
   and not exists (select 1 from open_objection o where o.item_id = l.item_id and o.state in ('received', 'processing'))
   and not exists (select 1 from open_objection o where o.item_id = l.item_id and o.state = 'withdrawn'
                                                    and o.decided_at > v.decided_at);

update open_catalog_entry e set name = r.name
  from catalog_listing l
  join catalog_item_revision r on r.id = l.revision_id
 where l.item_id = e.item_id;

alter table open_catalog_entry alter column name set not null;

alter table open_catalog_entry enable trigger open_catalog_facet_cell_follow, enable trigger open_catalog_entry_derived;

analyze open_catalog_entry;
