-- 0135_draft_discard_foreign_key_indexes.sql — A10.3: discarding a draft does not scan the registry's large tables.
--
-- Discarding a draft deletes its item revisions, the items that only it held and the version (A10.3). Each deleted row
-- makes PostgreSQL check the foreign keys that point at it; where the referencing column had no index, every deleted
-- row read the whole referencing table. At scale 1.0 a draft of 20,000 items took more than ten minutes to discard,
-- reading `share_request` (300,000 rows) once per revision. These indexes serve those checks.
-- Changes nothing already migrated.

create index share_request_revision_idx on share_request (revision_id);
create index error_report_revision_idx on error_report (revision_id);
create index open_application_item_idx on open_application (item_id);
create index open_application_revision_idx on open_application (revision_id);
create index attribute_evaluation_revision_idx on attribute_evaluation (revision_id);
create index attribute_conversion_version_idx on attribute_conversion (version_id);
create index catalog_update_obligation_fulfilled_version_idx on catalog_update_obligation (fulfilled_version_id);
create index access_suspension_item_idx on access_suspension (item_id);
create index violation_item_idx on violation (item_id);
create index dishonest_conduct_item_idx on dishonest_conduct (item_id);
