-- A25.1: a request across levels or regions goes through the requester's public data authority to the authority
-- above; the request records that route, as the divisions whose authorities it passes: from the requester's division
-- up to the lowest division over both sides, then down to the source's division. Empty within one division.

create function share_route(requester char(6), source char(6)) returns char(6)[]
    language sql stable strict
as $$
    with r as (select code_path as p from division_tree where code = requester),
         s as (select code_path as p from division_tree where code = source),
         common as (
             select max(i) as n from r, s, generate_subscripts(r.p, 1) as i
              where i <= cardinality(s.p) and r.p[i] = s.p[i])
    select case when requester = source then '{}'::char(6)[]
                else array(select r.p[i] from r, common, generate_series(cardinality(r.p), common.n, -1) as i)
                     || (select s.p[common.n + 1:] from s, common)
           end
$$;

comment on function share_route(char(6), char(6)) is
    'A25.1: the divisions whose authorities a request passes, from the requester''s division up and down to the source''s.';

alter table share_request add column route char(6)[] not null default '{}';

comment on column share_request.route is
    'A25.1: the divisions whose public data authorities the request passes (empty within one division).';

create function share_request_route() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        new.route := share_route((select division_code from institution where uscc = new.requester_uscc),
                                 (select division_code from institution where uscc = new.source_uscc));
    elsif new.route is distinct from old.route then
        raise exception using errcode = 'check_violation', constraint = 'share_request_route_kept_a25_1',
            message = 'a share request keeps the route it was filed with', column = 'route';
    end if;
    return new;
end
$$;

-- "zz": after share_request_transition, which stamps the source.
create trigger share_request_zz_route before insert or update on share_request
    for each row execute function share_request_route();

create or replace view share_demand_list as
select r.request_no, r.requester_uscc::text as institution_uscc, rq.name as institution_name, rq.division_code,
       r.source_uscc::text as source_uscc, src.name as source_name, i.code as item_code, rev.name as item_name,
       r.scenario, array_to_string(r.requested_items, '、') as data_items, r.mode, r.purpose, r.state, r.received_on,
       r.reply_due, r.end_date, array_to_string(r.route, ' → ') as route
  from share_request r
  join institution rq on rq.uscc = r.requester_uscc
  join institution src on src.uscc = r.source_uscc
  join catalog_item i on i.id = r.item_id
  join catalog_item_revision rev on rev.id = r.revision_id;
