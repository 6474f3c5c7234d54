-- 0045_web_sign_in.sql — signing in to the web workspace (issue 18; A44.1: who acts is known and traced).
--
-- People sign in with a login name and a password; machines keep their API tokens (0005, 0043).
--   account.login, account.password_hash   a login of a fixed shape, unique; the password only as a bcrypt hash of
--                                         cost 12 or more (the application hashes it; the database checks the shape)
--   password_setup                        one-time links to set a password: the token only as its SHA-256, good for
--                                         72 hours from the registry's clock, once, and only the account's latest
--   web_session                           signed-in browsers: the SHA-256 of a random 256-bit id; a session ends after
--                                         30 minutes idle or 12 hours in all, on sign-out, and at once when its
--                                         account is revoked or its password changes
--   sign_in_failure                       failed sign-ins per login: after 5 within 15 minutes the next attempt waits
--
-- Every sign-in, sign-out, end of a session, failed or refused sign-in and password change leaves an audit row
-- through the generic row trigger (secrets redacted); a session's last_seen_at is not audited.
--
-- The clock (W.4) can be pinned to a time of day as well (registry.time, with registry.today), so that the timeouts
-- are tested on the registry's clock, never the wall clock.

-- ---------------------------------------------------------------------------------------------------------------
-- The registry's clock at a pinned time of day (W.4)
-- ---------------------------------------------------------------------------------------------------------------

-- The time of day this session is pinned to (registry.time, with registry.today), or NULL.
create function registry_pinned_time() returns time
    language plpgsql stable parallel safe
as $$
declare
    setting text := nullif(btrim(current_setting('registry.time', true)), '');
begin
    if setting is null then
        return null;
    end if;
    if setting !~ '^\d{2}:\d{2}(:\d{2})?$' then
        raise exception using errcode = 'invalid_parameter_value',
            message = format('registry.time must be a time of day HH:MM[:SS] (got %s)', setting);
    end if;
    return setting::time;
end
$$;

comment on function registry_pinned_time() is
    'W.4: the time of day the session''s clock is pinned to (setting registry.time, with registry.today), or NULL.';

create or replace function registry_now() returns timestamptz
    language sql stable parallel safe
    return coalesce(
        (registry_pinned_day() + coalesce(registry_pinned_time(), (now() at time zone 'Asia/Shanghai')::time))
            at time zone 'Asia/Shanghai',
        now());

comment on function registry_now() is
    'W.4: the registry''s now: now(), or the pinned day (registry.today) at the pinned time of day (registry.time) or '
    'else the real time of day, in Asia/Shanghai.';

-- ---------------------------------------------------------------------------------------------------------------
-- Logins and passwords
-- ---------------------------------------------------------------------------------------------------------------

alter table account
    add column login text
        constraint account_login_shape_a44_1 check (login ~ '^[a-z][a-z0-9._-]{2,31}$'),
    add column password_hash text
        constraint account_password_bcrypt_a44_1 check (password_hash ~ '^\$2[aby]\$(1[2-9]|2[0-9]|3[01])\$[./A-Za-z0-9]{53}$'),
    add column password_changed_at timestamptz,
    add constraint account_login_unique_a44_1 unique (login),
    add constraint account_password_needs_login_a44_1 check (password_hash is null or login is not null);

comment on column account.login is 'The name the account signs in to the web workspace with (lower case).';
comment on column account.password_hash is 'bcrypt hash (cost 12 or more) of the web password; never the password.';
comment on column account.password_changed_at is 'When the password was last set (registry clock).';

-- The password is redacted in the audit trail like the tokens.
drop trigger account_audit on account;
create trigger account_audit after insert or update or delete on account
    for each row execute function audit_row_change('id', 'token_hash', 'previous_token_hash', 'password_hash');

-- A password is dated by the registry; a new password, or a revoked account, ends every session of the account.
create function account_password_dated() returns trigger
    language plpgsql
as $$
begin
    if new.password_hash is distinct from old.password_hash then
        new.password_changed_at := registry_now();
    elsif new.password_changed_at is distinct from old.password_changed_at then
        perform rule_refuse('account_password_dated_by_registry_a44_1',
            'the time a password was set is recorded by the registry');
    end if;
    return new;
end
$$;

create trigger account_password_dated before update on account
    for each row execute function account_password_dated();

create function account_sessions_end() returns trigger
    language plpgsql
as $$
begin
    update web_session
       set ended_at = registry_now(),
           end_reason = case when new.revoked_at is not null then 'account_revoked' else 'password_changed' end
     where account_id = new.id and ended_at is null;
    return null;
end
$$;

create trigger account_sessions_end after update on account
    for each row
    when ((old.revoked_at is null and new.revoked_at is not null) or old.password_hash is distinct from new.password_hash)
    execute function account_sessions_end();

-- ---------------------------------------------------------------------------------------------------------------
-- One-time links to set a password
-- ---------------------------------------------------------------------------------------------------------------

create table password_setup (
    id bigint generated always as identity primary key,
    account_id uuid not null references account (id),
    token_hash bytea not null unique
        constraint password_setup_token_hash_is_sha256 check (length(token_hash) = 32),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
);

comment on table password_setup is
    'One-time links to set an account''s web password: the token only as its SHA-256, good for 72 hours, once.';

create index password_setup_account_idx on password_setup (account_id, id);

-- The registry dates a link; a link is used once, before it expires, if it is the account's latest and the account
-- is current. Nothing else about a link changes.
create function password_setup_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        new.created_at := registry_now();
        new.expires_at := new.created_at + interval '72 hours';
        new.used_at := null;
        if not exists (select 1 from account where id = new.account_id and revoked_at is null and login is not null) then
            perform rule_refuse('password_setup_for_current_login_a44_1',
                'a password can be set only for a current account with a login', 'login');
        end if;
        return new;
    end if;
    if tg_op = 'DELETE' or (new.account_id, new.token_hash, new.created_at, new.expires_at)
                           is distinct from (old.account_id, old.token_hash, old.created_at, old.expires_at)
       or new.used_at is null then
        perform rule_refuse('password_setup_kept_a44_1', 'a password link is only ever used');
    end if;
    if old.used_at is not null or registry_now() >= old.expires_at
       or exists (select 1 from password_setup p where p.account_id = old.account_id and p.id > old.id)
       or not exists (select 1 from account where id = old.account_id and revoked_at is null) then
        perform rule_refuse('password_setup_link_valid_a44_1',
            'the link was used already, has expired, was replaced by a newer one, or its account is revoked', 'token');
    end if;
    new.used_at := registry_now();
    return new;
end
$$;

create trigger password_setup_guard before insert or update or delete on password_setup
    for each row execute function password_setup_guard();
create trigger password_setup_audit after insert or update or delete on password_setup
    for each row execute function audit_row_change('id', 'token_hash');
create trigger password_setup_no_truncate before truncate on password_setup
    for each statement execute function refuse_truncate();

-- ---------------------------------------------------------------------------------------------------------------
-- Failed sign-ins
-- ---------------------------------------------------------------------------------------------------------------

create table sign_in_failure (
    id bigint generated always as identity primary key,
    login text not null constraint sign_in_failure_login_shape_a44_1 check (login ~ '^[a-z][a-z0-9._-]{2,31}$'),
    occurred_at timestamptz not null,
    -- true: the attempt was refused unchecked because of earlier failures; it does not count towards the limit.
    throttled boolean not null
);

comment on table sign_in_failure is
    'A44.1: failed sign-ins by login (wrong password, unknown or revoked account) and attempts refused while waiting.';

create index sign_in_failure_login_idx on sign_in_failure (login, occurred_at);

-- How long a login must wait before its next attempt: after 5 failures within 15 minutes, until the earliest of
-- those 5 is 15 minutes old; NULL when it need not wait.
create function sign_in_wait(p_login text) returns interval
    language sql stable
as $$
    select min(f.occurred_at) + interval '15 minutes' - registry_now()
      from (select occurred_at from sign_in_failure
             where login = p_login and not throttled and occurred_at > registry_now() - interval '15 minutes'
             order by occurred_at desc limit 5) f
    having count(*) >= 5
$$;

comment on function sign_in_wait(text) is
    'A44.1: the wait before a login may try again (5 failures within 15 minutes), or NULL.';

create function sign_in_failure_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op <> 'INSERT' then
        perform rule_refuse('sign_in_failure_kept_a44_1', 'failed sign-ins are kept as they were recorded');
    end if;
    new.occurred_at := registry_now();
    return new;
end
$$;

create trigger sign_in_failure_guard before insert or update or delete on sign_in_failure
    for each row execute function sign_in_failure_guard();
create trigger sign_in_failure_audit after insert on sign_in_failure
    for each row execute function audit_row_change('id');
create trigger sign_in_failure_no_truncate before truncate on sign_in_failure
    for each statement execute function refuse_truncate();

-- ---------------------------------------------------------------------------------------------------------------
-- Sessions
-- ---------------------------------------------------------------------------------------------------------------

create table web_session (
    id bigint generated always as identity primary key,
    id_hash bytea not null unique constraint web_session_id_hash_is_sha256 check (length(id_hash) = 32),
    account_id uuid not null references account (id),
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    ended_at timestamptz,
    end_reason text constraint web_session_end_reason_known check (
        end_reason in ('signed_out', 'signed_out_everywhere', 'timed_out', 'account_revoked', 'password_changed')),
    constraint web_session_ended_with_reason check ((ended_at is null) = (end_reason is null))
);

comment on table web_session is
    'Signed-in browsers: the SHA-256 of the random 256-bit id in the cookie; 30 minutes idle, 12 hours at most.';

create index web_session_account_idx on web_session (account_id) where ended_at is null;

create function web_session_idle_timeout() returns interval
    language sql immutable parallel safe
    return interval '30 minutes';

create function web_session_lifetime() returns interval
    language sql immutable parallel safe
    return interval '12 hours';

-- A session opens for a current account that has a password and whose login need not wait; the registry dates it.
-- Later it only moves last_seen_at on, and ends once.
create function web_session_guard() returns trigger
    language plpgsql
as $$
declare
    holder account;
begin
    if tg_op = 'INSERT' then
        select * into holder from account where id = new.account_id;
        if holder.revoked_at is not null or holder.password_hash is null then
            perform rule_refuse('web_session_for_current_account_a44_1',
                'only a current account with a password signs in', 'login');
        end if;
        if sign_in_wait(holder.login) is not null then
            perform rule_refuse('web_session_sign_in_waits_a44_1',
                'too many failed sign-ins for this login: it must wait', 'login');
        end if;
        new.created_at := registry_now();
        new.last_seen_at := new.created_at;
        new.ended_at := null;
        new.end_reason := null;
        return new;
    end if;
    if tg_op = 'DELETE' or (new.id_hash, new.account_id, new.created_at) is distinct from (old.id_hash, old.account_id, old.created_at)
       or (old.ended_at is not null and (new.ended_at, new.end_reason, new.last_seen_at)
                                         is distinct from (old.ended_at, old.end_reason, old.last_seen_at)) then
        perform rule_refuse('web_session_kept_a44_1', 'a session is only seen again and ended once');
    end if;
    return new;
end
$$;

create trigger web_session_guard before insert or update or delete on web_session
    for each row execute function web_session_guard();
-- Opening and ending are audited; being seen again is not.
create trigger web_session_audit after insert or delete on web_session
    for each row execute function audit_row_change('id', 'id_hash');
create trigger web_session_audit_end after update on web_session
    for each row when (old.ended_at is null and new.ended_at is not null)
    execute function audit_row_change('id', 'id_hash');
create trigger web_session_no_truncate before truncate on web_session
    for each statement execute function refuse_truncate();

-- The account of a session id, if the session is current: not ended, seen within 30 minutes, opened within 12 hours.
-- A session found past either limit is ended here (timed_out); a current one is marked seen (at most once a minute).
create function web_session_resume(p_id text) returns table (session_id bigint, account_id uuid)
    language plpgsql
as $$
declare
    found_session web_session;
begin
    select * into found_session from web_session
     where id_hash = sha256(convert_to(p_id, 'UTF8')) and ended_at is null
       for update;
    if not found then
        return;
    end if;
    if registry_now() >= found_session.last_seen_at + web_session_idle_timeout()
       or registry_now() >= found_session.created_at + web_session_lifetime() then
        update web_session set ended_at = registry_now(), end_reason = 'timed_out' where id = found_session.id;
        return;
    end if;
    if registry_now() >= found_session.last_seen_at + interval '1 minute' then
        update web_session set last_seen_at = registry_now() where id = found_session.id;
    end if;
    return query select found_session.id, found_session.account_id;
end
$$;

comment on function web_session_resume(text) is
    'A44.1: the account of a current session id (30 minutes idle, 12 hours at most); ends a session past either.';

-- ---------------------------------------------------------------------------------------------------------------
-- The audit authority signs in and sets its password (A29.2 still refuses every other change it makes)
-- ---------------------------------------------------------------------------------------------------------------

drop trigger audit_log_auditor_reads_only on audit_log;
create trigger audit_log_auditor_reads_only before insert on audit_log
    for each row
    when (coalesce(new.actor_role, current_setting('registry.actor_role', true)) = 'auditor'
          and new.entity not in ('audit_read_log', 'web_session', 'password_setup')
          and not (new.entity = 'account' and new.action = 'account.set_password'))
    execute function audit_log_refuse_auditor_change();
