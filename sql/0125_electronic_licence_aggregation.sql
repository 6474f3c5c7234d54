-- 0125_electronic_licence_aggregation.sql — electronic licences flow into the electronic-licence base database (A18.2).
--
-- licence_category                 the categories of the classification schemes that hold electronic licences (电子证照):
--                                  those bearing the regulation's name 电子证照 and every category under them (NM-2024:
--                                  base.licence), so a scheme that replaces NM-2024 keeps the rule without a code list
-- licence_item                     the published catalog items of such a category (licence catalog items), with their
--                                  update frequency and the day they were first published
-- licence_aggregation              each aggregation of a licence item's licences into the electronic-licence base
--                                  database (电子证照库归集): when, how many licences, from which system; recorded for the
--                                  item's own institution (stamped by the database), never in the future, kept as recorded
-- licence_aggregation_findings()   RP.3 / A18.2: licence items not aggregated within their update frequency
--                                  (update_frequency_allowance of 0008, as A16.1 counts staleness), counted from their
--                                  last aggregation, or from their first publication when never aggregated
--
-- compliance_findings() gains the new kind in 0127, with the other kinds of this issue.

create view licence_category as
with recursive down (scheme_code, code) as (
    select c.scheme_code, c.code from data_category c where c.name = '电子证照'
    union
    select c.scheme_code, c.code from data_category c join down on c.scheme_code = down.scheme_code and c.parent_code = down.code
)
select scheme_code, code from down;

comment on view licence_category is
    'A18.2: the categories that hold electronic licences — those named 电子证照 and every category under them.';

create view licence_item as
select p.item_id, p.code as item_code, p.name as item_name, p.catalog_id, p.institution_uscc, p.division_code,
       p.update_frequency,
       (select min(civil_date(v.decided_at))
          from catalog_item_revision r join catalog_version v on v.id = r.version_id
         where r.item_id = p.item_id and v.state = 'approved') as published_on
  from catalog_item_published p
 where (p.category_scheme, p.category_code) in (select l.scheme_code, l.code from licence_category l);

comment on view licence_item is
    'A18.2: the published catalog items of an electronic-licence category (电子证照), with their update frequency and '
    'the day they were first published.';

create table licence_aggregation (
    id uuid primary key default gen_random_uuid(),
    item_id uuid not null constraint licence_aggregation_item_exists_a18_2 references catalog_item (id),
    institution_uscc uscc not null references institution (uscc),
    aggregated_at timestamptz not null,
    licence_count int not null constraint licence_aggregation_licence_count_a18_2 check (licence_count between 0 and 100000000),
    source_system text not null constraint licence_aggregation_source_system_a18_2 check (
        btrim(source_system) <> '' and length(source_system) <= 200),
    recorded_by uuid references account (id),
    created_at timestamptz not null default registry_now()
);

comment on table licence_aggregation is
    'A18.2: an aggregation of the electronic licences of a licence catalog item into the electronic-licence base '
    'database (电子证照库归集) — when, how many licences, from which issuing system; the item''s institution answers for it.';
comment on column licence_aggregation.institution_uscc is 'The institution whose catalog holds the item (stamped).';
comment on column licence_aggregation.source_system is 'The system the licences were issued in and aggregated from.';

create index licence_aggregation_item_idx on licence_aggregation (item_id, aggregated_at desc);

-- A18.2: an aggregation concerns a published licence item, belongs to the item's institution, is not dated in the
-- future of the registry's clock, and stays as recorded.
create function licence_aggregation_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op <> 'INSERT' then
        perform rule_refuse('licence_aggregation_kept_a18_2', 'a licence aggregation is kept as recorded');
    end if;
    new.institution_uscc := (select l.institution_uscc from licence_item l where l.item_id = new.item_id);
    if new.institution_uscc is null then
        perform rule_refuse('licence_aggregation_licence_item_a18_2',
            'only a published catalog item of an electronic-licence category records aggregations', 'item_id');
    end if;
    if new.aggregated_at > registry_now() then
        perform rule_refuse('licence_aggregation_not_in_future_a18_2', 'an aggregation cannot lie in the future', 'aggregated_at');
    end if;
    new.created_at := registry_now();
    return new;
end
$$;

create trigger licence_aggregation_guard before insert or update or delete on licence_aggregation
    for each row execute function licence_aggregation_guard();
create trigger licence_aggregation_audit after insert or update or delete on licence_aggregation
    for each row execute function audit_row_change('id');
create trigger licence_aggregation_no_truncate before truncate on licence_aggregation
    for each statement execute function refuse_truncate();

insert into role_privilege_refusal (table_name, grantee, privileges, reason)
values ('licence_aggregation', 'registry_service', 'update, delete', 'A18.2: an aggregation is recorded, never changed');

-- A18.2: the licence items whose last aggregation by a day (else their first publication) lies further back than
-- their update frequency allows; irregular items (不定期) have no such deadline.
create function licence_aggregation_findings(p_as_of date)
    returns table (article text, institution_uscc text, finding text, due date, working_days_overdue int)
    language sql stable
as $$
    select 'A18.2', l.institution_uscc::text,
           '电子证照未按更新频率归集:' || l.item_name
               || case when a.last_on is null then '(从未归集)' else '(最近归集 ' || a.last_on || ')' end,
           s.due, working_days_overdue(s.due, p_as_of)
      from licence_item l
      cross join lateral (select max(civil_date(g.aggregated_at)) as last_on
                            from licence_aggregation g
                           where g.item_id = l.item_id and civil_date(g.aggregated_at) <= p_as_of) a
      cross join lateral (select (coalesce(a.last_on, l.published_on) + update_frequency_allowance(l.update_frequency))::date
                                 as due) s
     where l.update_frequency <> 'irregular' and l.published_on <= p_as_of and s.due < p_as_of
$$;

comment on function licence_aggregation_findings(date) is
    'RP.3 / A18.2: the licence catalog items not aggregated into the electronic-licence base database within their '
    'update frequency on a day (counted from the last aggregation, else from the first publication).';
