-- 0095_catalog_import_jobs.sql — catalog imports run as background jobs that commit in chunks (A10.1–A10.3, A44.1).
--
-- Until now an import ran in one transaction: the page's upload waited for it (and was capped at 2 MB), and a large
-- ledger held the audit chain's head for as long as it took to write every row, stalling every other writer. Now an
-- import is a job, whichever door it came through (the page's upload, `registry import catalog`):
--
--   catalog_import_job          one import: who asked for it, for which institution, the uploaded file until it is
--                               read, its state (queued → running → done | failed), how far it got and what it stored
--   catalog_import_job_line     the file's readable lines that passed every check, waiting to be stored (deleted as
--                               the job finishes): the file read once, never registry data
--   catalog_import_job_problem  the refused lines (line, field, rule): the job's answer to the clerk
--
-- A job runs in two steps. Reading: the file is staged and checked as a whole (catalog_import_validate() of 0015: a code
-- twice in the file is seen across the whole file), its refused lines and its good lines stored, in one transaction
-- that writes registry data nowhere. Storing: the good lines go through catalog_import_validate() and
-- catalog_import_store() again, 500 (chunk_size) at a time, one transaction per chunk that also advances the job's
-- progress (rows_done, last_line). A chunk is all-or-nothing and holds the audit chain's head only while it runs; a
-- process killed in the middle leaves whole chunks and a job that another runner resumes after the last of them.
--
-- The job row is audited (A44.1): its creation by the clerk who uploads, each chunk's progress, its end; the file's
-- bytes are redacted from the trail. The lines and problems are the file itself and its answer, as the staging tables
-- of 0015 were, and are not audited; they go with their job.

create type catalog_import_job_state as enum ('queued', 'running', 'done', 'failed');

create table catalog_import_job (
    id uuid primary key default gen_random_uuid(),
    institution_uscc uscc not null
        constraint catalog_import_job_institution_exists_a10_1 references institution (uscc),
    -- The clerk who uploaded the file; NULL for an operator's `registry import catalog`.
    account_id uuid constraint catalog_import_job_account_exists references account (id),
    filename text not null
        constraint catalog_import_job_filename_sane check (length(filename) between 1 and 255 and filename !~ '[\x01-\x1f/\\]'),
    format text not null constraint catalog_import_job_format_known check (format in ('csv', 'jsonl')),
    all_or_nothing boolean not null default false,
    -- The upload, kept until it has been read.
    file bytea,
    state catalog_import_job_state not null default 'queued',
    chunk_size integer not null default 500 constraint catalog_import_job_chunk_size_sane check (chunk_size between 1 and 10000),
    -- Set once the file has been read: its rows, and how many were refused then.
    rows_total integer constraint catalog_import_job_rows_total_sane check (rows_total >= 0),
    rows_refused integer not null default 0 constraint catalog_import_job_rows_refused_sane check (rows_refused >= 0),
    -- Rows of the committed chunks, and the last line they reached.
    rows_done integer not null default 0 constraint catalog_import_job_rows_done_sane check (rows_done >= 0),
    last_line integer not null default 0,
    -- Where the stored rows went (catalog_import_store(), summed over the chunks).
    catalog_id uuid,
    version_id uuid,
    catalog_created boolean not null default false,
    version_number integer,
    version_opened boolean not null default false,
    items_created integer not null default 0,
    revisions_added integer not null default 0,
    revisions_changed integer not null default 0,
    -- Why a failed job stopped, in the words people read.
    failure text,
    failure_field text,
    failure_article text,
    created_at timestamptz not null default registry_now(),
    started_at timestamptz,
    finished_at timestamptz,
    constraint catalog_import_job_progress_within_total
        check (rows_total is null and rows_done = 0 or rows_done + rows_refused <= rows_total),
    constraint catalog_import_job_finished_when_ended
        check ((state in ('done', 'failed')) = (finished_at is not null)),
    constraint catalog_import_job_failure_explained check ((state = 'failed') = (failure is not null)),
    constraint catalog_import_job_done_when_read check (state <> 'done' or rows_total is not null and file is null),
    constraint catalog_import_job_times_in_order
        check (started_at >= created_at and finished_at >= coalesce(started_at, created_at))
);

create index catalog_import_job_institution on catalog_import_job (institution_uscc, created_at desc);
create index catalog_import_job_waiting on catalog_import_job (created_at) where state in ('queued', 'running');

comment on table catalog_import_job is
    'A catalog import (A10.1–A10.3) run in the background and committed in chunks: who asked, its file until read, '
    'its state and progress, and what it stored.';

create table catalog_import_job_line (
    job_id uuid not null references catalog_import_job (id) on delete cascade,
    line integer not null,
    content catalog_import_row not null,
    constraint catalog_import_job_line_pkey primary key (job_id, line),
    constraint catalog_import_job_line_is_its_line check ((content).line = line)
);

comment on table catalog_import_job_line is
    'The lines of an import job''s file that passed every check, waiting to be stored chunk by chunk.';

create table catalog_import_job_problem (
    job_id uuid not null references catalog_import_job (id) on delete cascade,
    line integer not null,
    field text,
    rule text not null
);

create index catalog_import_job_problem_line on catalog_import_job_problem (job_id, line);

comment on table catalog_import_job_problem is
    'The refused lines of an import job: line, field and the rule (constraint name) each breaks.';

create trigger catalog_import_job_audit after insert or update or delete on catalog_import_job
    for each row execute function audit_row_change('id', 'file');
create trigger catalog_import_job_no_truncate before truncate on catalog_import_job
    for each statement execute function refuse_truncate();
