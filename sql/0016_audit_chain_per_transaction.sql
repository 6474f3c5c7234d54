-- A44.1: the audit chain's head is written once per transaction, not once per audit row.
--
-- 0001 advanced the one-row audit_chain table for every audit_log row. Updating one row n times in one transaction
-- leaves n versions of it that every later update walks past, so a transaction writing n audit rows took time in n²:
-- 10,000 rows 4.5 s, 20,000 rows 18 s, 40,000 rows 77 s — a bulk import of 100,000 catalog items would wait minutes
-- for its audit trail alone.
--
-- Now the first audit row of a transaction locks the head (`for update`, held to the end of the transaction, so
-- writers still chain one after the other) and the running head is kept in the transaction-local setting
-- registry.audit_head, tagged with the transaction's id; later rows of the same transaction chain from it without a
-- query. A deferred constraint trigger closes the transaction at commit (the first of its events does the work, the
-- rest find nothing pending): it checks set-based that the transaction's rows continue the stored head one by one —
-- so a setting forged by hand can never commit a branch or a gap — and writes the new head into audit_chain. A
-- savepoint rolled back takes its audit rows, its setting and its lock back together. What is hashed, and how, is
-- unchanged: `registry audit verify` checks the same chain.

create function audit_head_pending() returns text[]
language sql stable
as $$
    select string_to_array(nullif(current_setting('registry.audit_head', true), ''), ':')
$$;

comment on function audit_head_pending() is
    'A44.1: the running head of this transaction''s audit rows as {txid, seq, hex hash}, or null when none is pending.';

create or replace function audit_log_chain() returns trigger
language plpgsql security definer
as $$
declare
    head_seq bigint;
    head_hash bytea;
    pending text[] := audit_head_pending();
begin
    if pending is not null and pending[1] = txid_current()::text then
        head_seq := pending[2]::bigint;
        head_hash := decode(pending[3], 'hex');
    else
        select c.seq, c.hash into strict head_seq, head_hash from audit_chain c for update;
    end if;

    NEW.seq := head_seq + 1;
    NEW.prev_hash := head_hash;
    NEW.occurred_at := now();
    NEW.db_user := session_user;
    NEW.actor_account := coalesce(NEW.actor_account, nullif(current_setting('registry.actor_account', true), '')::uuid);
    NEW.actor_role := coalesce(NEW.actor_role, nullif(current_setting('registry.actor_role', true), ''));
    NEW.actor_institution := coalesce(NEW.actor_institution, nullif(current_setting('registry.actor_institution', true), ''));
    NEW.request_id := coalesce(NEW.request_id, nullif(current_setting('registry.request_id', true), ''));
    NEW.hash := sha256(NEW.prev_hash || convert_to(audit_canonical(NEW), 'UTF8'));

    perform set_config('registry.audit_head', concat_ws(':', txid_current(), NEW.seq, encode(NEW.hash, 'hex')), true);
    return NEW;
end
$$;

-- At commit: checks that the transaction's rows continue the stored head and writes their last row as the head.
create function audit_chain_flush() returns trigger
language plpgsql security definer
as $$
declare
    pending text[] := audit_head_pending();
    head_seq bigint;
    head_hash bytea;
    linked boolean;
begin
    if pending is null or pending[1] <> txid_current()::text then
        return null;
    end if;
    select c.seq, c.hash into strict head_seq, head_hash from audit_chain c for update;
    select coalesce(bool_and(s.linked), false) and count(*) = pending[2]::bigint - head_seq into linked
      from (select l.seq = head_seq + row_number() over w
                   and l.prev_hash = coalesce(lag(l.hash) over w, head_hash)
                   and (l.seq <> pending[2]::bigint or l.hash = decode(pending[3], 'hex')) as linked
              from audit_log l
             where l.seq > head_seq
            window w as (order by l.seq)) s;
    if not linked then
        raise exception using
            errcode = 'check_violation',
            constraint = 'audit_chain_advanced_by_log_only_a44_1',
            message = 'the audit rows of this transaction do not continue the audit chain',
            detail = 'A44.1: each audit_log row links to the one before it, from the stored head on.';
    end if;
    update audit_chain set seq = pending[2]::bigint, hash = decode(pending[3], 'hex');
    perform set_config('registry.audit_head', '', true);
    return null;
end
$$;

comment on function audit_chain_flush() is
    'A44.1: at commit, checks that this transaction''s audit rows continue the chain and writes its head (once).';

create constraint trigger audit_log_zz_flush_chain after insert on audit_log
    deferrable initially deferred
    for each row execute function audit_chain_flush();

-- The head now moves by as many steps as the transaction wrote rows, and only to a row that is in the log.
create or replace function audit_chain_guard() returns trigger
language plpgsql
as $$
begin
    if TG_OP = 'UPDATE' and TG_LEVEL = 'ROW' and pg_trigger_depth() > 1 and NEW.seq > OLD.seq
       and exists (select 1 from audit_log l where l.seq = NEW.seq and l.hash = NEW.hash) then
        return NEW;
    end if;
    raise exception using
        errcode = 'check_violation',
        constraint = 'audit_chain_advanced_by_log_only_a44_1',
        message = format('audit_chain can only be advanced by inserting into audit_log: %s is not allowed', TG_OP),
        detail = 'A44.1: the head of the audit chain moves forward to the last audit_log row and is never set by hand.';
end
$$;

-- The head as this session sees it: inside a transaction that wrote audit rows, its pending head; otherwise the stored
-- one. Verification reads it, so a chain verified before commit is judged against the rows the transaction sees.
create view audit_head as
select case when x.pending[1] = txid_current_if_assigned()::text then x.pending[2]::bigint else c.seq end as seq,
       case when x.pending[1] = txid_current_if_assigned()::text then decode(x.pending[3], 'hex') else c.hash end as hash
  from audit_chain c
 cross join lateral (select audit_head_pending() as pending) x;

comment on view audit_head is
    'A44.1: the head of the audit chain as this session sees it (this transaction''s pending head, else audit_chain).';

-- audit_verify (0001) compares the last row with the head: read it through audit_head. Only that join changes.
do $$
begin
    execute replace(pg_get_functiondef('audit_verify(bytea)'::regprocedure),
                    'left join audit_chain c on true', 'left join audit_head c on true');
end
$$;
