-- 0063_legal_basis_citations.sql — a legal basis is a citation, not any text (A21.1, A23.2, A24.1, A27.1, A28.2).
--
-- is_legal_citation()   one or more citations, each the name of a law, regulation or rule in 《》 optionally followed
--                       by article numbers (《中华人民共和国个人信息保护法》第十三条, 第十三条第一款第二项, 第十三条、
--                       第二十八条), separated by 、，,；; or 和/及
-- *_legal_basis_cited_* CHECK constraints on the fields that carry a legal basis: the share and open legal basis of a
--                       catalog item (A21.1, A27.1) and the legal basis of refusing a share request (A23.2), a demand
--                       outside the catalog (A24.1) and a conditional open application (A28.2); a blank one is left to
--                       the rules that require it. They are added NOT
--                       VALID: rows stored before keep their text (never rewritten) and are listed by the view
--                       legal_basis_uncited; every new or changed row must cite. The catalog import checks them per
--                       line like every other CHECK of the revision (0015).
-- legal_citation        every law cited so far, by the record and field citing it
-- cited_law             the laws cited so far with how often, in all and as the basis of not sharing (A21.1): reference
--                       data for completion and reports

create function is_legal_citation(value text) returns boolean
    language sql immutable parallel safe
    return value ~ ('^\s*《[^《》]+》(、?第[〇零一二三四五六七八九十百千]+条(第[〇零一二三四五六七八九十]+款)?(第[〇零一二三四五六七八九十]+项)?)*'
                    || '(\s*[、，,；;和及]\s*《[^《》]+》(、?第[〇零一二三四五六七八九十百千]+条(第[〇零一二三四五六七八九十]+款)?'
                    || '(第[〇零一二三四五六七八九十]+项)?)*)*\s*$');

comment on function is_legal_citation(text) is
    'A21.1 / A27.1 / A23.2 / A24.1 / A28.2: whether a text cites laws, regulations or rules: 《name》 optionally followed '
    'by article numbers (第十三条第一款), several citations separated by 、，；.';

alter table catalog_item_revision
    add constraint catalog_item_share_legal_basis_cited_a21_1
        check (is_blank(share_legal_basis) or is_legal_citation(share_legal_basis)) not valid,
    add constraint catalog_item_open_legal_basis_cited_a27_1
        check (is_blank(open_legal_basis) or is_legal_citation(open_legal_basis)) not valid;
alter table share_request
    add constraint share_request_refusal_legal_basis_cited_a23_2
        check (is_blank(refusal_legal_basis) or is_legal_citation(refusal_legal_basis)) not valid;
alter table share_demand
    add constraint share_demand_refusal_legal_basis_cited_a24_1
        check (is_blank(refusal_legal_basis) or is_legal_citation(refusal_legal_basis)) not valid;
alter table open_application
    add constraint open_application_refusal_legal_basis_cited_a28_2
        check (is_blank(refusal_legal_basis) or is_legal_citation(refusal_legal_basis)) not valid;

-- Every legal basis stored, by record and field (the revision's id, or the number of the request, demand or
-- application).
create view legal_basis_stated as
select 'catalog_item_revision' as record, r.id::text as key, 'share_legal_basis' as field, 'A21.1' as article,
       r.share_legal_basis as legal_basis, r.share_type::text = 'not_shared' as not_shared
  from catalog_item_revision r where r.share_legal_basis is not null
union all
select 'catalog_item_revision', r.id::text, 'open_legal_basis', 'A27.1', r.open_legal_basis, false
  from catalog_item_revision r where r.open_legal_basis is not null
union all
select 'share_request', s.request_no::text, 'refusal_legal_basis', 'A23.2', s.refusal_legal_basis, false
  from share_request s where s.refusal_legal_basis is not null
union all
select 'share_demand', d.demand_no::text, 'refusal_legal_basis', 'A24.1', d.refusal_legal_basis, false
  from share_demand d where d.refusal_legal_basis is not null
union all
select 'open_application', a.application_no::text, 'refusal_legal_basis', 'A28.2', a.refusal_legal_basis, false
  from open_application a where a.refusal_legal_basis is not null;

comment on view legal_basis_stated is 'Every legal basis the registry holds, with its record, field and article.';

-- The migration report: rows stored before the rule whose legal basis is not a citation; kept as they were.
create view legal_basis_uncited as
select record, key, field, article, legal_basis from legal_basis_stated
 where not is_blank(legal_basis) and not is_legal_citation(legal_basis);

comment on view legal_basis_uncited is
    'Rows stored before 0063 whose legal basis is not a citation (《…》 with article numbers): listed, never rewritten.';

create view legal_citation as
select s.record, s.key, s.field, s.article, s.not_shared, m.law[1] as law
  from legal_basis_stated s cross join lateral regexp_matches(s.legal_basis, '《([^《》]+)》', 'g') as m (law);

comment on view legal_citation is 'Each law named in a legal basis, with the record and field citing it.';

create view cited_law as
select law as name, count(*) as citations, count(*) filter (where not_shared) as not_shared_citations,
       array_agg(distinct article order by article) as articles
  from legal_citation
 group by law;

comment on view cited_law is
    'The laws, regulations and rules cited so far (reference data for completion and reports), how often, and how '
    'often as the basis of not sharing (A21.1).';

do $$
declare
    uncited int := (select count(*) from legal_basis_uncited);
begin
    if uncited > 0 then
        raise notice '0063: % stored legal basis text(s) are not citations; they are kept and listed by the view legal_basis_uncited',
            uncited;
    end if;
end
$$;
