-- 0026_error_reports_and_disputes.sql — error reports (A45.1), reports of unlawful use (A46.1) and disputes (A47.1).
--
-- error_report_policy        A45.1: the working days the providing institution has to handle an error report, per
--                            year of receipt, set by the region's authority (具体办法由自治区公共数据主管部门制定);
--                            5 working days when a year has no row
-- error_report               纠错: a data user (or a clerk of another institution) reports an error or omission in a
--                            published catalog item; the item is marked (标注) while the report is open; the providing
--                            institution — the institution whose catalog holds the item — verifies (核实), then
--                            handles it with feedback (处理、反馈) or rejects it with the reason
-- error_report_notice        通报相关机构: one row for each institution holding an approved or delivered share request
--                            on the item, when the item is marked and when the report is closed — written by the
--                            trigger only
-- catalog_item_error_marks   the marks: the items with open error reports (A45.1 标注), computed from the reports
-- unlawful_use_report        举报: anyone with an account reports unlawful acquisition or use of public data, optionally
--                            naming the institution or data user concerned; the public data authority of the division
--                            concerned (the reported institution's, else the reporter's choice) investigates and
--                            concludes with an outcome. The reporter is kept (only the reporter sees its own reports)
--                            but never shown to handlers: they read unlawful_use_report_anonymous, and the audit trail
--                            redacts the column
-- dispute                    争议: two or more parties (institutions and/or data users) bring a dispute over sharing,
--                            opening or use to a public data authority for coordination; the authority may refer it to
--                            the expert committee (公共数据专家委员会), whose recommendation a committee account records,
--                            and closes it with a decision
-- dispute_event              every step of a dispute with its actor and note — written by the trigger only
--
-- State machines (each in its transition trigger):
--     error_report         received → verifying → handled (feedback) | rejected (reason)
--     unlawful_use_report  received → handling → handled (outcome);  received → handled
--     dispute              filed → coordinating → referred → decided;  filed | coordinating → decided;
--                          while referred, the committee's recommendation is recorded once, before the decision
--
-- Dates are civil dates in Asia/Shanghai taken from supervision_now(), which is now(): the clock of this part in one
-- place (a test database pins it). Overdue error reports are computed when asked, never stored.

-- ---------------------------------------------------------------------------------------------------------------
-- The clock and refusals
-- ---------------------------------------------------------------------------------------------------------------

create function supervision_now() returns timestamptz
    language sql stable parallel safe
    return now();

comment on function supervision_now() is
    'W.1: the instant error reports, reports of unlawful use and disputes are stamped with (now()); a test database '
    'may pin it to a day of its choosing.';

-- ---------------------------------------------------------------------------------------------------------------
-- Error reports (A45.1)
-- ---------------------------------------------------------------------------------------------------------------

create type error_report_kind as enum ('error', 'omission', 'other');
create type error_report_state as enum ('received', 'verifying', 'handled', 'rejected');
create type error_report_notice_event as enum ('marked', 'handled', 'rejected');

comment on type error_report_kind is 'A45.1: 纠错类型 — 数据错误, 数据遗漏, 其他.';
comment on type error_report_state is 'A45.1: 纠错状态 — 已受理(已标注), 核实中, 已处理并反馈, 不予采纳.';
comment on type error_report_notice_event is 'A45.1: 通报事项 — 数据已标注待核实, 已处理, 不予采纳.';

create table error_report_policy (
    year int primary key constraint error_report_policy_year_a45_1 check (year between 2000 and 2999),
    handling_working_days int not null
        constraint error_report_policy_working_days_a45_1 check (handling_working_days between 1 and 60),
    note text,
    updated_at timestamptz not null default now()
);

comment on table error_report_policy is
    'A45.1: the working days (1–60) within which the providing institution handles an error report received in a '
    'year; a year without a row takes 5 (error_report_handling_days).';

-- A45.1: the working days allowed for a report received in `p_year`.
create function error_report_handling_days(p_year int) returns int
    language sql stable
    return coalesce((select handling_working_days from error_report_policy where year = p_year), 5);

comment on function error_report_handling_days(int) is
    'A45.1: handling working days for reports received in a year: the policy''s, else 5.';

create table error_report (
    id uuid primary key default gen_random_uuid(),
    report_no bigint generated always as identity unique,
    item_id uuid not null constraint error_report_item_exists_a45_1 references catalog_item (id),
    revision_id bigint not null references catalog_item_revision (id),
    provider_uscc uscc not null references institution (uscc),
    reporter_account uuid not null references account (id),
    reporter_institution uscc references institution (uscc),
    kind error_report_kind not null,
    description text not null,
    state error_report_state not null default 'received',
    received_at timestamptz not null,
    received_on date not null,
    handling_working_days int not null,
    handling_due date not null,
    verifying_at timestamptz,
    verifying_on date,
    verified_by uuid references account (id),
    verification_note text,
    closed_at timestamptz,
    closed_on date,
    closed_by uuid references account (id),
    feedback text,
    rejection_reason text,
    constraint error_report_description_a45_1 check (btrim(description) <> ''),
    constraint error_report_due_a45_1 check (handling_due > received_on),
    constraint error_report_verified_a45_1 check ((state = 'received') = (verifying_on is null)),
    constraint error_report_closed_a45_1 check ((state in ('handled', 'rejected')) = (closed_on is not null)),
    constraint error_report_feedback_a45_1 check (state <> 'handled' or not is_blank(feedback)),
    constraint error_report_rejection_reason_a45_1 check (state <> 'rejected' or not is_blank(rejection_reason))
);

comment on table error_report is
    'A45.1: an error report (纠错) on a published catalog item: kind, description, reporter (a data user, or a clerk of '
    'another institution); handled by the providing institution (provider_uscc, the item''s catalog institution) — '
    'verified, then handled with feedback or rejected with the reason — by handling_due, stamped at receipt.';
comment on column error_report.revision_id is 'The published revision of the item the report was filed against.';
comment on column error_report.reporter_institution is 'The reporting clerk''s institution; NULL for a data user.';
comment on column error_report.handling_working_days is 'A45.1: the policy''s working days for the year of receipt.';
comment on column error_report.handling_due is 'A45.1: handling_working_days working days after the day of receipt (W.1).';

create index error_report_item_idx on error_report (item_id, state);
create index error_report_provider_idx on error_report (provider_uscc, state);
create index error_report_reporter_idx on error_report (reporter_account);

-- Filing: the report's own fields in the order the Swift store checks them, then the item, then the reporter; the
-- database stamps the provider, the revision, the day of receipt and the due date.
create function error_report_file(r error_report) returns error_report
    language plpgsql
as $$
declare
    stamp timestamptz := supervision_now();
    today date := civil_date(stamp);
    published catalog_item_published%rowtype;
    reporter account%rowtype;
begin
    if r.state <> 'received' then
        perform rule_refuse('error_report_transition_a45_1', 'an error report is filed as received', 'state');
    end if;
    if is_blank(r.description) then
        perform rule_refuse('error_report_description_a45_1', 'an error report describes the error or omission',
            'description');
    end if;
    select * into published from catalog_item_published p
     where p.id = (select current_revision_id from catalog_item where id = r.item_id);
    if not found then
        perform rule_refuse('error_report_item_published_a45_1',
            'an error report concerns a published catalog item', 'item_id');
    end if;
    select * into reporter from account where id = r.reporter_account and revoked_at is null;
    if not found or not (reporter.role = 'data_user'
                         or (reporter.role = 'clerk' and reporter.institution_uscc <> published.institution_uscc)) then
        perform rule_refuse('error_report_reporter_a45_1',
            'an error report is filed by a data user or by a clerk of another institution than the provider', 'reporter');
    end if;
    r.revision_id := published.id;
    r.provider_uscc := published.institution_uscc;
    r.reporter_institution := case when reporter.role = 'clerk' then reporter.institution_uscc end;
    r.received_at := stamp;
    r.received_on := today;
    r.handling_working_days := error_report_handling_days(extract(year from today)::int);
    r.handling_due := add_working_days(today, r.handling_working_days);
    r.verifying_at := null; r.verifying_on := null; r.verified_by := null; r.verification_note := null;
    r.closed_at := null; r.closed_on := null; r.closed_by := null; r.feedback := null; r.rejection_reason := null;
    return r;
end
$$;

-- The allowed transitions of an error report (A45.1).
create function error_report_may_go(from_state error_report_state, to_state error_report_state) returns boolean
    language sql immutable parallel safe
    return (from_state = 'received' and to_state = 'verifying')
        or (from_state = 'verifying' and to_state in ('handled', 'rejected'));

-- One step: the transition must be allowed; the database stamps its day and actor. What an earlier step stamped stays.
create function error_report_step(o error_report, r error_report) returns error_report
    language plpgsql
as $$
declare
    stamp timestamptz := supervision_now();
    actor uuid := nullif(current_setting('registry.actor_account', true), '')::uuid;
    result error_report := o;
begin
    if (r.id, r.report_no, r.item_id, r.revision_id, r.provider_uscc, r.reporter_account, r.reporter_institution, r.kind,
        r.description, r.received_at, r.received_on, r.handling_working_days, r.handling_due)
       is distinct from
       (o.id, o.report_no, o.item_id, o.revision_id, o.provider_uscc, o.reporter_account, o.reporter_institution, o.kind,
        o.description, o.received_at, o.received_on, o.handling_working_days, o.handling_due) then
        perform rule_refuse('error_report_terms_fixed_a45_1',
            'what an error report says, who filed it, when, and its due date do not change');
    end if;
    if not error_report_may_go(o.state, r.state) then
        perform rule_refuse('error_report_transition_a45_1',
            format('an error report cannot go from %s to %s', o.state, r.state), 'state');
    end if;
    result.state := r.state;
    case r.state
        when 'verifying' then
            result.verifying_at := stamp; result.verifying_on := civil_date(stamp); result.verified_by := actor;
            result.verification_note := r.verification_note;
        when 'handled' then
            if is_blank(r.feedback) then
                perform rule_refuse('error_report_feedback_a45_1',
                    'a handled error report gives feedback to the reporter', 'feedback');
            end if;
            result.closed_at := stamp; result.closed_on := civil_date(stamp); result.closed_by := actor;
            result.feedback := r.feedback;
        when 'rejected' then
            if is_blank(r.rejection_reason) then
                perform rule_refuse('error_report_rejection_reason_a45_1',
                    'a rejected error report states the reason', 'rejection_reason');
            end if;
            result.closed_at := stamp; result.closed_on := civil_date(stamp); result.closed_by := actor;
            result.rejection_reason := r.rejection_reason;
    end case;
    return result;
end
$$;

create function error_report_transition() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('error_report_kept_a45_1', 'an error report is closed, never deleted');
    end if;
    if tg_op = 'INSERT' then
        return error_report_file(new);
    end if;
    return error_report_step(old, new);
end
$$;

create trigger error_report_transition before insert or update or delete on error_report
    for each row execute function error_report_transition();

-- A45.1 标注: the items with open error reports — how many, of which kinds, since when, the earliest due date.
create view catalog_item_error_marks as
select r.item_id, count(*)::int as open_reports,
       array_agg(distinct r.kind order by r.kind) as kinds,
       min(r.received_on) as marked_since,
       min(r.handling_due) as earliest_due
  from error_report r
 where r.state in ('received', 'verifying')
 group by r.item_id;

comment on view catalog_item_error_marks is
    'A45.1: 标注 — each catalog item with error reports still open (received or verifying): their number and kinds, '
    'the day the first was received and the earliest handling deadline. Computed from the reports, never stored.';

-- A45.1 / W.1: the open error reports a providing institution must handle whose due date falls within `p_within`
-- working days after `p_on`, or has passed. working_days_left is negative when overdue; a report is overdue when
-- `p_on` is after its due date (the deadline closes at the end of that day).
create function error_report_due_list(p_institution text, p_on date, p_within int)
    returns table (id uuid, number bigint, item_id uuid, state error_report_state, received_on date, due date,
                   working_days_left int, overdue boolean)
    language sql stable
as $$
    select r.id, r.report_no, r.item_id, r.state, r.received_on, r.handling_due,
           working_days_between(p_on, r.handling_due), p_on > r.handling_due
      from error_report r
     where r.provider_uscc = p_institution
       and r.state in ('received', 'verifying')
       and r.handling_due <= add_working_days(p_on, p_within)
     order by r.handling_due, r.report_no
$$;

comment on function error_report_due_list(text, date, int) is
    'A45.1 / W.1: open error reports of a providing institution due within N working days of a day, or overdue.';

-- ---------------------------------------------------------------------------------------------------------------
-- Notices to related institutions (A45.1 通报相关机构)
-- ---------------------------------------------------------------------------------------------------------------

create table error_report_notice (
    id bigint generated always as identity primary key,
    report_id uuid not null references error_report (id),
    institution_uscc uscc not null references institution (uscc),
    event error_report_notice_event not null,
    share_request_nos bigint[] not null,
    created_at timestamptz not null,
    created_on date not null,
    note text,
    constraint error_report_notice_once_a45_1 unique (report_id, institution_uscc, event)
);

comment on table error_report_notice is
    'A45.1: 通报相关机构 — a notice to an institution holding an approved or delivered share request on an item, that '
    'the item was marked by an error report, or that the report was handled or rejected; written by the trigger only.';
comment on column error_report_notice.share_request_nos is 'The share requests through which the institution holds the item.';
comment on column error_report_notice.note is 'The kind and description (marked), the feedback (handled) or the reason (rejected).';

create index error_report_notice_institution_idx on error_report_notice (institution_uscc, id);

create function error_report_notice_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op <> 'INSERT' or pg_trigger_depth() < 2 then
        perform rule_refuse('error_report_notice_written_by_trigger_a45_1',
            'notices of error reports are written by the registry itself and never edited');
    end if;
    return new;
end
$$;

create trigger error_report_notice_guard before insert or update or delete on error_report_notice
    for each row execute function error_report_notice_guard();

create function error_report_notify() returns trigger
    language plpgsql
as $$
declare
    stamp timestamptz := supervision_now();
    notice error_report_notice_event;
begin
    if tg_op = 'INSERT' then
        notice := 'marked';
    elsif new.state is distinct from old.state and new.state in ('handled', 'rejected') then
        notice := new.state::text::error_report_notice_event;
    else
        return null;
    end if;
    insert into error_report_notice (report_id, institution_uscc, event, share_request_nos, created_at, created_on, note)
    select new.id, s.requester_uscc, notice, array_agg(s.request_no order by s.request_no), stamp, civil_date(stamp),
           case notice
               when 'marked' then (case new.kind when 'error' then '数据错误' when 'omission' then '数据遗漏' else '其他' end)
                                  || ':' || new.description
               when 'handled' then new.feedback
               else new.rejection_reason
           end
      from share_request s
     where s.item_id = new.item_id
       and s.state in ('approved', 'delivered')
       and s.requester_uscc <> new.provider_uscc
     group by s.requester_uscc;
    return null;
end
$$;

create trigger error_report_notify after insert or update on error_report
    for each row execute function error_report_notify();

-- ---------------------------------------------------------------------------------------------------------------
-- Reports of unlawful use (A46.1)
-- ---------------------------------------------------------------------------------------------------------------

create type unlawful_use_report_state as enum ('received', 'handling', 'handled');

comment on type unlawful_use_report_state is 'A46.1: 举报状态 — 已受理, 核查中, 已办结.';

create table unlawful_use_report (
    id uuid primary key default gen_random_uuid(),
    report_no bigint generated always as identity unique,
    reporter_account uuid not null references account (id),
    authority_division char(6) not null constraint unlawful_use_report_division_exists_a46_1 references division (code),
    subject_institution uscc constraint unlawful_use_report_subject_institution_exists_a46_1 references institution (uscc),
    subject_account uuid references account (id),
    description text not null,
    state unlawful_use_report_state not null default 'received',
    received_at timestamptz not null,
    received_on date not null,
    handling_at timestamptz,
    handling_on date,
    handling_by uuid references account (id),
    handling_note text,
    handled_at timestamptz,
    handled_on date,
    handled_by uuid references account (id),
    outcome text,
    constraint unlawful_use_report_description_a46_1 check (btrim(description) <> ''),
    constraint unlawful_use_report_one_subject_a46_1 check (num_nonnulls(subject_institution, subject_account) <= 1),
    constraint unlawful_use_report_handled_a46_1 check ((state = 'handled') = (handled_on is not null)),
    constraint unlawful_use_report_outcome_a46_1 check (state <> 'handled' or not is_blank(outcome))
);

comment on table unlawful_use_report is
    'A46.1: a report (举报) of unlawful acquisition or use of public data, with the institution or data user concerned '
    'if named; handled by the public data authority of authority_division. reporter_account is kept to let the '
    'reporter follow its report and is never shown to handlers (read unlawful_use_report_anonymous); the audit trail '
    'redacts it.';
comment on column unlawful_use_report.reporter_account is
    'The reporter (举报人): protected — shown to no one but the reporter, redacted in the audit trail''s rows.';
comment on column unlawful_use_report.authority_division is
    'The division whose public data authority handles the report: the reported institution''s, else the reporter''s choice.';

create index unlawful_use_report_division_idx on unlawful_use_report (authority_division, state);
create index unlawful_use_report_reporter_idx on unlawful_use_report (reporter_account);

-- Filing: the report's own fields, then the subject, then the division; the database stamps the division of a named
-- institution and the day of receipt.
create function unlawful_use_report_file(r unlawful_use_report) returns unlawful_use_report
    language plpgsql
as $$
declare
    stamp timestamptz := supervision_now();
begin
    if r.state <> 'received' then
        perform rule_refuse('unlawful_use_report_transition_a46_1', 'a report is filed as received', 'state');
    end if;
    if is_blank(r.description) then
        perform rule_refuse('unlawful_use_report_description_a46_1',
            'a report describes the unlawful acquisition or use', 'description');
    end if;
    if num_nonnulls(r.subject_institution, r.subject_account) > 1 then
        perform rule_refuse('unlawful_use_report_one_subject_a46_1',
            'a report names at most one subject: an institution or a data user', 'subject');
    end if;
    if r.subject_institution is not null and not exists (select 1 from institution where uscc = r.subject_institution) then
        perform rule_refuse('unlawful_use_report_subject_institution_exists_a46_1',
            'the institution reported is registered', 'subject_institution');
    end if;
    if r.subject_account is not null
       and not exists (select 1 from account where id = r.subject_account and role = 'data_user') then
        perform rule_refuse('unlawful_use_report_subject_data_user_a46_1',
            'the data user reported is a data user account', 'subject_data_user');
    end if;
    if not exists (select 1 from account where id = r.reporter_account and revoked_at is null) then
        perform rule_refuse('unlawful_use_report_reporter_a46_1', 'a report is filed from a current account',
            'reporter');
    end if;
    if r.subject_institution is not null then
        r.authority_division := (select division_code from institution where uscc = r.subject_institution);
    end if;
    if r.authority_division is null or not exists (
        select 1 from institution where division_code = r.authority_division and kind = 'public_data_authority') then
        perform rule_refuse('unlawful_use_report_division_a46_1',
            'a report goes to the public data authority of a division: the reported institution''s, or one chosen',
            'division');
    end if;
    r.received_at := stamp;
    r.received_on := civil_date(stamp);
    r.handling_at := null; r.handling_on := null; r.handling_by := null; r.handling_note := null;
    r.handled_at := null; r.handled_on := null; r.handled_by := null; r.outcome := null;
    return r;
end
$$;

create function unlawful_use_report_may_go(from_state unlawful_use_report_state, to_state unlawful_use_report_state)
    returns boolean
    language sql immutable parallel safe
    return (from_state = 'received' and to_state in ('handling', 'handled'))
        or (from_state = 'handling' and to_state = 'handled');

create function unlawful_use_report_step(o unlawful_use_report, r unlawful_use_report) returns unlawful_use_report
    language plpgsql
as $$
declare
    stamp timestamptz := supervision_now();
    actor uuid := nullif(current_setting('registry.actor_account', true), '')::uuid;
    result unlawful_use_report := o;
begin
    if (r.id, r.report_no, r.reporter_account, r.authority_division, r.subject_institution, r.subject_account,
        r.description, r.received_at, r.received_on)
       is distinct from
       (o.id, o.report_no, o.reporter_account, o.authority_division, o.subject_institution, o.subject_account,
        o.description, o.received_at, o.received_on) then
        perform rule_refuse('unlawful_use_report_terms_fixed_a46_1',
            'what a report says, who it concerns, who filed it and where it went do not change');
    end if;
    if not unlawful_use_report_may_go(o.state, r.state) then
        perform rule_refuse('unlawful_use_report_transition_a46_1',
            format('a report cannot go from %s to %s', o.state, r.state), 'state');
    end if;
    result.state := r.state;
    if r.state = 'handling' then
        result.handling_at := stamp; result.handling_on := civil_date(stamp); result.handling_by := actor;
        result.handling_note := r.handling_note;
    else
        if is_blank(r.outcome) then
            perform rule_refuse('unlawful_use_report_outcome_a46_1',
                'a report is concluded with its outcome', 'outcome');
        end if;
        result.handled_at := stamp; result.handled_on := civil_date(stamp); result.handled_by := actor;
        result.outcome := r.outcome;
    end if;
    return result;
end
$$;

create function unlawful_use_report_transition() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('unlawful_use_report_kept_a46_1', 'a report is concluded, never deleted');
    end if;
    if tg_op = 'INSERT' then
        return unlawful_use_report_file(new);
    end if;
    return unlawful_use_report_step(old, new);
end
$$;

create trigger unlawful_use_report_transition before insert or update or delete on unlawful_use_report
    for each row execute function unlawful_use_report_transition();

-- What handlers and lists read: every column but the reporter's account, named only as 匿名举报人.
create view unlawful_use_report_anonymous as
select r.id, r.report_no, '匿名举报人'::text as reporter, r.authority_division, r.subject_institution,
       r.subject_account, r.description, r.state, r.received_at, r.received_on, r.handling_on, r.handling_by,
       r.handling_note, r.handled_on, r.handled_by, r.outcome
  from unlawful_use_report r;

comment on view unlawful_use_report_anonymous is
    'A46.1: reports of unlawful use as handlers and lists read them: the reporter''s identity is protected (匿名举报人).';

-- ---------------------------------------------------------------------------------------------------------------
-- Disputes (A47.1)
-- ---------------------------------------------------------------------------------------------------------------

create type dispute_subject as enum ('sharing', 'opening', 'use');
create type dispute_state as enum ('filed', 'coordinating', 'referred', 'decided');
create type dispute_step as enum ('filed', 'coordinating', 'referred', 'recommended', 'decided');

comment on type dispute_subject is 'A47.1: 争议事项 — 共享, 开放, 开发利用.';
comment on type dispute_state is 'A47.1: 争议状态 — 已提请, 协调中, 已提交专家委员会, 已决定.';
comment on type dispute_step is 'A47.1: 办理环节 — 提请, 协调, 提交专家委员会, 专家建议, 决定.';

create table dispute (
    id uuid primary key default gen_random_uuid(),
    dispute_no bigint generated always as identity unique,
    subject dispute_subject not null,
    description text not null,
    party_institutions text[] not null default '{}',
    party_accounts uuid[] not null default '{}',
    filed_by uuid not null references account (id),
    authority_division char(6) not null constraint dispute_division_exists_a47_1 references division (code),
    state dispute_state not null default 'filed',
    filed_at timestamptz not null,
    filed_on date not null,
    coordinating_on date,
    coordinated_by uuid references account (id),
    coordination_note text,
    referred_on date,
    referred_by uuid references account (id),
    referral_question text,
    recommended_on date,
    recommended_by uuid references account (id),
    recommendation text,
    decided_on date,
    decided_by uuid references account (id),
    decision text,
    constraint dispute_description_a47_1 check (btrim(description) <> ''),
    constraint dispute_parties_a47_1 check (cardinality(party_institutions) + cardinality(party_accounts) >= 2),
    constraint dispute_referral_question_a47_1 check ((referred_on is null) = is_blank(referral_question)),
    constraint dispute_recommendation_a47_1 check ((recommended_on is null) = is_blank(recommendation)),
    constraint dispute_decision_a47_1 check ((state = 'decided') = not is_blank(decision))
);

comment on table dispute is
    'A47.1: a dispute (争议) over sharing, opening or use between two or more parties — institutions (party_institutions) '
    'and/or data user accounts (party_accounts) — brought by one of them to the public data authority of '
    'authority_division for coordination; possibly referred to the expert committee, whose recommendation is '
    'recorded; closed with the authority''s decision.';
comment on column dispute.party_institutions is 'The institutions party to the dispute (credit codes).';
comment on column dispute.party_accounts is 'The data user accounts party to the dispute.';
comment on column dispute.authority_division is
    'The division whose public data authority coordinates: the one the filer chose, else the filing clerk''s.';

create index dispute_division_idx on dispute (authority_division, state);
create index dispute_institutions_idx on dispute using gin (party_institutions);
create index dispute_accounts_idx on dispute using gin (party_accounts);

-- Filing: the dispute's own fields, then the parties, then the filer and the authority; the database stamps the day.
create function dispute_file(d dispute) returns dispute
    language plpgsql
as $$
declare
    stamp timestamptz := supervision_now();
    filer account%rowtype;
begin
    if d.state <> 'filed' then
        perform rule_refuse('dispute_transition_a47_1', 'a dispute is filed as filed', 'state');
    end if;
    if is_blank(d.description) then
        perform rule_refuse('dispute_description_a47_1', 'a dispute describes what is in dispute', 'description');
    end if;
    d.party_institutions := coalesce(d.party_institutions, '{}');
    d.party_accounts := coalesce(d.party_accounts, '{}');
    if cardinality(d.party_institutions) + cardinality(d.party_accounts) < 2
       or cardinality(d.party_institutions) <> (select count(distinct p) from unnest(d.party_institutions) p)
       or cardinality(d.party_accounts) <> (select count(distinct p) from unnest(d.party_accounts) p) then
        perform rule_refuse('dispute_parties_a47_1', 'a dispute has two or more parties, each named once',
            'parties');
    end if;
    if exists (select 1 from unnest(d.party_institutions) p where p is null or not exists (
                   select 1 from institution i where i.uscc = p))
       or exists (select 1 from unnest(d.party_accounts) p where p is null or not exists (
                   select 1 from account a where a.id = p and a.role = 'data_user')) then
        perform rule_refuse('dispute_party_exists_a47_1',
            'each party is a registered institution or a data user account', 'parties');
    end if;
    select * into filer from account where id = d.filed_by and revoked_at is null;
    if not found or not ((filer.role = 'clerk' and filer.institution_uscc = any (d.party_institutions))
                         or (filer.role = 'data_user' and filer.id = any (d.party_accounts))) then
        perform rule_refuse('dispute_filed_by_party_a47_1',
            'a dispute is brought by a party: a clerk of a party institution or a party data user', 'filed_by');
    end if;
    d.authority_division := coalesce(d.authority_division,
                                     (select division_code from institution where uscc = filer.institution_uscc));
    if d.authority_division is null or not exists (
        select 1 from institution where division_code = d.authority_division and kind = 'public_data_authority') then
        perform rule_refuse('dispute_division_a47_1',
            'a dispute is brought to the public data authority of a division', 'division');
    end if;
    d.filed_at := stamp;
    d.filed_on := civil_date(stamp);
    d.coordinating_on := null; d.coordinated_by := null; d.coordination_note := null;
    d.referred_on := null; d.referred_by := null; d.referral_question := null;
    d.recommended_on := null; d.recommended_by := null; d.recommendation := null;
    d.decided_on := null; d.decided_by := null; d.decision := null;
    return d;
end
$$;

create function dispute_may_go(from_state dispute_state, to_state dispute_state) returns boolean
    language sql immutable parallel safe
    return (from_state = 'filed' and to_state in ('coordinating', 'decided'))
        or (from_state = 'coordinating' and to_state in ('referred', 'decided'))
        or (from_state = 'referred' and to_state = 'decided');

-- One step: coordinating, referred, decided — or, while referred, the committee's recommendation (the state stays).
create function dispute_step(o dispute, d dispute) returns dispute
    language plpgsql
as $$
declare
    today date := civil_date(supervision_now());
    actor uuid := nullif(current_setting('registry.actor_account', true), '')::uuid;
    result dispute := o;
begin
    if (d.id, d.dispute_no, d.subject, d.description, d.party_institutions, d.party_accounts, d.filed_by,
        d.authority_division, d.filed_at, d.filed_on)
       is distinct from
       (o.id, o.dispute_no, o.subject, o.description, o.party_institutions, o.party_accounts, o.filed_by,
        o.authority_division, o.filed_at, o.filed_on) then
        perform rule_refuse('dispute_terms_fixed_a47_1',
            'what a dispute is about, its parties, its filer and its authority do not change');
    end if;
    if d.state = o.state then
        -- The one step that keeps the state: the committee's recommendation on a referred dispute, once.
        if o.state <> 'referred' or o.recommendation is not null or d.recommendation is null then
            perform rule_refuse('dispute_transition_a47_1',
                format('a dispute cannot go from %s to %s', o.state, d.state), 'state');
        end if;
        if is_blank(d.recommendation) then
            perform rule_refuse('dispute_recommendation_a47_1',
                'the expert committee''s recommendation is stated', 'recommendation');
        end if;
        result.recommended_by := coalesce(d.recommended_by, actor);
        if not exists (select 1 from account where id = result.recommended_by and role = 'committee' and revoked_at is null) then
            perform rule_refuse('dispute_recommendation_by_committee_a47_1',
                'a recommendation is recorded by an account of the expert committee', 'recommended_by');
        end if;
        result.recommendation := d.recommendation;
        result.recommended_on := today;
        return result;
    end if;
    if not dispute_may_go(o.state, d.state) then
        perform rule_refuse('dispute_transition_a47_1',
            format('a dispute cannot go from %s to %s', o.state, d.state), 'state');
    end if;
    result.state := d.state;
    case d.state
        when 'coordinating' then
            result.coordinating_on := today; result.coordinated_by := actor;
            result.coordination_note := d.coordination_note;
        when 'referred' then
            if is_blank(d.referral_question) then
                perform rule_refuse('dispute_referral_question_a47_1',
                    'a referral states the question put to the expert committee', 'referral_question');
            end if;
            result.referred_on := today; result.referred_by := actor; result.referral_question := d.referral_question;
        when 'decided' then
            if is_blank(d.decision) then
                perform rule_refuse('dispute_decision_a47_1', 'a dispute is closed with the decision', 'decision');
            end if;
            if o.state = 'referred' and o.recommendation is null then
                perform rule_refuse('dispute_recommendation_before_decision_a47_1',
                    'a referred dispute is decided after the expert committee''s recommendation', 'recommendation');
            end if;
            result.decided_on := today; result.decided_by := actor; result.decision := d.decision;
    end case;
    return result;
end
$$;

create function dispute_transition() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('dispute_kept_a47_1', 'a dispute is decided, never deleted');
    end if;
    if tg_op = 'INSERT' then
        return dispute_file(new);
    end if;
    return dispute_step(old, new);
end
$$;

create trigger dispute_transition before insert or update or delete on dispute
    for each row execute function dispute_transition();

-- The parties of each dispute, one row each: an institution with its name, or a data user by name and masked
-- identity only (A13.1).
create view dispute_party as
select d.id as dispute_id, 'institution'::text as kind, p.ordinality as position, p.uscc as institution_uscc,
       i.name as institution_name, null::uuid as account_id
  from dispute d
 cross join lateral unnest(d.party_institutions) with ordinality as p(uscc, ordinality)
  join institution i on i.uscc = p.uscc
union all
select d.id, 'data_user', p.ordinality, null, null, p.account_id
  from dispute d
 cross join lateral unnest(d.party_accounts) with ordinality as p(account_id, ordinality);

comment on view dispute_party is 'A47.1: the parties of each dispute — institutions, then data user accounts.';

-- ---------------------------------------------------------------------------------------------------------------
-- History of disputes (A47.1; A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create table dispute_event (
    id bigint generated always as identity primary key,
    dispute_id uuid not null references dispute (id),
    step dispute_step not null,
    state dispute_state not null,
    at timestamptz not null,
    on_date date not null,
    note text,
    actor_account uuid,
    actor_role text,
    actor_institution text,
    http_request_id text
);

comment on table dispute_event is
    'A47.1: every step of a dispute — filed, coordinating, referred, recommended, decided — when, with its note '
    '(coordination note, referral question, recommendation, decision) and who acted; written by the trigger only.';

create index dispute_event_dispute_idx on dispute_event (dispute_id, id);

create function dispute_event_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op <> 'INSERT' or pg_trigger_depth() < 2 then
        perform rule_refuse('dispute_event_written_by_trigger_a47_1',
            'the history of disputes is written by the registry itself and never edited');
    end if;
    return new;
end
$$;

create trigger dispute_event_guard before insert or update or delete on dispute_event
    for each row execute function dispute_event_guard();

create function dispute_record_event() returns trigger
    language plpgsql
as $$
declare
    stamp timestamptz := supervision_now();
    entered dispute_step;
begin
    entered := case
                   when tg_op = 'INSERT' then 'filed'
                   when new.state = old.state then 'recommended'
                   else new.state::text::dispute_step
               end;
    insert into dispute_event (dispute_id, step, state, at, on_date, note, actor_account, actor_role, actor_institution,
                               http_request_id)
    values (new.id, entered, new.state, stamp, civil_date(stamp),
            case entered
                when 'coordinating' then new.coordination_note
                when 'referred' then new.referral_question
                when 'recommended' then new.recommendation
                when 'decided' then new.decision
            end,
            nullif(current_setting('registry.actor_account', true), '')::uuid,
            nullif(current_setting('registry.actor_role', true), ''),
            nullif(current_setting('registry.actor_institution', true), ''),
            nullif(current_setting('registry.request_id', true), ''));
    return null;
end
$$;

create trigger dispute_record_event after insert or update on dispute
    for each row execute function dispute_record_event();

-- ---------------------------------------------------------------------------------------------------------------
-- Audit (A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create trigger error_report_policy_audit after insert or update or delete on error_report_policy
    for each row execute function audit_row_change('year');
create trigger error_report_policy_no_truncate before truncate on error_report_policy
    for each statement execute function refuse_truncate();
create trigger error_report_audit after insert or update or delete on error_report
    for each row execute function audit_row_change('id');
create trigger error_report_no_truncate before truncate on error_report
    for each statement execute function refuse_truncate();
create trigger error_report_notice_audit after insert or update or delete on error_report_notice
    for each row execute function audit_row_change('id');
create trigger error_report_notice_no_truncate before truncate on error_report_notice
    for each statement execute function refuse_truncate();
-- The reporter of unlawful use is redacted in every audit row of the report (A46.1).
create trigger unlawful_use_report_audit after insert or update or delete on unlawful_use_report
    for each row execute function audit_row_change('id', 'reporter_account');
create trigger unlawful_use_report_no_truncate before truncate on unlawful_use_report
    for each statement execute function refuse_truncate();
create trigger dispute_audit after insert or update or delete on dispute
    for each row execute function audit_row_change('id');
create trigger dispute_no_truncate before truncate on dispute
    for each statement execute function refuse_truncate();
create trigger dispute_event_audit after insert or update or delete on dispute_event
    for each row execute function audit_row_change('id');
create trigger dispute_event_no_truncate before truncate on dispute_event
    for each statement execute function refuse_truncate();
