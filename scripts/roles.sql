-- The registry's database roles (cluster-wide), run by `scripts/pg.sh up` as the superuser; idempotent.
-- What each may do is granted by the migrations (sql/0050_least_privilege.sql) and described there.
--
--   psql -v ON_ERROR_STOP=1 -f scripts/roles.sql
--
-- The login roles authenticate like the superuser: `trust` on the project's Unix socket (mode 0700), so only root and
-- the cluster's owner reach them. A production server gives each login role its own password or certificate.
set client_min_messages = warning;

do $$
declare
    role record;
begin
    for role in
        select * from (values ('registry_owner', true), ('registry_service', true), ('registry_audit', false),
                              ('registry_compute', false), ('registry_auditor', true), ('registry_report', true))
                      v(name, login)
    loop
        if not exists (select from pg_roles where rolname = role.name) then
            execute format('create role %I %s', role.name, case when role.login then 'login' else 'nologin' end);
        end if;
        -- None of them is a superuser, creates roles or databases, or bypasses row security.
        execute format('alter role %I nosuperuser nocreatedb nocreaterole noreplication nobypassrls', role.name);
    end loop;
end
$$;

-- The owner hands the audit and compute roles their functions (ALTER FUNCTION … OWNER TO needs membership).
grant registry_audit, registry_compute to registry_owner;
-- The service's sessions end a transaction left idle and notice a client gone mid-query.
alter role registry_service set idle_in_transaction_session_timeout = '30s';
alter role registry_service set client_connection_check_interval = '2s';
