-- 0017_share_requests.sql — share requests between institutions (A20.2, A23.1–A23.4) and suspended access (A50.1).
--
-- share_request        a request for a published catalog item: who asks, for what scenario, which data items, how,
--                      until when; its state and every due date, stamped by the database (W.1)
-- share_request_event  the history of each request: every transition with its actor, time, due date and note —
--                      written by the trigger only
-- access_suspension    A50.1: a data user account or an institution whose access to public data is suspended; a
--                      suspended requester cannot file a request
--
-- State machine (share_request_transition):
--     submitted → approved | refused | withdrawn        (the source's reply, or the requester withdraws)
--     approved  → delivered | withdrawn                 (the source delivers, or the requester withdraws)
-- Unconditional items (A23.1) are granted at once: the request enters `approved` on insert with its data items.
-- Conditional and not-shared items wait for the source's reply: reply due 5 working days after receipt; after
-- approval, delivery due 5 working days after the reply (A23.2). Not-shared items take only verification or
-- comparison requests (A23.3). An approval covers only data items requested (最小授权) and ends at the end date (A23.4).
--
-- Dates are civil dates in Asia/Shanghai taken from share_request_now(), which is now(): the registry's clock for
-- sharing in one place (a test database pins it to walk a request through a holiday).

-- ---------------------------------------------------------------------------------------------------------------
-- Vocabulary
-- ---------------------------------------------------------------------------------------------------------------

create type sharing_mode as enum ('interface', 'table_exchange', 'file');
create type share_request_state as enum ('submitted', 'approved', 'refused', 'delivered', 'withdrawn');
create type share_purpose as enum ('use', 'verification', 'comparison');

comment on type sharing_mode is 'A23.4: 共享模式 — 接口调用, 库表交换, 文件下载.';
comment on type share_request_state is 'A23.2: 申请状态 — 已提交, 已同意, 已拒绝, 已交付, 已撤回.';
comment on type share_purpose is 'A23.3: 申请用途 — 共享使用, 核实, 比对 (不予共享的数据只受理核实、比对).';

-- The registry's clock for share requests (W.1): every stamp and default "today" of this part reads it.
create function share_request_now() returns timestamptz
    language sql stable parallel safe
    return now();

comment on function share_request_now() is
    'W.1: the instant share requests are stamped with (now()); a test database may pin it to a day of its choosing.';

-- ---------------------------------------------------------------------------------------------------------------
-- Suspended access (A50.1)
-- ---------------------------------------------------------------------------------------------------------------

create table access_suspension (
    id uuid primary key default gen_random_uuid(),
    account_id uuid constraint access_suspension_account_exists_a50_1 references account (id),
    institution_uscc uscc constraint access_suspension_institution_exists_a50_1 references institution (uscc),
    item_id uuid constraint access_suspension_item_exists_a50_1 references catalog_item (id),
    suspended_from date not null,
    suspended_until date,
    reason text not null,
    article text not null,
    created_at timestamptz not null default now(),
    constraint access_suspension_one_subject_a50_1 check (num_nonnulls(account_id, institution_uscc) = 1),
    constraint access_suspension_reason_a50_1 check (btrim(reason) <> '' and btrim(article) <> ''),
    constraint access_suspension_period_a50_1 check (suspended_until is null or suspended_until >= suspended_from)
);

comment on table access_suspension is
    'A50.1: access to public data suspended (暂时关闭其获取相关公共数据的权限) for a data user account or an institution, '
    'from a day until a day (NULL: until rectified), for all data or one catalog item; the reason and the article.';
comment on column access_suspension.item_id is 'The catalog item concerned; NULL suspends access to all public data.';
comment on column access_suspension.suspended_until is 'Last day of the suspension; NULL until it is lifted after rectification.';

create index access_suspension_account_idx on access_suspension (account_id) where account_id is not null;
create index access_suspension_institution_idx on access_suspension (institution_uscc) where institution_uscc is not null;

-- The suspension in force on `p_day` for this account or institution and item (the earliest recorded), if any.
create function access_suspension_in_force(p_account uuid, p_institution text, p_item uuid, p_day date)
    returns uuid
    language sql stable
    return (
        select s.id from access_suspension s
         where (s.account_id = p_account or s.institution_uscc = p_institution)
           and (s.item_id is null or s.item_id = p_item)
           and s.suspended_from <= p_day and (s.suspended_until is null or p_day <= s.suspended_until)
         order by s.created_at, s.id
         limit 1);

comment on function access_suspension_in_force(uuid, text, uuid, date) is
    'A50.1: the suspension barring this account or institution from this item on this day, if any.';

-- ---------------------------------------------------------------------------------------------------------------
-- Share requests (A20.2, A23.1–A23.4)
-- ---------------------------------------------------------------------------------------------------------------

-- A23.4: a list of data item names: not empty, no blank or NULL name, no name twice.
create function share_request_items_valid(items text[]) returns boolean
    language sql immutable strict parallel safe
    return cardinality(items) > 0
        and array_position(items, null) is null
        and not exists (select 1 from unnest(items) n where btrim(n) = '')
        and cardinality(items) = (select count(distinct n) from unnest(items) n);

create table share_request (
    id uuid primary key default gen_random_uuid(),
    request_no bigint generated always as identity,
    item_id uuid not null constraint share_request_item_exists_a24_1 references catalog_item (id),
    revision_id bigint not null references catalog_item_revision (id),
    source_uscc uscc not null references institution (uscc),
    share_type share_type not null,
    requester_uscc uscc not null constraint share_request_requester_exists_a20_2 references institution (uscc),
    requester_account uuid not null references account (id),
    scenario text not null,
    commitment boolean not null,
    requested_items text[] not null,
    mode sharing_mode not null,
    end_date date not null,
    purpose share_purpose not null default 'use',
    state share_request_state not null default 'submitted',
    received_at timestamptz not null,
    received_on date not null,
    reply_due date not null,
    replied_at timestamptz,
    replied_on date,
    replied_by uuid references account (id),
    approved_items text[],
    refusal_reason text,
    refusal_legal_basis text,
    delivery_due date,
    delivered_at timestamptz,
    delivered_on date,
    delivery_note text,
    withdrawn_at timestamptz,
    withdrawn_on date,
    withdrawal_reason text,
    constraint share_request_no_unique unique (request_no),
    constraint share_request_scenario_a20_2 check (btrim(scenario) <> ''),
    constraint share_request_commitment_a20_2 check (commitment),
    constraint share_request_data_items_a23_4 check (share_request_items_valid(requested_items)),
    constraint share_request_end_date_a23_4 check (end_date >= received_on),
    constraint share_request_minimum_authorisation_a23_4 check (
        (approved_items is null) = (state in ('submitted', 'refused') or (state = 'withdrawn' and replied_on is null))
        and (approved_items is null or (cardinality(approved_items) > 0 and approved_items <@ requested_items))),
    constraint share_request_refusal_needs_reason_a23_2 check (state <> 'refused' or not is_blank(refusal_reason)),
    constraint share_request_refusal_needs_legal_basis_a23_2 check (
        state <> 'refused' or not is_blank(refusal_legal_basis))
);

comment on table share_request is
    'A20.2 / A23.1–A23.4: a request of an institution for a published catalog item: scenario (应用场景), commitment '
    '(承诺真实、合规、安全), data items, sharing mode, end date; state and due dates stamped by the database (W.1). '
    'The demand list (需求清单) of A20.1.';
comment on column share_request.revision_id is 'The published revision of the item the request was filed against.';
comment on column share_request.source_uscc is 'The source institution: the institution whose catalog holds the item; it answers.';
comment on column share_request.share_type is 'The item''s share type when the request was filed (A21.1).';
comment on column share_request.received_on is 'Day of receipt (Asia/Shanghai); it does not count (W.1).';
comment on column share_request.reply_due is 'A23.2: 5 working days after receipt; the day of receipt for unconditional items (A23.1).';
comment on column share_request.delivery_due is 'A23.2: 5 working days after the approval (the day of receipt for unconditional items).';
comment on column share_request.approved_items is 'A23.4: the data items the approval covers, never beyond those requested.';

create index share_request_source_idx on share_request (source_uscc, state);
create index share_request_requester_idx on share_request (requester_uscc, state);
create index share_request_item_idx on share_request (item_id);

-- Raises a refusal of this part: check_violation naming the rule.
create function share_request_refuse(p_constraint text, p_message text, p_column text default null) returns void
    language plpgsql
as $$
begin
    raise exception using errcode = 'check_violation', constraint = p_constraint, message = p_message,
        column = coalesce(p_column, '');
end
$$;

-- Filing: the request's own fields first (in the order the Swift store checks them), then the requester, then the
-- item; the database stamps what it decides: the revision, the source, the dates, and the grant of an
-- unconditional item (A23.1).
create function share_request_file(r share_request) returns share_request
    language plpgsql
as $$
declare
    today date := civil_date(share_request_now());
    published catalog_item_published%rowtype;
    suspension uuid;
begin
    if r.state <> 'submitted' then
        perform share_request_refuse('share_request_transition_a23_2', 'a share request is filed as submitted', 'state');
    end if;
    if is_blank(r.scenario) then
        perform share_request_refuse('share_request_scenario_a20_2', 'a share request states its application scenario', 'scenario');
    end if;
    if r.commitment is distinct from true then
        perform share_request_refuse('share_request_commitment_a20_2',
            'a share request carries the commitment to truthfulness, compliance and security', 'commitment');
    end if;
    if not coalesce(share_request_items_valid(r.requested_items), false) then
        perform share_request_refuse('share_request_data_items_a23_4',
            'a share request names its data items, each once', 'data_items');
    end if;
    if r.end_date < today then
        perform share_request_refuse('share_request_end_date_a23_4', 'the end date cannot be before the day of receipt', 'end_date');
    end if;
    suspension := access_suspension_in_force(r.requester_account, r.requester_uscc, r.item_id, today);
    if suspension is not null then
        perform share_request_refuse('share_request_requester_suspended_a50_1',
            format('access of the requester is suspended (access_suspension %s)', suspension), 'requester');
    end if;
    if not exists (select 1 from account a where a.id = r.requester_account and a.role = 'clerk'
                      and a.institution_uscc = r.requester_uscc and a.revoked_at is null) then
        perform share_request_refuse('share_request_filed_by_requester_clerk_a20_2',
            'a share request is filed by a clerk of the requesting institution', 'requester');
    end if;
    select * into published from catalog_item_published p where p.id = (select current_revision_id from catalog_item where id = r.item_id);
    if not found then
        perform share_request_refuse('share_request_item_published_a24_1',
            'only a published catalog item can be requested; data outside the catalog is requested as a demand (A24.1)', 'item_id');
    end if;
    if exists (select 1 from unnest(r.requested_items) n
                where n not in (select e ->> 'name' from jsonb_array_elements(published.data_items) e)) then
        perform share_request_refuse('share_request_items_in_share_content_a23_4',
            'every requested data item must be in the item''s share content', 'data_items');
    end if;
    if published.share_type = 'not_shared' and r.purpose not in ('verification', 'comparison') then
        perform share_request_refuse('share_request_not_shared_verification_only_a23_3',
            'an item that is not shared takes only verification or comparison requests', 'purpose');
    end if;
    r.revision_id := published.id;
    r.source_uscc := published.institution_uscc;
    r.share_type := published.share_type;
    r.received_at := share_request_now();
    r.received_on := today;
    r.replied_at := null; r.replied_on := null; r.replied_by := null; r.approved_items := null;
    r.refusal_reason := null; r.refusal_legal_basis := null; r.delivery_due := null;
    r.delivered_at := null; r.delivered_on := null; r.delivery_note := null;
    r.withdrawn_at := null; r.withdrawn_on := null; r.withdrawal_reason := null;
    if published.share_type = 'unconditional' then
        r.state := 'approved';
        r.reply_due := today;
        r.replied_at := r.received_at;
        r.replied_on := today;
        r.approved_items := r.requested_items;
        r.delivery_due := add_working_days(today, 5);
    else
        r.reply_due := add_working_days(today, 5);
    end if;
    return r;
end
$$;

-- One step of a request's life: the transition must be allowed; the database stamps its day and due date.
create function share_request_step(o share_request, r share_request) returns share_request
    language plpgsql
as $$
declare
    today date := civil_date(share_request_now());
    actor uuid := nullif(current_setting('registry.actor_account', true), '')::uuid;
begin
    if (r.id, r.request_no, r.item_id, r.revision_id, r.source_uscc, r.share_type, r.requester_uscc, r.requester_account,
        r.scenario, r.commitment, r.requested_items, r.mode, r.end_date, r.purpose, r.received_at, r.received_on, r.reply_due)
       is distinct from
       (o.id, o.request_no, o.item_id, o.revision_id, o.source_uscc, o.share_type, o.requester_uscc, o.requester_account,
        o.scenario, o.commitment, o.requested_items, o.mode, o.end_date, o.purpose, o.received_at, o.received_on, o.reply_due) then
        perform share_request_refuse('share_request_terms_fixed_a23_4',
            'the terms of a share request (item, requester, scenario, data items, mode, end date) do not change');
    end if;
    if not ((o.state = 'submitted' and r.state in ('approved', 'refused', 'withdrawn'))
            or (o.state = 'approved' and r.state in ('delivered', 'withdrawn'))) then
        perform share_request_refuse('share_request_transition_a23_2',
            format('a share request cannot go from %s to %s', o.state, r.state), 'state');
    end if;
    case r.state
        when 'approved' then
            r.approved_items := coalesce(r.approved_items, o.requested_items);
            if cardinality(r.approved_items) = 0 or not r.approved_items <@ o.requested_items then
                perform share_request_refuse('share_request_minimum_authorisation_a23_4',
                    'an approval covers only data items that were requested', 'data_items');
            end if;
            if o.end_date < today then
                perform share_request_refuse('share_request_authorisation_ended_a23_4',
                    'the end date of the request has passed', 'end_date');
            end if;
            r.replied_at := share_request_now(); r.replied_on := today; r.replied_by := actor;
            r.refusal_reason := null; r.refusal_legal_basis := null;
            r.delivery_due := add_working_days(today, 5);
        when 'refused' then
            if is_blank(r.refusal_reason) then
                perform share_request_refuse('share_request_refusal_needs_reason_a23_2',
                    'a refusal states its reason', 'refusal_reason');
            end if;
            if is_blank(r.refusal_legal_basis) then
                perform share_request_refuse('share_request_refusal_needs_legal_basis_a23_2',
                    'a refusal states its legal basis', 'refusal_legal_basis');
            end if;
            r.replied_at := share_request_now(); r.replied_on := today; r.replied_by := actor;
            r.approved_items := null; r.delivery_due := null;
        when 'delivered' then
            if access_suspension_in_force(o.requester_account, o.requester_uscc, o.item_id, today) is not null then
                perform share_request_refuse('share_request_requester_suspended_a50_1',
                    'access of the requester is suspended: nothing is delivered', 'requester');
            end if;
            if o.end_date < today then
                perform share_request_refuse('share_request_authorisation_ended_a23_4',
                    'the end date of the request has passed', 'end_date');
            end if;
            r.delivered_at := share_request_now(); r.delivered_on := today;
        when 'withdrawn' then
            if o.state = 'submitted' then r.approved_items := null; end if;
            r.withdrawn_at := share_request_now(); r.withdrawn_on := today;
    end case;
    -- What an earlier step stamped stays as it was.
    if o.state = 'approved' then
        r.approved_items := o.approved_items; r.replied_at := o.replied_at; r.replied_on := o.replied_on;
        r.replied_by := o.replied_by; r.delivery_due := o.delivery_due;
    end if;
    if r.state <> 'delivered' then r.delivered_at := null; r.delivered_on := null; r.delivery_note := null; end if;
    if r.state <> 'withdrawn' then r.withdrawn_at := null; r.withdrawn_on := null; r.withdrawal_reason := null; end if;
    if r.state <> 'refused' then r.refusal_reason := null; r.refusal_legal_basis := null; end if;
    return r;
end
$$;

create function share_request_transition() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform share_request_refuse('share_request_history_kept_a23_2', 'a share request is withdrawn, never deleted');
    end if;
    if tg_op = 'INSERT' then
        return share_request_file(new);
    end if;
    return share_request_step(old, new);
end
$$;

create trigger share_request_transition before insert or update or delete on share_request
    for each row execute function share_request_transition();

-- ---------------------------------------------------------------------------------------------------------------
-- History (A23.2: the requester follows progress; A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create table share_request_event (
    id bigint generated always as identity primary key,
    request_id uuid not null references share_request (id),
    state share_request_state not null,
    at timestamptz not null,
    on_date date not null,
    due date,
    note text,
    actor_account uuid,
    actor_role text,
    actor_institution text,
    http_request_id text
);

comment on table share_request_event is
    'A23.2: every transition of a share request — the state entered, when, the due date it set, the note (refusal '
    'reason and legal basis, withdrawal reason, delivery note) and who acted; written by the trigger only.';

create index share_request_event_request_idx on share_request_event (request_id, id);

create function share_request_event_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op <> 'INSERT' or pg_trigger_depth() < 2 then
        perform share_request_refuse('share_request_event_written_by_trigger_a23_2',
            'the history of share requests is written by the registry itself and never edited');
    end if;
    return new;
end
$$;

create trigger share_request_event_guard before insert or update or delete on share_request_event
    for each row execute function share_request_event_guard();

create function share_request_record_event() returns trigger
    language plpgsql
as $$
declare
    stamp timestamptz := share_request_now();
begin
    if tg_op = 'UPDATE' and new.state = old.state then
        return null;
    end if;
    if tg_op = 'INSERT' then
        insert into share_request_event (request_id, state, at, on_date, due, actor_account, actor_role, actor_institution,
                                         http_request_id)
        values (new.id, 'submitted', stamp, civil_date(stamp), new.reply_due,
                nullif(current_setting('registry.actor_account', true), '')::uuid,
                nullif(current_setting('registry.actor_role', true), ''),
                nullif(current_setting('registry.actor_institution', true), ''),
                nullif(current_setting('registry.request_id', true), ''));
        if new.state = 'submitted' then
            return null;
        end if;
    end if;
    insert into share_request_event (request_id, state, at, on_date, due, note, actor_account, actor_role,
                                     actor_institution, http_request_id)
    values (new.id, new.state, stamp, civil_date(stamp),
            case new.state when 'approved' then new.delivery_due end,
            case new.state
                when 'approved' then case when tg_op = 'INSERT' then 'unconditional item granted at once (A23.1)' end
                when 'refused' then new.refusal_reason || ' — ' || new.refusal_legal_basis
                when 'delivered' then new.delivery_note
                when 'withdrawn' then new.withdrawal_reason
            end,
            nullif(current_setting('registry.actor_account', true), '')::uuid,
            nullif(current_setting('registry.actor_role', true), ''),
            nullif(current_setting('registry.actor_institution', true), ''),
            nullif(current_setting('registry.request_id', true), ''));
    return null;
end
$$;

create trigger share_request_record_event after insert or update on share_request
    for each row execute function share_request_record_event();

-- ---------------------------------------------------------------------------------------------------------------
-- Due list (A23.2 提醒督办; W.1): computed from the calendar on the day asked, never from stored flags
-- ---------------------------------------------------------------------------------------------------------------

-- The open obligations of an institution (as source: reply or delivery; as requester: following its requests) whose
-- due date falls within `p_within` working days after `p_on`, or has passed. working_days_left is negative when
-- overdue; an obligation is overdue when `p_on` is after its due date (the deadline closes at the end of that day).
create function share_request_due_list(p_institution text, p_on date, p_within int)
    returns table (request_id uuid, request_no bigint, side text, obligation text, due date, working_days_left int,
                   overdue boolean)
    language sql stable
as $$
    select r.id, r.request_no,
           case when r.source_uscc = p_institution then 'source' else 'requester' end,
           o.obligation, o.due, working_days_between(p_on, o.due), p_on > o.due
      from share_request r
     cross join lateral (select case r.state when 'submitted' then 'reply' else 'delivery' end as obligation,
                                case r.state when 'submitted' then r.reply_due else r.delivery_due end as due) o
     where r.state in ('submitted', 'approved')
       and (r.source_uscc = p_institution or r.requester_uscc = p_institution)
       and o.due <= add_working_days(p_on, p_within)
     order by o.due, r.request_no
$$;

comment on function share_request_due_list(text, date, int) is
    'A23.2 / W.1: open replies and deliveries of an institution due within N working days of a day, or overdue.';

-- A23.4: whether a request's authorisation is in force on a day — granted (or delivered) and not past its end date.
-- Computed when asked: an authorisation ends at the close of its end date without anything being written.
create function share_request_authorised(p_state share_request_state, p_end_date date, p_on date) returns boolean
    language sql immutable parallel safe
    return p_state in ('approved', 'delivered') and p_on <= p_end_date;

comment on function share_request_authorised(share_request_state, date, date) is
    'A23.4: whether an authorisation is in force on a day (granted or delivered, end date not passed).';

-- ---------------------------------------------------------------------------------------------------------------
-- Audit (A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create trigger share_request_audit after insert or update or delete on share_request
    for each row execute function audit_row_change('id');
create trigger share_request_no_truncate before truncate on share_request
    for each statement execute function refuse_truncate();
create trigger share_request_event_audit after insert or update or delete on share_request_event
    for each row execute function audit_row_change('id');
create trigger share_request_event_no_truncate before truncate on share_request_event
    for each statement execute function refuse_truncate();
create trigger access_suspension_audit after insert or update or delete on access_suspension
    for each row execute function audit_row_change('id');
create trigger access_suspension_no_truncate before truncate on access_suspension
    for each statement execute function refuse_truncate();
