-- 0102_no_self_review.sql — no one decides their own case (A10.1, A10.3, A46.1, A47.1, A49.1).
--
-- Changes catalog_reviewing_division() (0008): an institutional catalog kept by a public data authority is reviewed by
-- the authority of the division above, as a level catalog is. Before, the authority reviewed its own catalog.
-- The region has no division above: its own catalogs are decided by its designated reviewer, an account of the region's
-- authority recorded with its basis in designated_catalog_reviewer, and by no other account of the authority.
--
-- New rules, one trigger or CHECK each:
--   catalog_version_not_self_reviewed   the keeper's institution decides a version only as the designated reviewer
--   unlawful_use_report_routed_above    a report on an authority goes to the authority of the division above
--   dispute_routed_above                a dispute to which the authority is a party goes to the authority above
--   violation_not_self_recorded         an authority never records a violation against itself
-- At the region, a report on or a dispute with the region's authority is refused: it goes to the people's government.

-- ---------------------------------------------------------------------------------------------------------------
-- Catalogs (A10.1, A10.3)
-- ---------------------------------------------------------------------------------------------------------------

-- The division whose public data authority decides on a catalog: its own division for an institution's catalog, the
-- division above for a level catalog and for the authority's own catalog; the region's own when there is none above.
create or replace function catalog_reviewing_division(p_catalog uuid) returns char(6)
    language sql stable
    return (
        select case when c.kind = 'institutional' and i.kind <> 'public_data_authority' then c.division_code
                    else coalesce(d.parent_code, d.code) end
          from catalog c join division d on d.code = c.division_code join institution i on i.uscc = c.institution_uscc
         where c.id = p_catalog);

create table designated_catalog_reviewer (
    division_code char(6) primary key references division (code),
    reviewer_account uuid not null references account (id),
    basis text not null,
    designated_at timestamptz not null default registry_now(),
    constraint designated_catalog_reviewer_basis_a10_3 check (not is_blank(basis))
);

comment on table designated_catalog_reviewer is
    'A10.3: for a division with no division above (the region), the reviewer account of its authority that decides the '
    'authority''s own catalogs, with the basis of the designation. Replacing it is a new row after a delete, audited.';

-- The designated reviewer is a current reviewer of the authority of a division that has no division above.
create function designated_catalog_reviewer_check() returns trigger
    language plpgsql
as $$
begin
    if exists (select 1 from division where code = new.division_code and parent_code is not null) then
        perform rule_refuse('designated_catalog_reviewer_top_division_a10_3',
            'only a division with no division above designates a reviewer of its own catalogs', 'division_code');
    end if;
    if not exists (select 1 from account a
                    where a.id = new.reviewer_account and a.role = 'reviewer' and a.revoked_at is null
                      and a.institution_uscc = division_authority(new.division_code)) then
        perform rule_refuse('designated_catalog_reviewer_account_a10_3',
            'the designated reviewer is a current reviewer account of the division''s public data authority',
            'reviewer_account');
    end if;
    new.designated_at := registry_now();
    return new;
end
$$;

create trigger designated_catalog_reviewer_check before insert or update on designated_catalog_reviewer
    for each row execute function designated_catalog_reviewer_check();
create trigger designated_catalog_reviewer_audit after insert or update or delete on designated_catalog_reviewer
    for each row execute function audit_row_change('division_code');
create trigger designated_catalog_reviewer_no_truncate before truncate on designated_catalog_reviewer
    for each statement execute function refuse_truncate();

-- A decision on a version by the institution that keeps the catalog: only by the designated reviewer of a division with
-- no division above (the competent-authority check of catalog_version_transition already sends every other catalog
-- of an authority to the division above).
create function catalog_version_not_self_reviewed() returns trigger
    language plpgsql
as $$
begin
    if new.state in ('approved', 'returned') and old.state = 'submitted'
       and new.reviewer_institution = (select institution_uscc from catalog where id = new.catalog_id)
       and not exists (select 1 from designated_catalog_reviewer r
                        where r.division_code = catalog_reviewing_division(new.catalog_id)
                          and r.reviewer_account = new.reviewer_account) then
        perform rule_refuse('catalog_version_not_self_reviewed_a10_3',
            'an authority''s own catalog is decided by the authority above, or at the region by its designated reviewer',
            'reviewer_account');
    end if;
    return new;
end
$$;

-- Named to fire after catalog_version_transition (triggers fire in name order): a decision by the wrong authority is
-- refused as such first.
create trigger catalog_version_transition_not_self_reviewed before update of state on catalog_version
    for each row execute function catalog_version_not_self_reviewed();

-- ---------------------------------------------------------------------------------------------------------------
-- Supervision (A46.1, A47.1, A49.1)
-- ---------------------------------------------------------------------------------------------------------------

-- The division whose authority may decide a case about `p_parties`: `p_division`, or the division above when its
-- authority is one of the parties; NULL when that has no authority (above the region), where no authority in the
-- registry may decide it.
create function neutral_authority_division(p_division char(6), p_parties text[]) returns char(6)
    language sql stable
    return (
        select case when division_authority(d.code) <> all (p_parties) then d.code
                    when division_authority(d.parent_code) is not null then d.parent_code end
          from division d where d.code = p_division);

comment on function neutral_authority_division(char, text[]) is
    'A46.1 / A47.1: the division whose authority is not a party to the case — the given one, or the one above.';

-- Fires after unlawful_use_report_transition has chosen the division (triggers fire in name order).
create function unlawful_use_report_routed_above() returns trigger
    language plpgsql
as $$
begin
    if new.subject_institution is not null then
        new.authority_division := neutral_authority_division(new.authority_division, array[new.subject_institution::text]);
        if new.authority_division is null then
            perform rule_refuse('unlawful_use_report_not_self_handled_a46_1',
                'a report on the region''s public data authority goes to the people''s government of the region',
                'subject_institution');
        end if;
    end if;
    return new;
end
$$;

create trigger unlawful_use_report_transition_routed_above before insert on unlawful_use_report
    for each row execute function unlawful_use_report_routed_above();

-- Fires after dispute_transition has chosen the division (triggers fire in name order).
create function dispute_routed_above() returns trigger
    language plpgsql
as $$
begin
    new.authority_division := neutral_authority_division(new.authority_division, new.party_institutions);
    if new.authority_division is null then
        perform rule_refuse('dispute_not_self_decided_a47_1',
            'a dispute with the region''s public data authority goes to the people''s government of the region',
            'parties');
    end if;
    return new;
end
$$;

create trigger dispute_transition_routed_above before insert on dispute
    for each row execute function dispute_routed_above();

alter table violation add constraint violation_not_self_recorded_a49_1
    check (institution_uscc is null or institution_uscc <> authority_uscc);
