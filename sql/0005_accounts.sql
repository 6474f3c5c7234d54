-- Accounts, data users and API tokens (A13.1, A14.1, A38.1, A44.1).
--
-- Every account acts in one role and is tied to the subject it acts for: an institution (clerks, reviewers,
-- planners, committee members) or a data user (数据利用主体: natural person, legal person or other organisation).
-- API tokens are 256 random bits shown once; only their SHA-256 is stored.

create type account_role as enum ('clerk', 'reviewer', 'planner', 'committee', 'data_user', 'admin');

create type data_user_kind as enum ('natural_person', 'legal_person', 'other_organisation');

-- A data user's citizen identity number arrives in the write-only column `citizen_id` (checked by its domain),
-- and the trigger below keeps only its keyed digest and its masked form (A13.1): the clear number is never stored.
create table data_user (
    id uuid primary key default gen_random_uuid(),
    kind data_user_kind not null,
    name text not null constraint data_user_name_not_blank check (btrim(name) <> ''),
    citizen_id citizen_id,
    citizen_id_digest bytea unique,
    citizen_id_masked text,
    uscc uscc unique,
    created_at timestamptz not null default now(),
    constraint data_user_citizen_id_not_kept_a13_1 check (citizen_id is null),
    constraint data_user_natural_person_identified_a13_1 check (
        kind <> 'natural_person' or (citizen_id_digest is not null and citizen_id_masked is not null and uscc is null)),
    constraint data_user_legal_person_identified_a14_1 check (
        kind <> 'legal_person' or (uscc is not null and citizen_id_digest is null)),
    constraint data_user_organisation_has_no_citizen_id_a13_1 check (
        kind <> 'other_organisation' or citizen_id_digest is null)
);

create function data_user_protect_citizen_id() returns trigger
language plpgsql as $$
begin
    if new.citizen_id is not null then
        new.citizen_id_digest := citizen_id_digest(new.citizen_id);
        new.citizen_id_masked := mask_citizen_id(new.citizen_id);
        new.citizen_id := null;
    end if;
    return new;
end
$$;

create trigger data_user_protect_citizen_id before insert or update on data_user
    for each row execute function data_user_protect_citizen_id();

create trigger data_user_audit after insert or update or delete on data_user
    for each row execute function audit_row_change('id', 'citizen_id_digest');

create table account (
    id uuid primary key default gen_random_uuid(),
    role account_role not null,
    display_name text not null constraint account_display_name_not_blank check (btrim(display_name) <> ''),
    institution_uscc uscc references institution (uscc),
    data_user_id uuid references data_user (id),
    token_hash bytea not null unique constraint account_token_hash_is_sha256 check (length(token_hash) = 32),
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    constraint account_subject_matches_role_a38_1 check (
        case role
            when 'data_user' then data_user_id is not null and institution_uscc is null
            when 'admin' then data_user_id is null and institution_uscc is null
            when 'committee' then data_user_id is null
            else institution_uscc is not null and data_user_id is null
        end)
);

create index account_institution on account (institution_uscc);

-- Reviewers and planners are staff of a public data authority (公共数据主管部门, A5.1).
create function account_authority_staff_check() returns trigger
language plpgsql as $$
begin
    if new.role in ('reviewer', 'planner') and not exists (
        select 1 from institution where uscc = new.institution_uscc and kind = 'public_data_authority'
    ) then
        raise exception using
            errcode = 'check_violation',
            constraint = 'account_authority_staff_a5_1',
            message = 'reviewers and planners must belong to a public data authority',
            column = 'institution_uscc';
    end if;
    return new;
end
$$;

create trigger account_authority_staff_check before insert or update on account
    for each row execute function account_authority_staff_check();

create trigger account_audit after insert or update or delete on account
    for each row execute function audit_row_change('id', 'token_hash');

-- The account a bearer token belongs to, if the token is current.
create function account_for_token(token text) returns setof account
language sql stable as $$
    select * from account where token_hash = sha256(convert_to(token, 'UTF8')) and revoked_at is null
$$;
