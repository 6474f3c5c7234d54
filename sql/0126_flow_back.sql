-- 0126_flow_back.sql — flow-back (回流): a league/city platform asks the region platform for data, on demand (A19.1).
--
-- A flow-back is a share request (0017) of kind `flow_back`: the same filing, state machine, working-day clocks
-- (reply due 5 working days after receipt, delivery 5 working days after the approval, W.1–W.3), minimum
-- authorisation (the data items requested are stated, and an approval covers no others, A23.4), history, reminders
-- and route (A25.1) — with the rules of 第十九条 on top:
--
-- share_request_kind          share 共享申请 | flow_back 数据回流申请
-- share_request.kind          fixed when filed (share_request_kind_kept, which runs before the state machine)
-- share_request_flow_back()   trigger: a flow-back is asked by the public data authority (its platform) of a league or
--                             city, for a published item of the region's catalog; the region's authority (the region
--                             platform, 按需回流、安全可控) answers and delivers it, so it becomes the request's source and
--                             the route runs from the league/city up to the region
-- sharing_obligation          replaced (0027): the replies and deliveries of 第二十三条 — flow-backs are owed under
--                             第十九条 and counted by flow_back_findings() instead
-- flow_back_findings()        RP.3 / A19.1: flow-back replies and deliveries overdue, as late share replies are
--
-- compliance_findings() gains the new kind in 0127, with the other kinds of this issue.

create type share_request_kind as enum ('share', 'flow_back');

comment on type share_request_kind is 'A19.1: share 共享申请 (A23), flow_back 数据回流申请 (盟市平台向自治区平台按需申请回流).';

alter table share_request add column kind share_request_kind not null default 'share';

comment on column share_request.kind is
    'A19.1: share, or flow_back — a league/city platform asking the region platform for data, answered by the region''s '
    'public data authority.';

create index share_request_flow_back_idx on share_request (source_uscc, state) where kind = 'flow_back';

-- A request keeps its kind: checked before share_request_transition, which would refuse the update for its state.
create function share_request_kind_kept() returns trigger
    language plpgsql
as $$
begin
    if new.kind is distinct from old.kind then
        perform rule_refuse('share_request_kind_kept_a19_1', 'a request keeps the kind it was filed with', 'kind');
    end if;
    return new;
end
$$;

create trigger share_request_kind_kept before update on share_request
    for each row execute function share_request_kind_kept();

-- Runs after share_request_transition (which files the request and stamps the item's institution as its source) and
-- before share_request_zz_provisional and share_request_zz_route (which route the request to its source).
create function share_request_flow_back() returns trigger
    language plpgsql
as $$
declare
    region char(6) := (select d.code from division d where d.level = 'region');
begin
    if new.kind <> 'flow_back' then
        return new;
    end if;
    if not exists (select 1 from institution i join division d on d.code = i.division_code
                    where i.uscc = new.requester_uscc and i.kind = 'public_data_authority' and d.level = 'league_city') then
        perform rule_refuse('share_request_flow_back_requester_league_city_a19_1',
            'a flow-back is asked by the public data authority of a league or city', 'requester');
    end if;
    if not exists (select 1 from institution i where i.uscc = new.source_uscc and i.division_code = region) then
        perform rule_refuse('share_request_flow_back_region_data_a19_1',
            'a flow-back asks for an item of the region''s catalog', 'item_id');
    end if;
    new.source_uscc := division_authority(region);
    if new.source_uscc is null then
        perform rule_refuse('share_request_flow_back_region_platform_a19_1',
            'the region has no public data authority to answer a flow-back', 'item_id');
    end if;
    return new;
end
$$;

create trigger share_request_y_flow_back before insert on share_request
    for each row execute function share_request_flow_back();

-- The definition of 0027, for share requests of 第二十三条 only.
create or replace view sharing_obligation as
select 'request'::text as kind, r.id, r.request_no as number, r.source_uscc::text as source_uscc, 'reply'::text as obligation,
       r.reply_due as due, r.replied_on as done_on, r.withdrawn_on, 'A23.2'::text as article
  from share_request r where r.share_type <> 'unconditional' and r.kind = 'share'
union all
select 'request', r.id, r.request_no, r.source_uscc::text, 'delivery', r.delivery_due, r.delivered_on, r.withdrawn_on, 'A23.2'
  from share_request r where r.delivery_due is not null and r.kind = 'share'
union all
select 'demand', d.id, d.demand_no, d.source_uscc::text, 'reply', d.reply_due, d.replied_on, d.withdrawn_on, 'A24.1'
  from share_demand d where d.reply_due is not null
union all
select 'demand', d.id, d.demand_no, d.source_uscc::text, 'delivery', d.delivery_due, d.delivered_on, d.withdrawn_on, 'A24.1'
  from share_demand d where d.delivery_due is not null and d.state <> 'refused';

-- A19.1: the flow-back replies and deliveries the region's authority owes, overdue on a day — counted as late share
-- replies are (0065): due before the day, not done by it, not withdrawn. Unconditional items owe no reply.
create function flow_back_findings(p_as_of date)
    returns table (article text, institution_uscc text, finding text, due date, working_days_overdue int)
    language sql stable
as $$
    select 'A19.1', r.source_uscc::text,
           '数据回流申请 ' || r.request_no || '(' || q.name || ')'
               || case o.obligation when 'reply' then ' 逾期未答复' else ' 逾期未交付' end,
           o.due, working_days_overdue(o.due, p_as_of)
      from share_request r
      join institution q on q.uscc = r.requester_uscc
      cross join lateral (values ('reply', case when r.share_type <> 'unconditional' then r.reply_due end, r.replied_on),
                                 ('delivery', r.delivery_due, r.delivered_on)) o (obligation, due, done_on)
     where r.kind = 'flow_back' and o.due < p_as_of and r.withdrawn_on is null
       and (o.done_on is null or o.done_on > p_as_of)
$$;

comment on function flow_back_findings(date) is
    'RP.3 / A19.1: flow-back requests of league/city platforms the region''s authority has not answered or delivered '
    'within their working-day deadlines on a day.';
