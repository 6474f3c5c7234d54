-- 0101_security_incidents.sql — security incidents and the emergency response to them (A37.1).
--
-- security_incident_level       一般, 较大, 重大, 特别重大: the grades of the national emergency plans for incidents
-- security_incident             an incident of an institution (A38.1: the institution answers for it): detected,
--                               contained with the response taken, recovered, reported to the authority — each step
--                               stamped once, in order, never in the future of the registry's clock, never undone
-- security_incident_findings()  RP.3 / A37.1: the incidents detected by a day and not recovered by it
-- compliance_findings()         replaced (0100's list of kinds of finding): gains security_incident_findings()

create type security_incident_level as enum ('general', 'major', 'serious', 'especially_serious');

comment on type security_incident_level is 'A37.1: 一般, 较大, 重大, 特别重大.';

create table security_incident (
    id uuid primary key default gen_random_uuid(),
    institution_uscc uscc not null constraint security_incident_institution_exists_a37_1 references institution (uscc),
    title text not null,
    level security_incident_level not null,
    description text not null,
    detected_at timestamptz not null,
    response text,
    contained_at timestamptz,
    recovered_at timestamptz,
    reported_at timestamptz,
    report_recipient text,
    recorded_by uuid references account (id),
    created_at timestamptz not null default registry_now(),
    constraint security_incident_title_a37_1 check (btrim(title) <> ''),
    constraint security_incident_description_a37_1 check (btrim(description) <> ''),
    constraint security_incident_response_a37_1 check (contained_at is null or not is_blank(response)),
    constraint security_incident_contained_after_detection_a37_1 check (contained_at >= detected_at),
    constraint security_incident_recovered_after_containment_a37_1 check (
        recovered_at is null or (contained_at is not null and recovered_at >= contained_at)),
    constraint security_incident_reported_after_detection_a37_1 check (reported_at >= detected_at),
    constraint security_incident_report_recipient_a37_1 check ((reported_at is null) = is_blank(report_recipient))
);

comment on table security_incident is
    'A37.1: a security incident of an institution and the emergency response to it — detected, contained (with the '
    'response taken), recovered, reported to the authority (A38.1: the institution answers for it).';

create index security_incident_institution_idx on security_incident (institution_uscc, detected_at);
create index security_incident_unrecovered_idx on security_incident (detected_at) where recovered_at is null;

-- A37.1: the record is a history. A step is stamped once and never moved or undone, no step lies in the future of
-- the registry's clock, and what was detected where stays as recorded.
create function security_incident_steps_kept() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('security_incident_kept_a37_1', 'a security incident is recorded, never deleted');
    end if;
    if greatest(new.detected_at, new.contained_at, new.recovered_at, new.reported_at) > registry_now() then
        perform rule_refuse('security_incident_not_in_future_a37_1', 'an incident''s steps cannot lie in the future');
    end if;
    if tg_op = 'UPDATE' and (
        new.institution_uscc is distinct from old.institution_uscc or new.detected_at is distinct from old.detected_at
        or (old.contained_at is not null and (new.contained_at, new.response) is distinct from (old.contained_at, old.response))
        or (old.recovered_at is not null and new.recovered_at is distinct from old.recovered_at)
        or (old.reported_at is not null and (new.reported_at, new.report_recipient) is distinct from (old.reported_at, old.report_recipient))
        or new.created_at is distinct from old.created_at or new.recorded_by is distinct from old.recorded_by
    ) then
        perform rule_refuse('security_incident_steps_kept_a37_1', 'a recorded step of an incident cannot be changed');
    end if;
    return coalesce(new, old);
end;
$$;

create trigger security_incident_steps_kept before insert or update or delete on security_incident
    for each row execute function security_incident_steps_kept();
create trigger security_incident_audit after insert or update or delete on security_incident
    for each row execute function audit_row_change('id');
create trigger security_incident_no_truncate before truncate on security_incident
    for each statement execute function refuse_truncate();

create function security_incident_findings(p_as_of date)
    returns table (article text, institution_uscc text, finding text, due date, working_days_overdue int)
    language sql stable
as $$
    select 'A37.1', s.institution_uscc::text,
           '安全事件未完成恢复处置:' || s.title || '(' ||
               case s.level when 'general' then '一般' when 'major' then '较大' when 'serious' then '重大' else '特别重大' end ||
               ',发现于 ' || civil_date(s.detected_at) || ')',
           null::date, null::int
      from security_incident s
     where civil_date(s.detected_at) <= p_as_of and (s.recovered_at is null or civil_date(s.recovered_at) > p_as_of)
$$;

comment on function security_incident_findings(date) is
    'RP.3 / A37.1: the security incidents detected by a day and not recovered by it.';

create or replace function compliance_findings(p_as_of date)
    returns table (article text, institution_uscc text, finding text, due date, working_days_overdue int)
    language sql stable
as $$
    select * from deadline_and_breach_findings(p_as_of)
    union all
    select * from open_access_findings(p_as_of)
    union all
    select * from security_incident_findings(p_as_of)
$$;
