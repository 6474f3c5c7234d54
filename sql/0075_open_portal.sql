-- 0075_open_portal.sql — issue 19: the public open data portal (A28.1) and an objection's evidence files (A28.3).
--
-- catalog_listing.search_text   now also holds the item's description (数据资源摘要): the portal finds words in names,
--                               descriptions and data items. catalog_listing_row() of 0037 is replaced, and the rows
--                               kept so far are derived again (the guard of 0038 is lifted for that statement only).
-- open_objection_evidence       the evidence files of an objection (证据材料), kept in the database: a PDF, PNG or
--                               JPEG of at most 2 MiB whose first bytes are those of its type; added only in the
--                               transaction that files the objection, never changed or removed; audited without its
--                               bytes.

-- ---------------------------------------------------------------------------------------------------------------
-- Descriptions are searched too
-- ---------------------------------------------------------------------------------------------------------------

create or replace function catalog_listing_row(p_item uuid) returns setof catalog_listing
    language sql stable
as $$
    select i.id, r.id, i.code, i.catalog_id, c.institution_uscc, division_path(c.division_code), r.share_type, r.open_type,
           r.grade, lower(catalog_item_search_text(r.name || coalesce(' ' || r.description, ''), r.data_items))
      from catalog_item i
      join catalog c on c.id = i.catalog_id
      join catalog_item_revision r on r.id = i.current_revision_id
     where i.id = p_item and not r.withdrawn
$$;

comment on column catalog_listing.search_text is
    'lower(catalog_item_search_text()) of the published revision: its name, its description and its data items'' names, lower-cased.';

alter table catalog_listing disable trigger catalog_listing_derived;
update catalog_listing l
   set search_text = lower(catalog_item_search_text(r.name || ' ' || r.description, r.data_items))
  from catalog_item_revision r
 where r.id = l.revision_id and r.description is not null;
alter table catalog_listing enable trigger catalog_listing_derived;

analyze catalog_listing;

-- ---------------------------------------------------------------------------------------------------------------
-- An objection's evidence files (A28.3)
-- ---------------------------------------------------------------------------------------------------------------

create table open_objection_evidence (
    id uuid primary key default gen_random_uuid(),
    objection_id uuid not null constraint open_objection_evidence_objection_a28_3 references open_objection (id),
    filename text not null constraint open_objection_evidence_filename_a28_3 check (btrim(filename) <> '' and length(filename) <= 200),
    media_type text not null,
    content bytea not null,
    created_at timestamptz not null default registry_now(),
    constraint open_objection_evidence_size_a28_3 check (length(content) between 1 and 2097152),
    constraint open_objection_evidence_type_a28_3 check (
        (media_type = 'application/pdf' and substring(content from 1 for 5) = '\x255044462d'::bytea)
        or (media_type = 'image/png' and substring(content from 1 for 8) = '\x89504e470d0a1a0a'::bytea)
        or (media_type = 'image/jpeg' and substring(content from 1 for 3) = '\xffd8ff'::bytea))
);

comment on table open_objection_evidence is
    'A28.3: 证据材料 of an objection as files (PDF, PNG or JPEG, at most 2 MiB, checked by their first bytes), added '
    'with the objection and kept unchanged.';

create index open_objection_evidence_objection_idx on open_objection_evidence (objection_id);

-- Evidence comes with its objection: in the transaction that files it, and never changes afterwards.
create function open_objection_evidence_with_filing() returns trigger
    language plpgsql
as $$
begin
    if tg_op <> 'INSERT' then
        perform rule_refuse('open_objection_evidence_kept_a28_3', 'the evidence of an objection is kept as filed');
    end if;
    if not exists (select 1 from open_objection o where o.id = new.objection_id and o.received_at = registry_now()) then
        perform rule_refuse('open_objection_evidence_with_filing_a28_3',
            'evidence is filed together with its objection', 'evidence_file');
    end if;
    new.created_at := registry_now();
    return new;
end
$$;

create trigger open_objection_evidence_with_filing before insert or update or delete on open_objection_evidence
    for each row execute function open_objection_evidence_with_filing();
create trigger open_objection_evidence_audit after insert or update or delete on open_objection_evidence
    for each row execute function audit_row_change('id', 'content');
create trigger open_objection_evidence_no_truncate before truncate on open_objection_evidence
    for each statement execute function refuse_truncate();
