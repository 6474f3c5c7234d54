-- 0028_compliance.sql — RP.3: every overdue deadline and every rule breach the registry can see on a day, each with
-- its article, the institution responsible (A38.1), the due day and the working days overdue. The compliance report
-- and the API read this one function; nothing is stored, so nothing goes stale.

create function compliance_findings(p_as_of date)
    returns table (article text, institution_uscc text, finding text, due date, working_days_overdue int)
    language sql stable
as $$
    -- A11.1: catalog updates not submitted within 15 working days of the change.
    select 'A11.1', c.institution_uscc::text, '目录更新未按期提交:' || o.description, o.update_due,
           working_days_between(o.update_due, p_as_of)
      from catalog_update_obligation o join catalog c on c.id = o.catalog_id
     where o.update_due < p_as_of and (o.fulfilled_on is null or o.fulfilled_on > p_as_of)
    union all
    -- A12.1: IT projects without their catalog or data aggregation.
    select f.article, f.institution_uscc::text, f.description || '(' || f.project_name || ')', f.due_on,
           case when f.done_on is null then working_days_between(f.due_on, p_as_of) else working_days_between(f.due_on, f.done_on) end
      from it_project_finding f
     where f.due_on <= p_as_of
    union all
    -- A13.3: data collected again although obtainable by sharing.
    select 'A13.3', d.institution_uscc::text, '重复采集可共享获取的数据:' || d.item_name || '(数源:' || d.source_name || ')', null, null
      from duplicate_collection d
    union all
    -- A16.1: data older than their update frequency allows.
    select 'A16.1', s.institution_uscc::text, '数据未按更新频率更新:' || s.item_name, s.update_due_on,
           case when s.update_due_on is not null then working_days_between(s.update_due_on, p_as_of) end
      from stale_items(p_as_of) s
    union all
    -- A23.2 / A24.1: replies and deliveries overdue.
    select o.article, o.source_uscc,
           case o.kind when 'request' then '共享申请 ' else '目录外需求 ' end || o.number
               || case o.obligation when 'reply' then ' 逾期未答复' else ' 逾期未交付' end,
           o.due, working_days_between(o.due, p_as_of)
      from sharing_obligation o
     where o.due < p_as_of and o.withdrawn_on is null and (o.done_on is null or o.done_on > p_as_of)
    union all
    -- A28.3: openings suspended by an objection and not yet verified.
    select 'A28.3', o.institution_uscc::text, '异议 ' || o.objection_no || ' 已中止开放,尚未核实处理', o.received_on,
           working_days_between(o.received_on, p_as_of)
      from open_objection o
     where o.received_on <= p_as_of and (o.decided_on is null or o.decided_on > p_as_of)
    union all
    -- A36.1: no security officer named.
    select 'A36.1', m.uscc, '未明确安全管理责任人', null, null
      from institutions_missing_security_officer(p_as_of) m
     where m.kind <> 'public_data_authority'
    union all
    -- A49.1 / A50.1 / A51.1: violations not rectified by their deadline.
    select 'A' || substring(v.clause from 2 for 2) || '.1', v.institution_uscc,
           '违规未按期整改:' || v.clause, v.rectification_due, v.working_days_overdue
      from violations_open_on(p_as_of) v
     where v.working_days_overdue > 0
$$;

comment on function compliance_findings(date) is
    'RP.3: overdue deadlines and rule breaches on a day — article, institution responsible, finding, due day, working '
    'days overdue (NULL where the rule has no deadline).';
