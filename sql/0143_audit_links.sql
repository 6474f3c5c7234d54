-- 0143_audit_links.sql — A44.1: the sealer writes the chain's links into a table of their own, and audit_log becomes
-- insert-only.
--
-- Since 0090 the sealer filled in prev_hash and hash of every audit_log row after commit. An audit row carries two row
-- images (about 2.4 KB), so its page has no room for a second copy: every seal wrote a new copy of the whole row, its
-- WAL, six index entries and a dead copy for vacuum, as much again as the audited write itself. On the durable cluster
-- (scripts/bench.sh section 8) the sealer running beside the writers cost them about a third of their throughput.
--
-- 1. audit_link (seq, prev_hash, hash): one narrow row per sealed audit row, inserted by the sealer and never changed.
--    audit_log loses prev_hash and hash (and the index on hash). No UPDATE of audit_log is allowed any more, the
--    sealer's included.
-- 2. The chain is unchanged: hash(n) = sha256(hash(previous sealed row) || utf8(audit_canonical(row n))). The links are
--    copied from the columns, so the chain goes on and anchors taken before stay valid.
-- 3. audit_entry shows each row with its link, for the readers (the audit export, the anchors' check).
-- 4. audit_verify reads the rows and their links together. Besides what 0090 finds, a link without its row (a row
--    removed together with nothing else) is a removed row. A row removed together with its link breaks the next link,
--    as a removed sealed row did before.
-- 5. The index on occurred_at becomes a BRIN index: occurred_at grows with seq, and a writer no longer pays for a
--    B-tree entry. Time ranges are still found through it.

-- ---------------------------------------------------------------------------------------------------------------
-- The links
-- ---------------------------------------------------------------------------------------------------------------

create table audit_link (
    seq bigint not null,
    prev_hash bytea not null,
    hash bytea not null,
    constraint audit_link_pkey primary key (seq),
    constraint audit_link_hashes_are_sha256_a44_1 check (length(prev_hash) = 32 and length(hash) = 32)
);

comment on table audit_link is
    'A44.1 the sealed audit chain: one link per sealed audit_log row, inserted by audit_seal() after commit, never changed.';
comment on column audit_link.seq is 'The audit_log row this link seals.';
comment on column audit_link.prev_hash is 'hash of the previous link (32 zero bytes for the first).';
comment on column audit_link.hash is 'sha256(prev_hash || convert_to(audit_canonical(row), ''UTF8'')) of the audit_log row seq.';

insert into audit_link (seq, prev_hash, hash)
select l.seq, l.prev_hash, l.hash from audit_log l where l.hash is not null order by l.seq;

-- The links, like the rows, can only be added, and only by the sealer.
create function audit_link_refuse_change() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
    raise exception using
        errcode = 'check_violation',
        constraint = 'audit_log_append_only_a44_1',
        message = case when TG_OP = 'INSERT' then 'audit_link is written by the audit sealer only'
                       else format('audit_link is append-only: %s is not allowed', TG_OP) end,
        detail = 'A44.1: the audit chain''s links are written once, by the audit sealer, and never changed.';
end
$$;

comment on function audit_link_refuse_change() is
    'A44.1: refuses every UPDATE, DELETE and TRUNCATE of audit_link, and every INSERT but the sealer''s.';

create trigger audit_link_append_only before update or delete or truncate on audit_link
    for each statement execute function audit_link_refuse_change();

-- audit_sealing() is defined in 0090; the sealer inserts a call's links in one statement, so this runs once per call.
create trigger audit_link_by_sealer_only before insert on audit_link
    for each statement when (not audit_sealing()) execute function audit_link_refuse_change();

insert into role_privilege_refusal (table_name, grantee, privileges, reason) values
    ('audit_link', 'registry_service', 'insert, update, delete', 'A44.1: written by the audit sealer only');

grant select, insert on audit_link to registry_audit;

-- ---------------------------------------------------------------------------------------------------------------
-- audit_log: insert-only
-- ---------------------------------------------------------------------------------------------------------------

drop trigger audit_log_sealed_once on audit_log;
alter table audit_log drop constraint audit_log_sealed_whole_a44_1;
alter table audit_log drop column prev_hash, drop column hash;

drop index audit_log_occurred_at_idx;
create index audit_log_occurred_at_idx on audit_log using brin (occurred_at);

comment on table audit_log is
    'A44.1 append-only audit trail: who did what, when, to which record; SHA-256 chained by audit_link (see audit_verify).';

create or replace function audit_log_refuse_change() returns trigger
language plpgsql
as $$
begin
    raise exception using
        errcode = 'check_violation',
        constraint = 'audit_log_append_only_a44_1',
        message = format('audit_log is append-only: %s is not allowed', TG_OP),
        detail = 'A44.1: the audit trail (审计日志) must stay complete and untampered; rows can only be added.';
end
$$;

create or replace function audit_log_chain() returns trigger
language plpgsql security definer
set search_path = public, pg_temp
as $$
begin
    -- The transaction has its xid before it draws its number (see the sealer's watermark in 0090).
    perform pg_current_xact_id();
    NEW.seq := nextval('audit_log_seq');
    NEW.occurred_at := registry_real_now();
    NEW.db_user := session_user;
    NEW.clock_day := registry_pinned_day();
    NEW.actor_account := coalesce(NEW.actor_account, nullif(current_setting('registry.actor_account', true), '')::uuid);
    NEW.actor_role := coalesce(NEW.actor_role, nullif(current_setting('registry.actor_role', true), ''));
    NEW.actor_institution := coalesce(NEW.actor_institution, nullif(current_setting('registry.actor_institution', true), ''));
    NEW.request_id := coalesce(NEW.request_id, nullif(current_setting('registry.request_id', true), ''));
    NEW.digest := sha256(convert_to(audit_canonical(NEW), 'UTF8'));
    return NEW;
end
$$;

-- The head moves forward only, by the sealer, to a link that is in the chain.
create or replace function audit_chain_guard() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
    if TG_OP = 'UPDATE' and TG_LEVEL = 'ROW' and audit_sealing()
       and NEW.seq >= OLD.seq and NEW.through_seq >= OLD.through_seq and NEW.through_seq >= NEW.seq
       and NEW.sealed_rows >= OLD.sealed_rows
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

-- ---------------------------------------------------------------------------------------------------------------
-- The sealer: a link per row
-- ---------------------------------------------------------------------------------------------------------------

create or replace function audit_seal(max_rows integer default 100000)
returns table (ran boolean, sealed bigint, waiting boolean, head_seq bigint, head_hash bytea, problem text)
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
    chain audit_chain;
    handed_out bigint;
    fresh boolean;
    own xid8;
    mature boolean;
    bound bigint;
    through bigint;
    r audit_log;
    content bytea;
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

    for r in select * from audit_log l where l.seq > chain.through_seq and l.seq <= bound order by l.seq loop
        if n >= max_rows then
            through := chain.seq;
            exit;
        end if;
        content := convert_to(audit_canonical(r), 'UTF8');
        if r.digest is distinct from sha256(content) then
            stop := format('row %s was altered before it was sealed: its digest does not match its contents', r.seq);
            through := r.seq - 1;
            exit;
        end if;
        seqs := seqs || r.seq;
        prevs := prevs || previous;
        previous := sha256(previous || content);
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

comment on function audit_seal(integer) is
    'A44.1: links the committed, final audit rows in seq order into audit_link (one sealer at a time); see 0090 and 0143.';

-- ---------------------------------------------------------------------------------------------------------------
-- Readers: rows with their links
-- ---------------------------------------------------------------------------------------------------------------

create view audit_entry as
select l.seq, l.occurred_at, l.actor_account, l.actor_role, l.actor_institution, l.db_user, l.operation, l.action,
       l.entity, l.record_id, l.before, l.after, l.request_id, l.clock_day, l.digest, k.prev_hash, k.hash
  from audit_log l
  left join audit_link k on k.seq = l.seq;

comment on view audit_entry is
    'A44.1: the audit trail''s rows with their links (prev_hash and hash NULL while a row is not yet sealed).';

-- ---------------------------------------------------------------------------------------------------------------
-- Verification: the links and the unsealed tail
-- ---------------------------------------------------------------------------------------------------------------

-- As 0090's, over the rows and their links: a sealed row is a row with a link. In addition, a link whose row is gone
-- is a removed row.
create or replace function audit_verify(expected_head bytea default null)
returns table (ok boolean, rows_checked bigint, unsealed bigint, head_seq bigint, head_hash bytea, broken_seq bigint,
               problem text)
language sql stable
as $$
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
               sha256(k.prev_hash || convert_to(audit_canonical(l), 'UTF8')) as computed
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

comment on function audit_verify(bytea) is
    'A44.1 verifies the audit chain''s links and the unsealed tail; returns ok, rows_checked, unsealed, head, broken_seq, problem.';
