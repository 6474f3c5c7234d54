-- A44.1: every step is transparent, auditable and traceable (可审计、可追溯).
--
-- An append-only audit trail of who did what, when, to which record, chained by SHA-256 so that it can be
-- verified as untampered:
--   audit_log          one row per change, seq 1, 2, 3 … without gaps (a rolled-back transaction leaves none)
--   audit_chain        the head of the chain (one row: seq, hash); genesis is seq 0 and 32 zero bytes
--   audit_canonical()  the deterministic text of a row's content that is hashed
--   audit_row_change() the generic AFTER row trigger every registry table carries (see docs/CONVENTIONS.md)
--   audit_verify()     set-based check of the whole chain
--
-- The chain is computed by the database (BEFORE INSERT trigger on audit_log), so every path that writes the log,
-- psql included, is chained. hash(n) = sha256(hash(n-1) || utf8(audit_canonical(row n))).
-- The head row is locked FOR UPDATE by the first audited write of a transaction and held until it ends: audited
-- writers are serialised, sequence order is commit order, and a rollback gives its numbers back.
--
-- Who acts is read from transaction-local settings the application sets right after BEGIN:
-- registry.actor_account (uuid), registry.actor_role, registry.actor_institution (USCC), registry.request_id,
-- registry.action (semantic action such as catalog.submit; defaults to the SQL operation). Unset means ''.
--
-- The functions that write (audit_log_chain, audit_row_change) are SECURITY DEFINER with a fixed search_path, so an
-- application role needs no privilege on audit_log or audit_chain at all: it writes the log only through triggers.

create table audit_log (
    seq bigint not null,
    occurred_at timestamptz not null default now(),
    actor_account uuid,
    actor_role text,
    actor_institution text,
    db_user text not null default session_user,
    operation text not null,
    action text not null,
    entity text not null,
    record_id text,
    before jsonb,
    after jsonb,
    request_id text,
    prev_hash bytea not null,
    hash bytea not null,
    constraint audit_log_pkey primary key (seq),
    constraint audit_log_operation_known_a44_1 check (operation in ('insert', 'update', 'delete')),
    constraint audit_log_action_present_a44_1 check (action <> ''),
    constraint audit_log_entity_present_a44_1 check (entity <> '')
);

comment on table audit_log is
    'A44.1 append-only audit trail: who did what, when, to which record; SHA-256 chained (see audit_verify).';
comment on column audit_log.seq is 'Gap-free sequence number 1, 2, 3 … assigned by the chain trigger (commit order).';
comment on column audit_log.occurred_at is 'now() of the writing transaction, set by the chain trigger.';
comment on column audit_log.db_user is 'session_user of the writing connection, set by the chain trigger.';
comment on column audit_log.action is 'Semantic action (registry.action, e.g. catalog.submit) or the SQL operation.';
comment on column audit_log.entity is 'Table name of the changed record.';
comment on column audit_log.record_id is 'Key of the changed record as text.';
comment on column audit_log.before is 'Row before the change (to_jsonb(OLD), redacted columns replaced by "[redacted]").';
comment on column audit_log.after is 'Row after the change (to_jsonb(NEW), redacted columns replaced by "[redacted]").';
comment on column audit_log.prev_hash is 'hash of the previous row (32 zero bytes for seq 1).';
comment on column audit_log.hash is 'sha256(prev_hash || convert_to(audit_canonical(row), ''UTF8'')).';

create index audit_log_entity_record_idx on audit_log (entity, record_id);
create index audit_log_occurred_at_idx on audit_log (occurred_at);
create index audit_log_actor_account_idx on audit_log (actor_account) where actor_account is not null;
create index audit_log_request_id_idx on audit_log (request_id) where request_id is not null;
create index audit_log_hash_idx on audit_log (hash);

create table audit_chain (
    seq bigint not null,
    hash bytea not null,
    constraint audit_chain_hash_is_sha256_a44_1 check (length(hash) = 32),
    constraint audit_chain_seq_not_negative_a44_1 check (seq >= 0)
);
-- at most one row: the head
create unique index audit_chain_one_row on audit_chain ((true));

comment on table audit_chain is
    'A44.1 head of the audit_log hash chain (one row). Advanced only by the audit_log chain trigger.';

insert into audit_chain (seq, hash) values (0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);

-- The deterministic text that is hashed: a jsonb array of every content column in a fixed order. Timestamps are
-- rendered in UTC with microseconds, so nothing depends on session settings (TimeZone, DateStyle, IntervalStyle).
create function audit_canonical(r audit_log) returns text
language sql stable parallel safe
as $$
    select jsonb_build_array(
        r.seq,
        to_char(r.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        r.actor_account::text,
        r.actor_role,
        r.actor_institution,
        r.db_user,
        r.operation,
        r.action,
        r.entity,
        r.record_id,
        r.before,
        r.after,
        r.request_id
    )::text
$$;

comment on function audit_canonical(audit_log) is
    'A44.1 canonical text of an audit_log row (jsonb array, UTC timestamps) that its hash covers.';

-- BEFORE INSERT on audit_log: takes the head, numbers and chains the row (ignoring any seq, prev_hash, hash,
-- occurred_at or db_user the client supplied), fills unset actor fields from the registry.* settings and
-- advances the head.
create function audit_log_chain() returns trigger
language plpgsql security definer
as $$
declare
    head_seq bigint;
    head_hash bytea;
begin
    select c.seq, c.hash into strict head_seq, head_hash from audit_chain c for update;

    NEW.seq := head_seq + 1;
    NEW.prev_hash := head_hash;
    NEW.occurred_at := now();
    NEW.db_user := session_user;
    NEW.actor_account := coalesce(NEW.actor_account, nullif(current_setting('registry.actor_account', true), '')::uuid);
    NEW.actor_role := coalesce(NEW.actor_role, nullif(current_setting('registry.actor_role', true), ''));
    NEW.actor_institution := coalesce(NEW.actor_institution, nullif(current_setting('registry.actor_institution', true), ''));
    NEW.request_id := coalesce(NEW.request_id, nullif(current_setting('registry.request_id', true), ''));
    NEW.hash := sha256(NEW.prev_hash || convert_to(audit_canonical(NEW), 'UTF8'));

    update audit_chain set seq = NEW.seq, hash = NEW.hash;
    return NEW;
end
$$;

-- "zz": row triggers fire in name order; the chain trigger must see the final row.
create trigger audit_log_zz_chain before insert on audit_log
    for each row execute function audit_log_chain();

-- UPDATE, DELETE and TRUNCATE on audit_log are refused (statement level, so even a statement matching no row is).
create function audit_log_refuse_change() returns trigger
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

create trigger audit_log_append_only before update or delete or truncate on audit_log
    for each statement execute function audit_log_refuse_change();

-- Direct changes to audit_chain are refused: only the audit_log chain trigger (trigger depth > 1) may advance the
-- head, by exactly one step.
create function audit_chain_guard() returns trigger
language plpgsql
as $$
begin
    if TG_OP = 'UPDATE' and TG_LEVEL = 'ROW' and pg_trigger_depth() > 1
       and NEW.seq = OLD.seq + 1 and OLD.hash <> NEW.hash then
        return NEW;
    end if;
    raise exception using
        errcode = 'check_violation',
        constraint = 'audit_chain_advanced_by_log_only_a44_1',
        message = format('audit_chain can only be advanced by inserting into audit_log: %s is not allowed', TG_OP),
        detail = 'A44.1: the head of the audit chain moves one step with each audit_log row and is never set by hand.';
end
$$;

create trigger audit_chain_guard before insert or update or delete on audit_chain
    for each row execute function audit_chain_guard();
create trigger audit_chain_guard_truncate before truncate on audit_chain
    for each statement execute function audit_chain_guard();

-- Generic AFTER row trigger for every table holding registry data:
--   create trigger <table>_audit after insert or update or delete on <table>
--       for each row execute function audit_row_change('<key column>' [, '<column to redact>' …]);
-- TG_ARGV[0]: the key column; several columns separated by commas give a composite key, recorded as a JSON array
-- text ('["150000", "3"]'). Further arguments: columns whose non-null values are replaced by "[redacted]" in
-- before/after (A13.1: personal data is never logged in clear). A column name that the row does not have is an
-- error, so a typo never silently logs what should have been redacted. UPDATEs that change nothing are skipped.
create function audit_row_change() returns trigger
language plpgsql security definer
as $$
declare
    old_row jsonb := case when TG_OP in ('UPDATE', 'DELETE') then to_jsonb(OLD) end;
    new_row jsonb := case when TG_OP in ('INSERT', 'UPDATE') then to_jsonb(NEW) end;
    any_row jsonb := coalesce(new_row, old_row);
    key_columns text[];
    key_column text;
    record_key text;
    redacted text;
    i int;
begin
    if TG_LEVEL <> 'ROW' or TG_WHEN <> 'AFTER' then
        raise exception 'audit_row_change() must be an AFTER … FOR EACH ROW trigger (table %)', TG_TABLE_NAME;
    end if;
    if TG_NARGS < 1 or btrim(TG_ARGV[0]) = '' then
        raise exception 'audit_row_change() on table % needs the key column as its first argument', TG_TABLE_NAME;
    end if;

    if TG_OP = 'UPDATE' and old_row::text = new_row::text then
        return null;
    end if;

    key_columns := array(select btrim(k) from unnest(string_to_array(TG_ARGV[0], ',')) as k);
    foreach key_column in array key_columns loop
        if not any_row ? key_column then
            raise exception 'audit_row_change(): table % has no key column %', TG_TABLE_NAME, key_column;
        end if;
    end loop;
    if cardinality(key_columns) = 1 then
        record_key := any_row ->> key_columns[1];
    else
        record_key := (select jsonb_agg(any_row -> k order by o) from unnest(key_columns) with ordinality as t(k, o))::text;
    end if;

    for i in 1 .. TG_NARGS - 1 loop
        redacted := btrim(TG_ARGV[i]);
        if not any_row ? redacted then
            raise exception 'audit_row_change(): table % has no column % to redact', TG_TABLE_NAME, redacted;
        end if;
        if old_row is not null and jsonb_typeof(old_row -> redacted) <> 'null' then
            old_row := jsonb_set(old_row, array[redacted], '"[redacted]"');
        end if;
        if new_row is not null and jsonb_typeof(new_row -> redacted) <> 'null' then
            new_row := jsonb_set(new_row, array[redacted], '"[redacted]"');
        end if;
    end loop;

    insert into audit_log (actor_account, actor_role, actor_institution, operation, action,
                           entity, record_id, before, after, request_id)
    values (nullif(current_setting('registry.actor_account', true), '')::uuid,
            nullif(current_setting('registry.actor_role', true), ''),
            nullif(current_setting('registry.actor_institution', true), ''),
            lower(TG_OP),
            coalesce(nullif(current_setting('registry.action', true), ''), lower(TG_OP)),
            TG_TABLE_NAME,
            record_key,
            old_row,
            new_row,
            nullif(current_setting('registry.request_id', true), ''));
    return null;
end
$$;

comment on function audit_row_change() is
    'A44.1 generic AFTER row trigger: audit_row_change(''<key column>'' [, ''<column to redact>'' …]).';

-- The SECURITY DEFINER functions resolve names in this migration's schema only (pg_temp last, never first).
do $$
begin
    execute format('alter function audit_log_chain() set search_path = %I, pg_temp', current_schema());
    execute format('alter function audit_row_change() set search_path = %I, pg_temp', current_schema());
end
$$;

-- Verifies the whole chain in one set-based statement (one snapshot). Reports the first problem found:
--   * a row whose hash does not match its contents (edited row, swapped contents),
--   * a gap in the sequence or a row not linked to the previous one (deleted rows, renumbered rows),
--   * a last row that is not the head recorded in audit_chain (rows cut off at the tail, or added around it),
--   * when expected_head is given (a head hash kept outside the database earlier), a chain that no longer contains
--     it (a tail cut off or rewritten even if audit_chain was rewound as well).
-- head_seq / head_hash are those of the last row present (seq 0 and 32 zero bytes for an empty log): keep them
-- outside the database and pass head_hash as expected_head next time.
create function audit_verify(expected_head bytea default null)
returns table (ok boolean, rows_checked bigint, head_seq bigint, head_hash bytea, broken_seq bigint, problem text)
language sql stable
as $$
    with genesis as (
        select '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea as hash
    ),
    linked as (
        select l.seq,
               l.prev_hash,
               l.hash,
               sha256(l.prev_hash || convert_to(audit_canonical(l), 'UTF8')) as computed,
               coalesce(lag(l.seq) over w, 0) as previous_seq,
               coalesce(lag(l.hash) over w, (select hash from genesis)) as previous_hash
        from audit_log l
        window w as (order by l.seq)
    ),
    row_problems as (
        select case when seq <> previous_seq + 1 then previous_seq + 1 else seq end as broken_seq,
               case
                   when seq <> previous_seq + 1 and seq - previous_seq = 2 then
                       format('row %s is missing: the chain goes from %s to %s', previous_seq + 1, previous_seq, seq)
                   when seq <> previous_seq + 1 then
                       format('rows %s to %s are missing: the chain goes from %s to %s',
                              previous_seq + 1, seq - 1, previous_seq, seq)
                   when prev_hash is distinct from previous_hash then
                       format('row %s does not link to the row before it: its prev_hash is not the hash of row %s',
                              seq, previous_seq)
                   when hash is distinct from computed then
                       format('row %s was altered: its hash does not match its contents', seq)
               end as problem
        from linked
    ),
    last_row as (
        select coalesce(max(seq), 0) as seq,
               coalesce((select l.hash from audit_log l order by l.seq desc limit 1), (select hash from genesis)) as hash,
               count(*) as row_count
        from audit_log
    ),
    tail_problems as (
        select case
                   when c.seq is null then r.seq + 1
                   when r.seq < c.seq then r.seq + 1
                   when r.seq > c.seq then c.seq + 1
                   else r.seq
               end as broken_seq,
               case
                   when c.seq is null then 'the chain head (audit_chain) is missing'
                   when r.seq < c.seq then
                       format('rows %s to %s are missing at the tail: the chain head records sequence %s but the last row is %s',
                              r.seq + 1, c.seq, c.seq, r.seq)
                   when r.seq > c.seq then
                       format('rows after sequence %s are not covered by the chain head: the chain head records sequence %s but the last row is %s',
                              c.seq, c.seq, r.seq)
                   else format('the last row %s does not match the chain head: their hashes differ', r.seq)
               end as problem
        from last_row r
        left join audit_chain c on true
        where c.seq is null or c.seq <> r.seq or c.hash <> r.hash
    ),
    anchor_problems as (
        select r.seq + 1 as broken_seq,
               format('the chain no longer contains the expected head %s: rows after sequence %s were cut off or rewritten',
                      encode(audit_verify.expected_head, 'hex'), r.seq) as problem
        from last_row r
        where audit_verify.expected_head is not null
          and audit_verify.expected_head <> (select hash from genesis)
          and not exists (select 1 from audit_log l where l.hash = audit_verify.expected_head)
    ),
    first_problem as (
        select p.broken_seq, p.problem
        from (
            select broken_seq, problem, 1 as rank from row_problems where problem is not null
            union all
            select broken_seq, problem, 2 from tail_problems
            union all
            select broken_seq, problem, 3 from anchor_problems
        ) p
        order by p.broken_seq, p.rank
        limit 1
    )
    select f.problem is null,
           r.row_count,
           r.seq,
           r.hash,
           f.broken_seq,
           f.problem
    from last_row r
    left join first_problem f on true
$$;

comment on function audit_verify(bytea) is
    'A44.1 verifies the audit_log hash chain; returns ok, rows_checked, head_seq, head_hash, broken_seq, problem.';
