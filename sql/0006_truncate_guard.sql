-- A44.1: TRUNCATE fires no row trigger, so it would empty an audited table without a trace. Refuse it on every
-- table that carries the audit trigger; tables added later attach `refuse_truncate()` next to their audit trigger.

create function refuse_truncate() returns trigger
language plpgsql as $$
begin
    raise exception using
        errcode = 'check_violation',
        constraint = 'audited_table_no_truncate_a44_1',
        message = format('TRUNCATE of audited table %s is refused: delete rows so that each deletion is audited', tg_table_name);
end
$$;

do $$
declare
    audited regclass;
begin
    for audited in
        select distinct t.tgrelid::regclass
          from pg_trigger t
          join pg_proc p on p.oid = t.tgfoid
         where p.proname = 'audit_row_change' and not t.tgisinternal
    loop
        execute format(
            'create trigger %I before truncate on %s for each statement execute function refuse_truncate()',
            replace(audited::text, '.', '_') || '_no_truncate', audited);
    end loop;
end
$$;
