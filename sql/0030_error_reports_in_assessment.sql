-- 0030_error_reports_in_assessment.sql — error reports (A45.1) in the annual assessment and the compliance report.
--
-- assessment indicator error_reports_on_time  the share of the error reports due in the period that the providing
--                                             institution closed (handled with feedback, or rejected) by their due day
-- compliance_findings                         gains the error reports still open after their due day

insert into assessment_indicator (code, name, article, explanation) values
    ('error_reports_on_time', '纠错处理及时性', 'A45.1',
     '评估期内到期的纠错中,在处理期限内核实处理(处理并反馈或不予采纳)的比例;期满未办结的计为逾期;无纠错的计满分。');

create function assessment_error_reports_on_time(p_uscc text, p_year int, p_as_of date) returns numeric
    language sql stable
    return (select assessment_ratio(count(*) filter (where r.closed_on <= r.handling_due), count(*))
              from error_report r
             where r.provider_uscc = p_uscc
               and r.handling_due between make_date(p_year, 1, 1) and assessment_window_end(p_year, p_as_of)
               and (r.closed_on is not null or p_as_of > r.handling_due));

create or replace function assessment_indicator_value(p_code text, p_uscc text, p_year int, p_as_of date) returns numeric
    language plpgsql stable
as $$
begin
    return case p_code
        when 'catalog_completeness' then assessment_catalog_completeness(p_uscc, p_year, p_as_of)
        when 'catalog_timeliness' then assessment_catalog_timeliness(p_uscc, p_year, p_as_of)
        when 'share_timeliness' then assessment_share_timeliness(p_uscc, p_year, p_as_of)
        when 'data_freshness' then assessment_data_freshness(p_uscc, p_year, p_as_of)
        when 'open_plan_completion' then assessment_open_plan_completion(p_uscc, p_year, p_as_of)
        when 'objections_handled' then assessment_objections_handled(p_uscc, p_year, p_as_of)
        when 'security_duties' then assessment_security_duties(p_uscc, p_year, p_as_of)
        when 'violations_open' then assessment_violations_open(p_uscc, p_year, p_as_of)
        when 'error_reports_on_time' then assessment_error_reports_on_time(p_uscc, p_year, p_as_of)
    end;
end
$$;

-- The findings of 0028 keep their function under a new name; compliance_findings adds the error reports to them.
alter function compliance_findings(date) rename to compliance_findings_before_a45;

create function compliance_findings(p_as_of date)
    returns table (article text, institution_uscc text, finding text, due date, working_days_overdue int)
    language sql stable
as $$
    select * from compliance_findings_before_a45(p_as_of)
    union all
    -- A45.1: error reports not closed by their handling due day.
    select 'A45.1', r.provider_uscc::text, '纠错 ' || r.report_no || ' 逾期未处理', r.handling_due,
           working_days_between(r.handling_due, p_as_of)
      from error_report r
     where r.handling_due < p_as_of and r.received_on <= p_as_of and (r.closed_on is null or r.closed_on > p_as_of)
$$;

comment on function compliance_findings(date) is
    'RP.3: overdue deadlines and rule breaches on a day — article, institution responsible, finding, due day, working '
    'days overdue (NULL where the rule has no deadline); error reports (A45.1) included.';
