-- 0130_open_catalog_entry_ckan_order.sql — A28.1: the CKAN API's lists and searches read the open catalog's entries.
--
-- CKAN's package_search (the default order: newest change first, then by name), package_list (by name) and
-- package_show (by name) computed every package of the view ckan_package (0081) before filtering or ordering: at a
-- million items (scale 1.0) each call ran past the request's statement budget. The entries (0128) now carry the day
-- the item's catalog version was approved (CKAN's metadata_modified), and two indexes give CKAN's orders and names
-- without computing a package: a page of names or entries is read from an index, and only its packages are built.
-- Changes nothing already migrated.

-- The backfill below changes no counted column: the cells' trigger and the derived-table guard stay out of it.
alter table open_catalog_entry disable trigger open_catalog_facet_cell_follow, disable trigger open_catalog_entry_derived;

alter table open_catalog_entry add column published_at timestamptz;

comment on column open_catalog_entry.published_at is
    'When the item''s published catalog version was approved (CKAN''s metadata_modified, the newest first).';

create or replace view open_catalog_entry_source as
select l.item_id, l.code, l.divisions, l.institution_uscc, r.category_scheme, r.category_code, l.open_type, l.grade,
       r.update_frequency,
       case when l.open_type = 'unconditional' then
           array(select distinct distribution_format(d.format, m.file_type)
                   from catalog_distribution d left join media_type_reference m on m.media_type = d.media_type
                  where d.revision_id = l.revision_id and distribution_format(d.format, m.file_type) is not null
                  order by 1)
       else '{}' end as formats,
       v.decided_at as published_at
  from catalog_listing l
  join catalog_item_revision r on r.id = l.revision_id
  join catalog_version v on v.id = r.version_id
 where l.open_type <> 'not_open'
   and not exists (select 1 from open_objection o where o.item_id = l.item_id and o.state in ('received', 'processing'))
   and not exists (select 1 from open_objection o where o.item_id = l.item_id and o.state = 'withdrawn'
                                                    and o.decided_at > v.decided_at);

update open_catalog_entry e set published_at = s.published_at
  from open_catalog_entry_source s
 where s.item_id = e.item_id;

alter table open_catalog_entry alter column published_at set not null;

alter table open_catalog_entry enable trigger open_catalog_facet_cell_follow, enable trigger open_catalog_entry_derived;

-- CKAN's dataset name (ckan_package.name, 0081): the code's slug and the institution's credit code.
create index open_catalog_entry_ckan_name_idx on open_catalog_entry ((ckan_slug(code) || '-' || lower(institution_uscc)));
create index open_catalog_entry_ckan_modified_idx
    on open_catalog_entry (published_at desc, (ckan_slug(code) || '-' || lower(institution_uscc)));

analyze open_catalog_entry;
