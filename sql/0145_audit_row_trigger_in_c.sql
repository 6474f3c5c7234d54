-- 0145_audit_row_trigger_in_c.sql — A44.1: every audited table's row trigger audit_row_change() is now written in C
-- (the extension registry_audit, sql/extension), and writes what it wrote before.
--
-- Each audited change cost the writer a plpgsql trigger that made the row's jsonb, an SPI INSERT with its own
-- executor, and a second plpgsql trigger on audit_log (audit_log_chain, 0090) that numbered, stamped and digested the
-- row: with one client an audited UPDATE of a catalog revision took 1.4 times the CPU of the same UPDATE unaudited.
-- The C trigger does the same work once: it makes the row before and after (the key and the redacted columns as
-- before), numbers it from audit_log_seq after the transaction has its xid, stamps who and when (registry.* settings,
-- session_user, the transaction's start, the pinned day, W.4), computes its digest over audit_canonical()'s text, and
-- stores it with audit_log's constraints checked and its indexes maintained, then the sealer chains it as before.
-- audit_log's own triggers do not run for these rows, so the C trigger repeats the one refusal among them: an account
-- of the audit authority changes nothing (A29.2, audit_log_auditor_reads_only). Every other writer of audit_log
-- (audit_rows_inserted, the sign-in records) still passes audit_log_chain.
--
-- The extension is trusted, so the schema's owner creates it; `scripts/pg.sh up` builds and installs it for the
-- cluster's server. The triggers keep their names, tables, events and arguments: each is re-created on the C function.

alter function audit_row_change() rename to audit_row_change_plpgsql;

create extension registry_audit schema public;

comment on function audit_row_change() is
    'A44.1 generic AFTER row trigger in C (extension registry_audit): audit_row_change(''<key column>'' [, ''<column to redact>'' …]); '
    'writes the audit_log row that audit_log_chain() would stamp, digest included.';

do $$
declare
    audited record;
begin
    for audited in
        select t.tgname, t.tgrelid::regclass as target, pg_get_triggerdef(t.oid) as definition
          from pg_trigger t
         where t.tgfoid = 'audit_row_change_plpgsql()'::regprocedure
    loop
        execute format('drop trigger %I on %s', audited.tgname, audited.target);
        execute replace(audited.definition, 'audit_row_change_plpgsql(', 'audit_row_change(');
    end loop;
end
$$;

drop function audit_row_change_plpgsql();
