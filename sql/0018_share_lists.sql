-- A20.1: the three lists of sharing (清单化管理), as views that psql, the API and the reports read alike.
--
--   share_demand_list           需求清单: every share request, kept by the requesting institution
--   share_responsibility_list   责任清单: the obligations a source accepted (approved or delivered requests)
--   share_negative_list         负面清单: published items not shared, with their reason and legal basis
--
-- Each row names the institution it belongs to (institution_uscc) and its division, which the listings filter on.

create view share_demand_list as
select r.request_no, r.requester_uscc::text as institution_uscc, rq.name as institution_name, rq.division_code,
       r.source_uscc::text as source_uscc, src.name as source_name, i.code as item_code, rev.name as item_name,
       r.scenario, array_to_string(r.requested_items, '、') as data_items, r.mode, r.purpose, r.state, r.received_on,
       r.reply_due, r.end_date
  from share_request r
  join institution rq on rq.uscc = r.requester_uscc
  join institution src on src.uscc = r.source_uscc
  join catalog_item i on i.id = r.item_id
  join catalog_item_revision rev on rev.id = r.revision_id;

comment on view share_demand_list is 'A20.1 需求清单: every share request, by the requesting institution.';

create view share_responsibility_list as
select r.request_no, r.source_uscc::text as institution_uscc, src.name as institution_name, src.division_code,
       r.requester_uscc::text as requester_uscc, rq.name as requester_name, i.code as item_code, rev.name as item_name,
       array_to_string(r.approved_items, '、') as data_items, r.mode, r.state, r.replied_on, r.delivery_due,
       r.delivered_on, r.end_date
  from share_request r
  join institution rq on rq.uscc = r.requester_uscc
  join institution src on src.uscc = r.source_uscc
  join catalog_item i on i.id = r.item_id
  join catalog_item_revision rev on rev.id = r.revision_id
 where r.state in ('approved', 'delivered');

comment on view share_responsibility_list is 'A20.1 责任清单: the obligations sources accepted (approved or delivered requests).';

create view share_negative_list as
select p.institution_uscc::text as institution_uscc, ins.name as institution_name, p.division_code, p.code as item_code,
       p.name as item_name, p.share_reason, p.share_legal_basis
  from catalog_item_published p
  join institution ins on ins.uscc = p.institution_uscc
 where p.share_type = 'not_shared';

comment on view share_negative_list is 'A20.1 负面清单: published items not shared, with their reason and legal basis.';
