-- 0043_token_lifetime.sql — API tokens expire and can be rotated; the last admin stays (A44.1, issue 17).
--
-- A token is good for a lifetime (90 days unless the database sets registry.token_lifetime, e.g.
-- `alter database registry set registry.token_lifetime = '30 days'`). Rotating issues a new token; the old one keeps
-- working for a grace period (registry.token_grace, 24 hours unless set) so that programs can switch over. The last
-- current admin account cannot be revoked: someone must be able to open accounts.

create function account_token_lifetime() returns interval
    language sql stable parallel safe
    return coalesce(nullif(btrim(current_setting('registry.token_lifetime', true)), '')::interval, interval '90 days');

comment on function account_token_lifetime() is
    'How long a new API token is good for: registry.token_lifetime, else 90 days.';

create function account_token_grace() returns interval
    language sql stable parallel safe
    return coalesce(nullif(btrim(current_setting('registry.token_grace', true)), '')::interval, interval '24 hours');

comment on function account_token_grace() is
    'How long a rotated-out API token keeps working: registry.token_grace, else 24 hours.';

alter table account
    add column token_expires_at timestamptz,
    add column previous_token_hash bytea
        constraint account_previous_token_hash_is_sha256 check (length(previous_token_hash) = 32),
    add column previous_token_expires_at timestamptz,
    add constraint account_previous_token_dated check ((previous_token_hash is null) = (previous_token_expires_at is null));

-- Tokens issued before this migration start their lifetime now.
update account set token_expires_at = registry_now() + account_token_lifetime() where token_expires_at is null;
alter table account alter column token_expires_at set not null;

comment on column account.token_expires_at is 'When the current token stops working.';
comment on column account.previous_token_hash is 'SHA-256 of the token rotated out, good until previous_token_expires_at.';

create index account_previous_token_idx on account (previous_token_hash) where previous_token_hash is not null;

-- A new token (insert, or a change of token_hash) is dated by the database: its lifetime from now, and the one it
-- replaces kept for the grace period. Clients cannot choose the dates.
create function account_token_dates() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        new.token_expires_at := registry_now() + account_token_lifetime();
        new.previous_token_hash := null;
        new.previous_token_expires_at := null;
    elsif new.token_hash is distinct from old.token_hash then
        new.token_expires_at := registry_now() + account_token_lifetime();
        new.previous_token_hash := old.token_hash;
        new.previous_token_expires_at := least(old.token_expires_at, registry_now() + account_token_grace());
    elsif (new.token_expires_at, new.previous_token_hash, new.previous_token_expires_at)
          is distinct from (old.token_expires_at, old.previous_token_hash, old.previous_token_expires_at) then
        raise exception using errcode = 'check_violation', constraint = 'account_token_dated_by_registry_a44_1',
            message = 'a token''s dates are set by the registry when the token is issued';
    end if;
    return new;
end
$$;

create trigger account_token_dates before insert or update on account
    for each row execute function account_token_dates();

-- The token rotated out is redacted in the audit trail like the current one.
drop trigger account_audit on account;
create trigger account_audit after insert or update or delete on account
    for each row execute function audit_row_change('id', 'token_hash', 'previous_token_hash');

-- The account a bearer token belongs to: its current token before it expires, or the one rotated out during grace.
create or replace function account_for_token(token text) returns setof account
    language sql stable
as $$
    select * from account a
     where a.revoked_at is null
       and ((a.token_hash = sha256(convert_to(token, 'UTF8')) and a.token_expires_at > registry_now())
            or (a.previous_token_hash = sha256(convert_to(token, 'UTF8')) and a.previous_token_expires_at > registry_now()))
$$;

-- Someone must be able to open accounts: the last current admin account is never revoked.
create function account_last_admin_kept() returns trigger
    language plpgsql
as $$
begin
    if old.role = 'admin' and old.revoked_at is null and (new.revoked_at is not null or new.role <> 'admin')
       and not exists (select 1 from account a where a.role = 'admin' and a.revoked_at is null and a.id <> old.id) then
        raise exception using errcode = 'check_violation', constraint = 'account_last_admin_kept_a44_1',
            message = 'the last current admin account cannot be revoked';
    end if;
    return new;
end
$$;

create trigger account_last_admin_kept before update on account
    for each row execute function account_last_admin_kept();
