-- 0134_share_request_may_go.sql — A23.2: a share request's state machine in one place, like every other workflow's.
--
-- Demands, error reports, reports of unlawful use and disputes each state their transitions once, in a `…_may_go`
-- function that their step trigger asks. The share request's step (0017) wrote its transitions inline. This adds
-- `share_request_may_go` with the same transitions, and `share_request_step` asks it instead; nothing else in the
-- step changes. The registry's pages read the function to offer only the steps a request can take.
-- Changes share_request_step (its transition condition only).

create function share_request_may_go(from_state share_request_state, to_state share_request_state) returns boolean
    language sql immutable parallel safe
    return (from_state = 'submitted' and to_state in ('approved', 'refused', 'withdrawn'))
        or (from_state = 'approved' and to_state in ('delivered', 'withdrawn'));

do $$
declare
    inline constant text := $inline$    if not ((o.state = 'submitted' and r.state in ('approved', 'refused', 'withdrawn'))
            or (o.state = 'approved' and r.state in ('delivered', 'withdrawn'))) then$inline$;
    definition text := pg_get_functiondef('share_request_step(share_request, share_request)'::regprocedure);
begin
    if position(inline in definition) = 0 then
        raise exception 'share_request_step does not carry the inline transitions this migration replaces';
    end if;
    execute replace(definition, inline, '    if not share_request_may_go(o.state, r.state) then');
end
$$;
