-- 0025_violations_and_security.sql — violations and rectification (A49.1, A50.1, A51.1); security checks, risk
-- assessments and usage feedback (A35.2, A36.1, A38.1).
--
-- violation        a violation found by a public data authority against an institution (A49), a source department
--                  (A51) or a data user (A50), citing the clause it breaks (A49(2), A51(3), A50(1) …), with its
--                  rectification deadline (责令限期改正); closed as rectified, or referred (移送) once the deadline has
--                  passed. A data user's violation suspends that user's access to the data concerned in the same
--                  transaction (an access_suspension row), lifted on the day it is rectified
-- security_check   an institution's periodic security check (A36.1), sharing risk assessment or security review
--                  (A35.2), with its findings
-- usage_feedback   a data user's report on how it used public data (使用情况反馈, A36.1)
--
-- Overdue rectifications are computed when asked, never stored.

-- ---------------------------------------------------------------------------------------------------------------
-- Suspensions are lifted on a day (A50.1: 整改完成前)
-- ---------------------------------------------------------------------------------------------------------------

alter table access_suspension add column lifted_on date;

alter table access_suspension add constraint access_suspension_lifted_a50_1
    check (lifted_on is null or lifted_on >= suspended_from);

comment on column access_suspension.lifted_on is 'A50.1: the day access was restored (rectified); in force before it.';

create or replace function access_suspension_in_force(p_account uuid, p_institution text, p_item uuid, p_day date)
    returns uuid
    language sql stable
    return (
        select s.id from access_suspension s
         where (s.account_id = p_account or s.institution_uscc = p_institution)
           and (s.item_id is null or s.item_id = p_item)
           and s.suspended_from <= p_day and (s.suspended_until is null or p_day <= s.suspended_until)
           and (s.lifted_on is null or p_day < s.lifted_on)
         order by s.created_at, s.id
         limit 1);

-- ---------------------------------------------------------------------------------------------------------------
-- Violations (A49.1, A50.1, A51.1)
-- ---------------------------------------------------------------------------------------------------------------

create type violation_subject as enum ('institution', 'source_department', 'data_user');
create type violation_state as enum ('open', 'rectified', 'referred');

comment on type violation_subject is
    'A49 / A51 / A50: 违规主体 — 公共管理和服务机构, 数源部门, 数据利用主体.';
comment on type violation_state is 'A49.1: 整改状态 — 责令整改中, 已整改, 已移送.';

-- The article of each subject and how many clauses it has: A49 (1)–(5), A51 (1)–(6), A50 (1)–(5).
create function violation_clause_fits(subject violation_subject, clause text) returns boolean
    language sql immutable strict parallel safe
    return case subject
               when 'institution' then clause ~ '^A49\([1-5]\)$'
               when 'source_department' then clause ~ '^A51\([1-6]\)$'
               else clause ~ '^A50\([1-5]\)$'
           end;

create table violation (
    id uuid primary key default gen_random_uuid(),
    violation_no bigint generated always as identity unique,
    subject violation_subject not null,
    institution_uscc uscc constraint violation_institution_exists_a49_1 references institution (uscc),
    data_user_account uuid constraint violation_data_user_exists_a50_1 references account (id),
    item_id uuid constraint violation_item_exists_a50_1 references catalog_item (id),
    clause text not null,
    description text not null,
    found_on date not null,
    rectification_due date not null,
    authority_uscc uscc not null references institution (uscc),
    recorded_by uuid references account (id),
    state violation_state not null default 'open',
    closed_on date,
    closed_by uuid references account (id),
    outcome text,
    referred_to text,
    suspension_id uuid references access_suspension (id),
    constraint violation_one_subject_a49_1 check (
        case subject when 'data_user' then data_user_account is not null and institution_uscc is null
                     else institution_uscc is not null and data_user_account is null end),
    constraint violation_clause_a49_1 check (violation_clause_fits(subject, clause)),
    constraint violation_description_a49_1 check (btrim(description) <> ''),
    constraint violation_deadline_a49_1 check (rectification_due >= found_on),
    constraint violation_closed_a49_1 check ((state = 'open') = (closed_on is null)
        and (state = 'open' or not is_blank(outcome))),
    constraint violation_referred_to_a49_1 check ((state = 'referred') = not is_blank(referred_to)),
    constraint violation_data_user_suspended_a50_1 check ((subject = 'data_user') = (suspension_id is not null))
);

comment on table violation is
    'A49.1 / A50.1 / A51.1: a violation found by a public data authority (authority_uscc) against an institution, a '
    'source department or a data user, the clause it breaks, the rectification deadline (责令限期改正) and its outcome: '
    'rectified, or referred (移送) after the deadline. A data user''s violation suspends its access (suspension_id).';
comment on column violation.clause is 'The clause broken: A49(1)–A49(5), A51(1)–A51(6) or A50(1)–A50(5).';
comment on column violation.item_id is 'A50.1: the data concerned (相关公共数据); NULL for all public data.';

create index violation_institution_idx on violation (institution_uscc, state) where institution_uscc is not null;
create index violation_data_user_idx on violation (data_user_account, state) where data_user_account is not null;

-- Recording: the database checks the subject and the clause, stamps the recorder, and suspends a data user's access
-- to the data concerned (A50.1). Closing: once, as rectified (lifting the suspension) or referred after the deadline.
create function violation_transition() returns trigger
    language plpgsql
as $$
declare
    today date := civil_date(now());
    actor uuid := nullif(current_setting('registry.actor_account', true), '')::uuid;
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('violation_kept_a49_1', 'a violation is closed, never deleted');
    end if;
    if tg_op = 'INSERT' then
        if new.subject = 'data_user' and not exists (
            select 1 from account where id = new.data_user_account and role = 'data_user') then
            perform rule_refuse('violation_one_subject_a49_1', 'a data user''s violation names a data user account', 'subject');
        end if;
        if (select kind from institution where uscc = new.authority_uscc) is distinct from 'public_data_authority' then
            perform rule_refuse('violation_found_by_authority_a49_1',
                'violations are recorded by a public data authority', 'authority');
        end if;
        new.state := 'open';
        new.recorded_by := actor;
        new.closed_on := null; new.closed_by := null; new.outcome := null; new.referred_to := null;
        if new.subject = 'data_user' then
            insert into access_suspension (account_id, item_id, suspended_from, reason, article)
            values (new.data_user_account, new.item_id, new.found_on, new.description,
                    '第五十条第' || substring(new.clause from '\((\d)\)') || '项')
            returning id into new.suspension_id;
        else
            new.suspension_id := null;
        end if;
        return new;
    end if;
    if (new.subject, new.institution_uscc, new.data_user_account, new.item_id, new.clause, new.description, new.found_on,
        new.rectification_due, new.authority_uscc, new.recorded_by, new.suspension_id) is distinct from
       (old.subject, old.institution_uscc, old.data_user_account, old.item_id, old.clause, old.description, old.found_on,
        old.rectification_due, old.authority_uscc, old.recorded_by, old.suspension_id) then
        perform rule_refuse('violation_terms_fixed_a49_1', 'what a violation records does not change');
    end if;
    if old.state <> 'open' or new.state = 'open' then
        perform rule_refuse('violation_transition_a49_1',
            format('a violation cannot go from %s to %s', old.state, new.state), 'state');
    end if;
    if is_blank(new.outcome) then
        perform rule_refuse('violation_closed_a49_1', 'closing a violation records its outcome', 'outcome');
    end if;
    if new.state = 'referred' then
        if today <= old.rectification_due then
            perform rule_refuse('violation_referral_after_deadline_a49_1',
                'a violation is referred only when the rectification deadline has passed', 'state');
        end if;
        if is_blank(new.referred_to) then
            perform rule_refuse('violation_referred_to_a49_1', 'a referral names the department it goes to', 'referred_to');
        end if;
    else
        new.referred_to := null;
        update access_suspension set lifted_on = greatest(today, suspended_from) where id = old.suspension_id;
    end if;
    new.closed_on := today;
    new.closed_by := actor;
    return new;
end
$$;

create trigger violation_transition before insert or update or delete on violation
    for each row execute function violation_transition();

-- RP.3 / A49.1: the violations open on `p_on`, with the working days their rectification is overdue (0 when not).
create function violations_open_on(p_on date)
    returns table (violation_id uuid, violation_no bigint, subject violation_subject, institution_uscc text,
                   data_user_account uuid, clause text, rectification_due date, working_days_overdue int)
    language sql stable
as $$
    select v.id, v.violation_no, v.subject, v.institution_uscc::text, v.data_user_account, v.clause, v.rectification_due,
           greatest(working_days_between(v.rectification_due, p_on), 0)
      from violation v
     where v.found_on <= p_on and (v.closed_on is null or v.closed_on > p_on)
     order by v.rectification_due, v.violation_no
$$;

comment on function violations_open_on(date) is
    'RP.3 / A49.1: violations open on a day, with the working days their rectification deadline is overdue.';

-- ---------------------------------------------------------------------------------------------------------------
-- Security checks and usage feedback (A35.2, A36.1, A38.1)
-- ---------------------------------------------------------------------------------------------------------------

create type security_check_kind as enum ('periodic_check', 'risk_assessment', 'security_review');

comment on type security_check_kind is 'A36.1 / A35.2: 定期安全检查, 共享风险评估, 安全审查.';

create table security_check (
    id uuid primary key default gen_random_uuid(),
    institution_uscc uscc not null constraint security_check_institution_exists_a36_1 references institution (uscc),
    kind security_check_kind not null,
    checked_on date not null,
    findings text not null,
    issues_found int not null,
    measures text,
    recorded_by uuid references account (id),
    created_at timestamptz not null default now(),
    constraint security_check_findings_a36_1 check (btrim(findings) <> ''),
    constraint security_check_issues_a36_1 check (issues_found >= 0),
    constraint security_check_measures_a36_1 check (issues_found = 0 or not is_blank(measures))
);

comment on table security_check is
    'A36.1 / A35.2: a periodic security check, sharing risk assessment or security review of an institution, with its '
    'findings, the number of issues found and — when there are any — the measures taken (A38.1: the institution answers).';

create index security_check_institution_idx on security_check (institution_uscc, checked_on);

create table usage_feedback (
    id uuid primary key default gen_random_uuid(),
    data_user_account uuid not null constraint usage_feedback_by_data_user_a36_1 references account (id),
    item_id uuid not null constraint usage_feedback_item_exists_a36_1 references catalog_item (id),
    period text not null,
    use_description text not null,
    security_measures text not null,
    submitted_at timestamptz not null default now(),
    constraint usage_feedback_period_a36_1 check (btrim(period) <> ''),
    constraint usage_feedback_description_a36_1 check (btrim(use_description) <> ''),
    constraint usage_feedback_security_a36_1 check (btrim(security_measures) <> '')
);

comment on table usage_feedback is
    'A36.1: a data user''s report on how it used a catalog item''s data in a period and how it kept it secure.';

create index usage_feedback_item_idx on usage_feedback (item_id);

create function usage_feedback_check() returns trigger
    language plpgsql
as $$
begin
    if not exists (select 1 from account where id = new.data_user_account and role = 'data_user') then
        perform rule_refuse('usage_feedback_by_data_user_a36_1', 'usage feedback comes from a data user', 'data_user');
    end if;
    return new;
end
$$;

create trigger usage_feedback_check before insert or update on usage_feedback
    for each row execute function usage_feedback_check();

-- ---------------------------------------------------------------------------------------------------------------
-- Audit (A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create trigger violation_audit after insert or update or delete on violation
    for each row execute function audit_row_change('id');
create trigger violation_no_truncate before truncate on violation
    for each statement execute function refuse_truncate();
create trigger security_check_audit after insert or update or delete on security_check
    for each row execute function audit_row_change('id');
create trigger security_check_no_truncate before truncate on security_check
    for each statement execute function refuse_truncate();
create trigger usage_feedback_audit after insert or update or delete on usage_feedback
    for each row execute function audit_row_change('id');
create trigger usage_feedback_no_truncate before truncate on usage_feedback
    for each statement execute function refuse_truncate();
