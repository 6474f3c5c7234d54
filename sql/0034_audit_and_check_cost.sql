-- 0034_audit_and_check_cost.sql — issue 8: what the audit trail (A44.1) and the CHECK constraints cost per write.
--
-- Measured at scale 1.0 (`registry seed synthetic`, 6.2 million audit rows) with pgbench, one UPDATE of a draft
-- catalog revision per transaction (`scripts/bench.sh`, section 8) and pg_stat_user_functions:
--
--   audit_row_change      0.72 ms  compared the old and new row as text (two jsonb→text renderings of ~1.3 KB), and
--                                  its audit row (~2.4 KB) passed the TOAST threshold, so both images were compressed
--   audit_chain_flush     0.40 ms  its check of the transaction's rows was planned anew at every commit (a generic
--                                  plan of `seq > $1` reads the whole log, so PostgreSQL kept choosing custom plans)
--   audit_log_chain       0.20 ms
--   catalog_data_items_valid and is_blank: called by CHECK constraints through fmgr, never inlined (see 1.)
--
-- against 0.84 ms for the whole transaction without the audit trigger. The assessment (A39.1) paid the same per row:
-- 43,956 score rows, one audit row each, were 13 of its 37–52 s.
--
-- 1. Functions with an SQL-standard body (`return …` or `begin atomic … end`) no longer carry a search_path. 0029 gave
--    one to every function a constraint, index or default calls, so that a restore (which runs with an empty
--    search_path) finds what the function names. A standard body needs none: its names are resolved once, when the
--    function is created, and pg_dump writes them schema-qualified. A SET clause keeps PostgreSQL from inlining a
--    function, so is_blank() in the completeness indicator cost a function call per item (10 s of the region's
--    assessment, 3 s inlined). Functions with a string body (plpgsql, `as $$ … $$`) keep theirs.
-- 2. audit_row_change compares the row images as jsonb; audit rows up to a page are stored as they are
--    (toast_tuple_target), not compressed; the commit check reads the transaction's rows through a plan made once;
--    audit_log_chain and audit_chain_flush, SECURITY DEFINER, get back the fixed search_path that 0016's
--    `create or replace` dropped.
-- 3. audit_rows_inserted(): a statement-level trigger for rows a computation inserts in bulk. It writes one audit row
--    per key value of the statement — the rows inserted under it, in full, as a JSON array in `after` — instead of one
--    per row. Every inserted row stays in the trail, with who, when and which request; the assessment's scores use it
--    (their key is the assessment), their adjustments are still audited row by row.

-- ---------------------------------------------------------------------------------------------------------------
-- 1. Inlinable standard-body functions
-- ---------------------------------------------------------------------------------------------------------------

do $$
declare
    fn regprocedure;
begin
    for fn in
        select p.oid::regprocedure
          from pg_proc p
         where p.pronamespace = current_schema()::regnamespace
           and p.prosqlbody is not null
           and exists (select from unnest(p.proconfig) setting where setting like 'search\_path=%')
    loop
        execute format('alter function %s reset search_path', fn);
    end loop;
end
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- 2. The row audit and the chain
-- ---------------------------------------------------------------------------------------------------------------

-- Rewrites one fragment of a function's definition; fails when the fragment is not there (an earlier migration
-- changed it), so an edit never silently does nothing.
create function pg_temp.edit_function(fn regprocedure, fragment text, replacement text) returns void
language plpgsql
as $$
declare
    definition text := pg_get_functiondef(fn);
begin
    if position(fragment in definition) = 0 then
        raise exception 'the definition of % does not contain %', fn, fragment;
    end if;
    execute replace(definition, fragment, replacement);
end
$$;

select pg_temp.edit_function('audit_row_change()', 'old_row::text = new_row::text', 'old_row = new_row');

-- The transaction's rows, read in key order up to one past the pending head: a plan that is the same whatever the
-- head, so it is made once per session.
select pg_temp.edit_function('audit_chain_flush()',
    'from audit_log l
             where l.seq > head_seq',
    'from (select l.seq, l.prev_hash, l.hash from audit_log l where l.seq > head_seq
                     order by l.seq limit pending[2]::bigint - head_seq + 1) l');

do $$
begin
    execute format('alter function audit_log_chain() set search_path = %I, pg_temp', current_schema());
    execute format('alter function audit_chain_flush() set search_path = %I, pg_temp', current_schema());
end
$$;
alter function audit_chain_flush() set plan_cache_mode = force_generic_plan;

alter table audit_log set (toast_tuple_target = 8160);

-- ---------------------------------------------------------------------------------------------------------------
-- 3. Bulk inserts audited per statement
-- ---------------------------------------------------------------------------------------------------------------

-- Generic AFTER INSERT statement trigger for rows computed in bulk:
--   create trigger <table>_audit_inserts after insert on <table> referencing new table as new_rows
--       for each statement execute function audit_rows_inserted('<key column>');
-- One audit row per value of the key column among the inserted rows: record_id is the value, `after` the rows as a
-- JSON array in a fixed order. It redacts nothing, so a table with personal data (A13.1) keeps audit_row_change.
create function audit_rows_inserted() returns trigger
language plpgsql security definer
as $$
declare
    key_column text := btrim(coalesce(TG_ARGV[0], ''));
begin
    if TG_LEVEL <> 'STATEMENT' or TG_WHEN <> 'AFTER' or TG_OP <> 'INSERT' then
        raise exception 'audit_rows_inserted() must be an AFTER INSERT … FOR EACH STATEMENT trigger (table %)', TG_TABLE_NAME;
    end if;
    if TG_NARGS <> 1 or not exists (select from pg_attribute a where a.attrelid = TG_RELID and a.attname = key_column
                                                                  and a.attnum > 0 and not a.attisdropped) then
        raise exception 'audit_rows_inserted() on table % needs one key column of the table as its argument', TG_TABLE_NAME;
    end if;

    insert into audit_log (actor_account, actor_role, actor_institution, operation, action,
                           entity, record_id, before, after, request_id)
    select nullif(current_setting('registry.actor_account', true), '')::uuid,
           nullif(current_setting('registry.actor_role', true), ''),
           nullif(current_setting('registry.actor_institution', true), ''),
           'insert',
           coalesce(nullif(current_setting('registry.action', true), ''), 'insert'),
           TG_TABLE_NAME,
           r.key,
           null,
           jsonb_agg(r.image order by r.image::text),
           nullif(current_setting('registry.request_id', true), '')
      from (select to_jsonb(n) ->> key_column as key, to_jsonb(n) as image from new_rows n) r
     group by r.key
     order by r.key;
    return null;
end
$$;

comment on function audit_rows_inserted() is
    'A44.1 generic AFTER INSERT statement trigger: one audit row per key value, the inserted rows as a JSON array.';

do $$
begin
    execute format('alter function audit_rows_inserted() set search_path = %I, pg_temp', current_schema());
end
$$;

-- A39.1: the scores of a computation are audited per statement (one indicator for every institution), their
-- adjustments (A41.1) row by row.
drop trigger assessment_score_audit on assessment_score;
create trigger assessment_score_audit after update or delete on assessment_score
    for each row execute function audit_row_change('assessment_id');
create trigger assessment_score_audit_inserts after insert on assessment_score
    referencing new table as new_rows
    for each statement execute function audit_rows_inserted('assessment_id');
