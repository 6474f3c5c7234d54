-- 0129_one_wall_clock.sql — W.4: the wall clock is read in one function only.
--
-- registry_real_now() (0090) is the real time the audit trail records (A44.1): never pinned, so no session can date
-- an audit row. registry_now() (0045) and registry_today() (0039) read now() themselves beside it; both are replaced
-- here, unchanged in what they return, to read the real time through registry_real_now(). A test pinning the clock
-- still pins both; nothing else reads the wall clock.

create or replace function registry_now() returns timestamptz
    language sql stable parallel safe
    return coalesce(
        (registry_pinned_day() + coalesce(registry_pinned_time(), (registry_real_now() at time zone 'Asia/Shanghai')::time))
            at time zone 'Asia/Shanghai',
        registry_real_now());

create or replace function registry_today() returns date
    language sql stable parallel safe
    return coalesce(registry_pinned_day(), civil_date(registry_real_now()));
