-- 0039_one_clock.sql — one clock for the whole registry (W.4).
--
-- Every "today" and "now" the registry stamps, defaults to or filters by comes from registry_now() / registry_today().
-- They read the real time unless the session pins a day with the setting registry.today = 'YYYY-MM-DD' — for a test,
-- a demo or a replayed seed, e.g. through libpq: PGOPTIONS='-c registry.today=2026-12-28'. A pinned clock keeps the
-- real time of day, so stamps taken one after the other stay in order.
--
-- Replaces the two clocks of single parts (share_request_now() of 0017, supervision_now() of 0026), which tests and
-- seeds pinned by redefining them at run time. The audit trail keeps the real time (occurred_at) and records the
-- pinned day beside it (clock_day), inside what its hash covers.

-- ---------------------------------------------------------------------------------------------------------------
-- The clock
-- ---------------------------------------------------------------------------------------------------------------

-- The day this session is pinned to, or NULL on the real clock. A pin that is not a date fails loudly.
create function registry_pinned_day() returns date
    language plpgsql stable parallel safe
as $$
declare
    setting text := nullif(btrim(current_setting('registry.today', true)), '');
begin
    if setting is null then
        return null;
    end if;
    if setting !~ '^\d{4}-\d{2}-\d{2}$' then
        raise exception using errcode = 'invalid_parameter_value',
            message = format('registry.today must be a date YYYY-MM-DD (got %s)', setting);
    end if;
    return setting::date;
end
$$;

comment on function registry_pinned_day() is
    'W.4: the day the session''s clock is pinned to (setting registry.today), or NULL on the real clock.';

create function registry_now() returns timestamptz
    language sql stable parallel safe
    return coalesce(
        (registry_pinned_day() + (now() at time zone 'Asia/Shanghai')::time) at time zone 'Asia/Shanghai',
        now());

comment on function registry_now() is
    'W.4: the registry''s now: now(), or the pinned day (registry.today) at the real time of day in Asia/Shanghai.';

create function registry_today() returns date
    language sql stable parallel safe
    return coalesce(registry_pinned_day(), civil_date(now()));

comment on function registry_today() is 'W.4: the registry''s today in Asia/Shanghai: the pinned day, else the real one.';

-- ---------------------------------------------------------------------------------------------------------------
-- Every function that read a clock reads this one
-- ---------------------------------------------------------------------------------------------------------------

-- Rewrites the clock reads of one function; fails when it has none (an earlier migration changed it), so an edit
-- never silently does nothing.
create function pg_temp.read_registry_clock(fn regprocedure) returns void
    language plpgsql
as $$
declare
    definition text := pg_get_functiondef(fn);
    edited text;
begin
    edited := regexp_replace(definition, '\m(share_request_now|supervision_now|now)\(\)', 'registry_now()', 'g');
    edited := replace(edited, 'civil_date(registry_now())', 'registry_today()');
    if edited = definition then
        raise exception 'the definition of % reads no clock', fn;
    end if;
    execute edited;
end
$$;

select pg_temp.read_registry_clock(fn::regprocedure)
  from unnest(array[
    'assessment_guard()', 'assessment_scheme_guard()', 'assessment_score_guard()', 'attribute_evaluation_check()',
    'base_data_source_check()', 'catalog_version_transition()',
    'data_asset_change_merge(uuid, text, text[], jsonb, jsonb)', 'data_asset_guard()',
    'data_asset_links_changed(uuid, uuid[], uuid[])', 'data_refresh_check()', 'dispute_file(dispute)',
    'dispute_record_event()', 'dispute_step(dispute, dispute)', 'error_report_file(error_report)',
    'error_report_notify()', 'error_report_step(error_report, error_report)', 'institution_registration_check()',
    'is_valid_citizen_id(text)', 'open_application_transition()', 'open_objection_transition()', 'open_plan_guard()',
    'platform_check()', 'share_demand_file(share_demand)', 'share_demand_record_event()',
    'share_demand_step(share_demand, share_demand)', 'share_request_file(share_request)',
    'share_request_record_event()', 'share_request_step(share_request, share_request)', 'stale_items(date)',
    'unlawful_use_report_file(unlawful_use_report)',
    'unlawful_use_report_step(unlawful_use_report, unlawful_use_report)', 'violation_transition()'
  ]) as fn;

drop function share_request_now();
drop function supervision_now();

-- Stamps taken by default: the registry's now. The audit trail's own times (audit_log.occurred_at,
-- audit_read_log.read_at), a calendar year's load time and the migrator's stay on the real clock.
do $$
declare
    stamp record;
begin
    for stamp in
        select c.relname as table_name, a.attname as column_name, pg_get_expr(d.adbin, d.adrelid) as expression
          from pg_attrdef d
          join pg_class c on c.oid = d.adrelid
          join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
         where c.relnamespace = current_schema()::regnamespace
           and pg_get_expr(d.adbin, d.adrelid) ~ '\mnow\(\)'
           and c.relname not in ('audit_log', 'audit_read_log', 'calendar_year', 'schema_migration')
    loop
        execute format('alter table %I alter column %I set default %s', stamp.table_name, stamp.column_name,
                       replace(replace(stamp.expression, 'civil_date(now())', 'registry_today()'), 'now()', 'registry_now()'));
    end loop;
end
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- The audit trail records the pinned day beside the real time
-- ---------------------------------------------------------------------------------------------------------------

alter table audit_log add column clock_day date;

comment on column audit_log.clock_day is
    'W.4: the day the writing session''s clock was pinned to (registry.today); NULL on the real clock. occurred_at is '
    'always the real time.';

-- The hash covers clock_day when it is set; rows written on the real clock hash exactly as before, so the chain
-- written before this migration still verifies.
create or replace function audit_canonical(r audit_log) returns text
    language sql stable parallel safe
as $$
    select (jsonb_build_array(
        r.seq,
        to_char(r.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        r.actor_account::text,
        r.actor_role,
        r.actor_institution,
        r.db_user,
        r.operation,
        r.action,
        r.entity,
        r.record_id,
        r.before,
        r.after,
        r.request_id
    ) || case when r.clock_day is null then '[]'::jsonb else jsonb_build_array(to_char(r.clock_day, 'YYYY-MM-DD')) end)::text
$$;

-- The chain trigger stamps the pinned day (the client cannot supply it, as it cannot supply occurred_at).
do $$
declare
    definition text := pg_get_functiondef('audit_log_chain()'::regprocedure);
    fragment text := 'NEW.db_user := session_user;';
begin
    if position(fragment in definition) = 0 then
        raise exception 'the definition of audit_log_chain() does not contain %', fragment;
    end if;
    execute replace(definition, fragment, fragment || ' NEW.clock_day := registry_pinned_day();');
end
$$;
