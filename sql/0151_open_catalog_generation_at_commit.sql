-- 0151_open_catalog_generation_at_commit.sql — A28.1: the open catalog's generation moves once per transaction, at
-- its commit, instead of after each statement (0149) under a lock taken before it (0150).
--
-- 0149 and 0150 held the generation's row lock from a transaction's first change of the open catalog to its commit.
-- Every transaction that changes the open catalog takes that lock, so one that went on to lock a row another such
-- transaction held (a catalog, an objection) could deadlock with it: the other waits for the generation while holding
-- the row. Moved at commit, the lock is taken when the transaction has nothing left to do but commit, and is held
-- only for that: no row is asked for while it is held.
--
-- open_catalog_generation_bump()   a deferred row trigger of open_catalog_entry: at commit, the first event of the
--                                  transaction moves the generation and marks the transaction; the others find the mark.
--                                  It runs as registry_compute (SECURITY DEFINER): at commit the current user is the
--                                  session's, which may not write the generation.
--
-- A snapshot still sees the generation of the entries it sees: both commit together. A transaction that changes no
-- entry moves nothing.

drop trigger open_catalog_entry_generation_lock on open_catalog_entry;
drop function open_catalog_generation_lock();
drop trigger open_catalog_entry_generation_insert on open_catalog_entry;
drop trigger open_catalog_entry_generation_update on open_catalog_entry;
drop trigger open_catalog_entry_generation_delete on open_catalog_entry;
drop function open_catalog_generation_bump();

create function open_catalog_generation_bump() returns trigger
    language plpgsql
as $$
begin
    if current_setting('registry.open_catalog_generation_moved_by', true) is distinct from pg_current_xact_id()::text then
        update open_catalog_generation set generation = generation + 1;
        perform set_config('registry.open_catalog_generation_moved_by', pg_current_xact_id()::text, true);
    end if;
    return null;
end
$$;

comment on function open_catalog_generation_bump() is
    'A28.1: at commit, moves the open catalog''s generation once for a transaction that changed an entry.';

do $$
begin
    execute format('alter function open_catalog_generation_bump() security definer set search_path = %I, pg_temp',
                   current_schema());
end
$$;
alter function open_catalog_generation_bump() owner to registry_compute;

create constraint trigger open_catalog_entry_generation after insert or update or delete on open_catalog_entry
    deferrable initially deferred for each row execute function open_catalog_generation_bump();
