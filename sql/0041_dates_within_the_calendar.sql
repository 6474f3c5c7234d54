-- 0041_dates_within_the_calendar.sql — one bad date never breaks a report (W.2, W.3, A12.1, A49.1, RP.3).
--
-- The working-day calendar covers the first loaded official year through the last provisional one (calendar_span()).
-- A date a person types that the registry counts working days from or to — an IT project's steps, a rectification
-- deadline — must lie inside it: the write is refused, naming the column. Dates the registry only reads (the day data
-- were last updated, A16.1) may lie before it; a finding whose working days cannot be counted is still reported, as
-- such, and only where its institution is.

-- W.2 / W.3: whether working days can be counted to or from `d`.
create function calendar_covers(d date) returns boolean
    language sql stable parallel safe
    return exists (select 1 from calendar_span() s where d between s.first_day and s.last_day);

alter function calendar_span() parallel safe;

comment on function calendar_covers(date) is 'W.2 / W.3: the working-day calendar (official or provisional) covers the day.';

-- W.1: working days from `due` to `as_of` (as working_days_between), or NULL when the calendar does not cover both.
create function working_days_overdue(due date, as_of date) returns int
    language sql stable parallel safe
    return case when calendar_covers(due) and calendar_covers(as_of) then working_days_between(due, as_of) end;

comment on function working_days_overdue(date, date) is
    'W.1: working days in (due, as_of], or NULL when the working-day calendar does not cover both days.';

-- BEFORE INSERT OR UPDATE row trigger: refuse_dates_outside_calendar('<constraint>', '<date column>' …). A date that is
-- set and not covered is refused, naming the constraint and the column.
create function refuse_dates_outside_calendar() returns trigger
    language plpgsql
as $$
declare
    v_row jsonb := to_jsonb(new);
    v_column text;
    v_day date;
    v_span record;
begin
    for i in 1 .. tg_nargs - 1 loop
        v_column := tg_argv[i];
        v_day := (v_row ->> v_column)::date;
        if v_day is not null and not calendar_covers(v_day) then
            select * into v_span from calendar_span();
            raise exception using
                errcode = 'check_violation',
                constraint = tg_argv[0],
                column = v_column,
                message = format('%s %s is outside the working-day calendar (%s to %s)', v_column, v_day,
                                 v_span.first_day, v_span.last_day),
                detail = 'Working days are counted from and to this date, so it must lie within the loaded official years '
                         'or the provisional ones after them (W.2, W.3).';
        end if;
    end loop;
    return new;
end
$$;

comment on function refuse_dates_outside_calendar() is
    'W.2 / W.3: refuses a row whose named dates lie outside the working-day calendar.';

create trigger it_project_dates_in_calendar before insert or update on it_project
    for each row execute function refuse_dates_outside_calendar(
        'it_project_dates_in_calendar_w_2', 'approved_on', 'catalog_submitted_on', 'accepted_on', 'catalog_updated_on',
        'data_aggregated_on');
create trigger violation_rectification_due_in_calendar before insert or update on violation
    for each row execute function refuse_dates_outside_calendar(
        'violation_rectification_due_in_calendar_w_2', 'rectification_due');

-- A12.1: the owner corrects a project's dates with a reason, which the audit trail keeps with the new dates.
alter table it_project add column correction_note text;

comment on column it_project.correction_note is 'A12.1: why the dates were last corrected (by the institution''s clerk).';

-- RP.3 / A49.1: violations open on a day; the working days overdue are NULL when they cannot be counted.
create or replace function violations_open_on(p_on date)
    returns table (violation_id uuid, violation_no bigint, subject violation_subject, institution_uscc text,
                   data_user_account uuid, clause text, rectification_due date, working_days_overdue int)
    language sql stable parallel safe
as $$
    select v.id, v.violation_no, v.subject, v.institution_uscc::text, v.data_user_account, v.clause, v.rectification_due,
           greatest(working_days_overdue(v.rectification_due, p_on), 0)
      from violation v
     where v.found_on <= p_on and (v.closed_on is null or v.closed_on > p_on)
     order by v.rectification_due, v.violation_no
$$;

-- RP.3: every finding of 0028 and 0030 in one function. A finding whose working days cannot be counted (its due day,
-- or the day asked, lies outside the calendar) is kept, says so, and names its record; it never fails the report.
create or replace function compliance_findings(p_as_of date)
    returns table (article text, institution_uscc text, finding text, due date, working_days_overdue int)
    language sql stable
as $$
    select f.article, f.institution_uscc,
           case when f.due is not null and f.overdue is null
                then '无法计算逾期工作日(期限 ' || f.due || ' 或截止日期不在工作日日历范围内):' || f.finding
                else f.finding end,
           f.due, f.overdue
      from (
        -- A11.1: catalog updates not submitted within 15 working days of the change.
        select 'A11.1' as article, c.institution_uscc::text as institution_uscc,
               '目录更新未按期提交:' || o.description as finding, o.update_due as due,
               working_days_overdue(o.update_due, p_as_of) as overdue
          from catalog_update_obligation o join catalog c on c.id = o.catalog_id
         where o.update_due < p_as_of and (o.fulfilled_on is null or o.fulfilled_on > p_as_of)
        union all
        -- A12.1: IT projects without their catalog or data aggregation.
        select f.article, f.institution_uscc::text, f.description || '(' || f.project_name || ')', f.due_on,
               working_days_overdue(f.due_on, coalesce(f.done_on, p_as_of))
          from it_project_finding f
         where f.due_on <= p_as_of
        union all
        -- A13.3: data collected again although obtainable by sharing.
        select 'A13.3', d.institution_uscc::text, '重复采集可共享获取的数据:' || d.item_name || '(数源:' || d.source_name || ')',
               null, null
          from duplicate_collection d
        union all
        -- A16.1: data older than their update frequency allows.
        select 'A16.1', s.institution_uscc::text, '数据未按更新频率更新:' || s.item_name, s.update_due_on,
               working_days_overdue(s.update_due_on, p_as_of)
          from stale_items(p_as_of) s
        union all
        -- A23.2 / A24.1: replies and deliveries overdue.
        select o.article, o.source_uscc,
               case o.kind when 'request' then '共享申请 ' else '目录外需求 ' end || o.number
                   || case o.obligation when 'reply' then ' 逾期未答复' else ' 逾期未交付' end,
               o.due, working_days_overdue(o.due, p_as_of)
          from sharing_obligation o
         where o.due < p_as_of and o.withdrawn_on is null and (o.done_on is null or o.done_on > p_as_of)
        union all
        -- A28.3: openings suspended by an objection and not yet verified.
        select 'A28.3', o.institution_uscc::text, '异议 ' || o.objection_no || ' 已中止开放,尚未核实处理', o.received_on,
               working_days_overdue(o.received_on, p_as_of)
          from open_objection o
         where o.received_on <= p_as_of and (o.decided_on is null or o.decided_on > p_as_of)
        union all
        -- A36.1: no security officer named.
        select 'A36.1', m.uscc, '未明确安全管理责任人', null, null
          from institutions_missing_security_officer(p_as_of) m
         where m.kind <> 'public_data_authority'
        union all
        -- A49.1 / A50.1 / A51.1: violations not rectified by their deadline.
        select 'A' || substring(v.clause from 2 for 2) || '.1', v.institution_uscc, '违规未按期整改:' || v.clause,
               v.rectification_due, v.working_days_overdue
          from violations_open_on(p_as_of) v
         where v.working_days_overdue is distinct from 0 and v.rectification_due < p_as_of
        union all
        -- A45.1: error reports not closed by their handling due day.
        select 'A45.1', r.provider_uscc::text, '纠错 ' || r.report_no || ' 逾期未处理', r.handling_due,
               working_days_overdue(r.handling_due, p_as_of)
          from error_report r
         where r.handling_due < p_as_of and r.received_on <= p_as_of and (r.closed_on is null or r.closed_on > p_as_of)
      ) f
$$;

comment on function compliance_findings(date) is
    'RP.3: overdue deadlines and rule breaches on a day — article, institution responsible, finding, due day, working '
    'days overdue (NULL where the rule has no deadline, or where the calendar cannot count them: the finding says so).';

drop function compliance_findings_before_a45(date);

alter table it_project add constraint it_project_correction_explained_a12_1
    check (correction_note is null or btrim(correction_note) <> '');
