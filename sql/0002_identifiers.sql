-- A13.1 / A14.1: the two identifiers of the registry.
--   * citizen identity number (公民身份号码), GB 11643-1999: 6-digit address code, 8-digit birth date (a real date,
--     not after today in Asia/Shanghai), 3-digit sequence code, ISO 7064 MOD 11-2 check character (0-9 or X);
--   * unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters over 0-9 A-H J-N P-R T-U W-Y;
--     position 1 registration authority, 2 organisation type, 3-8 division code (digits), 9-17 organisation code,
--     18 the MOD 31 check character (weights 3^(i-1) mod 31).
-- The Swift mirror is Sources/RegistryCore/Identifiers/; both sides apply exactly the same rules (a parity test
-- proves it). Validators accept lower-case letters (as the Swift initialisers do, which normalise them); the domains
-- store only the canonical upper-case form.
-- Only ASCII is ever case-mapped (translate, never upper()): upper() could map non-ASCII letters onto ASCII ones.

create extension if not exists pgcrypto with schema public;

-- Written in PL/pgSQL: these run for every row a domain column receives, and a PL/pgSQL body costs a few
-- microseconds where a non-inlinable SQL body costs tens (measured on the dev server: 100k checks took about
-- 1 s in PL/pgSQL and 12-15 s with SQL bodies).

-- GB 11643-1999: ISO 7064 MOD 11-2 check character of the first 17 digits; NULL unless given exactly 17 ASCII digits.
create function citizen_id_check_character(first17 text) returns text
    language plpgsql immutable strict parallel safe
as $$
declare
    weights constant int[] := array[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    total int := 0;
begin
    if first17 !~ '^[0-9]{17}$' then
        return null;
    end if;
    for i in 1 .. 17 loop
        total := total + (ascii(substr(first17, i, 1)) - 48) * weights[i];
    end loop;
    return substr('10X98765432', total % 11 + 1, 1);
end
$$;

-- GB 32100-2015: MOD 31 check character of the first 17 characters; NULL unless they are 17 characters of the
-- alphabet (lower-case letters are read as upper-case).
create function uscc_check_character(first17 text) returns text
    language plpgsql immutable strict parallel safe
as $$
declare
    alphabet constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
    weights constant int[] := array[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    code constant text := translate(first17, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    total int := 0;
begin
    if code !~ '^[0-9A-HJ-NPQRTUWXY]{17}$' then
        return null;
    end if;
    for i in 1 .. 17 loop
        total := total + (strpos(alphabet, substr(code, i, 1)) - 1) * weights[i];
    end loop;
    return substr(alphabet, (31 - total % 31) % 31 + 1, 1);
end
$$;

-- GB 11643-1999 validity as of a given day (immutable: the day is an argument). Lower-case x accepted.
-- The birth date must be a real Gregorian date from year 0001 on and not after as_of.
create function is_valid_citizen_id(code text, as_of date) returns boolean
    language plpgsql immutable strict parallel safe
as $$
declare
    birth_year int;
    birth_month int;
    birth_day int;
    month_length int;
begin
    if code !~ '^[0-9]{17}[0-9Xx]$' then
        return false;
    end if;
    birth_year := substr(code, 7, 4)::int;
    birth_month := substr(code, 11, 2)::int;
    birth_day := substr(code, 13, 2)::int;
    if birth_year < 1 or birth_month not between 1 and 12 or birth_day < 1 then
        return false;
    end if;
    month_length := case when birth_month = 2 then
                             case when (birth_year % 4 = 0 and birth_year % 100 <> 0) or birth_year % 400 = 0
                                  then 29 else 28 end
                         when birth_month in (4, 6, 9, 11) then 30
                         else 31 end;
    if birth_day > month_length then
        return false;
    end if;
    if make_date(birth_year, birth_month, birth_day) > as_of then
        return false;
    end if;
    return citizen_id_check_character(substr(code, 1, 17)) = translate(substr(code, 18, 1), 'x', 'X');
end
$$;

-- A13.1: GB 11643-1999 validity today. STABLE, not immutable: "birth date not in the future" depends on the day
-- (Asia/Shanghai, transaction start). A number valid once stays valid, so stored values never become invalid.
-- Use the two-argument form where an immutable function is required (index expressions, generated columns).
create function is_valid_citizen_id(code text) returns boolean
    language sql stable strict parallel safe
return is_valid_citizen_id(code, (now() at time zone 'Asia/Shanghai')::date);

-- A14.1: GB 32100-2015 validity. Lower-case letters accepted (read as upper-case).
create function is_valid_uscc(code text) returns boolean
    language plpgsql immutable strict parallel safe
as $$
begin
    if code !~ '^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{10}$' then
        return false;
    end if;
    return uscc_check_character(substr(code, 1, 17))
           = translate(substr(code, 18, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
end
$$;

-- A13.1: a valid citizen identity number in canonical form (final X upper-case).
create domain citizen_id as text
    constraint citizen_id_valid_a13_1 check (is_valid_citizen_id(value) and value = translate(value, 'x', 'X'));

-- A14.1: a valid unified social credit code in canonical form (upper-case).
create domain uscc as text
    constraint uscc_valid_a14_1 check (
        is_valid_uscc(value)
        and value = translate(value, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'));

-- A13.1: the masked form shown in every report, list and log: first 6 + 8 asterisks + last 4 (150102********123X),
-- ASCII letters upper-cased. Anything that is not 18 characters long is masked entirely (one * per character).
-- Identical to CitizenIdentityNumber.mask(_:) in Swift.
-- Not declared STRICT so that the planner can inline it (NULL still gives NULL).
create function mask_citizen_id(code text) returns text
    language sql immutable parallel safe
return case
    when char_length(code) = 18 then
        translate(left(code, 6) || '********' || right(code, 4),
                  'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
    else repeat('*', char_length(code))
end;

-- A13.1: secrets of the registry itself. Not registry data: no audit trigger (it would log the key), no grants.
create table registry_secret (
    name text primary key,
    value bytea not null,
    constraint registry_secret_value_at_least_32_bytes_a13_1 check (octet_length(value) >= 32)
);
revoke all on registry_secret from public;

insert into registry_secret (name, value)
values ('citizen_id_key', public.gen_random_bytes(32))
on conflict (name) do nothing;

-- A13.1: keyed digest (HMAC-SHA256) of a citizen identity number, the form in which numbers are stored and looked up.
-- The number is normalised first (x -> X), so both spellings give the same digest; an invalid number is refused
-- with citizen_id_valid_a13_1 (the domain's check). SECURITY DEFINER: roles that may not read registry_secret can
-- still compute digests.
create function citizen_id_digest(code text) returns bytea
    language plpgsql stable strict parallel safe security definer
    set search_path = pg_catalog, public
as $$
declare
    canonical citizen_id := translate(code, 'x', 'X');
    key bytea;
begin
    select value into strict key from registry_secret where name = 'citizen_id_key';
    return hmac(convert_to(canonical, 'UTF8'), key, 'sha256');
end
$$;
