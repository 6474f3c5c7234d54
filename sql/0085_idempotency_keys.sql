-- No duplicate on retry: the `Idempotency-Key` a client sends with a POST, and the response its first request got.
--
-- idempotency_key            one row per principal (the acting account) and key. It is inserted by the first statement
--                            of the write transaction it records (RegistryDatabase.write), so it commits exactly when
--                            that write commits: a crash, a refusal or a lost COMMIT leaves both or neither. The
--                            response (status, content type, location, body) is filled in right after the commit; a
--                            row without one means the write committed but its response was lost (a crash in
--                            between), and a retry is answered 409 rather than carried out twice. A second request with
--                            the same key waits on the primary key until the first transaction ends.
-- idempotency_key_lifetime() how long a key is remembered (24 hours from registry_now()); an expired row may be taken
--                            over by a new request with the same key, and `registry serve` deletes expired rows hourly.
--
-- Not registry data and not audited (like web_session): the write a key records carries its own audit rows, and the
-- key row names that request's id. The stored bodies are the principal's own responses, so the read-only roles are
-- refused it. Changes nothing already migrated.

create function idempotency_key_lifetime() returns interval
    language sql immutable parallel safe
    return interval '24 hours';

comment on function idempotency_key_lifetime() is
    'How long an Idempotency-Key and its stored response are remembered.';

create table idempotency_key (
    principal uuid not null references account (id),
    key text not null constraint idempotency_key_key_printable check (key ~ '^[\x21-\x7e]{1,255}$'),
    request_hash bytea not null constraint idempotency_key_request_hash_is_sha256 check (length(request_hash) = 32),
    request_id text not null default '',
    created_at timestamptz not null default registry_now(),
    expires_at timestamptz not null default registry_now() + idempotency_key_lifetime(),
    response_status smallint constraint idempotency_key_response_status_http check (response_status between 100 and 599),
    response_content_type text,
    response_location text,
    response_body bytea,
    constraint idempotency_key_pkey primary key (principal, key),
    constraint idempotency_key_expires_after_creation check (expires_at > created_at),
    constraint idempotency_key_response_whole check ((response_status is null) = (response_body is null))
);

comment on table idempotency_key is
    'The Idempotency-Key of a write and the response its first request got; inserted in the write''s own transaction.';

create index idempotency_key_expiry_idx on idempotency_key (expires_at);

insert into role_privilege_refusal (table_name, grantee, privileges, reason) values
    ('idempotency_key', 'registry_auditor', 'select', 'stored responses of other principals; the audit trail records the writes'),
    ('idempotency_key', 'registry_report', 'select', 'stored responses of other principals; nothing a report reads');
