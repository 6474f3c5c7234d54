-- 0042_jurisdiction.sql — an authority acts within its own division and the divisions below it (A47.1, A49.1, A50.1).
--
-- A violation belongs to the division of the institution it concerns, or, for a data user, of the institution whose
-- data it concerns (the item's catalog), or to the region when it concerns all public data: only the authority of
-- that division or of one above it records it. A dispute goes to the authority of the parties' institutions — the
-- lowest division over all of them unless the filer names one that is over all of them.

-- A3.1: whether `ancestor` is `d` or a division above it.
create function division_covers(ancestor char(6), d char(6)) returns boolean
    language sql stable strict parallel safe
    return exists (select 1 from division_tree t where t.code = d and ancestor = any (t.code_path));

comment on function division_covers(char(6), char(6)) is 'A3.1: the first division is the second or one above it.';

-- A3.1: the lowest division that is or lies above every one of `codes` (NULL for none or an unknown code).
create function divisions_lowest_common(codes char(6)[]) returns char(6)
    language sql stable parallel safe
as $$
    -- Paths run from the region down, so two paths that meet at a depth agree above it: the deepest depth where all
    -- paths agree is their lowest common division.
    with paths as (select t.code_path as p from unnest(codes) c join division_tree t on t.code = c)
    select (select p from paths limit 1)[max(i)]
      from generate_series(1, (select min(cardinality(p)) from paths)) i
     where (select count(distinct p[i]) from paths) = 1
    having cardinality(codes) > 0 and (select count(*) from paths) = cardinality(codes)
$$;

comment on function divisions_lowest_common(char(6)[]) is
    'A3.1 / A47.1: the lowest division over all the divisions given (the common authority above them).';

-- A49.1 / A50.1: the division a violation belongs to.
create function violation_jurisdiction(p_institution text, p_item uuid) returns char(6)
    language sql stable parallel safe
    return coalesce(
        (select i.division_code from institution i where i.uscc = p_institution),
        (select c.division_code from catalog_item ci join catalog c on c.id = ci.catalog_id where ci.id = p_item),
        (select d.code from division d where d.parent_code is null));

comment on function violation_jurisdiction(text, uuid) is
    'A49.1 / A50.1: the division of the institution concerned, else of the data concerned, else the region.';

create or replace function pg_temp.edit_function(fn regprocedure, fragment text, replacement text) returns void
    language plpgsql
as $$
declare
    definition text := pg_get_functiondef(fn);
begin
    if position(fragment in definition) = 0 then
        raise exception 'the definition of % does not contain %', fn, fragment;
    end if;
    execute replace(definition, fragment, replacement);
end
$$;

select pg_temp.edit_function('violation_transition()',
    $f$                'violations are recorded by a public data authority', 'authority');
        end if;$f$,
    $f$                'violations are recorded by a public data authority', 'authority');
        end if;
        if not division_covers((select division_code from institution where uscc = new.authority_uscc),
                               violation_jurisdiction(new.institution_uscc, new.item_id)) then
            perform rule_refuse('violation_within_authority_a49_1',
                'a violation is recorded by the authority of the division of the institution or data concerned, '
                'or of a division above it', 'authority');
        end if;$f$);

select pg_temp.edit_function('dispute_file(dispute)',
    $f$    d.authority_division := coalesce(d.authority_division,
                                     (select division_code from institution where uscc = filer.institution_uscc));$f$,
    $f$    d.authority_division := coalesce(d.authority_division,
        divisions_lowest_common(array(select i.division_code from institution i where i.uscc = any (d.party_institutions))),
        (select division_code from institution where uscc = filer.institution_uscc));$f$);

select pg_temp.edit_function('dispute_file(dispute)',
    $f$            'a dispute is brought to the public data authority of a division', 'division');
    end if;$f$,
    $f$            'a dispute is brought to the public data authority of a division', 'division');
    end if;
    if exists (select 1 from institution i
                where i.uscc = any (d.party_institutions) and not division_covers(d.authority_division, i.division_code)) then
        perform rule_refuse('dispute_authority_over_parties_a47_1',
            'a dispute goes to the authority of the parties'' institutions, or of a division above all of them',
            'division');
    end if;$f$);
