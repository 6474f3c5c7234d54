-- 0149_open_catalog_generation.sql — A28.1: a number that changes with the open catalog, so that a copy of its entries
-- held outside the database can tell whether it is current.
--
-- A search of the open catalog with words counts every facet over every match. At scale 1.0 a common word matches some
-- 40,000 entries, and reading them through the grams index and the table took 150–190 ms however the statement was
-- written: the hits are spread over the table, and each one is a heap visit. The service now keeps the entries'
-- searched columns in memory (OpenCatalogSearchIndex) and counts there. It may answer from that copy only when the
-- copy is of the open catalog the request's own snapshot sees: both carry this generation.
--
-- open_catalog_generation   one row; its generation grows by one with every statement that changes open_catalog_entry,
--                           in that statement's transaction, so a snapshot sees the generation of the entries it sees
--
-- A statement that changes no entry leaves the generation as it is (the triggers read their transition tables). The
-- row is updated under its lock, so transactions that change the open catalog commit their bumps one after another.

create table open_catalog_generation (
    only_row boolean primary key default true,
    generation bigint not null,
    constraint open_catalog_generation_one_row check (only_row),
    constraint open_catalog_generation_positive check (generation > 0)
);

comment on table open_catalog_generation is
    'A28.1: grows with every change of open_catalog_entry, so that a copy of the entries knows whether it is current; '
    'derived, not audited.';

insert into open_catalog_generation (generation) values (1);

create function open_catalog_generation_bump() returns trigger
    language plpgsql
as $$
begin
    if exists (select from changed_entry) then
        update open_catalog_generation set generation = generation + 1;
    end if;
    return null;
end
$$;

comment on function open_catalog_generation_bump() is
    'A28.1: one more generation of the open catalog when a statement changed an entry (changed_entry: its transition table).';

create trigger open_catalog_entry_generation_insert after insert on open_catalog_entry
    referencing new table as changed_entry for each statement execute function open_catalog_generation_bump();
create trigger open_catalog_entry_generation_update after update on open_catalog_entry
    referencing new table as changed_entry for each statement execute function open_catalog_generation_bump();
create trigger open_catalog_entry_generation_delete after delete on open_catalog_entry
    referencing old table as changed_entry for each statement execute function open_catalog_generation_bump();

create trigger open_catalog_generation_derived before insert or update or delete or truncate on open_catalog_generation
    for each statement execute function derived_table_refuse_direct_write(
        'open_catalog_generation_derived_a28_1',
        'open_catalog_generation follows open_catalog_entry: change the open catalog instead');

insert into role_privilege_refusal (table_name, grantee, privileges, reason) values
    ('open_catalog_generation', 'registry_service', 'insert, update, delete', 'A28.1: follows open_catalog_entry');

grant select, update on open_catalog_generation to registry_compute;
