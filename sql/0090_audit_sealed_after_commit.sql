-- 0090_audit_sealed_after_commit.sql — A44.1: audited writers no longer queue on the chain's head; a sealer chains
-- their rows after commit.
--
-- Until now (0001, 0016, 0034) the first audit row of a transaction locked the one-row audit_chain head until the
-- transaction ended, commit's WAL flush included: audited writers ran one after the other, and on a durable cluster
-- 4 clients wrote less than 1 (issue 23). What changes:
--
-- 1. Writers. The audit row is still written by the trigger in the writing transaction (nothing commits without its
--    audit row), but unsealed: seq comes from the sequence audit_log_seq (a rolled-back transaction leaves a gap),
--    prev_hash and hash stay NULL, and `digest` = sha256(canonical content) is stamped, so a row edited or swapped
--    before it is sealed is still caught. No lock is taken: writers only meet on the sequence, which never waits.
--
-- 2. The sealer, audit_seal(). It chains unsealed rows in seq order, hash(n) = sha256(hash(previous sealed row) ||
--    utf8(audit_canonical(row n))) exactly as before, so the chain written before this migration is its first part.
--    The pitfall is that a seq is drawn before its transaction commits: a writer holding seq 41 may commit after one
--    holding 42, and a sealer that chained 42 on sight would pass 41 for ever. The sealer seals a seq only once every
--    transaction that could hold it has ended, with a watermark:
--      * the writer's trigger makes sure its transaction has an xid before it draws the seq (pg_current_xact_id()),
--      * a sealer run reads L, the last seq handed out, and only then takes an xid X of its own: every transaction that
--        drew a seq ≤ L had its xid before X was assigned, so its xid is < X (xids are handed out in order);
--      * it keeps (L, X) in audit_chain as the pending watermark; a later run, once its snapshot shows no transaction
--        with an xid < X still in progress (pg_snapshot_xip; only this database's transactions count, found by their
--        transaction locks, since no other database writes this log), knows every seq ≤ L is final — committed and
--        visible, or rolled back for good — and seals the rows up to L in seq order, then sets a new watermark.
--    A watermark whose xid is not below the sealer's fresh xid comes from another cluster (a restored backup) and is
--    final at once. The sealer records what it has done in audit_chain: the head (seq, hash), `through_seq` (every
--    seq up to it is sealed or was never committed) and `sealed_rows` (how many rows the chain holds). Only one sealer
--    runs at a time (pg_try_advisory_xact_lock: a second returns at once, sealing nothing); it needs READ COMMITTED,
--    where each of its statements sees a fresh snapshot. A row it cannot seal (its digest does not match, it already
--    carries a hash) stops it before that row and is reported; nothing after it is sealed until it is resolved.
--    `registry serve` runs it every few hundred milliseconds, `registry audit seal` on demand, `registry audit
--    verify` before it checks. It is SECURITY DEFINER, owned by registry_audit: the only role that may fill in a
--    row's prev_hash and hash (a column privilege), and only in a row that has none (trigger).
--
-- 3. Gaps. A seq gap is no longer evidence by itself: rolled-back transactions leave gaps. Sealed rows are proved by
--    their links — a removed sealed row breaks the link of the next one, a removed last row disagrees with the head and
--    with sealed_rows. Unsealed rows are a tail: every one lies above through_seq, at most at the last seq handed out,
--    with a matching digest, and every sealed row lies at or below through_seq; a row inserted behind the sealer, or
--    with a number never handed out, is caught. What the chain cannot tell apart is an unsealed row deleted by a
--    superuser who bypasses the triggers from a rolled-back number: until it is sealed (a fraction of a second under
--    `registry serve`) such a row is guarded by the triggers and privileges that refuse every DELETE, as before, and
--    not by a hash. Sealing earlier would need the lock this migration removes.
--
-- 4. The head. audit_chain keeps its one row; its head is the last sealed row, moved only by the sealer (guard);
--    audit_head shows it; anchors (AuditAnchor) anchor sealed heads. The per-transaction pending head of 0016
--    (registry.audit_head, audit_chain_flush) is gone.

-- ---------------------------------------------------------------------------------------------------------------
-- Columns and the sequence
-- ---------------------------------------------------------------------------------------------------------------

alter table audit_log alter column prev_hash drop not null, alter column hash drop not null,
    add column digest bytea,
    add constraint audit_log_sealed_whole_a44_1 check ((prev_hash is null) = (hash is null)),
    add constraint audit_log_digest_is_sha256_a44_1 check (digest is null or length(digest) = 32);

comment on column audit_log.seq is
    'Sequence number from audit_log_seq, drawn in the writing transaction (a rollback leaves a gap); the chain''s order.';
comment on column audit_log.prev_hash is 'hash of the previous sealed row (32 zero bytes for the first); NULL until sealed.';
comment on column audit_log.hash is
    'sha256(prev_hash || convert_to(audit_canonical(row), ''UTF8'')), set by audit_seal() after commit; NULL until sealed.';
comment on column audit_log.digest is
    'sha256(convert_to(audit_canonical(row), ''UTF8'')) stamped by the writer: an unsealed row edited later is caught.';

create sequence audit_log_seq as bigint minvalue 1 cache 1 owned by audit_log.seq;
select setval('audit_log_seq', coalesce((select max(seq) from audit_log), 0) + 1, false);

alter table audit_chain
    add column through_seq bigint,
    add column sealed_rows bigint,
    add column pending_seq bigint,
    add column pending_xid xid8;
alter table audit_chain disable trigger audit_chain_guard;
update audit_chain set through_seq = (select coalesce(max(seq), 0) from audit_log),
                       sealed_rows = (select count(*) from audit_log)
 where true;
alter table audit_chain enable trigger audit_chain_guard;
alter table audit_chain alter column through_seq set not null, alter column sealed_rows set not null,
    add constraint audit_chain_pending_whole_a44_1 check ((pending_seq is null) = (pending_xid is null));

comment on table audit_chain is
    'A44.1 head of the sealed audit chain (one row) and the sealer''s marks. Moved only by audit_seal().';
comment on column audit_chain.through_seq is 'Every audit_log seq up to this one is sealed, or was never committed.';
comment on column audit_chain.sealed_rows is 'How many audit_log rows the sealed chain holds.';
comment on column audit_chain.pending_seq is 'Watermark: the last seq handed out when the sealer last looked.';
comment on column audit_chain.pending_xid is
    'Watermark: an xid taken after pending_seq was read; once no older xid runs, every seq up to pending_seq is final.';

-- ---------------------------------------------------------------------------------------------------------------
-- Writers: an unsealed row, no lock
-- ---------------------------------------------------------------------------------------------------------------

drop trigger audit_log_zz_flush_chain on audit_log;
drop function audit_chain_flush();

-- W.4: the real time, which the audit trail records beside the registry's clock (registry_now(), which tests and
-- demos pin). The one reader of the wall clock for the audit trail.
create function registry_real_now() returns timestamptz
    language sql stable parallel safe
    return now();

comment on function registry_real_now() is
    'W.4: the real time (the transaction''s start) that the audit trail records beside the registry''s pinned clock.';

create or replace function audit_log_chain() returns trigger
language plpgsql security definer
set search_path = public, pg_temp
as $$
begin
    -- The transaction has its xid before it draws its number (see the sealer's watermark above).
    perform pg_current_xact_id();
    NEW.seq := nextval('audit_log_seq');
    NEW.prev_hash := null;
    NEW.hash := null;
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

comment on function audit_log_chain() is
    'A44.1 BEFORE INSERT on audit_log: numbers the row from audit_log_seq, stamps who and when and its digest; unsealed.';

drop function audit_head_pending() cascade;

create view audit_head as
select c.seq, c.hash from audit_chain c;

comment on view audit_head is 'A44.1: the head of the sealed audit chain (sequence 0 and 32 zero bytes before the first row).';

-- ---------------------------------------------------------------------------------------------------------------
-- The sealer
-- ---------------------------------------------------------------------------------------------------------------

-- The advisory lock that makes the sealer run alone (bigint key; 4401 for A44.1).
create function audit_seal_lock_key() returns bigint
    language sql immutable
    return 4401000000000001;

comment on function audit_seal_lock_key() is 'A44.1: key of the transaction-level advisory lock held by the one running audit_seal().';

-- Whether a transaction of this database that began before xid `bound` (an xid lower than it) is still in progress,
-- other than the caller's own. xids are the cluster's: a transaction of another database never writes this audit_log,
-- so only this database's count — its backends' transaction locks and its prepared transactions — matched against
-- the snapshot's in-progress list (low 32 bits, as pg_locks shows an xid).
create function audit_writers_before(bound xid8) returns boolean
language sql volatile
set search_path = public, pg_temp
as $$
    with here as (
        select l.transactionid::text::bigint as xid32
          from pg_locks l
          join pg_stat_activity a on a.pid = l.pid
         where l.locktype = 'transactionid' and l.mode = 'ExclusiveLock' and l.granted
           and a.datid = (select d.oid from pg_database d where d.datname = current_database())
        union all
        select p.transaction::text::bigint from pg_prepared_xacts p where p.database = current_database()
    )
    select exists (select from pg_snapshot_xip(pg_current_snapshot()) x
                    where x < bound and x::text::bigint % 4294967296 in (select xid32 from here))
$$;

comment on function audit_writers_before(xid8) is
    'A44.1: whether a transaction of this database with an xid below bound is still in progress (the sealer''s wait).';

-- Chains what is final, at most max_rows rows per call. ran: false when another sealer holds the lock (nothing done);
-- sealed: rows chained by this call; waiting: a watermark is pending (call again shortly to seal up to it);
-- problem: why the sealer stopped before a row (NULL when it did not).
create function audit_seal(max_rows integer default 100000)
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

    -- L, the last number handed out, read before this transaction takes its xid.
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

    for r in select * from audit_log l where l.seq > chain.through_seq and l.seq <= bound order by l.seq loop
        if n >= max_rows then
            through := chain.seq;
            exit;
        end if;
        content := convert_to(audit_canonical(r), 'UTF8');
        if r.hash is not null or r.prev_hash is not null then
            stop := format('row %s already carries a hash although the sealer has not reached it', r.seq);
        elsif r.digest is distinct from sha256(content) then
            stop := format('row %s was altered before it was sealed: its digest does not match its contents', r.seq);
        end if;
        if stop is not null then
            through := r.seq - 1;
            exit;
        end if;
        update audit_log set prev_hash = previous, hash = sha256(previous || content) where seq = r.seq
            returning hash into previous;
        chain.seq := r.seq;
        n := n + 1;
    end loop;

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
    'A44.1: chains the committed, final unsealed audit rows in seq order (one sealer at a time); see 0090''s header.';

-- Whether the running code is the sealer: audit_seal() runs as its owner, which no client role is.
create function audit_sealing() returns boolean
    language sql stable
    set search_path = public, pg_temp
as $$
    select p.proowner = (select r.oid from pg_roles r where r.rolname = current_user)
      from pg_proc p
     where p.oid = 'public.audit_seal(integer)'::regprocedure
$$;

comment on function audit_sealing() is 'A44.1: whether the current role owns audit_seal(), i.e. the sealer is running.';

-- audit_log stays append-only; the one UPDATE allowed is the sealer's, filling in prev_hash and hash (the only columns
-- its role may update) of a row that has none.
create or replace function audit_log_refuse_change() returns trigger
language plpgsql
as $$
begin
    if TG_OP = 'UPDATE' and TG_LEVEL = 'STATEMENT' and audit_sealing() then
        return null;
    end if;
    raise exception using
        errcode = 'check_violation',
        constraint = 'audit_log_append_only_a44_1',
        message = format('audit_log is append-only: %s is not allowed', TG_OP),
        detail = 'A44.1: the audit trail (审计日志) must stay complete and untampered; rows can only be added.';
end
$$;

do $$
begin
    execute format('alter function audit_log_refuse_change() set search_path = %I, pg_temp', current_schema());
end
$$;

create trigger audit_log_sealed_once before update on audit_log
    for each row when (old.hash is not null or old.prev_hash is not null)
    execute function audit_log_refuse_change();

-- The head moves forward only, by the sealer, to a sealed row that is in the log.
create or replace function audit_chain_guard() returns trigger
language plpgsql
as $$
begin
    if TG_OP = 'UPDATE' and TG_LEVEL = 'ROW' and audit_sealing()
       and NEW.seq >= OLD.seq and NEW.through_seq >= OLD.through_seq and NEW.through_seq >= NEW.seq
       and NEW.sealed_rows >= OLD.sealed_rows
       and (NEW.seq = OLD.seq and NEW.hash = OLD.hash
            or exists (select 1 from audit_log l where l.seq = NEW.seq and l.hash = NEW.hash)) then
        return NEW;
    end if;
    raise exception using
        errcode = 'check_violation',
        constraint = 'audit_chain_advanced_by_log_only_a44_1',
        message = format('audit_chain can only be advanced by the audit sealer: %s is not allowed', TG_OP),
        detail = 'A44.1: the head of the audit chain moves forward to the last sealed audit_log row and is never set by hand.';
end
$$;

do $$
begin
    execute format('alter function audit_chain_guard() set search_path = %I, pg_temp', current_schema());
end
$$;

alter function audit_seal(integer) owner to registry_audit;
alter function audit_log_chain() owner to registry_audit;
alter function audit_writers_before(xid8) owner to registry_audit;
grant update (prev_hash, hash) on audit_log to registry_audit;
grant usage, select on sequence audit_log_seq to registry_audit;
grant select on sequence audit_log_seq to registry_service, registry_auditor, registry_report, registry_compute;
revoke execute on function audit_seal(integer) from public;
grant execute on function audit_seal(integer) to registry_service;

-- The service's role reads the sequence but never draws from it or sets it: grant_role_privileges() (0050), which
-- the migrator calls after every run, grants every sequence; it now leaves this one out.
do $$
declare
    definition text := pg_get_functiondef('grant_role_privileges()'::regprocedure);
    fragment text := 'grant usage, select on all sequences in schema public to registry_service;';
begin
    if position(fragment in definition) = 0 then
        raise exception 'the definition of grant_role_privileges() does not contain %', fragment;
    end if;
    execute replace(definition, fragment,
                    fragment || ' revoke usage, update on sequence public.audit_log_seq from registry_service;');
end
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Verification: the sealed chain and the unsealed tail
-- ---------------------------------------------------------------------------------------------------------------

drop function audit_verify(bytea);

-- Verifies the whole trail in one set-based statement (one snapshot) and reports the first problem found:
--   sealed rows   a row whose hash or digest does not match its contents (edited, swapped); a row that does not link
--                 to the sealed row before it (rows removed or inserted between them); a row beyond through_seq;
--   the head      a last sealed row that is not audit_chain's head, or a count of sealed rows other than sealed_rows
--                 (rows cut off at the tail);
--   unsealed rows a row whose digest does not match (edited, swapped); a row at or below through_seq (inserted behind
--                 the sealer); a row with a number the sequence never handed out (inserted by hand);
--   expected_head a head hash kept outside the database earlier that the chain no longer contains.
-- head_seq / head_hash are the sealed head (seq 0 and 32 zero bytes before the first row).
create function audit_verify(expected_head bytea default null)
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
        select l.seq, l.prev_hash, l.hash, l.digest, l.hash is not null as is_sealed,
               sha256(convert_to(audit_canonical(l), 'UTF8')) as content_digest,
               sha256(l.prev_hash || convert_to(audit_canonical(l), 'UTF8')) as computed
          from audit_log l
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
                   when r.prev_hash is not null then format('row %s has a prev_hash but no hash', r.seq)
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
               (select count(*) from entries) as row_count,
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
    'A44.1 verifies the sealed audit chain and the unsealed tail; returns ok, rows_checked, unsealed, head, broken_seq, problem.';
