-- 0051_dates_in_order.sql — every pair of dates that has an order keeps it (issue 21).
--
-- A reply, a delivery, a review or a withdrawal comes on or after the day the request was received; a decision on
-- or after the day it was asked for; a closing on or after the opening. The workflows' triggers stamp these days from
-- the one clock (W.4) and never re-stamp an illegal one: these checks refuse it, from every path (API, pages, import,
-- psql — and a session that switches the triggers off, which a CHECK does not follow).
--
-- Rows stored before this migration are checked too when they keep the order; a constraint whose table already
-- holds a row out of order (a history back-dated by hand) stays NOT VALID — still enforced on every new or changed
-- row — and is named in a notice, for an operator to look at.

alter table share_request
    add constraint share_request_replied_after_receipt_a23_2 check (replied_on >= received_on) not valid,
    add constraint share_request_delivered_after_reply_a23_2
        check (delivered_on >= received_on and delivered_on >= coalesce(replied_on, received_on)) not valid,
    add constraint share_request_withdrawn_after_receipt_a23_2 check (withdrawn_on >= received_on) not valid;

alter table share_demand
    add constraint share_demand_reviewed_after_receipt_a24_1 check (reviewed_on >= received_on) not valid,
    add constraint share_demand_replied_after_receipt_a24_1
        check (replied_on >= received_on and replied_on >= coalesce(reviewed_on, received_on)) not valid,
    add constraint share_demand_delivered_after_reply_a24_1
        check (delivered_on >= received_on and delivered_on >= coalesce(replied_on, received_on)) not valid,
    add constraint share_demand_withdrawn_after_receipt_a24_1 check (withdrawn_on >= received_on) not valid;

alter table open_application
    add constraint open_application_replied_after_receipt_a28_2 check (replied_on >= received_on) not valid;

alter table open_objection
    add constraint open_objection_decided_after_receipt_a28_3 check (decided_on >= received_on) not valid,
    add constraint open_objection_reopened_after_receipt_a28_3
        check (reopened_on >= received_on) not valid;

alter table error_report
    add constraint error_report_verifying_after_receipt_a45_1 check (verifying_on >= received_on) not valid,
    add constraint error_report_closed_after_receipt_a45_1
        check (closed_on >= received_on and closed_on >= coalesce(verifying_on, received_on)) not valid;

alter table unlawful_use_report
    add constraint unlawful_use_report_handling_after_receipt_a46_1 check (handling_on >= received_on) not valid,
    add constraint unlawful_use_report_handled_after_receipt_a46_1
        check (handled_on >= received_on and handled_on >= coalesce(handling_on, received_on)) not valid;

alter table dispute
    add constraint dispute_steps_after_filing_a47_1
        check (coordinating_on >= filed_on and referred_on >= filed_on and recommended_on >= filed_on
               and decided_on >= filed_on) not valid;

alter table catalog_update_obligation
    add constraint catalog_update_obligation_fulfilled_after_event_a11_1 check (fulfilled_on >= event_on) not valid;

alter table violation
    add constraint violation_closed_after_finding_a49_1 check (closed_on >= found_on) not valid;

alter table base_data_source
    add constraint base_data_source_dates_after_claim_a13_2
        check (resolved_on >= claimed_on and ended_on >= claimed_on) not valid;

-- Validate each against the rows already stored; one that a stored row breaks stays NOT VALID, named in a notice.
do $$
declare
    c record;
begin
    for c in select conrelid::regclass as tab, conname from pg_constraint
              where not convalidated and contype = 'c' and conname in (
                  'share_request_replied_after_receipt_a23_2', 'share_request_delivered_after_reply_a23_2',
                  'share_request_withdrawn_after_receipt_a23_2', 'share_demand_reviewed_after_receipt_a24_1',
                  'share_demand_replied_after_receipt_a24_1', 'share_demand_delivered_after_reply_a24_1',
                  'share_demand_withdrawn_after_receipt_a24_1', 'open_application_replied_after_receipt_a28_2',
                  'open_objection_decided_after_receipt_a28_3', 'open_objection_reopened_after_receipt_a28_3',
                  'error_report_verifying_after_receipt_a45_1', 'error_report_closed_after_receipt_a45_1',
                  'unlawful_use_report_handling_after_receipt_a46_1', 'unlawful_use_report_handled_after_receipt_a46_1',
                  'dispute_steps_after_filing_a47_1',
                  'catalog_update_obligation_fulfilled_after_event_a11_1', 'violation_closed_after_finding_a49_1',
                  'base_data_source_dates_after_claim_a13_2')
    loop
        begin
            execute format('alter table %s validate constraint %I', c.tab, c.conname);
        exception when check_violation then
            raise notice '% keeps rows out of date order: % stays NOT VALID (enforced on new and changed rows)',
                c.tab, c.conname;
        end;
    end loop;
end
$$;
