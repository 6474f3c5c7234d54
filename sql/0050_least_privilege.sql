-- 0050_least_privilege.sql — A44.1, A39.1, A29.2: each database role holds exactly what its job needs.
--
-- The roles (cluster-wide, created by scripts/roles.sql, which `scripts/pg.sh up` runs as the superuser):
--   registry_owner    runs the migrations and owns the schema; nothing else logs in with it
--   registry_service  the service (`registry serve`) and the command line: SELECT on every table, INSERT, UPDATE and
--                     DELETE on the registry's own tables — never on the audit trail, the chain head, the derived tables
--                     or the computed assessment; no DDL, not a superuser, so it can neither disable a trigger nor set
--                     session_replication_role
--   registry_audit    (no login) owns the SECURITY DEFINER trigger functions that write audit_log and move the head:
--                     the only role with INSERT on audit_log and UPDATE on audit_chain
--   registry_compute  (no login) owns the SECURITY DEFINER functions that compute values: the assessment
--                     (assessment_compute, A39.1) and the derived tables (calendar_day, catalog_listing,
--                     data_refresh_latest); it alone inserts assessments and scores, and writes those tables
--   registry_auditor  the audit authority's read-only access (A29.2): SELECT on the registry's tables, no secrets
--   registry_report   the reports' read-only access: the same
--
-- Until now a score could be typed by any session that set registry.assessment_computing = on (a setting anyone may
-- set): the guards now ask instead whether the current role is the owner of assessment_compute, which only that
-- SECURITY DEFINER function (or the owner itself, on purpose) runs as.
--
-- Grants stay maintainable: `grant_role_privileges()` grants every table of the schema to the roles above and then
-- takes back what `role_privilege_refusal` lists. The migrator calls it after every run, so a table added by a later
-- migration gets the service's DML and the readers' SELECT without a line of its own; a table the service must not
-- write adds a row to role_privilege_refusal (docs/CONVENTIONS.md). Default privileges give the same to tables the
-- owner creates outside a migration.

do $$
declare
    missing text;
begin
    select string_agg(r, ', ') into missing
      from unnest(array['registry_owner', 'registry_service', 'registry_audit', 'registry_compute',
                        'registry_auditor', 'registry_report']) r
     where not exists (select from pg_roles where rolname = r);
    if missing is not null then
        raise exception 'the database roles % are missing', missing
            using hint = 'create them with scripts/roles.sql (scripts/pg.sh up runs it as the superuser)';
    end if;
end
$$;

-- No role but the owner creates anything in the schema (PostgreSQL 15 already withholds CREATE from PUBLIC on a new
-- database; a database made from an older template may still grant it).
revoke create on schema public from public;
grant usage on schema public to registry_service, registry_audit, registry_compute, registry_auditor, registry_report;
-- The audit and compute roles own functions in the schema, which needs CREATE there; neither can log in.
grant create on schema public to registry_audit, registry_compute;

-- ---------------------------------------------------------------------------------------------------------------
-- What no client role writes, and what no reader reads
-- ---------------------------------------------------------------------------------------------------------------

create table role_privilege_refusal (
    table_name text not null,
    grantee text not null,
    privileges text not null,
    reason text not null,
    constraint role_privilege_refusal_pkey primary key (table_name, grantee),
    constraint role_privilege_refusal_grantee_known_a44_1
        check (grantee in ('registry_service', 'registry_auditor', 'registry_report')),
    constraint role_privilege_refusal_privileges_known_a44_1
        check (privileges ~ '^(select|insert|update|delete)(, (select|insert|update|delete))*$')
);

comment on table role_privilege_refusal is
    'A44.1: privileges grant_role_privileges() takes back from a role after granting it every table of the schema.';

insert into role_privilege_refusal (table_name, grantee, privileges, reason) values
    ('audit_log', 'registry_service', 'insert, update, delete', 'A44.1: written only by the audit triggers'),
    ('audit_chain', 'registry_service', 'insert, update, delete', 'A44.1: moved only by the audit triggers'),
    ('audit_read_log', 'registry_service', 'update, delete', 'A29.2: the audit authority''s reads are append-only'),
    ('calendar_day', 'registry_service', 'insert, update, delete', 'W.2: derived from the official arrangement'),
    ('catalog_listing', 'registry_service', 'insert, update, delete', 'A10.1: derived from the approved versions'),
    ('data_refresh_latest', 'registry_service', 'insert, update, delete', 'A16.1: derived from data_refresh'),
    ('assessment', 'registry_service', 'insert, delete', 'A39.1: computed by assessment_compute only'),
    ('assessment_score', 'registry_service', 'insert, delete', 'A39.1: computed by assessment_compute only'),
    ('role_privilege_refusal', 'registry_service', 'insert, update, delete', 'A44.1: changed by migrations only'),
    ('schema_migration', 'registry_service', 'insert, update, delete', 'A44.1: changed by migrations only'),
    ('registry_secret', 'registry_service', 'select, insert, update, delete', 'A13.1: read by definer functions only'),
    ('registry_secret', 'registry_auditor', 'select', 'A13.1: the keys of the masked identity numbers'),
    ('registry_secret', 'registry_report', 'select', 'A13.1: the keys of the masked identity numbers'),
    ('password_setup', 'registry_auditor', 'select', 'A13.1: one-time sign-in links'),
    ('password_setup', 'registry_report', 'select', 'A13.1: one-time sign-in links'),
    ('web_session', 'registry_auditor', 'select', 'A13.1: live sign-in sessions'),
    ('web_session', 'registry_report', 'select', 'A13.1: live sign-in sessions');

-- Grants every table, view and sequence of the schema to the client roles, then takes back role_privilege_refusal's.
-- Idempotent; the migrator calls it after every run. Runs as whoever migrates (the owner, or a superuser).
create function grant_role_privileges() returns void
    language plpgsql
    set search_path = public, pg_temp
as $$
declare
    relation record;
    refusal role_privilege_refusal;
begin
    for relation in
        select c.oid::regclass as name, c.relkind
          from pg_class c
         where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
    loop
        execute format('grant select on %s to registry_service, registry_auditor, registry_report, registry_compute',
                       relation.name);
        if relation.relkind in ('r', 'p') then
            execute format('grant insert, update, delete on %s to registry_service', relation.name);
        end if;
    end loop;
    grant usage, select on all sequences in schema public to registry_service;
    for refusal in select * from role_privilege_refusal loop
        if to_regclass(format('public.%I', refusal.table_name)) is not null then
            execute format('revoke %s on %I from %I', refusal.privileges, refusal.table_name, refusal.grantee);
        end if;
    end loop;
end
$$;

comment on function grant_role_privileges() is
    'A44.1: grants every table to the client roles, less role_privilege_refusal; the migrator calls it after a run.';

-- Tables the owner creates get the same by default (the migrator's call above also covers other creators).
alter default privileges for role registry_owner in schema public
    grant select, insert, update, delete on tables to registry_service;
alter default privileges for role registry_owner in schema public
    grant select on tables to registry_auditor, registry_report, registry_compute;
alter default privileges for role registry_owner in schema public
    grant usage, select on sequences to registry_service;

-- ---------------------------------------------------------------------------------------------------------------
-- The audit trail is written by the audit role's functions only (A44.1)
-- ---------------------------------------------------------------------------------------------------------------

grant select, insert on audit_log to registry_audit;
grant select, update on audit_chain to registry_audit;

alter function audit_log_chain() owner to registry_audit;
alter function audit_chain_flush() owner to registry_audit;
alter function audit_chain_flush() set search_path = public, pg_temp;
alter function audit_row_change() owner to registry_audit;
alter function audit_rows_inserted() owner to registry_audit;

-- ---------------------------------------------------------------------------------------------------------------
-- Computed values are written by the compute role's functions only (A39.1, derived tables)
-- ---------------------------------------------------------------------------------------------------------------

grant insert on assessment, assessment_score to registry_compute;
grant select, insert, update, delete on calendar_day, catalog_listing, data_refresh_latest to registry_compute;

alter function calendar_rebuild_days() security definer set search_path = public, pg_temp;
alter function calendar_rebuild_days() owner to registry_compute;
alter function catalog_listing_refresh() security definer set search_path = public, pg_temp;
alter function catalog_listing_refresh() owner to registry_compute;
alter function data_refresh_latest_advance() security definer set search_path = public, pg_temp;
alter function data_refresh_latest_advance() owner to registry_compute;

-- A39.1: true inside assessment_compute (which runs as its owner), false for every session typing a row itself.
create function assessment_computing() returns boolean
    language sql stable
    set search_path = public, pg_temp
as $$
    select p.proowner = (select r.oid from pg_roles r where r.rolname = current_user)
      from pg_proc p
     where p.oid = 'public.assessment_compute(uuid, date)'::regprocedure
$$;

comment on function assessment_computing() is
    'A39.1: whether the current role owns assessment_compute, i.e. the row is written by the computation itself.';

-- The two guards ask assessment_computing() instead of the setting; the computation no longer sets it.
do $$
declare
    fn regprocedure;
    definition text;
begin
    foreach fn in array array['assessment_guard()'::regprocedure, 'assessment_score_guard()'::regprocedure] loop
        definition := pg_get_functiondef(fn);
        if position('registry.assessment_computing' in definition) = 0 then
            raise exception '% no longer reads registry.assessment_computing: revisit 0050', fn;
        end if;
        execute replace(definition, 'current_setting(''registry.assessment_computing'', true) is distinct from ''on''',
                        'not assessment_computing()');
    end loop;
    definition := pg_get_functiondef('assessment_compute(uuid, date)'::regprocedure);
    definition := replace(definition, 'perform set_config(''registry.assessment_computing'', ''on'', true);', '');
    definition := replace(definition, 'perform set_config(''registry.assessment_computing'', ''off'', true);', '');
    execute definition;
end
$$;

alter function assessment_compute(uuid, date) security definer set search_path = public, pg_temp;
alter function assessment_compute(uuid, date) owner to registry_compute;

select grant_role_privileges();
