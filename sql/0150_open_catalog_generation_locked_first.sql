-- 0150_open_catalog_generation_locked_first.sql — A28.1: a statement that may change the open catalog takes the
-- generation's row lock before it locks any entry.
--
-- 0149 moves the generation after each statement that changed an entry, under the row's lock held to commit. A
-- transaction that changes entries in two statements could then deadlock with another: the second waits for the
-- generation holding the entries it has just changed, while the first, holding the generation, goes on to change those
-- entries. Taking the lock before the statement (the second then waits holding no entry) leaves one order: the
-- generation first, then the entries, their cells and their sums. Only registry_compute's derivation writes the entries,
-- and it may update the generation (0149).

create function open_catalog_generation_lock() returns trigger
    language plpgsql
as $$
begin
    perform from open_catalog_generation for no key update;
    return null;
end
$$;

comment on function open_catalog_generation_lock() is
    'A28.1: locks the open catalog''s generation before a statement on open_catalog_entry, so that the generation is always locked before the entries.';

create trigger open_catalog_entry_generation_lock before insert or update or delete on open_catalog_entry
    for each statement execute function open_catalog_generation_lock();
