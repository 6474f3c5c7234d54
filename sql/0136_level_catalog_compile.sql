-- 0136_level_catalog_compile.sql — A10.1, A10.3: the database judges a level catalog's compilation, even an empty one.
--
-- Compiling a level catalog version replaces its members with the latest approved version of every institutional
-- catalog of its division (A10.1). The member trigger (0008) refuses a member of a version that is not a draft (A10.3)
-- or not of a level catalog (A10.1), but a compilation that inserts and deletes nothing meets no row trigger, so the
-- store read the version and pre-judged both rules itself. Now the database compiles in one call,
-- `level_catalog_compile(version)`: it locks the version, asks `level_catalog_version_check` — the check the member
-- trigger asks too, so the rule is stated once — and replaces the members. Refusals keep their constraint names.
-- Changes level_catalog_member_check (its version check moves into level_catalog_version_check).

-- Refuses a change of the members of a version that is not a draft (A10.3) or not of a level catalog (A10.1).
create function level_catalog_version_check(p_version uuid) returns void
    language plpgsql
    set search_path = public, pg_temp
as $$
declare
    level_version catalog_version%rowtype;
begin
    select * into level_version from catalog_version where id = p_version;
    if level_version.state <> 'draft' then
        perform rule_refuse('catalog_item_revision_draft_only_a10_3', 'only a draft level catalog can change');
    end if;
    if (select kind from catalog where id = level_version.catalog_id) <> 'level' then
        perform rule_refuse('level_catalog_compiles_approved_catalogs_a10_1',
            'a level catalog compiles approved catalogs of institutions in its own division', 'member_version_id');
    end if;
end
$$;

create or replace function level_catalog_member_check() returns trigger
    language plpgsql
as $$
declare
    target level_catalog_member := case when tg_op = 'DELETE' then old else new end;
    level_catalog catalog%rowtype;
    member_catalog catalog%rowtype;
begin
    perform level_catalog_version_check(target.version_id);
    if tg_op = 'DELETE' then return old; end if;
    select c.* into level_catalog from catalog c join catalog_version v on v.catalog_id = c.id where v.id = new.version_id;
    select c.* into member_catalog from catalog c join catalog_version v on v.catalog_id = c.id where v.id = new.member_version_id;
    if member_catalog.kind <> 'institutional'
       or member_catalog.division_code <> level_catalog.division_code
       or (select state from catalog_version where id = new.member_version_id) <> 'approved' then
        raise exception using errcode = 'check_violation', constraint = 'level_catalog_compiles_approved_catalogs_a10_1',
            message = 'a level catalog compiles approved catalogs of institutions in its own division',
            column = 'member_version_id';
    end if;
    return new;
end
$$;

-- A10.1: compiles a level catalog version: its members become the latest approved version of every institutional
-- catalog of its division. The version is locked against any other change for the rest of the transaction. Returns
-- false, changing nothing, when there is no such version.
create function level_catalog_compile(p_version uuid) returns boolean
    language plpgsql
    set search_path = public, pg_temp
as $$
declare
    latest uuid[];
begin
    perform 1 from catalog_version where id = p_version for update;
    if not found then
        return false;
    end if;
    perform level_catalog_version_check(p_version);
    select coalesce(array_agg(approved.id), '{}') into latest
      from (select distinct on (v.catalog_id) v.id
              from catalog_version v join catalog c on c.id = v.catalog_id
             where c.kind = 'institutional' and v.state = 'approved'
               and c.division_code = (select l.division_code from catalog l join catalog_version lv on lv.catalog_id = l.id
                                       where lv.id = p_version)
             order by v.catalog_id, v.number desc) approved;
    delete from level_catalog_member where version_id = p_version and member_version_id <> all (latest);
    insert into level_catalog_member (version_id, member_version_id)
    select p_version, m.id from unnest(latest) as m(id)
    on conflict do nothing;
    return true;
end
$$;

comment on function level_catalog_compile(uuid) is
    'A10.1: compiles a draft level catalog version from the latest approved institutional catalogs of its division.';
