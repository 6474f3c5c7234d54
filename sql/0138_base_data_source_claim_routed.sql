-- 0138_base_data_source_claim_routed.sql — A13.2: the database routes a new source claim and refuses a second open one.
--
-- One datum, one source (A13.2): a kind of base data has one accepted source in a division; a competing claim is
-- recorded as a conflict for the division's authority to resolve; an institution that is already the source, or has
-- a claim pending, does not claim again (`base_data_source_one_open_claim_a13_2`). The claim workflow read the accepted
-- source and the pending conflicts to choose the new claim's status and to pre-judge that rule in Swift. Now the claim
-- trigger does both:
-- - it refuses a claim by an institution that already has an accepted or pending claim of the kind in the division,
--   before the unique index of the same name, which stays for claims written at the same time (and which an institution
--   that is already the source would otherwise meet together with `base_data_source_one_per_division_a13_2`);
-- - a claim inserted without a status is routed: accepted when the kind has no accepted source in the division, else a
--   conflict with that source. A claim inserted with a status is judged as before.
-- Changes base_data_source_check (its insert branch only).

do $$
declare
    anchor constant text := $anchor$        if new.status not in ('accepted', 'conflict') then$anchor$;
    definition text := pg_get_functiondef('base_data_source_check()'::regprocedure);
begin
    if position(anchor in definition) = 0 then
        raise exception 'base_data_source_check does not carry the status check this migration routes before';
    end if;
    execute replace(definition, anchor, $routed$        if exists (select 1 from base_data_source
                    where base_data_kind_code = new.base_data_kind_code and division_code = new.division_code
                      and institution_uscc = new.institution_uscc and status in ('accepted', 'conflict')) then
            perform rule_refuse('base_data_source_one_open_claim_a13_2',
                'the institution is already the source of the kind in the division, or has a claim pending', 'institution');
        end if;
        if new.status is null then
            new.status := case when exists (select 1 from base_data_source
                                              where base_data_kind_code = new.base_data_kind_code
                                                and division_code = new.division_code and status = 'accepted')
                               then 'conflict' else 'accepted' end;
        end if;
$routed$ || anchor);
end
$$;

comment on column base_data_source.status is
    'A13.2: a claim inserted without a status is routed by the database: accepted when the kind has no accepted source in the division, else a conflict with it.';
