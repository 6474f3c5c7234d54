-- The registry's row audit trigger in C (第四十四条, A44.1): see registry_audit.c and sql/0145. The schema's owner
-- creates the extension (it is trusted) in the schema of audit_log.
\echo Use "CREATE EXTENSION registry_audit" to load this file. \quit

create function audit_row_change() returns trigger
    language c as 'MODULE_PATHNAME', 'audit_row_change';
revoke all on function audit_row_change() from public;
alter function audit_row_change() owner to @extowner@;
