-- 0009_catalog_support.sql — reading the three-level catalog at scale (A10.1, A10.3, A11.1, A9.2).
--
-- catalog_item_search_text()         the names an item is found by: its own name and the names of its data items
-- catalog_revision_changed_fields()  the A10.2 fields (named as the API names them) in which two revisions differ
-- catalog_version_diff()             what changed between two versions of a catalog: added, changed (with the names
--                                    of the changed fields) and withdrawn items (A10.3)
-- indexes                            listing ~1,000,000 published items in the stable order (code, id) with filters
--                                    and free text; open deadlines of A11.1 by due date
--
-- No tables: nothing here holds registry data, so there is nothing to audit. Needs 0004 (division) and 0008.

-- Trigram indexes for the free-text filter (pg_trgm ships with PostgreSQL and is a trusted extension).
create extension if not exists pg_trgm;

-- ---------------------------------------------------------------------------------------------------------------
-- Free text over names
-- ---------------------------------------------------------------------------------------------------------------

-- The text the catalog's free-text filter searches: the item's name and the names of its data items (共享内容).
create function catalog_item_search_text(name text, data_items jsonb) returns text
    language sql immutable parallel safe
    return name || ' ' || coalesce(
        (select string_agg(e.item ->> 'name', ' ' order by e.position)
           from jsonb_array_elements(data_items) with ordinality as e(item, position)),
        '');

comment on function catalog_item_search_text(text, jsonb) is
    'A10.2: what the free-text filter of the catalog searches — the item''s name and its data items'' names.';

create index catalog_item_revision_search_idx on catalog_item_revision
    using gin (catalog_item_search_text(name, data_items) gin_trgm_ops);

-- ---------------------------------------------------------------------------------------------------------------
-- Listing published items
-- ---------------------------------------------------------------------------------------------------------------

-- Keyset paging of published items in byte order of their codes, then id: the next page starts after a (code, id).
create index catalog_item_listing_order_idx on catalog_item (code collate "C", id) where current_revision_id is not null;

-- The same order within one catalog (the institution filter, and each catalog of a division).
create index catalog_item_catalog_listing_idx on catalog_item (catalog_id, code collate "C", id)
    where current_revision_id is not null;

-- From a revision found by its fields (free text, share type …) back to the item it is current for.
create index catalog_item_current_revision_idx on catalog_item (current_revision_id) where current_revision_id is not null;

-- The catalogs of a division (the division filter covers a division and the divisions below it).
create index catalog_division_idx on catalog (division_code, kind);

-- ---------------------------------------------------------------------------------------------------------------
-- Review and deadlines
-- ---------------------------------------------------------------------------------------------------------------

-- A11.1: versions awaiting the authority's decision, by deadline (the compliance report reads the overdue ones).
create index catalog_version_awaiting_decision_idx on catalog_version (decision_due) where state = 'submitted';

-- A11.1: open update obligations by deadline.
create index catalog_update_obligation_open_due_idx on catalog_update_obligation (update_due)
    where fulfilled_version_id is null;

-- A10.1: which level catalog versions compile an institutional catalog version.
create index level_catalog_member_member_idx on level_catalog_member (member_version_id);

-- ---------------------------------------------------------------------------------------------------------------
-- History and diff (A10.3)
-- ---------------------------------------------------------------------------------------------------------------

-- The A10.2 fields in which two revisions of an item differ, named as the API names them, in the order of A10.2.
create function catalog_revision_changed_fields(a catalog_item_revision, b catalog_item_revision) returns text[]
    language sql immutable parallel safe
    return array_remove(array[
        case when a.name is distinct from b.name then 'name' end,
        case when a.description is distinct from b.description then 'description' end,
        case when a.data_form is distinct from b.data_form then 'data_form' end,
        case when a.data_items is distinct from b.data_items then 'data_items' end,
        case when a.share_type is distinct from b.share_type then 'share_type' end,
        case when a.share_conditions is distinct from b.share_conditions then 'share_conditions' end,
        case when a.share_reason is distinct from b.share_reason then 'share_reason' end,
        case when a.share_legal_basis is distinct from b.share_legal_basis then 'share_legal_basis' end,
        case when a.share_scope is distinct from b.share_scope then 'share_scope' end,
        case when a.open_type is distinct from b.open_type then 'open_type' end,
        case when a.open_conditions is distinct from b.open_conditions then 'open_conditions' end,
        case when a.not_open_ground is distinct from b.not_open_ground then 'not_open_ground' end,
        case when a.open_legal_basis is distinct from b.open_legal_basis then 'open_legal_basis' end,
        case when a.update_frequency is distinct from b.update_frequency then 'update_frequency' end,
        case when a.collecting_department is distinct from b.collecting_department then 'collecting_department' end,
        case when a.approving_department is distinct from b.approving_department then 'approving_department' end,
        case when a.providing_department is distinct from b.providing_department then 'providing_department' end,
        case when a.source_institution_uscc is distinct from b.source_institution_uscc then 'source_institution' end,
        case when a.category_scheme is distinct from b.category_scheme then 'category_scheme' end,
        case when a.category_code is distinct from b.category_code then 'category_code' end,
        case when a.grade is distinct from b.grade then 'grade' end,
        case when a.legal_basis is distinct from b.legal_basis then 'legal_basis' end,
        case when a.base_data_kind_code is distinct from b.base_data_kind_code then 'base_data_kind' end,
        case when a.data_updated_on is distinct from b.data_updated_on then 'data_updated_on' end,
        case when a.livelihood_related is distinct from b.livelihood_related then 'livelihood_related' end
    ], null);

comment on function catalog_revision_changed_fields(catalog_item_revision, catalog_item_revision) is
    'A10.3: the A10.2 fields (API names) in which two revisions of a catalog item differ.';

-- A10.3: what changed from version p_from to version p_to of the same catalog — each item's state at a version is its
-- revision in that version or in the latest approved version before it (catalog_revisions_at). An item is added when
-- it is in force at p_to and not at p_from (absent or withdrawn), withdrawn in the opposite case, changed when it is
-- in force at both with differing fields. Ordered like the published listing: by code (byte order), then id.
create function catalog_version_diff(p_from uuid, p_to uuid)
    returns table (item_id uuid, code text, change text, changed_fields text[], from_revision_id bigint, to_revision_id bigint)
    language sql stable
as $$
    select d.item_id, i.code, d.change,
           case when d.change = 'changed' then d.fields else '{}'::text[] end,
           d.from_revision_id, d.to_revision_id
      from (select c.*,
                   case
                       when not c.in_force_before and c.in_force_after then 'added'
                       when c.in_force_before and not c.in_force_after then 'withdrawn'
                       when c.in_force_before and c.in_force_after and c.from_revision_id <> c.to_revision_id
                            and cardinality(c.fields) > 0 then 'changed'
                   end as change
              from (select coalesce(a.item_id, b.item_id) as item_id,
                           a.id is not null and not a.withdrawn as in_force_before,
                           b.id is not null and not b.withdrawn as in_force_after,
                           case when a.id is not null and b.id is not null then catalog_revision_changed_fields(a, b) end
                               as fields,
                           a.id as from_revision_id,
                           b.id as to_revision_id
                      from catalog_revisions_at(p_from) a
                      full join catalog_revisions_at(p_to) b on b.item_id = a.item_id) c) d
      join catalog_item i on i.id = d.item_id
     where d.change is not null
     order by i.code collate "C", i.id
$$;

comment on function catalog_version_diff(uuid, uuid) is
    'A10.3: items added, changed (with the names of the changed fields) and withdrawn from one catalog version to another.';
