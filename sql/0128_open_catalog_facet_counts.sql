-- 0128_open_catalog_facet_counts.sql — A28.1: the open catalog's facets counted once per change, not once per search.
--
-- The portal's search (/open/search) and GET /api/v1/open-catalog count seven facets over every match. Without words a
-- search matches a large part of the open catalog (two facets: a twenty-fourth of a million items at scale 1.0), and
-- counting them per request took 316 ms at scale 0.1. Two derived tables now keep what the search counts:
--
-- open_catalog_entry        one row per item the open catalog serves (`open_catalog`, 0022: published, open, neither
--                           suspended nor withdrawn by an objection, A28.3), with the columns the search filters by and
--                           the formats of its distributions (sorted; none unless open unconditionally, A28.2)
-- open_catalog_facet_cell   how many entries share each combination of those columns: a search without words filters
--                           the cells and sums them per facet value — thousands of cells instead of tens of thousands
--                           of items — and reads its page of items from open_catalog_entry
--
-- open_catalog_entry_refresh(items) re-derives the entries of some items; triggers call it when what decides them
-- changes: the published catalog (catalog_listing), an objection's state, a distribution, a media type's file type.
-- Triggers on the entries move the cells' counts in the same transaction, so a filed objection takes the item out of
-- the counts at once. Both tables are written only by registry_compute's SECURITY DEFINER functions (0050) and refuse
-- every other writer (derived_table_refuse_direct_write, 0038).
-- Changes nothing already migrated.

create table open_catalog_entry (
    item_id uuid primary key references catalog_item (id),
    code text not null,
    divisions char(6)[] not null,
    institution_uscc uscc not null,
    category_scheme text,
    category_code text,
    open_type open_type not null,
    grade data_grade,
    update_frequency update_frequency not null,
    formats text[] not null
);

comment on table open_catalog_entry is
    'A28.1: the items the open catalog serves, with what its search filters and counts by; derived, not audited.';
comment on column open_catalog_entry.formats is
    'distribution_format() of the published revision''s distributions, sorted; empty unless open unconditionally (A28.2).';

create index open_catalog_entry_walk_idx on open_catalog_entry (code collate "C", item_id);
create index open_catalog_entry_institution_idx on open_catalog_entry (institution_uscc, code collate "C", item_id);
create index open_catalog_entry_category_idx on open_catalog_entry (category_code, code collate "C", item_id);
create index open_catalog_entry_arrays_idx on open_catalog_entry using gin (divisions, formats);

create table open_catalog_facet_cell (
    institution_uscc uscc not null,
    open_type open_type not null,
    update_frequency update_frequency not null,
    divisions char(6)[] not null,
    formats text[] not null,
    category_scheme text,
    category_code text,
    grade data_grade,
    items int not null,
    constraint open_catalog_facet_cell_key
        unique nulls not distinct (institution_uscc, open_type, update_frequency, divisions, formats, category_scheme,
                                   category_code, grade),
    constraint open_catalog_facet_cell_items_a28_1 check (items >= 0)
);

comment on table open_catalog_facet_cell is
    'A28.1: the number of open_catalog_entry rows sharing each combination of the searched columns; derived, not audited.';

-- The entries as the open catalog serves its items (the conditions of the view open_catalog).
create view open_catalog_entry_source as
select l.item_id, l.code, l.divisions, l.institution_uscc, r.category_scheme, r.category_code, l.open_type, l.grade,
       r.update_frequency,
       case when l.open_type = 'unconditional' then
           array(select distinct distribution_format(d.format, m.file_type)
                   from catalog_distribution d left join media_type_reference m on m.media_type = d.media_type
                  where d.revision_id = l.revision_id and distribution_format(d.format, m.file_type) is not null
                  order by 1)
       else '{}' end as formats
  from catalog_listing l
  join catalog_item_revision r on r.id = l.revision_id
  join catalog_version v on v.id = r.version_id
 where l.open_type <> 'not_open'
   and not exists (select 1 from open_objection o where o.item_id = l.item_id and o.state in ('received', 'processing'))
   and not exists (select 1 from open_objection o where o.item_id = l.item_id and o.state = 'withdrawn'
                                                    and o.decided_at > v.decided_at);

comment on view open_catalog_entry_source is
    'A28.1 / A28.3: what open_catalog_entry holds, derived afresh: published, open, neither suspended nor withdrawn.';

create function open_catalog_entry_refresh(p_items uuid[]) returns void
    language plpgsql
as $$
begin
    delete from open_catalog_entry where item_id = any(p_items);
    insert into open_catalog_entry select * from open_catalog_entry_source where item_id = any(p_items);
end
$$;

comment on function open_catalog_entry_refresh(uuid[]) is
    'A28.1: re-derives the open catalog entries of some items from the published catalog, objections and distributions.';

-- ---- what decides an entry ----------------------------------------------------------------------------------------

create function open_catalog_entry_follow_item() returns trigger
    language plpgsql
as $$
begin
    perform open_catalog_entry_refresh(array[case when tg_op = 'DELETE' then old.item_id else new.item_id end]);
    return null;
end
$$;

create trigger open_catalog_entry_follow_listing after insert or update or delete on catalog_listing
    for each row execute function open_catalog_entry_follow_item();
create trigger open_catalog_entry_follow_objection after insert or update of state, decided_at or delete on open_objection
    for each row execute function open_catalog_entry_follow_item();

-- A distribution changes the formats of its revision's item (an entry only when that revision is the published one).
create function open_catalog_entry_follow_distribution() returns trigger
    language plpgsql
as $$
begin
    perform open_catalog_entry_refresh(array(
        select r.item_id from catalog_item_revision r
         where r.id in (case when tg_op <> 'INSERT' then old.revision_id end,
                        case when tg_op <> 'DELETE' then new.revision_id end)));
    return null;
end
$$;

create trigger open_catalog_entry_follow_distribution after insert or update or delete on catalog_distribution
    for each row execute function open_catalog_entry_follow_distribution();

-- A media type's file type is the format of the distributions that give no format of their own.
create function open_catalog_entry_follow_media_type() returns trigger
    language plpgsql
as $$
begin
    perform open_catalog_entry_refresh(array(
        select distinct r.item_id from catalog_distribution d join catalog_item_revision r on r.id = d.revision_id
         where d.media_type = new.media_type));
    return null;
end
$$;

create trigger open_catalog_entry_follow_media_type after update of file_type on media_type_reference
    for each row when (new.file_type is distinct from old.file_type)
    execute function open_catalog_entry_follow_media_type();

-- ---- the cells follow the entries ---------------------------------------------------------------------------------

-- Counts an entry in its cell (p_change 1, the cell made when it is the first) or out of it (-1). A decrement is an
-- UPDATE: an upsert of -1 would meet the cell's CHECK before its conflict.
create function open_catalog_facet_cell_add(p_entry open_catalog_entry, p_change int) returns void
    language plpgsql
as $$
begin
    if p_change > 0 then
        insert into open_catalog_facet_cell as c (institution_uscc, open_type, update_frequency, divisions, formats,
                                                  category_scheme, category_code, grade, items)
        values (p_entry.institution_uscc, p_entry.open_type, p_entry.update_frequency, p_entry.divisions, p_entry.formats,
                p_entry.category_scheme, p_entry.category_code, p_entry.grade, p_change)
        on conflict on constraint open_catalog_facet_cell_key do update set items = c.items + excluded.items;
    else
        update open_catalog_facet_cell c set items = c.items + p_change
         where c.institution_uscc = p_entry.institution_uscc and c.open_type = p_entry.open_type
           and c.update_frequency = p_entry.update_frequency and c.divisions = p_entry.divisions
           and c.formats = p_entry.formats and c.category_scheme is not distinct from p_entry.category_scheme
           and c.category_code is not distinct from p_entry.category_code and c.grade is not distinct from p_entry.grade;
    end if;
end
$$;

create function open_catalog_facet_cell_follow() returns trigger
    language plpgsql
as $$
begin
    if tg_op <> 'INSERT' then
        perform open_catalog_facet_cell_add(old, -1);
    end if;
    if tg_op <> 'DELETE' then
        perform open_catalog_facet_cell_add(new, 1);
    end if;
    return null;
end
$$;

-- ---- the current entries and cells --------------------------------------------------------------------------------

insert into open_catalog_entry select * from open_catalog_entry_source;

insert into open_catalog_facet_cell (institution_uscc, open_type, update_frequency, divisions, formats, category_scheme,
                                     category_code, grade, items)
select institution_uscc, open_type, update_frequency, divisions, formats, category_scheme, category_code, grade, count(*)
  from open_catalog_entry
 group by institution_uscc, open_type, update_frequency, divisions, formats, category_scheme, category_code, grade;

create trigger open_catalog_facet_cell_follow after insert or update or delete on open_catalog_entry
    for each row execute function open_catalog_facet_cell_follow();

-- ---- written by the derivation only -------------------------------------------------------------------------------

create trigger open_catalog_entry_derived before insert or update or delete or truncate on open_catalog_entry
    for each statement execute function derived_table_refuse_direct_write(
        'open_catalog_entry_derived_a28_1',
        'open_catalog_entry is derived from the published catalog, objections and distributions: change those instead');
create trigger open_catalog_facet_cell_derived before insert or update or delete or truncate on open_catalog_facet_cell
    for each statement execute function derived_table_refuse_direct_write(
        'open_catalog_facet_cell_derived_a28_1',
        'open_catalog_facet_cell is derived from open_catalog_entry: change the open catalog instead');

insert into role_privilege_refusal (table_name, grantee, privileges, reason) values
    ('open_catalog_entry', 'registry_service', 'insert, update, delete', 'A28.1: derived from the open catalog'),
    ('open_catalog_facet_cell', 'registry_service', 'insert, update, delete', 'A28.1: derived from open_catalog_entry');

grant select, insert, update, delete on open_catalog_entry, open_catalog_facet_cell to registry_compute;

do $$
declare
    fn regprocedure;
begin
    foreach fn in array array['open_catalog_entry_refresh(uuid[])'::regprocedure,
                              'open_catalog_facet_cell_follow()'::regprocedure] loop
        execute format('alter function %s security definer set search_path = %I, pg_temp', fn, current_schema());
        execute format('alter function %s owner to registry_compute', fn);
    end loop;
end
$$;

analyze open_catalog_entry;
analyze open_catalog_facet_cell;
