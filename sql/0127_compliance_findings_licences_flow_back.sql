-- 0127_compliance_findings_licences_flow_back.sql — the compliance report lists the electronic licences not aggregated
-- in time (A18.2, 0125) and the flow-backs not answered or delivered in time (A19.1, 0126).
--
-- compliance_findings()   replaced (0101's list of kinds of finding): gains licence_aggregation_findings() and
--                         flow_back_findings()

create or replace function compliance_findings(p_as_of date)
    returns table (article text, institution_uscc text, finding text, due date, working_days_overdue int)
    language sql stable
as $$
    select * from deadline_and_breach_findings(p_as_of)
    union all
    select * from open_access_findings(p_as_of)
    union all
    select * from security_incident_findings(p_as_of)
    union all
    select * from licence_aggregation_findings(p_as_of)
    union all
    select * from flow_back_findings(p_as_of)
$$;
