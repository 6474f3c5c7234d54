-- A29.2: public data are opened to the audit authority (审计部门) in a suitable form.
--
-- An account in role `auditor` acts for the audit authority: it reads every register of the registry, page by page,
-- through the API's audit access (`/api/v1/audit-access/{dataset}`), and changes nothing.
--
--   account_subject_matches_role_a38_1  also admits auditors: never for a data user; the audit office may be named
--                                       as the account's institution when it is registered, like a committee member's
--   audit_read_log                      one row per read — who, which dataset, with which parameters, how many rows,
--                                       when, in which HTTP request — written in the read's own transaction;
--                                       append-only, and chained into the audit trail like every change (A44.1)
--   audit_authority_read_only_a29_2     an auditor changes nothing: an audit row of any change made as an auditor,
--                                       other than the record of its own read, is refused. The guard sits on
--                                       audit_log, which every audited change writes, so tables added later are
--                                       covered without a trigger of their own.

-- ---------------------------------------------------------------------------------------------------------------
-- Accounts of the audit authority (A38.1)
-- ---------------------------------------------------------------------------------------------------------------

alter table account drop constraint account_subject_matches_role_a38_1;

alter table account add constraint account_subject_matches_role_a38_1 check (
    case
        when role = 'data_user' then data_user_id is not null and institution_uscc is null
        when role = 'admin' then data_user_id is null and institution_uscc is null
        when role in ('committee', 'auditor') then data_user_id is null
        else institution_uscc is not null and data_user_id is null
    end);

-- ---------------------------------------------------------------------------------------------------------------
-- The record of every read (A29.2, A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create table audit_read_log (
    id bigint generated always as identity primary key,
    account_id uuid not null constraint audit_read_log_account_exists_a29_2 references account (id),
    dataset text not null,
    parameters jsonb not null default '{}',
    row_count integer not null,
    read_at timestamptz not null default now(),
    http_request_id text,
    constraint audit_read_log_dataset_named_a29_2 check (dataset ~ '^[a-z][a-z0-9-]*$'),
    constraint audit_read_log_parameters_object_a29_2 check (jsonb_typeof(parameters) = 'object'),
    constraint audit_read_log_row_count_a29_2 check (row_count >= 0)
);

comment on table audit_read_log is
    'A29.2: every read of the audit authority (审计部门) — the account, the dataset, the query parameters, the number '
    'of rows returned, when and in which HTTP request; written in the transaction of the read, append-only.';
comment on column audit_read_log.dataset is 'The dataset read, by its name in the API (share-requests, audit-log …).';
comment on column audit_read_log.parameters is 'The query parameters of the read (limit, offset) as a JSON object.';
comment on column audit_read_log.row_count is 'How many rows the read returned.';

create index audit_read_log_account_idx on audit_read_log (account_id, read_at);

-- Only a current account of the audit authority reads through the audit access.
create function audit_read_log_reader_check() returns trigger
    language plpgsql
as $$
begin
    if not exists (select 1 from account where id = new.account_id and role = 'auditor' and revoked_at is null) then
        raise exception using
            errcode = 'check_violation',
            constraint = 'audit_read_log_by_auditor_a29_2',
            message = 'a read of the audit access is recorded for a current account of the audit authority only',
            column = 'account_id';
    end if;
    return new;
end
$$;

create trigger audit_read_log_reader_check before insert on audit_read_log
    for each row execute function audit_read_log_reader_check();

-- UPDATE and DELETE are refused at statement level, so even a statement matching no row is; TRUNCATE is refused by
-- the guard every audited table carries.
create function audit_read_log_refuse_change() returns trigger
    language plpgsql
as $$
begin
    raise exception using
        errcode = 'check_violation',
        constraint = 'audit_read_log_append_only_a29_2',
        message = format('audit_read_log is append-only: %s is not allowed', tg_op),
        detail = 'A29.2 / A44.1: every read of the audit authority stays on record; rows can only be added.';
end
$$;

create trigger audit_read_log_append_only before update or delete on audit_read_log
    for each statement execute function audit_read_log_refuse_change();

create trigger audit_read_log_audit after insert or update or delete on audit_read_log
    for each row execute function audit_row_change('id');
create trigger audit_read_log_no_truncate before truncate on audit_read_log
    for each statement execute function refuse_truncate();

-- ---------------------------------------------------------------------------------------------------------------
-- The audit authority reads only (A29.2)
-- ---------------------------------------------------------------------------------------------------------------

create function audit_log_refuse_auditor_change() returns trigger
    language plpgsql
as $$
begin
    raise exception using
        errcode = 'check_violation',
        constraint = 'audit_authority_read_only_a29_2',
        message = format('an account of the audit authority reads only: its change to %s is refused', new.entity),
        detail = 'A29.2: data are opened to the audit authority for reading; its accounts change nothing.';
end
$$;

-- The role is the one the audit row records (the acting account's, set after BEGIN); the condition is checked
-- without calling the function, so the audit rows of everyone else cost nothing more. Row triggers fire in name
-- order: this one before audit_log_zz_chain numbers the row.
create trigger audit_log_auditor_reads_only before insert on audit_log
    for each row
    when (coalesce(new.actor_role, current_setting('registry.actor_role', true)) = 'auditor'
          and new.entity <> 'audit_read_log')
    execute function audit_log_refuse_auditor_change();
