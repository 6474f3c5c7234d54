-- 0146_audit_links_over_digests.sql — A44.1: the sealer links each row by the digest its writer stamped, instead of
-- hashing the row's canonical text a second time.
--
-- Every audit row carries digest = sha256(utf8(audit_canonical(row))), stamped in the writing transaction (0090, 0145).
-- The sealer still recomputed that text for each row it chained, checked it against the digest and hashed it again:
-- about 33 µs a row, the largest part of the audit trail's cost to writers once the row trigger was in C (0145).
-- From the first row it has not sealed yet, a link is now
--
--     hash(n) = sha256(hash(previous sealed row) || digest(n))
--
-- which commits to the row's content through its digest; rows sealed before keep their links, which cover the
-- canonical text itself. audit_link_hash() is the one statement of both rules, and audit_verify() uses it. Tampering is
-- found as before: verify recomputes every row's digest from its content, so a row edited before or after it was
-- sealed is found at that row, and the links and the anchors kept outside find everything else. The sealer no longer
-- reads a row's content, so it no longer refuses to seal a row edited before sealing: verify reports that row instead.

lock table audit_chain in access exclusive mode;

-- The first row whose link covers its digest: the first one not sealed yet. Set once, here; the guard keeps it.
do $$
begin
    execute format('alter table audit_chain add column digests_linked_from bigint not null default %s',
                   (select through_seq + 1 from audit_chain));
end
$$;
alter table audit_chain alter column digests_linked_from drop default;
comment on column audit_chain.digests_linked_from is
    'The first audit_log seq whose link is sha256(prev_hash || digest); links of earlier rows cover the canonical text (audit_link_hash).';

create function audit_link_hash(prev_hash bytea, r audit_log) returns bytea
language sql stable parallel safe
return case when r.seq >= (select c.digests_linked_from from audit_chain c) then sha256(prev_hash || r.digest)
            else sha256(prev_hash || convert_to(audit_canonical(r), 'UTF8')) end;
comment on function audit_link_hash(bytea, audit_log) is
    'A44.1 the hash of the link of audit_log row r after a link whose hash is prev_hash: over its digest from audit_chain.digests_linked_from, over its canonical text before.';

comment on column audit_link.hash is 'audit_link_hash(prev_hash, row): sha256(prev_hash || digest), or over the canonical text for rows sealed before 0146.';

create or replace function audit_chain_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_temp'
    AS $$
begin
    if TG_OP = 'UPDATE' and TG_LEVEL = 'ROW' and audit_sealing()
       and NEW.seq >= OLD.seq and NEW.through_seq >= OLD.through_seq and NEW.through_seq >= NEW.seq
       and NEW.sealed_rows >= OLD.sealed_rows and NEW.digests_linked_from = OLD.digests_linked_from
       and (NEW.seq = OLD.seq and NEW.hash = OLD.hash
            or exists (select 1 from audit_link k where k.seq = NEW.seq and k.hash = NEW.hash)) then
        return NEW;
    end if;
    raise exception using
        errcode = 'check_violation',
        constraint = 'audit_chain_advanced_by_log_only_a44_1',
        message = format('audit_chain can only be advanced by the audit sealer: %s is not allowed', TG_OP),
        detail = 'A44.1: the head of the audit chain moves forward to the last sealed audit_log row and is never set by hand.';
end
$$;

create or replace function audit_seal(max_rows integer DEFAULT 100000) RETURNS TABLE(ran boolean, sealed bigint, waiting boolean, head_seq bigint, head_hash bytea, problem text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
declare
    chain audit_chain;
    handed_out bigint;
    fresh boolean;
    own xid8;
    mature boolean;
    bound bigint;
    through bigint;
    r record;
    previous bytea;
    seqs bigint[] := '{}';
    prevs bytea[] := '{}';
    hashes bytea[] := '{}';
    taken bigint;
    head_before bigint;
    n bigint := 0;
    stop text;
begin
    if max_rows is null or max_rows < 1 then
        raise exception 'audit_seal(max_rows) needs at least one row, not %', max_rows;
    end if;
    if current_setting('transaction_isolation') <> 'read committed' then
        raise exception 'audit_seal() needs READ COMMITTED, where each statement sees a fresh snapshot (it runs in %)',
            current_setting('transaction_isolation');
    end if;
    if not pg_try_advisory_xact_lock(audit_seal_lock_key()) then
        return query select false, 0::bigint, false, c.seq, c.hash, 'another sealer is running'::text from audit_chain c;
        return;
    end if;

    -- L, the last number handed out, read before this transaction takes its xid (0090).
    select case when s.is_called then s.last_value else s.last_value - 1 end into handed_out from audit_log_seq s;
    select * into strict chain from audit_chain;
    if handed_out <= chain.through_seq and chain.pending_seq is null then
        return query select true, 0::bigint, false, chain.seq, chain.hash, null::text;
        return;
    end if;
    fresh := pg_current_xact_id_if_assigned() is null;
    own := pg_current_xact_id();
    select * into strict chain from audit_chain for update;

    mature := chain.pending_xid is not null and (fresh and chain.pending_xid >= own or not audit_writers_before(chain.pending_xid));
    bound := case when mature then chain.pending_seq else chain.through_seq end;
    through := bound;
    previous := chain.hash;
    head_before := chain.seq;

    -- Every row sealed from here on is numbered past digests_linked_from: its link covers its digest (audit_link_hash).
    for r in select l.seq, l.digest from audit_log l where l.seq > chain.through_seq and l.seq <= bound order by l.seq loop
        if n >= max_rows then
            through := chain.seq;
            exit;
        end if;
        if r.digest is null then
            stop := format('row %s has no digest: it was written past the audit triggers', r.seq);
            through := r.seq - 1;
            exit;
        end if;
        seqs := seqs || r.seq;
        prevs := prevs || previous;
        previous := sha256(previous || r.digest);
        hashes := hashes || previous;
        chain.seq := r.seq;
        n := n + 1;
    end loop;

    -- A link already there for a row not yet sealed was put there by hand: seal up to the row before it.
    select min(k.seq) into taken from audit_link k where k.seq = any (seqs);
    if taken is not null then
        stop := format('row %s already has a link although the sealer has not reached it', taken);
        n := array_position(seqs, taken) - 1;
        through := taken - 1;
        chain.seq := case when n > 0 then seqs[n] else head_before end;
        previous := case when n > 0 then hashes[n] else chain.hash end;
    end if;
    if n > 0 then
        insert into audit_link (seq, prev_hash, hash)
        select * from unnest(seqs[1:n], prevs[1:n], hashes[1:n]);
    end if;

    if mature and through = bound then
        chain.pending_seq := null;
        chain.pending_xid := null;
    end if;
    if chain.pending_seq is null and fresh and stop is null and handed_out > through then
        chain.pending_seq := handed_out;
        chain.pending_xid := own;
    end if;
    update audit_chain
       set seq = chain.seq, hash = previous, through_seq = through, sealed_rows = sealed_rows + n,
           pending_seq = chain.pending_seq, pending_xid = chain.pending_xid
     where true;
    return query select true, n, chain.pending_seq is not null, chain.seq, previous, stop;
end
$$;

create or replace function audit_verify(expected_head bytea DEFAULT NULL::bytea) RETURNS TABLE(ok boolean, rows_checked bigint, unsealed bigint, head_seq bigint, head_hash bytea, broken_seq bigint, problem text)
    LANGUAGE sql STABLE
    AS $$
    with genesis as (
        select '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea as hash
    ),
    handed as (
        select case when s.is_called then s.last_value else s.last_value - 1 end as seq from audit_log_seq s
    ),
    entries as (
        select coalesce(l.seq, k.seq) as seq, k.prev_hash, k.hash, l.digest, k.seq is not null as is_sealed,
               l.seq is null as is_missing,
               sha256(convert_to(audit_canonical(l), 'UTF8')) as content_digest,
               audit_link_hash(k.prev_hash, l) as computed
          from audit_log l
          full join audit_link k on k.seq = l.seq
    ),
    sealed as (
        select r.*, coalesce(lag(r.seq) over w, 0) as previous_seq,
               coalesce(lag(r.hash) over w, (select hash from genesis)) as previous_hash
          from entries r
         where r.is_sealed
        window w as (order by r.seq)
    ),
    sealed_problems as (
        select case when s.prev_hash is distinct from s.previous_hash then s.previous_seq + 1 else s.seq end as broken_seq,
               case
                   when s.prev_hash is distinct from s.previous_hash and s.seq = s.previous_seq + 1 then
                       format('row %s does not link to the row before it: its prev_hash is not the hash of row %s',
                              s.seq, s.previous_seq)
                   when s.prev_hash is distinct from s.previous_hash then
                       format('row %s does not link to row %s, the sealed row before it: rows between them are missing',
                              s.seq, s.previous_seq)
                   when s.is_missing then format('row %s is missing: its link is in the chain but the row is gone', s.seq)
                   when s.hash is distinct from s.computed or s.digest <> s.content_digest then
                       format('row %s was altered: its hash does not match its contents', s.seq)
                   when s.seq > c.through_seq then
                       format('row %s is sealed beyond the sealer''s mark %s', s.seq, c.through_seq)
               end as problem
          from sealed s
          left join audit_chain c on true
    ),
    unsealed_problems as (
        select r.seq as broken_seq,
               case
                   when r.digest is distinct from r.content_digest then
                       format('row %s was altered: its digest does not match its contents (not yet sealed)', r.seq)
                   when r.seq <= c.through_seq then
                       format('row %s is not sealed although the sealer passed sequence %s: it was inserted afterwards',
                              r.seq, c.through_seq)
                   when r.seq > h.seq then
                       format('row %s carries a sequence number never handed out (the last is %s): it was inserted by hand',
                              r.seq, h.seq)
               end as problem
          from entries r
          left join audit_chain c on true
          cross join handed h
         where not r.is_sealed
    ),
    last_row as (
        select coalesce((select s.seq from sealed s order by s.seq desc limit 1), 0) as seq,
               coalesce((select s.hash from sealed s order by s.seq desc limit 1), (select hash from genesis)) as hash,
               (select count(*) from sealed) as sealed_count,
               (select count(*) from entries where not is_missing) as row_count,
               (select count(*) from entries where not is_sealed) as unsealed_count
    ),
    tail_problems as (
        select case
                   when c.seq is null then r.seq + 1
                   when r.seq < c.seq then r.seq + 1
                   when r.seq > c.seq then c.seq + 1
                   else r.seq + 1
               end as broken_seq,
               case
                   when c.seq is null then 'the chain head (audit_chain) is missing'
                   when r.seq < c.seq then
                       format('sealed rows after sequence %s are missing at the tail: '
                              || 'the chain head records sequence %s but the last sealed row is %s', r.seq, c.seq, r.seq)
                   when r.seq > c.seq then
                       format('rows after sequence %s are not covered by the chain head: '
                              || 'the chain head records sequence %s but the last sealed row is %s', c.seq, c.seq, r.seq)
                   when c.hash <> r.hash then format('the last sealed row %s does not match the chain head: their hashes differ', r.seq)
                   else format('the chain head records %s sealed rows but %s are present: sealed rows were removed or added',
                               c.sealed_rows, r.sealed_count)
               end as problem
          from last_row r
          left join audit_chain c on true
         where c.seq is null or c.seq <> r.seq or c.hash <> r.hash or c.sealed_rows <> r.sealed_count
    ),
    anchor_problems as (
        select r.seq + 1 as broken_seq,
               format('the chain no longer contains the expected head %s: rows after sequence %s were cut off or rewritten',
                      encode(audit_verify.expected_head, 'hex'), r.seq) as problem
          from last_row r
         where audit_verify.expected_head is not null
           and audit_verify.expected_head <> (select hash from genesis)
           and not exists (select 1 from sealed s where s.hash = audit_verify.expected_head)
    ),
    first_problem as (
        select p.broken_seq, p.problem
          from (select broken_seq, problem, 1 as rank from sealed_problems where problem is not null
                union all
                select broken_seq, problem, 2 from unsealed_problems where problem is not null
                union all
                select broken_seq, problem, 3 from tail_problems
                union all
                select broken_seq, problem, 4 from anchor_problems) p
         order by p.broken_seq, p.rank
         limit 1
    )
    select f.problem is null, r.row_count, r.unsealed_count, r.seq, r.hash, f.broken_seq, f.problem
      from last_row r
      left join first_problem f on true
$$;
comment on function audit_seal(integer) is 'A44.1: links the committed, final audit rows in seq order into audit_link by their digests (one sealer at a time); see 0090, 0143 and 0146.';
