-- 0010_institutions.sql — institutions' security officers and registrars, public data platforms (A3, A5–A8, A36.1,
-- A38.1).
--
-- institution   gains its security officer (安全管理责任人, A36.1: name, title, the day named) — optional when the
--               institution is registered, listed by the compliance report while missing — and the account that
--               registered it (A38.1, stamped from the audit context, never changed afterwards)
-- platform      public data platforms (公共数据平台, A8.1): region and league/city level only; a banner/county platform
--               needs a recorded exception (reason, approving document, day recorded), which the compliance report
--               lists (A8 ¶2); operated by its division's authority or the unit it designates, such as the 大数据中心
--               (A7 ¶2, A38.1 谁运行谁负责); one per division (A8 ¶2: 全区唯一的公共数据共享开放通道)
--
-- Reports read institutions_missing_security_officer(date) and platform_exceptions(date).
-- One public data authority per division stays the unique index institution_one_authority_per_division_a5_1 (0004).

-- ---------------------------------------------------------------------------------------------------------------
-- A36.1 Security officer, A38.1 who registered an institution
-- ---------------------------------------------------------------------------------------------------------------

alter table institution
    add column security_officer_name text,
    add column security_officer_title text,
    add column security_officer_named_on date,
    add column registered_by uuid
        default nullif(current_setting('registry.actor_account', true), '')::uuid
        constraint institution_registered_by_account_a38_1 references account (id),
    -- No officer at all, or one with a name, a title and the day named (the day defaults to today, see below).
    add constraint institution_security_officer_complete_a36_1 check (
        (security_officer_name is null and security_officer_title is null and security_officer_named_on is null)
        or (not is_blank(security_officer_name) and not is_blank(security_officer_title)
            and security_officer_named_on is not null));

comment on column institution.security_officer_name is 'A36.1: name of the security officer (安全管理责任人); NULL while none is named.';
comment on column institution.security_officer_title is 'A36.1: the security officer''s title (职务).';
comment on column institution.security_officer_named_on is 'A36.1: the day the security officer was named (today unless given).';
comment on column institution.registered_by is
    'A38.1: the account that registered the institution (registry.actor_account of the registering transaction).';

-- The day an officer is named defaults to today (Asia/Shanghai); naming another officer without a day is "today"
-- again. The registrar and the registration time of an institution never change (A38.1).
create function institution_registration_check() returns trigger
    language plpgsql
as $$
begin
    if new.security_officer_name is not null and (
        new.security_officer_named_on is null
        or (tg_op = 'UPDATE'
            and (new.security_officer_name, new.security_officer_title)
                is distinct from (old.security_officer_name, old.security_officer_title)
            and new.security_officer_named_on is not distinct from old.security_officer_named_on)) then
        new.security_officer_named_on := civil_date(now());
    end if;
    if tg_op = 'UPDATE' and (new.registered_by, new.created_at) is distinct from (old.registered_by, old.created_at) then
        raise exception using
            errcode = 'check_violation',
            constraint = 'institution_registration_kept_a38_1',
            message = format('who registered institution %s, and when, cannot be changed', old.uscc),
            column = 'registered_by';
    end if;
    return new;
end
$$;

create trigger institution_registration_check before insert or update on institution
    for each row execute function institution_registration_check();

create index institution_registered_by_idx on institution (registered_by) where registered_by is not null;

-- RP.3 / A36.1: institutions registered by `as_of` that had no security officer named on that day.
create function institutions_missing_security_officer(as_of date)
    returns table (uscc text, name text, division_code char(6), kind institution_kind, registered_on date)
    language sql stable strict
as $$
    select i.uscc, i.name, i.division_code, i.kind, civil_date(i.created_at)
      from institution i
     where civil_date(i.created_at) <= as_of
       and (i.security_officer_named_on is null or i.security_officer_named_on > as_of)
     order by i.division_code, i.kind <> 'public_data_authority', i.name, i.uscc
$$;

comment on function institutions_missing_security_officer(date) is
    'RP.3 / A36.1: institutions without a named security officer (安全管理责任人) as of a day.';

-- ---------------------------------------------------------------------------------------------------------------
-- A8.1 Public data platforms
-- ---------------------------------------------------------------------------------------------------------------

-- An exception is recorded in full (reason, approving document, day recorded) or not at all.
create function platform_exception_complete(reason text, approving_document text, recorded_on date) returns boolean
    language sql immutable parallel safe
    return (reason is null and approving_document is null and recorded_on is null)
        or (not is_blank(reason) and not is_blank(approving_document) and recorded_on is not null);

create table platform (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    division_code char(6) not null
        constraint platform_division_exists_a8_1 references division (code),
    operator_uscc uscc not null
        constraint platform_operator_exists_a38_1 references institution (uscc),
    exception_reason text,
    exception_document text,
    exception_recorded_on date,
    registered_by uuid
        default nullif(current_setting('registry.actor_account', true), '')::uuid
        constraint platform_registered_by_account_a38_1 references account (id),
    created_at timestamptz not null default now(),
    constraint platform_name_not_blank_a8_1 check (btrim(name) <> ''),
    constraint platform_exception_complete_a8_1 check (
        platform_exception_complete(exception_reason, exception_document, exception_recorded_on))
);

comment on table platform is
    'A8.1: public data platforms (公共数据平台), at region and league/city level; a banner/county platform only as a '
    'recorded exception (A8 ¶2), which the compliance report lists.';
comment on column platform.operator_uscc is
    'A38.1 (谁运行谁负责): the operating institution — the division''s public data authority or a public institution of '
    'the division it designates (A7 ¶2, e.g. 自治区大数据中心).';
comment on column platform.exception_reason is 'A8 ¶2: why a banner/county builds its own platform (原则上不独立建设).';
comment on column platform.exception_document is 'A8 ¶2: the document approving the exception (批准文件).';
comment on column platform.exception_recorded_on is 'A8 ¶2: the day the exception was recorded (today unless given).';

-- A8 ¶2: one platform per division — 全区唯一的公共数据共享开放通道, each level's own platform.
create unique index platform_one_per_division_a8_1 on platform (division_code);
create index platform_operator_idx on platform (operator_uscc);

-- The level and operator rules need the division and the operator. Rows that break a rule of their own (blank name,
-- incomplete exception) or name an unknown division or operator are left to the check constraints and foreign keys,
-- so each mistake is reported by the same rule as PlatformStore reports it.
create function platform_check() returns trigger
    language plpgsql
as $$
declare
    place division%rowtype;
    operator institution%rowtype;
begin
    if tg_op = 'UPDATE' and (new.registered_by, new.created_at) is distinct from (old.registered_by, old.created_at) then
        raise exception using
            errcode = 'check_violation',
            constraint = 'platform_registration_kept_a38_1',
            message = 'who registered a platform, and when, cannot be changed',
            column = 'registered_by';
    end if;
    if new.exception_reason is not null and new.exception_recorded_on is null then
        new.exception_recorded_on := civil_date(now());
    end if;
    if btrim(new.name) = ''
       or not platform_exception_complete(new.exception_reason, new.exception_document, new.exception_recorded_on) then
        return new;
    end if;
    select * into place from division where code = new.division_code;
    select * into operator from institution where uscc = new.operator_uscc;
    if place.code is null or operator.uscc is null then
        return new;
    end if;
    if place.level = 'banner_county' and new.exception_reason is null then
        raise exception using
            errcode = 'check_violation',
            constraint = 'platform_region_or_league_level_a8_1',
            message = format('division %s is a banner/county: a platform there needs a recorded exception', place.code),
            column = 'division_code';
    end if;
    if place.level <> 'banner_county' and new.exception_reason is not null then
        raise exception using
            errcode = 'check_violation',
            constraint = 'platform_exception_only_for_banner_county_a8_1',
            message = format('division %s is not a banner/county: its platform needs no exception', place.code),
            column = 'exception_reason';
    end if;
    if operator.division_code <> new.division_code or operator.kind = 'public_service_org' then
        raise exception using
            errcode = 'check_violation',
            constraint = 'platform_operator_of_its_division_a8_1',
            message = format('institution %s cannot operate the platform of division %s', operator.uscc, new.division_code),
            column = 'operator_uscc';
    end if;
    return new;
end
$$;

create trigger platform_check before insert or update on platform
    for each row execute function platform_check();

create trigger platform_audit after insert or update or delete on platform
    for each row execute function audit_row_change('id');
create trigger platform_no_truncate before truncate on platform
    for each statement execute function refuse_truncate();

-- RP.3 / A8 ¶2: banner/county platforms registered by `as_of` as recorded exceptions.
create function platform_exceptions(as_of date)
    returns table (id uuid, name text, division_code char(6), division_name text, operator_uscc text,
                   exception_reason text, exception_document text, exception_recorded_on date)
    language sql stable strict
as $$
    select p.id, p.name, p.division_code, d.name, p.operator_uscc, p.exception_reason, p.exception_document,
           p.exception_recorded_on
      from platform p
      join division d on d.code = p.division_code
     where p.exception_reason is not null and civil_date(p.created_at) <= as_of
     order by p.division_code
$$;

comment on function platform_exceptions(date) is
    'RP.3 / A8 ¶2: banner/county platforms that exist as recorded exceptions (旗县(市、区)原则上不独立建设公共数据平台).';
