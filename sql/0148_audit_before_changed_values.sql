-- 0148_audit_before_changed_values.sql — A44.1: an update's audit row keeps, of the row before, the values the
-- change replaced; the row after stays whole.
--
-- The audit trigger (sql/extension, 0145) wrote both images whole: about 1.7 KB each for a catalog revision, so an
-- audited change logged some 4 KB of WAL against 0.2 KB for the change itself. The row before an update is the row
-- after with these values put back, so nothing is lost: an auditor reads what changed at a glance, and each record's
-- history is the chain of its rows. An insert keeps the row after whole, a delete the row before whole. Rows written
-- before this migration keep the whole row before; their digests and links are unchanged.
-- Changes nothing already migrated but this comment.

comment on column audit_log.before is
    'Row before the change, redacted columns replaced by "[redacted]": for a delete the whole row (to_jsonb(OLD)); '
    'for an update the old values of the columns it changed only (rows written before 0148: the whole row).';
