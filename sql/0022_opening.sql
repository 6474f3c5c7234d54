-- 0022_opening.sql — opening to the public: objections that suspend an opening at once (A28.3), the open catalog
-- (A28.1) and conditional open applications (A28.2).
--
-- open_objection    异议: a data user claims that open data harms its privacy, personal information or trade secret,
--                   with evidence; on receipt the item's opening is suspended (立即中止开放) in the same transaction,
--                   because the item's opening state is computed from the objections; the providing institution
--                   verifies and withdraws the data (撤回), restores the opening (恢复开放) or processes it first
--                   (依法处理后开放), and records its feedback to the complainant
-- open_catalog      the items served as open: published, open unconditionally or conditionally, and neither suspended
--                   nor withdrawn (A28.1)
-- open_application  an application of a data user for a conditionally open item (A28.2): scenario, data scope,
--                   delivery method, time limit and security measures; approved with use and scope, or refused with
--                   reason and legal basis
--
-- The invariant "a suspended item is never served as open" holds by construction: item_opening_state() reads the
-- objections, the open catalog reads it, and an application is neither filed nor approved for an item not open.
-- Applicants and complainants are data user accounts; their citizen numbers are kept by data_user as a digest and a
-- masked form only (A13.1).

create type objection_harm as enum ('privacy', 'personal_information', 'trade_secret');
create type objection_state as enum ('received', 'processing', 'withdrawn', 'restored', 'reopened');
create type opening_state as enum ('open', 'suspended', 'withdrawn', 'not_open');

comment on type objection_harm is 'A28.3: 侵害的权益 — 隐私, 个人信息, 商业秘密.';
comment on type objection_state is
    'A28.3: 异议状态 — 已受理(中止开放), 处理中(依法处理后开放), 已撤回数据, 已恢复开放, 已处理后开放.';
comment on type opening_state is 'A28.1 / A28.3: 开放状态 — 开放中, 中止开放, 已撤回, 非开放.';

create table open_objection (
    id uuid primary key default gen_random_uuid(),
    objection_no bigint generated always as identity unique,
    item_id uuid not null constraint open_objection_item_exists_a28_3 references catalog_item (id),
    institution_uscc uscc not null references institution (uscc),
    complainant_account uuid not null references account (id),
    harm objection_harm not null,
    description text not null,
    evidence text not null,
    state objection_state not null default 'received',
    received_at timestamptz not null,
    received_on date not null,
    decided_at timestamptz,
    decided_on date,
    decided_by uuid references account (id),
    verification_note text,
    feedback text,
    reopened_at timestamptz,
    reopened_on date,
    reopen_feedback text,
    constraint open_objection_description_a28_3 check (btrim(description) <> ''),
    constraint open_objection_evidence_a28_3 check (btrim(evidence) <> ''),
    constraint open_objection_decision_recorded_a28_3 check (
        (state = 'received') = (decided_at is null)
        and (state = 'received' or (not is_blank(verification_note) and not is_blank(feedback)))),
    constraint open_objection_reopening_recorded_a28_3 check ((state = 'reopened') = (reopened_at is not null)
        and (state <> 'reopened' or not is_blank(reopen_feedback)))
);

comment on table open_objection is
    'A28.3: an objection of a data user to an open item (harm claimed, description, evidence); the item''s opening is '
    'suspended from receipt until the providing institution decides: withdrawn, restored, or processing then reopened; '
    'the verification and the feedback to the complainant are recorded.';

create index open_objection_item_idx on open_objection (item_id, state);
create index open_objection_institution_idx on open_objection (institution_uscc, state);

-- A28.1 / A28.3: the opening state of an item today — suspended while an objection is being verified or its data
-- processed; withdrawn after an objection withdrew it, until a later catalog revision decides its open type anew;
-- otherwise open or not by its published open type.
create function item_opening_state(p_item uuid) returns opening_state
    language sql stable
    return (
        select case
                   when p.id is null or p.open_type = 'not_open' then 'not_open'
                   when exists (select 1 from open_objection o where o.item_id = p_item and o.state in ('received', 'processing'))
                       then 'suspended'
                   when exists (select 1 from open_objection o join catalog_version v on v.id = p.version_id
                                 where o.item_id = p_item and o.state = 'withdrawn' and o.decided_at > v.decided_at)
                       then 'withdrawn'
                   else 'open'
               end::opening_state
          from (select 1) one
          left join catalog_item ci on ci.id = p_item
          left join catalog_item_published p on p.id = ci.current_revision_id);

comment on function item_opening_state(uuid) is
    'A28.1 / A28.3: open, suspended (an objection under verification or processing), withdrawn or not open — computed '
    'from the objections and the catalog, never stored.';

create view open_catalog as
select p.item_id, p.code as item_code, p.name as item_name, p.description, p.institution_uscc::text as institution_uscc,
       ins.name as institution_name, p.division_code, p.open_type, p.open_conditions, p.update_frequency, p.data_items
  from catalog_item_published p
  join institution ins on ins.uscc = p.institution_uscc
 where p.open_type <> 'not_open'
   and not exists (select 1 from open_objection o where o.item_id = p.item_id and o.state in ('received', 'processing'))
   and not exists (select 1 from open_objection o join catalog_version v on v.id = p.version_id
                    where o.item_id = p.item_id and o.state = 'withdrawn' and o.decided_at > v.decided_at);

comment on view open_catalog is
    'A28.1: 开放目录 — published items open unconditionally or conditionally, never one suspended or withdrawn (A28.3).';

-- An objection: filed by a data user on an open item; decided once by withdraw, restore or process; a processed item
-- reopens once. The database stamps the institution and the days.
create function open_objection_transition() returns trigger
    language plpgsql
as $$
declare
    stamp timestamptz := now();
    actor uuid := nullif(current_setting('registry.actor_account', true), '')::uuid;
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('open_objection_kept_a28_3', 'an objection is decided, never deleted');
    end if;
    if tg_op = 'INSERT' then
        if is_blank(new.description) then
            perform rule_refuse('open_objection_description_a28_3', 'an objection describes the harm', 'description');
        end if;
        if is_blank(new.evidence) then
            perform rule_refuse('open_objection_evidence_a28_3', 'an objection comes with its evidence', 'evidence');
        end if;
        if not exists (select 1 from account where id = new.complainant_account and role = 'data_user' and revoked_at is null) then
            perform rule_refuse('open_objection_by_data_user_a28_3', 'an objection is filed by a data user', 'complainant');
        end if;
        if item_opening_state(new.item_id) not in ('open', 'suspended') then
            perform rule_refuse('open_objection_item_open_a28_3', 'an objection concerns an item that is open', 'item_id');
        end if;
        new.institution_uscc := (select c.institution_uscc from catalog_item i join catalog c on c.id = i.catalog_id
                                  where i.id = new.item_id);
        new.state := 'received';
        new.received_at := stamp; new.received_on := civil_date(stamp);
        new.decided_at := null; new.decided_on := null; new.decided_by := null; new.verification_note := null;
        new.feedback := null; new.reopened_at := null; new.reopened_on := null; new.reopen_feedback := null;
        return new;
    end if;
    if (new.item_id, new.institution_uscc, new.complainant_account, new.harm, new.description, new.evidence,
        new.received_at, new.received_on) is distinct from
       (old.item_id, old.institution_uscc, old.complainant_account, old.harm, old.description, old.evidence,
        old.received_at, old.received_on) then
        perform rule_refuse('open_objection_terms_fixed_a28_3', 'what an objection claims does not change');
    end if;
    if old.state = 'received' and new.state in ('processing', 'withdrawn', 'restored') then
        if is_blank(new.verification_note) then
            perform rule_refuse('open_objection_decision_recorded_a28_3', 'a decision records the verification', 'verification_note');
        end if;
        if is_blank(new.feedback) then
            perform rule_refuse('open_objection_decision_recorded_a28_3', 'a decision records the feedback to the complainant', 'feedback');
        end if;
        new.decided_at := stamp; new.decided_on := civil_date(stamp); new.decided_by := actor;
    elsif old.state = 'processing' and new.state = 'reopened' then
        if is_blank(new.reopen_feedback) then
            perform rule_refuse('open_objection_reopening_recorded_a28_3',
                'reopening after processing records the feedback to the complainant', 'feedback');
        end if;
        new.reopened_at := stamp; new.reopened_on := civil_date(stamp);
        new.decided_at := old.decided_at; new.decided_on := old.decided_on; new.decided_by := old.decided_by;
        new.verification_note := old.verification_note; new.feedback := old.feedback;
    else
        perform rule_refuse('open_objection_transition_a28_3',
            format('an objection cannot go from %s to %s', old.state, new.state), 'state');
    end if;
    return new;
end
$$;

create trigger open_objection_transition before insert or update or delete on open_objection
    for each row execute function open_objection_transition();

-- ---------------------------------------------------------------------------------------------------------------
-- Conditional open applications (A28.2)
-- ---------------------------------------------------------------------------------------------------------------

create type open_application_state as enum ('submitted', 'approved', 'refused', 'withdrawn');

comment on type open_application_state is 'A28.2: 开放申请状态 — 已提交, 已同意, 已拒绝, 已撤回.';

create table open_application (
    id uuid primary key default gen_random_uuid(),
    application_no bigint generated always as identity unique,
    item_id uuid not null constraint open_application_item_exists_a28_2 references catalog_item (id),
    revision_id bigint not null references catalog_item_revision (id),
    institution_uscc uscc not null references institution (uscc),
    applicant_account uuid not null references account (id),
    scenario text not null,
    data_scope text not null,
    delivery_method text not null,
    time_limit date not null,
    security_measures text not null,
    state open_application_state not null default 'submitted',
    received_at timestamptz not null,
    received_on date not null,
    replied_at timestamptz,
    replied_on date,
    replied_by uuid references account (id),
    approved_use text,
    approved_scope text,
    refusal_reason text,
    refusal_legal_basis text,
    withdrawn_at timestamptz,
    constraint open_application_scenario_a28_2 check (btrim(scenario) <> ''),
    constraint open_application_data_scope_a28_2 check (btrim(data_scope) <> ''),
    constraint open_application_delivery_method_a28_2 check (btrim(delivery_method) <> ''),
    constraint open_application_time_limit_a28_2 check (time_limit >= received_on),
    constraint open_application_security_measures_a28_2 check (btrim(security_measures) <> ''),
    constraint open_application_approval_states_use_and_scope_a28_2 check (
        state <> 'approved' or (not is_blank(approved_use) and not is_blank(approved_scope))),
    constraint open_application_refusal_reason_a28_2 check (state <> 'refused' or not is_blank(refusal_reason)),
    constraint open_application_refusal_legal_basis_a28_2 check (state <> 'refused' or not is_blank(refusal_legal_basis))
);

comment on table open_application is
    'A28.2: an application of a data user for a conditionally open item: 应用场景, 数据需求范围, 数据提供方式, '
    '数据使用时限, 安全保障措施; approved with 用途和使用范围 or refused with reason and legal basis.';

create index open_application_applicant_idx on open_application (applicant_account, state);
create index open_application_institution_idx on open_application (institution_uscc, state);

-- Filing and answering an application: its fields in the order the Swift store checks them; never for an item that is
-- not conditionally open today (suspended or withdrawn items included), never for a suspended data user (A50.1).
create function open_application_transition() returns trigger
    language plpgsql
as $$
declare
    stamp timestamptz := now();
    today date := civil_date(now());
    published catalog_item_published%rowtype;
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('open_application_kept_a28_2', 'an application is withdrawn, never deleted');
    end if;
    if tg_op = 'INSERT' then
        if is_blank(new.scenario) then
            perform rule_refuse('open_application_scenario_a28_2', 'an application states its scenario', 'scenario');
        end if;
        if is_blank(new.data_scope) then
            perform rule_refuse('open_application_data_scope_a28_2', 'an application states its data scope', 'data_scope');
        end if;
        if is_blank(new.delivery_method) then
            perform rule_refuse('open_application_delivery_method_a28_2', 'an application states how the data is provided', 'delivery_method');
        end if;
        if new.time_limit is null or new.time_limit < today then
            perform rule_refuse('open_application_time_limit_a28_2', 'an application states a time limit not before today', 'time_limit');
        end if;
        if is_blank(new.security_measures) then
            perform rule_refuse('open_application_security_measures_a28_2', 'an application states its security measures', 'security_measures');
        end if;
        if not exists (select 1 from account where id = new.applicant_account and role = 'data_user' and revoked_at is null) then
            perform rule_refuse('open_application_by_data_user_a28_2', 'an application is filed by a data user', 'applicant');
        end if;
        if access_suspension_in_force(new.applicant_account, null, new.item_id, today) is not null then
            perform rule_refuse('open_application_applicant_suspended_a50_1',
                'access of the applicant to this data is suspended', 'applicant');
        end if;
        select * into published from catalog_item_published p
         where p.id = (select current_revision_id from catalog_item where id = new.item_id);
        if not found or published.open_type <> 'conditional' or item_opening_state(new.item_id) <> 'open' then
            perform rule_refuse('open_application_item_conditionally_open_a28_2',
                'applications are for items open on conditions and not suspended', 'item_id');
        end if;
        new.revision_id := published.id;
        new.institution_uscc := published.institution_uscc;
        new.state := 'submitted';
        new.received_at := stamp; new.received_on := today;
        new.replied_at := null; new.replied_on := null; new.replied_by := null; new.approved_use := null;
        new.approved_scope := null; new.refusal_reason := null; new.refusal_legal_basis := null; new.withdrawn_at := null;
        return new;
    end if;
    if (new.item_id, new.revision_id, new.institution_uscc, new.applicant_account, new.scenario, new.data_scope,
        new.delivery_method, new.time_limit, new.security_measures, new.received_at, new.received_on) is distinct from
       (old.item_id, old.revision_id, old.institution_uscc, old.applicant_account, old.scenario, old.data_scope,
        old.delivery_method, old.time_limit, old.security_measures, old.received_at, old.received_on) then
        perform rule_refuse('open_application_terms_fixed_a28_2', 'what an application asks does not change');
    end if;
    if old.state <> 'submitted' or new.state not in ('approved', 'refused', 'withdrawn') then
        perform rule_refuse('open_application_transition_a28_2',
            format('an application cannot go from %s to %s', old.state, new.state), 'state');
    end if;
    if new.state = 'approved' then
        if is_blank(new.approved_use) or is_blank(new.approved_scope) then
            perform rule_refuse('open_application_approval_states_use_and_scope_a28_2',
                'an approval states the use and the scope of the data', case when is_blank(new.approved_use) then 'approved_use' else 'approved_scope' end);
        end if;
        if item_opening_state(old.item_id) <> 'open' then
            perform rule_refuse('open_application_item_conditionally_open_a28_2',
                'the item''s opening is suspended or withdrawn: nothing is opened', 'item_id');
        end if;
        if access_suspension_in_force(old.applicant_account, null, old.item_id, today) is not null then
            perform rule_refuse('open_application_applicant_suspended_a50_1',
                'access of the applicant to this data is suspended', 'applicant');
        end if;
    elsif new.state = 'refused' then
        if is_blank(new.refusal_reason) then
            perform rule_refuse('open_application_refusal_reason_a28_2', 'a refusal states its reason', 'refusal_reason');
        end if;
        if is_blank(new.refusal_legal_basis) then
            perform rule_refuse('open_application_refusal_legal_basis_a28_2', 'a refusal states its legal basis', 'refusal_legal_basis');
        end if;
    end if;
    if new.state = 'withdrawn' then
        new.withdrawn_at := stamp;
    else
        new.replied_at := stamp; new.replied_on := today;
        new.replied_by := nullif(current_setting('registry.actor_account', true), '')::uuid;
    end if;
    if new.state <> 'approved' then new.approved_use := null; new.approved_scope := null; end if;
    if new.state <> 'refused' then new.refusal_reason := null; new.refusal_legal_basis := null; end if;
    return new;
end
$$;

create trigger open_application_transition before insert or update or delete on open_application
    for each row execute function open_application_transition();

-- ---------------------------------------------------------------------------------------------------------------
-- Audit (A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create trigger open_objection_audit after insert or update or delete on open_objection
    for each row execute function audit_row_change('id');
create trigger open_objection_no_truncate before truncate on open_objection
    for each statement execute function refuse_truncate();
create trigger open_application_audit after insert or update or delete on open_application
    for each row execute function audit_row_change('id');
create trigger open_application_no_truncate before truncate on open_application
    for each statement execute function refuse_truncate();
