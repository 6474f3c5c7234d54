-- 0065_compliance_findings_complete.sql — the compliance report lists every finding the registry has the data for (RP.3).
--
-- regulation_article          the articles of 《内蒙古自治区公共数据管理暂行办法》 that findings cite, each with the short
--                             subject the reports print beside its number (第十一条 目录更新)
-- regulation_article_label()  'A11.1' → '第十一条 目录更新': what people read instead of an internal id
-- regulation_article_order()  'A11.1' → 1101: the order of articles in the regulation
-- regulation_clause_label()   a violation's clause 'A49(4)' → '第四十九条第(四)项'
-- deadline_policy             the working days an authority sets per year for the deadlines the regulation leaves to
--                             it: the review of a demand outside the catalog (A24.1, else 5) and the reply to a
--                             conditional open application (A28.2, else 10) — like error_report_policy (A45.1)
-- division_authority()        the public data authority of a division, responsible for its reviews
-- compliance_findings()       replaced: gains the catalog versions not decided within 5 working days (A11.1), the
--                             banner/county platforms (A8.1), the open base-data source conflicts (A13.2), the demands
--                             not reviewed in time (A24.1), the conditional open applications not answered in time and
--                             the approved data still used past the approval's time limit (A28.2), and the items
--                             derived from shared data that stand in the open catalog (A44.3, 0064)

-- ---------------------------------------------------------------------------------------------------------------
-- The articles as people read them
-- ---------------------------------------------------------------------------------------------------------------

create table regulation_article (
    number int primary key constraint regulation_article_number_rp_3 check (number between 1 and 54),
    subject text not null constraint regulation_article_subject_rp_3 check (btrim(subject) <> '')
);

comment on table regulation_article is
    'RP.3: the short subject of each article that reports cite (第十一条 目录更新); reference data of the regulation.';

insert into regulation_article (number, subject) values
    (8, '平台建设'), (10, '目录管理'), (11, '目录更新'), (12, '信息化项目'), (13, '一数一源'), (16, '数据更新'),
    (18, '基础数据库'), (19, '数据回流'), (21, '共享属性'), (22, '属性评估'), (23, '共享申请'), (24, '目录外需求'),
    (26, '开放计划'), (27, '开放属性'), (28, '开放利用'), (29, '开放评估'), (33, '数据产品'), (36, '安全管理'),
    (37, '安全事件'), (44, '监督管理'), (45, '数据纠错'), (49, '机构违规责任'), (50, '数据利用主体责任'),
    (51, '数源部门责任');

create trigger regulation_article_audit after insert or update or delete on regulation_article
    for each row execute function audit_row_change('number');
create trigger regulation_article_no_truncate before truncate on regulation_article
    for each statement execute function refuse_truncate();

-- 1 … 99 in Chinese numerals, as the regulation numbers its articles (第四十九条).
create function chinese_numeral(n int) returns text
    language sql immutable parallel safe
    return case
        when n < 10 then substr('〇一二三四五六七八九', n + 1, 1)
        when n < 20 then '十' || case when n % 10 = 0 then '' else substr('〇一二三四五六七八九', n % 10 + 1, 1) end
        else substr('〇一二三四五六七八九', n / 10 + 1, 1) || '十'
             || case when n % 10 = 0 then '' else substr('〇一二三四五六七八九', n % 10 + 1, 1) end
    end;

-- 'A11.1' → 1101; an id that is not of that form sorts last.
create function regulation_article_order(article text) returns int
    language sql immutable parallel safe
    return case when article ~ '^A\d{1,2}\.\d{1,2}$'
                then split_part(substr(article, 2), '.', 1)::int * 100 + split_part(article, '.', 2)::int
                else 9999 end;

-- 'A11.1' → '第十一条 目录更新' (the subject left out for an article without one); other text stays as it is.
create function regulation_article_label(article text) returns text
    language sql stable parallel safe
    return case when article ~ '^A\d{1,2}\.\d{1,2}$'
                then '第' || chinese_numeral(regulation_article_order(article) / 100) || '条'
                     || coalesce(' ' || (select r.subject from public.regulation_article r
                                          where r.number = regulation_article_order(article) / 100), '')
                else article end;

-- A violation's clause 'A49(4)' → '第四十九条第(四)项'; other text stays as it is.
create function regulation_clause_label(clause text) returns text
    language sql immutable parallel safe
    return case when clause ~ '^A\d{1,2}\(\d\)$'
                then '第' || chinese_numeral(substring(clause from '^A(\d+)')::int) || '条第('
                     || chinese_numeral(substring(clause from '\((\d)\)')::int) || ')项'
                else clause end;

comment on function regulation_article_label(text) is
    'RP.3: the article of a requirement id as the regulation says it, with its subject: A11.1 → 第十一条 目录更新.';

-- ---------------------------------------------------------------------------------------------------------------
-- Deadlines the authority sets per year (A24.1, A28.2)
-- ---------------------------------------------------------------------------------------------------------------

create type policy_deadline as enum ('demand_review', 'open_application_reply');

comment on type policy_deadline is
    'The deadlines an authority sets per year: demand_review 目录外需求审核 (A24.1), open_application_reply '
    '有条件开放申请答复 (A28.2).';

create table deadline_policy (
    year int not null constraint deadline_policy_year_a24_1 check (year between 2000 and 2999),
    deadline policy_deadline not null,
    working_days int not null constraint deadline_policy_working_days_a24_1 check (working_days between 1 and 60),
    note text,
    updated_at timestamptz not null default registry_now(),
    primary key (year, deadline)
);

comment on table deadline_policy is
    'A24.1 / A28.2: the working days (1–60) an authority allows, for items received in a year, to review a demand '
    'outside the catalog (else 5) and to answer a conditional open application (else 10) — deadline_working_days().';

create function deadline_working_days(p_deadline policy_deadline, p_year int) returns int
    language sql stable parallel safe
    return coalesce((select p.working_days from public.deadline_policy p where p.year = p_year and p.deadline = p_deadline),
                    case p_deadline when 'demand_review' then 5 else 10 end);

comment on function deadline_working_days(policy_deadline, int) is
    'A24.1 / A28.2: the working days allowed for a deadline of a year: the policy''s, else 5 (review of a demand) or '
    '10 (answer to a conditional open application).';

create trigger deadline_policy_audit after insert or update or delete on deadline_policy
    for each row execute function audit_row_change('year');
create trigger deadline_policy_no_truncate before truncate on deadline_policy
    for each statement execute function refuse_truncate();

-- The public data authority of a division (its reviews and coordination are its duty).
create function division_authority(p_division char(6)) returns text
    language sql stable parallel safe
    return (select i.uscc::text from public.institution i
             where i.division_code = p_division and i.kind = 'public_data_authority' order by i.uscc limit 1);

-- ---------------------------------------------------------------------------------------------------------------
-- The findings
-- ---------------------------------------------------------------------------------------------------------------

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
        -- A8.1: banner/county platforms — built only as a recorded exception, and listed.
        select 'A8.1' as article, p.operator_uscc::text as institution_uscc,
               '旗县级公共数据平台 ' || p.name || '(' || d.name || ')'
                   || case when p.exception_reason is null then ' 未登记例外'
                           else ' 按例外建设,批准文件:' || p.exception_document end as finding,
               null::date as due, null::int as overdue
          from platform p join division d on d.code = p.division_code
         where d.level = 'banner_county' and coalesce(p.exception_recorded_on, civil_date(p.created_at)) <= p_as_of
        union all
        -- A11.1: catalog updates not submitted within 15 working days of the change.
        select 'A11.1', c.institution_uscc::text, '目录更新未按期提交:' || o.description, o.update_due,
               working_days_overdue(o.update_due, p_as_of)
          from catalog_update_obligation o join catalog c on c.id = o.catalog_id
         where o.update_due < p_as_of and (o.fulfilled_on is null or o.fulfilled_on > p_as_of)
        union all
        -- A11.1: catalog versions the reviewing authority has not decided within 5 working days.
        select 'A11.1', division_authority(catalog_reviewing_division(c.id)),
               '目录未按期审核:' || i.name || ' ' || c.name || ' 第 ' || v.number || ' 版', e.decision_due,
               working_days_overdue(e.decision_due, p_as_of)
          from catalog_review_event e
          join catalog_version v on v.id = e.version_id
          join catalog c on c.id = v.catalog_id
          join institution i on i.uscc = c.institution_uscc
         where e.event = 'submitted' and e.on_date <= p_as_of and e.decision_due < p_as_of
           and not exists (select 1 from catalog_review_event d
                            where d.version_id = e.version_id and d.id > e.id and d.on_date <= p_as_of
                              and d.event in ('approved', 'returned'))
        union all
        -- A12.1: IT projects without their catalog or data aggregation.
        select f.article, f.institution_uscc::text, f.description || '(' || f.project_name || ')', f.due_on,
               working_days_overdue(f.due_on, coalesce(f.done_on, p_as_of))
          from it_project_finding f
         where f.due_on <= p_as_of
        union all
        -- A13.2: competing source claims the division's authority has not resolved.
        select 'A13.2', division_authority(s.division_code),
               '数源冲突未协调:' || k.name || '(' || i.name || ' 与 ' || ci.name || ')', null, null
          from base_data_source s
          join base_data_kind k on k.code = s.base_data_kind_code
          join institution i on i.uscc = s.institution_uscc
          join base_data_source c on c.id = s.competing_claim_id
          join institution ci on ci.uscc = c.institution_uscc
         where s.competing_claim_id is not null and s.claimed_on <= p_as_of
           and (s.resolved_on is null or s.resolved_on > p_as_of)
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
        -- A24.1: demands outside the catalog the authority has not reviewed within the year's deadline.
        select 'A24.1', division_authority(r.authority_division), '目录外需求 ' || r.demand_no || ' 逾期未审核', r.due,
               working_days_overdue(r.due, p_as_of)
          from (select d.*, add_working_days(d.received_on,
                                             deadline_working_days('demand_review', extract(year from d.received_on)::int)) as due
                  from share_demand d
                 where d.received_on <= p_as_of and (d.reviewed_on is null or d.reviewed_on > p_as_of)
                   and (d.withdrawn_on is null or d.withdrawn_on > p_as_of)) r
         where r.due < p_as_of
        union all
        -- A28.2: conditional open applications not answered within the year's deadline.
        select 'A28.2', a.institution_uscc::text, '有条件开放申请 ' || a.application_no || ' 逾期未答复', a.due,
               working_days_overdue(a.due, p_as_of)
          from (select a.*, add_working_days(a.received_on,
                                             deadline_working_days('open_application_reply', extract(year from a.received_on)::int)) as due
                  from open_application a
                 where a.received_on <= p_as_of and (a.replied_on is null or a.replied_on > p_as_of)
                   and (a.withdrawn_at is null or civil_date(a.withdrawn_at) > p_as_of)) a
         where a.due < p_as_of
        union all
        -- A28.2: data of an approved application still used after its time limit (the approval lapsed then): usage
        -- reported after it, on an item not open unconditionally, without a later approval covering the day.
        select 'A28.2', null, '有条件开放申请 ' || a.application_no || ' 已过数据使用时限,仍在使用', a.time_limit,
               working_days_overdue(a.time_limit, civil_date(u.submitted_at))
          from usage_feedback u
          join lateral (select a.* from open_application a
                         where a.item_id = u.item_id and a.applicant_account = u.data_user_account and a.state = 'approved'
                           and a.replied_on <= civil_date(u.submitted_at)
                         order by a.time_limit desc limit 1) a on true
         where civil_date(u.submitted_at) <= p_as_of and a.time_limit < civil_date(u.submitted_at)
           and not exists (select 1 from catalog_item_published p where p.item_id = u.item_id and p.open_type = 'unconditional')
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
        select 'A' || substring(v.clause from 2 for 2) || '.1', v.institution_uscc,
               '违规未按期整改:' || regulation_clause_label(v.clause),
               v.rectification_due, v.working_days_overdue
          from violations_open_on(p_as_of) v
         where v.working_days_overdue is distinct from 0 and v.rectification_due < p_as_of
        union all
        -- A44.3: items derived from data obtained through sharing that stand in the open catalog.
        select 'A44.3', p.institution_uscc::text,
               '共享获取的数据列入开放目录:' || p.name || '(共享申请 ' || min(r.request_no) || ')', null, null
          from shared_data_derivation d
          join catalog_item_published p on p.item_id = d.item_id
          join share_request r on r.id = d.share_request_id
         where p.open_type <> 'not_open' and d.noted_on <= p_as_of
         group by p.institution_uscc, p.item_id, p.name        union all
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
