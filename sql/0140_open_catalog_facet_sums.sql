-- 0140_open_catalog_facet_sums.sql — A28.1: a search without words counts its facets from cells summed over institutions.
--
-- A search without words sums the facet cells (0128) that match its filters, once per facet. A cell is one institution's
-- combination of the searched columns, so two common filters (开放属性 and 更新频率) still keep some 4,900 cells at scale
-- 1.0, and counting eight facets over them was most of the portal's search. Only the institution facet needs the
-- institution; the other facets need the cells summed over institutions: about 1,000 rows for the same two filters.
--
-- open_catalog_facet_sum   the cells' counts summed over institutions, per combination of the other searched columns;
--                          kept by open_catalog_facet_cell_add in the same transaction as the cells
--
-- Changes open_catalog_facet_cell_add(open_catalog_entry, int): it moves the entry's sum as well as its cell.
-- Replaces open_catalog_facet_cell_types_idx with an index that also holds the institution and the count, so that the
-- institution facet of a search without words is counted from the index alone. The two tables are small and change
-- with every approval, so they are vacuumed sooner than the default (their visibility map keeps that index-only scan).

create table open_catalog_facet_sum (
    open_type open_type not null,
    update_frequency update_frequency not null,
    divisions char(6)[] not null,
    formats text[] not null,
    category_scheme text,
    category_code text,
    grade data_grade,
    items int not null,
    constraint open_catalog_facet_sum_key
        unique nulls not distinct (open_type, update_frequency, divisions, formats, category_scheme, category_code, grade),
    constraint open_catalog_facet_sum_items_a28_1 check (items >= 0)
);

comment on table open_catalog_facet_sum is
    'A28.1: open_catalog_facet_cell summed over institutions, per combination of the other searched columns; derived, not audited.';

create index open_catalog_facet_sum_types_idx on open_catalog_facet_sum (open_type, update_frequency, grade);
create index open_catalog_facet_sum_divisions_idx on open_catalog_facet_sum using gin (divisions);

drop index open_catalog_facet_cell_types_idx;
create index open_catalog_facet_cell_types_idx on open_catalog_facet_cell (open_type, update_frequency, grade)
    include (institution_uscc, items);

alter table open_catalog_facet_cell set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
alter table open_catalog_facet_sum set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);

-- Counts an entry in its cell and its sum (p_change 1, each made when it is the first) or out of them (-1). A decrement
-- is an UPDATE: an upsert of -1 would meet the CHECK before its conflict.
create or replace function open_catalog_facet_cell_add(p_entry open_catalog_entry, p_change int) returns void
    language plpgsql
as $$
begin
    if p_change > 0 then
        insert into open_catalog_facet_cell as c (institution_uscc, open_type, update_frequency, divisions, formats,
                                                  category_scheme, category_code, grade, items)
        values (p_entry.institution_uscc, p_entry.open_type, p_entry.update_frequency, p_entry.divisions, p_entry.formats,
                p_entry.category_scheme, p_entry.category_code, p_entry.grade, p_change)
        on conflict on constraint open_catalog_facet_cell_key do update set items = c.items + excluded.items;
        insert into open_catalog_facet_sum as s (open_type, update_frequency, divisions, formats, category_scheme,
                                                 category_code, grade, items)
        values (p_entry.open_type, p_entry.update_frequency, p_entry.divisions, p_entry.formats, p_entry.category_scheme,
                p_entry.category_code, p_entry.grade, p_change)
        on conflict on constraint open_catalog_facet_sum_key do update set items = s.items + excluded.items;
    else
        update open_catalog_facet_cell c set items = c.items + p_change
         where c.institution_uscc = p_entry.institution_uscc and c.open_type = p_entry.open_type
           and c.update_frequency = p_entry.update_frequency and c.divisions = p_entry.divisions
           and c.formats = p_entry.formats and c.category_scheme is not distinct from p_entry.category_scheme
           and c.category_code is not distinct from p_entry.category_code and c.grade is not distinct from p_entry.grade;
        update open_catalog_facet_sum s set items = s.items + p_change
         where s.open_type = p_entry.open_type and s.update_frequency = p_entry.update_frequency
           and s.divisions = p_entry.divisions and s.formats = p_entry.formats
           and s.category_scheme is not distinct from p_entry.category_scheme
           and s.category_code is not distinct from p_entry.category_code and s.grade is not distinct from p_entry.grade;
    end if;
end
$$;

insert into open_catalog_facet_sum (open_type, update_frequency, divisions, formats, category_scheme, category_code, grade,
                                    items)
select open_type, update_frequency, divisions, formats, category_scheme, category_code, grade, sum(items)
  from open_catalog_facet_cell
 group by open_type, update_frequency, divisions, formats, category_scheme, category_code, grade;

create trigger open_catalog_facet_sum_derived before insert or update or delete or truncate on open_catalog_facet_sum
    for each statement execute function derived_table_refuse_direct_write(
        'open_catalog_facet_sum_derived_a28_1',
        'open_catalog_facet_sum is derived from open_catalog_entry: change the open catalog instead');

insert into role_privilege_refusal (table_name, grantee, privileges, reason) values
    ('open_catalog_facet_sum', 'registry_service', 'insert, update, delete', 'A28.1: derived from open_catalog_entry');

grant select, insert, update, delete on open_catalog_facet_sum to registry_compute;

analyze open_catalog_facet_sum;
