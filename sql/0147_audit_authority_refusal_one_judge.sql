-- 0147_audit_authority_refusal_one_judge.sql — A29.2: what an account of the audit authority may change is stated
-- once, in audit_authority_refuse_change(), for both writers of audit_log.
--
-- The refusal lived in the WHEN clause of audit_log's trigger audit_log_auditor_reads_only (0024, 0045), and since
-- 0145 the C row trigger, whose rows do not pass audit_log's triggers, repeated the same list. Both now call this
-- function: the trigger for every row an auditor's session writes, the C trigger likewise.

create function audit_authority_refuse_change(role text, entity text, action text) returns void
language plpgsql stable
set search_path = public, pg_temp
as $$
begin
    if role = 'auditor'
       and entity not in ('audit_read_log', 'web_session', 'password_setup')
       and not (entity = 'account' and action = 'account.set_password') then
        raise exception using
            errcode = 'check_violation',
            constraint = 'audit_authority_read_only_a29_2',
            message = format('an account of the audit authority reads only: its change to %s is refused', entity),
            detail = 'A29.2: data are opened to the audit authority for reading; its accounts change nothing.';
    end if;
end
$$;
comment on function audit_authority_refuse_change(text, text, text) is
    'A29.2: refuses the change an audit row records when its role is the audit authority''s, except its own reading records, sign-ins and password.';

create or replace function audit_log_refuse_auditor_change() returns trigger
language plpgsql
as $$
begin
    perform audit_authority_refuse_change(coalesce(new.actor_role, current_setting('registry.actor_role', true)),
                                          new.entity, new.action);
    return new;
end
$$;

drop trigger audit_log_auditor_reads_only on audit_log;
create trigger audit_log_auditor_reads_only before insert on audit_log
    for each row
    when (coalesce(new.actor_role, current_setting('registry.actor_role', true)) = 'auditor')
    execute function audit_log_refuse_auditor_change();
