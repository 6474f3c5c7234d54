-- 0020_share_demands.sql — requests for data not yet in the share catalog (A24.1), routed across divisions (A25.1).
--
-- share_demand        a demand (需求申请) of an institution for data outside the catalog, filed on the platform of its
--                     division: the authority of that division reviews it and names the source department; the source
--                     confirms or refuses; a confirmed demand is on the responsibility list (责任清单) until delivered
-- share_demand_event  the history of each demand: every transition with its actor, day, due date and note — written
--                     by the trigger only
--
-- State machine (share_demand_transition):
--     submitted → forwarded | rejected | withdrawn      (the requester's authority reviews, or the requester withdraws)
--     forwarded → confirmed | refused | withdrawn       (the source replies within 5 working days of receipt)
--     confirmed → delivered | withdrawn                 (delivery within 7 working days of the reply, or on the day the
--                                                        source named when the data needs processing)
-- The source's reply is due 5 working days after the authority forwarded the demand (the day the source received it);
-- a refusal is due by the same day and states reason and legal basis (A24.1). Dates come from share_request_now(),
-- the registry's one clock for sharing.

create type share_demand_state as enum ('submitted', 'forwarded', 'rejected', 'confirmed', 'refused', 'delivered', 'withdrawn');

comment on type share_demand_state is
    'A24.1: 需求申请状态 — 待审核, 已转数源部门, 审核未通过, 已确认(列入责任清单), 数源部门拒绝, 已交付, 已撤回.';

create table share_demand (
    id uuid primary key default gen_random_uuid(),
    demand_no bigint generated always as identity,
    requester_uscc uscc not null constraint share_demand_requester_exists_a24_1 references institution (uscc),
    requester_account uuid not null references account (id),
    authority_division char(6) not null references division (code),
    data_wanted text not null,
    requested_items text[] not null,
    scenario text not null,
    commitment boolean not null,
    mode sharing_mode not null,
    end_date date not null,
    source_uscc uscc constraint share_demand_source_exists_a24_1 references institution (uscc),
    route char(6)[] not null default '{}',
    state share_demand_state not null default 'submitted',
    received_at timestamptz not null,
    received_on date not null,
    reviewed_at timestamptz,
    reviewed_on date,
    reviewed_by uuid references account (id),
    review_note text,
    reply_due date,
    replied_at timestamptz,
    replied_on date,
    replied_by uuid references account (id),
    processing_needed boolean,
    delivery_due date,
    refusal_reason text,
    refusal_legal_basis text,
    delivered_at timestamptz,
    delivered_on date,
    delivery_note text,
    withdrawn_at timestamptz,
    withdrawn_on date,
    withdrawal_reason text,
    constraint share_demand_no_unique unique (demand_no),
    constraint share_demand_data_wanted_a24_1 check (btrim(data_wanted) <> ''),
    constraint share_demand_scenario_a20_2 check (btrim(scenario) <> ''),
    constraint share_demand_commitment_a20_2 check (commitment),
    constraint share_demand_data_items_a23_4 check (share_request_items_valid(requested_items)),
    constraint share_demand_end_date_a23_4 check (end_date >= received_on),
    constraint share_demand_source_named_a24_1 check (state in ('submitted', 'rejected') or source_uscc is not null
                                                      or (state = 'withdrawn' and reviewed_on is null)),
    constraint share_demand_rejection_reason_a24_1 check (state <> 'rejected' or not is_blank(review_note)),
    constraint share_demand_refusal_needs_reason_a24_1 check (state <> 'refused' or not is_blank(refusal_reason)),
    constraint share_demand_refusal_needs_legal_basis_a24_1 check (
        state <> 'refused' or not is_blank(refusal_legal_basis)),
    constraint share_demand_delivery_date_a24_1 check (delivery_due is null or delivery_due >= replied_on)
);

comment on table share_demand is
    'A24.1: a demand of an institution for public data not yet in the share catalog (目录外数据需求): what data, which '
    'data items, scenario, commitment, mode, end date; reviewed by the authority of the requester''s division, which '
    'names the source department; confirmed or refused by the source; state and due dates stamped by the database.';
comment on column share_demand.authority_division is
    'A24.1: the division whose public data authority reviews the demand (本级): the requester''s.';
comment on column share_demand.data_wanted is 'A24.1: the data wanted, in the requester''s words (需求描述).';
comment on column share_demand.source_uscc is
    'A24.1: the source department (数源部门): proposed by the requester, named by the authority when it forwards.';
comment on column share_demand.route is
    'A25.1: the divisions whose authorities the demand passes, requester to source; set when it is forwarded.';
comment on column share_demand.reply_due is 'A24.1: 5 working days after the authority forwarded the demand to the source.';
comment on column share_demand.processing_needed is
    'A24.1: the source confirmed that the data needs processing (加工等处理) and named the day it can be shared.';
comment on column share_demand.delivery_due is
    'A24.1: 7 working days after the reply, or the day the source named when the data needs processing.';

create index share_demand_requester_idx on share_demand (requester_uscc, state);
create index share_demand_source_idx on share_demand (source_uscc, state) where source_uscc is not null;
create index share_demand_authority_idx on share_demand (authority_division, state);

-- Filing: the demand's own fields in the order the Swift store checks them, then the filer; the database stamps the
-- reviewing authority's division and the day of receipt.
create function share_demand_file(d share_demand) returns share_demand
    language plpgsql
as $$
declare
    today date := civil_date(share_request_now());
    suspension uuid;
begin
    if d.state <> 'submitted' then
        perform share_request_refuse('share_demand_transition_a24_1', 'a demand is filed as submitted', 'state');
    end if;
    if is_blank(d.data_wanted) then
        perform share_request_refuse('share_demand_data_wanted_a24_1', 'a demand describes the data wanted', 'data_wanted');
    end if;
    if is_blank(d.scenario) then
        perform share_request_refuse('share_demand_scenario_a20_2', 'a demand states its application scenario', 'scenario');
    end if;
    if d.commitment is distinct from true then
        perform share_request_refuse('share_demand_commitment_a20_2',
            'a demand carries the commitment to truthfulness, compliance and security', 'commitment');
    end if;
    if not coalesce(share_request_items_valid(d.requested_items), false) then
        perform share_request_refuse('share_demand_data_items_a23_4', 'a demand names its data items, each once', 'data_items');
    end if;
    if d.end_date < today then
        perform share_request_refuse('share_demand_end_date_a23_4', 'the end date cannot be before the day of receipt', 'end_date');
    end if;
    suspension := access_suspension_in_force(d.requester_account, d.requester_uscc, null, today);
    if suspension is not null then
        perform share_request_refuse('share_request_requester_suspended_a50_1',
            format('access of the requester is suspended (access_suspension %s)', suspension), 'requester');
    end if;
    if not exists (select 1 from account a where a.id = d.requester_account and a.role = 'clerk'
                      and a.institution_uscc = d.requester_uscc and a.revoked_at is null) then
        perform share_request_refuse('share_demand_filed_by_requester_clerk_a24_1',
            'a demand is filed by a clerk of the requesting institution', 'requester');
    end if;
    d.authority_division := (select division_code from institution where uscc = d.requester_uscc);
    d.route := '{}';
    d.received_at := share_request_now();
    d.received_on := today;
    d.reviewed_at := null; d.reviewed_on := null; d.reviewed_by := null; d.review_note := null; d.reply_due := null;
    d.replied_at := null; d.replied_on := null; d.replied_by := null; d.processing_needed := null; d.delivery_due := null;
    d.refusal_reason := null; d.refusal_legal_basis := null;
    d.delivered_at := null; d.delivered_on := null; d.delivery_note := null;
    d.withdrawn_at := null; d.withdrawn_on := null; d.withdrawal_reason := null;
    return d;
end
$$;

-- The allowed transitions of a demand (A24.1).
create function share_demand_may_go(from_state share_demand_state, to_state share_demand_state) returns boolean
    language sql immutable parallel safe
    return (from_state = 'submitted' and to_state in ('forwarded', 'rejected', 'withdrawn'))
        or (from_state = 'forwarded' and to_state in ('confirmed', 'refused', 'withdrawn'))
        or (from_state = 'confirmed' and to_state in ('delivered', 'withdrawn'));

-- One step of a demand's life: the transition must be allowed; the database stamps its day and due dates. What an
-- earlier step stamped stays as it was.
create function share_demand_step(o share_demand, d share_demand) returns share_demand
    language plpgsql
as $$
declare
    now_at timestamptz := share_request_now();
    today date := civil_date(now_at);
    actor uuid := nullif(current_setting('registry.actor_account', true), '')::uuid;
    result share_demand := o;
begin
    if (d.id, d.demand_no, d.requester_uscc, d.requester_account, d.authority_division, d.data_wanted, d.requested_items,
        d.scenario, d.commitment, d.mode, d.end_date, d.received_at, d.received_on)
       is distinct from
       (o.id, o.demand_no, o.requester_uscc, o.requester_account, o.authority_division, o.data_wanted, o.requested_items,
        o.scenario, o.commitment, o.mode, o.end_date, o.received_at, o.received_on) then
        perform share_request_refuse('share_demand_terms_fixed_a24_1',
            'the terms of a demand (requester, data wanted, data items, scenario, mode, end date) do not change');
    end if;
    if not share_demand_may_go(o.state, d.state) then
        perform share_request_refuse('share_demand_transition_a24_1',
            format('a demand cannot go from %s to %s', o.state, d.state), 'state');
    end if;
    result.state := d.state;
    case d.state
        when 'forwarded' then
            if d.source_uscc is null or not exists (select 1 from institution where uscc = d.source_uscc) then
                perform share_request_refuse('share_demand_source_named_a24_1',
                    'the authority names the source department when it forwards a demand', 'source');
            end if;
            result.source_uscc := d.source_uscc;
            result.route := share_route(o.authority_division, (select division_code from institution where uscc = d.source_uscc));
            result.reviewed_at := now_at; result.reviewed_on := today; result.reviewed_by := actor;
            result.review_note := d.review_note;
            result.reply_due := add_working_days(today, 5);
        when 'rejected' then
            if is_blank(d.review_note) then
                perform share_request_refuse('share_demand_rejection_reason_a24_1',
                    'the authority states why it does not forward a demand', 'review_note');
            end if;
            result.reviewed_at := now_at; result.reviewed_on := today; result.reviewed_by := actor;
            result.review_note := d.review_note;
        when 'confirmed' then
            if d.processing_needed and (d.delivery_due is null or d.delivery_due < today) then
                perform share_request_refuse('share_demand_delivery_date_a24_1',
                    'a source that must process the data names the day it can be shared, not before its reply', 'delivery_date');
            end if;
            result.replied_at := now_at; result.replied_on := today; result.replied_by := actor;
            result.processing_needed := coalesce(d.processing_needed, false);
            result.delivery_due := case when result.processing_needed then d.delivery_due else add_working_days(today, 7) end;
        when 'refused' then
            if is_blank(d.refusal_reason) then
                perform share_request_refuse('share_demand_refusal_needs_reason_a24_1', 'a refusal states its reason', 'refusal_reason');
            end if;
            if is_blank(d.refusal_legal_basis) then
                perform share_request_refuse('share_demand_refusal_needs_legal_basis_a24_1',
                    'a refusal states its legal basis', 'refusal_legal_basis');
            end if;
            result.replied_at := now_at; result.replied_on := today; result.replied_by := actor;
            result.refusal_reason := d.refusal_reason; result.refusal_legal_basis := d.refusal_legal_basis;
        when 'delivered' then
            if access_suspension_in_force(o.requester_account, o.requester_uscc, null, today) is not null then
                perform share_request_refuse('share_request_requester_suspended_a50_1',
                    'access of the requester is suspended: nothing is delivered', 'requester');
            end if;
            result.delivered_at := now_at; result.delivered_on := today; result.delivery_note := d.delivery_note;
        when 'withdrawn' then
            result.withdrawn_at := now_at; result.withdrawn_on := today; result.withdrawal_reason := d.withdrawal_reason;
    end case;
    return result;
end
$$;

create function share_demand_transition() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform share_request_refuse('share_demand_history_kept_a24_1', 'a demand is withdrawn, never deleted');
    end if;
    if tg_op = 'INSERT' then
        return share_demand_file(new);
    end if;
    return share_demand_step(old, new);
end
$$;

create trigger share_demand_transition before insert or update or delete on share_demand
    for each row execute function share_demand_transition();

-- ---------------------------------------------------------------------------------------------------------------
-- History (A24.1; A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create table share_demand_event (
    id bigint generated always as identity primary key,
    demand_id uuid not null references share_demand (id),
    state share_demand_state not null,
    at timestamptz not null,
    on_date date not null,
    due date,
    note text,
    actor_account uuid,
    actor_role text,
    actor_institution text,
    http_request_id text
);

comment on table share_demand_event is
    'A24.1: every transition of a demand — the state entered, when, the due date it set, the note (review note, '
    'refusal reason and legal basis, delivery note, withdrawal reason) and who acted; written by the trigger only.';

create index share_demand_event_demand_idx on share_demand_event (demand_id, id);

create function share_demand_event_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op <> 'INSERT' or pg_trigger_depth() < 2 then
        perform share_request_refuse('share_demand_event_written_by_trigger_a24_1',
            'the history of demands is written by the registry itself and never edited');
    end if;
    return new;
end
$$;

create trigger share_demand_event_guard before insert or update or delete on share_demand_event
    for each row execute function share_demand_event_guard();

create function share_demand_record_event() returns trigger
    language plpgsql
as $$
declare
    stamp timestamptz := share_request_now();
begin
    insert into share_demand_event (demand_id, state, at, on_date, due, note, actor_account, actor_role,
                                    actor_institution, http_request_id)
    values (new.id, new.state, stamp, civil_date(stamp),
            case new.state when 'forwarded' then new.reply_due when 'confirmed' then new.delivery_due end,
            case new.state
                when 'forwarded' then nullif(concat_ws(' — ', '转数源部门 ' || new.source_uscc, new.review_note), '')
                when 'rejected' then new.review_note
                when 'confirmed' then case when new.processing_needed then '需加工处理,告知共享时间 ' || new.delivery_due end
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

create trigger share_demand_record_event after insert or update on share_demand
    for each row execute function share_demand_record_event();

-- ---------------------------------------------------------------------------------------------------------------
-- The lists (A20.1) and the due list (A23.2, A24.1 提醒督办) with demands beside requests
-- ---------------------------------------------------------------------------------------------------------------

drop view share_demand_list;

create view share_demand_list as
select '目录内申请'::text as kind, r.request_no, r.requester_uscc::text as institution_uscc, rq.name as institution_name,
       rq.division_code, r.source_uscc::text as source_uscc, src.name as source_name, i.code as item_code,
       rev.name as item_name, r.scenario, array_to_string(r.requested_items, '、') as data_items, r.mode, r.purpose,
       r.state::text as state, r.received_on, r.reply_due, r.end_date, array_to_string(r.route, ' → ') as route
  from share_request r
  join institution rq on rq.uscc = r.requester_uscc
  join institution src on src.uscc = r.source_uscc
  join catalog_item i on i.id = r.item_id
  join catalog_item_revision rev on rev.id = r.revision_id
union all
select '目录外需求', d.demand_no, d.requester_uscc::text, rq.name, rq.division_code, d.source_uscc::text, src.name, null,
       d.data_wanted, d.scenario, array_to_string(d.requested_items, '、'), d.mode, 'use', d.state::text, d.received_on,
       d.reply_due, d.end_date, array_to_string(d.route, ' → ')
  from share_demand d
  join institution rq on rq.uscc = d.requester_uscc
  left join institution src on src.uscc = d.source_uscc;

comment on view share_demand_list is
    'A20.1 需求清单: every share request and every demand for data outside the catalog (A24.1), by the requesting institution.';

drop view share_responsibility_list;

create view share_responsibility_list as
select '目录内申请'::text as kind, r.request_no, r.source_uscc::text as institution_uscc, src.name as institution_name,
       src.division_code, r.requester_uscc::text as requester_uscc, rq.name as requester_name, i.code as item_code,
       rev.name as item_name, array_to_string(r.approved_items, '、') as data_items, r.mode, r.state::text as state,
       r.replied_on, r.delivery_due, r.delivered_on, r.end_date
  from share_request r
  join institution rq on rq.uscc = r.requester_uscc
  join institution src on src.uscc = r.source_uscc
  join catalog_item i on i.id = r.item_id
  join catalog_item_revision rev on rev.id = r.revision_id
 where r.state in ('approved', 'delivered')
union all
select '目录外需求', d.demand_no, d.source_uscc::text, src.name, src.division_code, d.requester_uscc::text, rq.name, null,
       d.data_wanted, array_to_string(d.requested_items, '、'), d.mode, d.state::text, d.replied_on, d.delivery_due,
       d.delivered_on, d.end_date
  from share_demand d
  join institution rq on rq.uscc = d.requester_uscc
  join institution src on src.uscc = d.source_uscc
 where d.state in ('confirmed', 'delivered');

comment on view share_responsibility_list is
    'A20.1 责任清单: the obligations sources accepted — approved or delivered requests and confirmed demands (A24.1).';

drop function share_request_due_list(text, date, int);

-- The open obligations of an institution (as source: reply or delivery; as requester: following its own) whose due
-- date falls within `p_within` working days after `p_on`, or has passed; for requests (A23.2) and demands (A24.1).
-- working_days_left is negative when overdue; an obligation is overdue when `p_on` is after its due date.
create function sharing_due_list(p_institution text, p_on date, p_within int)
    returns table (kind text, id uuid, number bigint, side text, obligation text, due date, working_days_left int,
                   overdue boolean)
    language sql stable
as $$
    with open_obligation as (
        select 'request' as kind, r.id, r.request_no as number, r.source_uscc::text as source, r.requester_uscc::text as requester,
               case r.state when 'submitted' then 'reply' else 'delivery' end as obligation,
               case r.state when 'submitted' then r.reply_due else r.delivery_due end as due
          from share_request r
         where r.state in ('submitted', 'approved')
           and (r.source_uscc = p_institution or r.requester_uscc = p_institution)
        union all
        select 'demand', d.id, d.demand_no, d.source_uscc::text, d.requester_uscc::text,
               case d.state when 'forwarded' then 'reply' else 'delivery' end,
               case d.state when 'forwarded' then d.reply_due else d.delivery_due end
          from share_demand d
         where d.state in ('forwarded', 'confirmed')
           and (d.source_uscc = p_institution or d.requester_uscc = p_institution))
    select kind, id, number, case when source = p_institution then 'source' else 'requester' end, obligation, due,
           working_days_between(p_on, due), p_on > due
      from open_obligation
     where due <= add_working_days(p_on, p_within)
     order by due, kind desc, number
$$;

comment on function sharing_due_list(text, date, int) is
    'A23.2 / A24.1 / W.1: open replies and deliveries of an institution due within N working days of a day, or overdue.';

-- ---------------------------------------------------------------------------------------------------------------
-- Audit (A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create trigger share_demand_audit after insert or update or delete on share_demand
    for each row execute function audit_row_change('id');
create trigger share_demand_no_truncate before truncate on share_demand
    for each statement execute function refuse_truncate();
create trigger share_demand_event_audit after insert or update or delete on share_demand_event
    for each row execute function audit_row_change('id');
create trigger share_demand_event_no_truncate before truncate on share_demand_event
    for each statement execute function refuse_truncate();
