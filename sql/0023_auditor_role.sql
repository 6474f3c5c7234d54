-- A29.2: public data are opened to the audit authority (审计部门) in a suitable form.
--
-- The role of an account of the audit authority. It lives in a file of its own: a value added to an enum cannot be
-- used in the transaction that adds it, and the migrator runs each file in one transaction. What uses the value —
-- the account check, the read log, the read-only guard — is in 0024_audit_authority_access.sql.

alter type account_role add value 'auditor';
