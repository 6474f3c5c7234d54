-- 0031_catalog_listing.sql — issue 8: listing and searching a million published items (A10.1) within 50 ms.
--
-- Measured on the synthetic province (`registry seed synthetic`, `scripts/bench.sh`):
--  * The free-text filter used pg_trgm. Chinese words are mostly two characters, and a two-character word has no
--    trigram: the index handed back every revision, each rechecked through a jsonb subquery (about 10 µs a row, seconds
--    over a million).
--  * Filters spread over four tables (item, catalog, revision, version) left the planner walking the listing order
--    and discarding rows: 2.4 s for a league + a share type + a word over 360,000 items.
--
-- catalog_listing is the published catalog's search projection: one narrow row per published item — code, catalog,
-- institution, its division with those above it, share and open type, grade, and the text it is found by. A trigger
-- keeps it whenever an item's current revision changes (a version's approval, A10.3); it is derived like an index, so
-- it has no audit trigger of its own (the approval that changes it is audited) and only that trigger writes it.
--
-- catalog_search_grams(text): every character and every pair of adjacent characters of the lower-cased text, within
-- its whitespace-separated words. A word is found when its grams (its pairs; a single character itself) are all among
-- the item's: exact for words of one or two characters; longer words are then confirmed by the substring test. One GIN
-- index (btree_gin, a trusted extension shipped with PostgreSQL) answers division, share type and words together.

create extension if not exists btree_gin;

create function catalog_search_grams(text text) returns text[]
    language sql immutable strict parallel safe
    return array(
        select distinct substr(w, i, n)
          from regexp_split_to_table(lower(text), '\s+') as w, generate_series(1, 2) as n, generate_series(1, length(w) - n + 1) as i
         order by 1);

comment on function catalog_search_grams(text) is
    'A10.1: the characters and pairs of adjacent characters of a text''s words (lower-cased): what the catalog''s free-text index holds.';

create function catalog_search_word_grams(word text) returns text[]
    language sql immutable strict parallel safe
    return case when length(word) <= 1 then array[lower(word)]
                else array(select distinct substr(lower(word), i, 2) from generate_series(1, length(word) - 1) as i order by 1) end;

comment on function catalog_search_word_grams(text) is
    'A10.1: the grams an item''s text must hold to contain a word: its pairs of adjacent characters, or the character itself.';

-- The division and every division above it, the region last.
create function division_path(code char(6)) returns char(6)[]
    language sql stable strict parallel safe
    return array(
        with recursive up(code, parent_code, depth) as (
            select d.code, d.parent_code, 0 from division d where d.code = division_path.code
            union all
            select d.code, d.parent_code, u.depth + 1 from division d join up u on d.code = u.parent_code)
        select up.code from up order by depth);

create table catalog_listing (
    item_id uuid primary key references catalog_item (id),
    revision_id bigint not null,
    code text not null,
    catalog_id uuid not null,
    institution_uscc uscc not null,
    divisions char(6)[] not null,
    share_type share_type not null,
    open_type open_type not null,
    grade data_grade,
    search_text text not null
);

comment on table catalog_listing is
    'A10.1 (issue 8): the published catalog''s search projection, one row per published item, kept by catalog_listing_refresh(); derived, not audited.';
comment on column catalog_listing.divisions is 'The division of the item''s catalog and every division above it (a filter covers those below).';
comment on column catalog_listing.search_text is 'catalog_item_search_text() of the published revision: its name and its data items'' names.';

-- The row of an item as its current revision publishes it; none when it has none or withdrew it.
create function catalog_listing_row(p_item uuid) returns setof catalog_listing
    language sql stable
as $$
    select i.id, r.id, i.code, i.catalog_id, c.institution_uscc, division_path(c.division_code), r.share_type, r.open_type,
           r.grade, catalog_item_search_text(r.name, r.data_items)
      from catalog_item i
      join catalog c on c.id = i.catalog_id
      join catalog_item_revision r on r.id = i.current_revision_id
     where i.id = p_item and not r.withdrawn
$$;

insert into catalog_listing
select l.* from catalog_item i cross join lateral catalog_listing_row(i.id) l where i.current_revision_id is not null;

create index catalog_listing_order_idx on catalog_listing (code collate "C", item_id);
create index catalog_listing_institution_idx on catalog_listing (institution_uscc, code collate "C", item_id);
create index catalog_listing_search_idx on catalog_listing using gin (divisions, share_type, catalog_search_grams(search_text));

analyze catalog_listing;

-- The trigram index of 0009 served the free-text filter only; the grams index replaces it.
drop index catalog_item_revision_search_idx;

-- When an item's current revision changes, its listing row follows (removed when the revision withdraws it).
create function catalog_listing_refresh() returns trigger
    language plpgsql
as $$
begin
    delete from catalog_listing where item_id = new.id;
    insert into catalog_listing select * from catalog_listing_row(new.id);
    return null;
end
$$;

create trigger catalog_listing_refresh after update of current_revision_id on catalog_item
    for each row when (new.current_revision_id is distinct from old.current_revision_id)
    execute function catalog_listing_refresh();

-- Only the refresh writes the projection (statements of clients run at depth 1).
create function catalog_listing_refuse_direct_write() returns trigger
    language plpgsql
as $$
begin
    if pg_trigger_depth() < 2 then
        raise exception using errcode = 'check_violation', constraint = 'catalog_listing_derived_a10_1',
            message = 'catalog_listing is derived from the approved catalog versions: approve a version instead';
    end if;
    return null;
end
$$;

create trigger catalog_listing_derived before insert or update or delete or truncate on catalog_listing
    for each statement execute function catalog_listing_refuse_direct_write();

-- An index calls catalog_search_grams(): it carries its own search_path, so a restore can build it (see 0029).
do $$
begin
    execute format('alter function catalog_search_grams(text) set search_path = %I, pg_temp', current_schema());
end
$$;
