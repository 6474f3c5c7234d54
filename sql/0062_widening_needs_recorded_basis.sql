-- 0062_widening_needs_recorded_basis.sql — a catalog version that widens an item's share or open type is approved only
-- with the conversion recorded for it, with its basis (A22.1, A29.1).
--
-- Widening: not_shared → conditional | unconditional, conditional → unconditional, and the same for open types,
-- against the item's revision in the catalog's previous approved version. The conversion (attribute_conversion of
-- 0013) names this version, the item, the attribute and the new type; its own checks require the basis
-- (desensitisation, declassification, the rights holder's consent, or an evaluation found convertible). The rule sits
-- on the approval, so every path that publishes a version — API, import, web pages, psql — meets it.

create function catalog_version_widening_recorded() returns trigger
    language plpgsql
    set search_path = public, pg_temp
as $$
declare
    widened record;
begin
    if not (old.state = 'submitted' and new.state = 'approved') then
        return new;
    end if;
    for widened in
        select r.item_id, ci.code, k.kind, k.to_type
          from catalog_item_revision r
          join catalog_item ci on ci.id = r.item_id
          join lateral (
              select p.* from catalog_item_revision p join catalog_version v on v.id = p.version_id
               where p.item_id = r.item_id and v.catalog_id = new.catalog_id and v.state = 'approved' and v.number < new.number
               order by v.number desc limit 1) p on true
         cross join lateral (values ('share'::attribute_kind, r.share_type::text, p.share_type::text),
                                    ('open'::attribute_kind, r.open_type::text, p.open_type::text)) k (kind, to_type, from_type)
         where r.version_id = new.id and not r.withdrawn
           and attribute_type_rank(k.kind, k.to_type) > attribute_type_rank(k.kind, k.from_type)
         order by ci.code, k.kind
    loop
        if not exists (select 1 from attribute_conversion c
                        where c.item_id = widened.item_id and c.version_id = new.id and c.kind = widened.kind
                          and c.to_type = widened.to_type and c.basis is not null) then
            raise exception using errcode = 'check_violation',
                constraint = attribute_rule(widened.kind, 'catalog_version_widening_recorded'),
                message = format('item %s widens its %s type to %s without a recorded conversion with its basis',
                                 widened.code, widened.kind, widened.to_type),
                column = case widened.kind when 'share' then 'share_type' else 'open_type' end;
        end if;
    end loop;
    return new;
end
$$;

comment on function catalog_version_widening_recorded() is
    'A22.1 / A29.1: a version widening an item''s share or open type is approved only with the conversion recorded for '
    'it (attribute_conversion naming the version, with its basis).';

create trigger catalog_version_widening_recorded before update on catalog_version
    for each row execute function catalog_version_widening_recorded();
