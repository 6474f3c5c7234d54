-- 0049_web_session_resume_reads.sql — resuming a web session writes only when it must (A44.1, issue 18 benchmark).
--
-- Every page request resumes its session. Locking the row on each one (select … for update) made every page a
-- durable commit. A session is now read without a lock; it is written only when it has timed out (ended) or when
-- its last_seen_at is a minute old (touched), each time by an update that re-checks its own condition, so two
-- requests racing do the same thing once.

create or replace function web_session_resume(p_id text) returns table (session_id bigint, account_id uuid)
    language plpgsql
as $$
declare
    found_session web_session;
begin
    select * into found_session from web_session
     where id_hash = sha256(convert_to(p_id, 'UTF8')) and ended_at is null;
    if not found then
        return;
    end if;
    if registry_now() >= found_session.last_seen_at + web_session_idle_timeout()
       or registry_now() >= found_session.created_at + web_session_lifetime() then
        update web_session set ended_at = registry_now(), end_reason = 'timed_out'
         where id = found_session.id and ended_at is null;
        return;
    end if;
    if registry_now() >= found_session.last_seen_at + interval '1 minute' then
        update web_session set last_seen_at = registry_now()
         where id = found_session.id and ended_at is null and last_seen_at = found_session.last_seen_at;
    end if;
    return query select found_session.id, found_session.account_id;
end
$$;

comment on function web_session_resume(text) is
    'A44.1: the account of a current session id (30 minutes idle, 12 hours at most); ends a session past either; '
    'writes only to end it or, once a minute, to mark it seen.';
