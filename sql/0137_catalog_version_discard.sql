-- 0137_catalog_version_discard.sql — A10.3: discarding a draft is one statement, judged by the database alone.
--
-- Only a draft that was never submitted can be discarded (A10.3): `catalog_version_transition` (0008) refuses the
-- deletion of any other version with `catalog_version_history_kept_a10_3`. But a draft's members and item revisions
-- point at it, and the store deleted them before the version, so deleting them first met the member and revision
-- triggers' own refusals for a version that is not a draft: the store read the version and its review events to
-- pre-judge the rule in Swift. Now `delete from catalog_version` discards a draft with what it carries: this trigger
-- deletes the version's members, its item revisions and the items that only it held, before the version itself goes.
-- Triggers of one event fire in name order, so this one (`…_zz_discard`) runs after `catalog_version_transition` has
-- refused a version that keeps its history, and a refused discard reads `catalog_version_history_kept_a10_3`.
-- Changes nothing already migrated; a plain `delete from catalog_version` of a draft that carries changes now
-- discards them instead of failing on a foreign key.

create function catalog_version_discard() returns trigger
    language plpgsql
    set search_path = public, pg_temp
as $$
begin
    delete from level_catalog_member where version_id = old.id;
    with removed as (delete from catalog_item_revision where version_id = old.id returning item_id)
    delete from catalog_item i using removed
     where i.id = removed.item_id and i.current_revision_id is null
       and not exists (select 1 from catalog_item_revision r where r.item_id = i.id and r.version_id <> old.id);
    return old;
end
$$;

comment on function catalog_version_discard() is
    'A10.3: discarding a draft takes its level catalog members, its item revisions and the items only it held with it.';

create trigger catalog_version_zz_discard before delete on catalog_version
    for each row execute function catalog_version_discard();
