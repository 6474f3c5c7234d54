-- 0040_provisional_calendar.sql — work never stops at the end of the loaded calendar (W.3).
--
-- For a year whose official arrangement is not loaded yet, days are counted on a provisional calendar: Monday to
-- Friday, less the statutory holidays of 《全国年节及纪念日放假办法》 (2024 amendment), with no 调休 or 补休 guessed.
-- The statutory holidays are computed by the registry (lunar and solar-term dates, StatutoryHoliday.swift) and
-- loaded here by `registry seed reference`, like the official arrangement; calendar_day now runs on from the last
-- official year through the provisional years, each day marked provisional or not.
--
-- A deadline counted onto a provisional day is provisional: every stored deadline gets a sibling
-- <column>_provisional, derived by the database whenever the row is written. Loading the official arrangement of a
-- year re-stamps every open provisional deadline (calendar_restamp()): the new date, an audit row for each record
-- (A44.1), and a row in deadline_restamp saying what moved. Closed cases keep their dates.

-- ---------------------------------------------------------------------------------------------------------------
-- The statutory holidays of the provisional years
-- ---------------------------------------------------------------------------------------------------------------

create table statutory_year (
    year      int         primary key
              constraint statutory_year_in_range_w_3 check (year between 1949 and 2999),
    source    text        not null
              constraint statutory_year_source_named_w_3 check (btrim(source) <> ''),
    loaded_at timestamptz not null default now()
);

comment on table statutory_year is
    'W.3: years whose statutory holidays (法定节假日) are loaded, for counting on the provisional calendar; contiguous.';

create table statutory_holiday (
    day     date primary key,
    year    int  generated always as (extract(year from day)::int) stored not null
            constraint statutory_holiday_in_loaded_year_w_3 references statutory_year (year),
    holiday text not null
            constraint statutory_holiday_named_w_3 check (btrim(holiday) <> '')
);

create index statutory_holiday_year_idx on statutory_holiday (year);

comment on table statutory_holiday is
    'W.3: the statutory holidays of 《全国年节及纪念日放假办法》 as computed by the registry: 元旦, 春节 (除夕, 初一至初三), '
    '清明节, 劳动节, 端午节, 中秋节, 国庆节.';

create trigger statutory_year_audit after insert or update or delete on statutory_year
    for each row execute function audit_row_change('year');
-- Loaded a year at a time: one audit row per year for the days inserted, row by row for later changes.
create trigger statutory_holiday_audit after update or delete on statutory_holiday
    for each row execute function audit_row_change('day');
create trigger statutory_holiday_audit_inserts after insert on statutory_holiday
    referencing new table as new_rows
    for each statement execute function audit_rows_inserted('year');
create trigger statutory_year_no_truncate before truncate on statutory_year
    for each statement execute function refuse_truncate();
create trigger statutory_holiday_no_truncate before truncate on statutory_holiday
    for each statement execute function refuse_truncate();

-- ---------------------------------------------------------------------------------------------------------------
-- calendar_day: the official years, then the provisional ones
-- ---------------------------------------------------------------------------------------------------------------

alter table calendar_day add column provisional boolean not null default false;

comment on column calendar_day.provisional is
    'W.3: the day lies after the last year whose official arrangement is loaded: counted on the provisional calendar.';

-- The days calendar_day covers: from the first official year through the last provisional year that follows the
-- official ones without a gap (or the last official year when none does).
create function calendar_span(out first_day date, out last_official_day date, out last_day date)
    language sql stable
as $$
    select make_date(o.first_year, 1, 1),
           make_date(o.last_year, 12, 31),
           make_date(case when s.first_year <= o.last_year + 1 and s.last_year > o.last_year then s.last_year
                          else o.last_year end, 12, 31)
      from (select min(year) as first_year, max(year) as last_year from calendar_year) o,
           (select min(year) as first_year, max(year) as last_year from statutory_year) s
     where o.first_year is not null
$$;

comment on function calendar_span() is
    'W.2 / W.3: first day, last official day and last provisional day of the working-day calendar.';

create or replace function calendar_rebuild_days() returns void
    language sql volatile
as $$
    delete from calendar_day;
    insert into calendar_day (day, is_working, working_ordinal, holiday, provisional)
    select d.day, d.is_working, sum(d.is_working::int) over (order by d.day), d.holiday, d.provisional
      from (select g::date as day,
                   g::date > y.last_official_day as provisional,
                   case when g::date > y.last_official_day then extract(isodow from g) < 6 and s.day is null
                        else coalesce(o.kind = 'work', extract(isodow from g) < 6) end as is_working,
                   case when g::date > y.last_official_day then s.holiday else o.holiday end as holiday
              from calendar_span() y
             cross join generate_series(y.first_day, y.last_day, interval '1 day') g
              left join official_day o on o.day = g::date
              left join statutory_holiday s on s.day = g::date) d;
$$;

comment on function calendar_rebuild_days() is
    'W.1 / W.3: recompute calendar_day from the official arrangement and, after it, the statutory holidays.';

-- Statutory years stay contiguous, as official years do; either change rebuilds the days.
create or replace function calendar_after_change() returns trigger
    language plpgsql
as $$
declare
    v_first int;
    v_last  int;
    v_gap   int;
begin
    if tg_table_name in ('calendar_year', 'statutory_year') then
        execute format('select min(year), max(year) from %I', tg_table_name) into v_first, v_last;
        execute format('select y from generate_series($1, $2) y where not exists (select 1 from %I c where c.year = y) '
                       'order by y limit 1', tg_table_name)
           into v_gap using v_first, v_last;
        if v_gap is not null then
            raise exception using
                errcode = 'check_violation',
                constraint = case tg_table_name when 'calendar_year' then 'calendar_years_contiguous_w_2'
                                                else 'statutory_years_contiguous_w_3' end,
                message = format('working-day calendar for %s is not loaded: loaded years must be contiguous (%s–%s)',
                                 v_gap, v_first, v_last),
                detail = 'Deadlines crossing a year are counted through it, so a gap in the loaded years is refused (W.2).';
        end if;
    end if;
    perform calendar_rebuild_days();
    return null;
end
$$;

create trigger statutory_year_rebuild after insert or update or delete on statutory_year
    for each statement execute function calendar_after_change();
create trigger statutory_holiday_rebuild after insert or update or delete on statutory_holiday
    for each statement execute function calendar_after_change();

-- The W.2 refusal names the first year the calendar does not cover, official or provisional.
create or replace function calendar_year_not_loaded(from_day date, to_day date, result_type anyelement) returns anyelement
    language plpgsql stable parallel safe
as $$
declare
    v_first date;
    v_last  date;
    v_year  int;
begin
    select s.first_day, s.last_day into v_first, v_last from calendar_span() s;
    if v_first is null or from_day not between v_first and v_last then
        v_year := extract(year from from_day)::int;
    elsif to_day is null or to_day > v_last then
        v_year := extract(year from v_last)::int + 1;
    elsif to_day < v_first then
        v_year := extract(year from v_first)::int - 1;
    else
        -- Unreachable while calendar_day is in step with the loaded years.
        v_year := extract(year from to_day)::int;
    end if;
    raise exception using
        errcode = 'check_violation',
        constraint = 'calendar_year_loaded_w_2',
        message = format('working-day calendar for %s is not loaded', v_year),
        detail = format('Neither the State Council holiday arrangement nor the provisional calendar covers %s; '
                        'deadlines reaching into %s cannot be computed (W.2, W.3).', v_year, v_year);
end
$$;

-- W.3: whether a deadline falling on `due` was counted onto the provisional calendar.
create function calendar_day_is_provisional(due date) returns boolean
    language sql stable parallel safe
    return coalesce((select c.provisional from calendar_day c where c.day = due), false);

comment on function calendar_day_is_provisional(date) is
    'W.3: the day lies on the provisional calendar (after the last official year loaded).';

-- Replaces the statutory holidays with `days` (a JSON array of {"day": "YYYY-MM-DD", "holiday": "春节"}) for every
-- year from the first to the last year they mention, and drops the years outside that range. Only what differs is
-- written, so loading the same days twice changes nothing (and writes no audit rows).
create function calendar_load_statutory(p_source text, p_days jsonb,
                                        out years_loaded int, out days_inserted int, out days_updated int,
                                        out days_deleted int)
    language plpgsql volatile
as $$
declare
    v_first int;
    v_last  int;
begin
    if p_source is null or btrim(p_source) = '' then
        raise exception using errcode = 'invalid_parameter_value',
            message = 'the statutory holidays need a source (the rules and the program that computed them)';
    end if;
    if p_days is null or jsonb_typeof(p_days) <> 'array' or jsonb_array_length(p_days) = 0
       or exists (select 1 from jsonb_array_elements(p_days) e
                   where jsonb_typeof(e) <> 'object' or coalesce(e ->> 'day', '') !~ '^\d{4}-\d{2}-\d{2}$'
                      or coalesce(btrim(e ->> 'holiday'), '') = '') then
        raise exception using errcode = 'invalid_parameter_value',
            message = 'the statutory holidays must be a JSON array of {"day": "YYYY-MM-DD", "holiday": name} objects';
    end if;
    create temporary table statutory_input on commit drop as
        select (e ->> 'day')::date as day, btrim(e ->> 'holiday') as holiday from jsonb_array_elements(p_days) e;
    if (select count(*) <> count(distinct day) from statutory_input) then
        drop table statutory_input;
        raise exception using errcode = 'invalid_parameter_value', message = 'a statutory holiday is listed twice';
    end if;
    select min(extract(year from day))::int, max(extract(year from day))::int into v_first, v_last from statutory_input;
    years_loaded := v_last - v_first + 1;

    lock table statutory_year in share row exclusive mode;
    insert into statutory_year (year, source)
    select y, btrim(p_source) from generate_series(v_first, v_last) y
    on conflict (year) do update set source = excluded.source, loaded_at = now()
        where statutory_year.source <> excluded.source;

    delete from statutory_holiday s where not exists (select 1 from statutory_input i where i.day = s.day);
    get diagnostics days_deleted = row_count;
    with upserted as (
        insert into statutory_holiday as s (day, holiday)
        select day, holiday from statutory_input
        on conflict (day) do update set holiday = excluded.holiday where s.holiday <> excluded.holiday
        returning (xmax = 0) as inserted)
    select count(*) filter (where inserted), count(*) filter (where not inserted)
      into days_inserted, days_updated
      from upserted;
    delete from statutory_year where year not between v_first and v_last;
    drop table statutory_input;
end
$$;

comment on function calendar_load_statutory(text, jsonb) is
    'W.3: load the computed statutory holidays of a range of years; idempotent.';

-- ---------------------------------------------------------------------------------------------------------------
-- Deadlines: one rule each, and a provisional mark beside every stored one
-- ---------------------------------------------------------------------------------------------------------------

-- A11.1: the authority decides on a submitted catalog version within 5 working days.
create function catalog_decision_due(submitted_on date) returns date
    language sql stable parallel safe
    return add_working_days(submitted_on, 5);

-- A11.1: a catalog is updated within 15 working days of a change of legal basis or duty.
create function catalog_update_due(event_on date) returns date
    language sql stable parallel safe
    return add_working_days(event_on, 15);

-- A23.2: the source replies to a request for conditional (or not shared) data within 5 working days of receipt.
create function share_request_reply_due(received_on date) returns date
    language sql stable parallel safe
    return add_working_days(received_on, 5);

-- A23.2: an approved request is delivered within 5 working days of the approval.
create function share_request_delivery_due(replied_on date) returns date
    language sql stable parallel safe
    return add_working_days(replied_on, 5);

-- A24.1: the source replies to a forwarded demand within 5 working days.
create function share_demand_reply_due(forwarded_on date) returns date
    language sql stable parallel safe
    return add_working_days(forwarded_on, 5);

-- A24.1: a confirmed demand is delivered within 7 working days, unless the source named a day for processing.
create function share_demand_delivery_due(confirmed_on date) returns date
    language sql stable parallel safe
    return add_working_days(confirmed_on, 7);

-- The stamping code of 0008, 0017, 0020 and 0026 calls these rules instead of counting on its own.
create or replace function pg_temp.edit_function(fn regprocedure, fragment text, replacement text) returns void
    language plpgsql
as $$
declare
    definition text := pg_get_functiondef(fn);
begin
    if position(fragment in definition) = 0 then
        raise exception 'the definition of % does not contain %', fn, fragment;
    end if;
    execute replace(definition, fragment, replacement);
end
$$;

select pg_temp.edit_function('catalog_version_transition()',
    'add_working_days(new.submitted_on, 5)', 'catalog_decision_due(new.submitted_on)');
select pg_temp.edit_function('catalog_update_obligation_due()',
    'add_working_days(new.event_on, 15)', 'catalog_update_due(new.event_on)');
select pg_temp.edit_function('share_request_file(share_request)',
    'r.delivery_due := add_working_days(today, 5)', 'r.delivery_due := share_request_delivery_due(today)');
select pg_temp.edit_function('share_request_file(share_request)',
    'r.reply_due := add_working_days(today, 5)', 'r.reply_due := share_request_reply_due(today)');
select pg_temp.edit_function('share_request_step(share_request, share_request)',
    'r.delivery_due := add_working_days(today, 5)', 'r.delivery_due := share_request_delivery_due(today)');
select pg_temp.edit_function('share_demand_step(share_demand, share_demand)',
    'result.reply_due := add_working_days(today, 5)', 'result.reply_due := share_demand_reply_due(today)');
select pg_temp.edit_function('share_demand_step(share_demand, share_demand)',
    'add_working_days(today, 7)', 'share_demand_delivery_due(today)');

alter table catalog_version add column decision_due_provisional boolean not null default false;
alter table catalog_review_event add column decision_due_provisional boolean not null default false;
alter table catalog_update_obligation add column update_due_provisional boolean not null default false;
alter table share_request add column reply_due_provisional boolean not null default false,
                          add column delivery_due_provisional boolean not null default false;
alter table share_request_event add column due_provisional boolean not null default false;
alter table share_demand add column reply_due_provisional boolean not null default false,
                         add column delivery_due_provisional boolean not null default false;
alter table share_demand_event add column due_provisional boolean not null default false;
alter table error_report add column handling_due_provisional boolean not null default false;

-- Arguments: the deadline columns of the table, each `column` or `column unless flag` (a boolean column that, when
-- true, says the date was named by a person, not counted). Sets each <column>_provisional from the calendar, so
-- nothing a client writes into the marks survives. "zz": row triggers fire in name order; this one sees the dates
-- the table's own triggers stamped.
create function deadline_mark_provisional() returns trigger
    language plpgsql
as $$
declare
    v_row jsonb := to_jsonb(new);
    v_marks jsonb := '{}';
    v_argument text;
    v_column text;
    v_unless text;
begin
    foreach v_argument in array tg_argv loop
        v_column := split_part(v_argument, ' unless ', 1);
        v_unless := nullif(split_part(v_argument, ' unless ', 2), '');
        v_marks := v_marks || jsonb_build_object(v_column || '_provisional',
            calendar_day_is_provisional((v_row ->> v_column)::date)
            and not coalesce((v_row ->> v_unless)::boolean, false));
    end loop;
    return jsonb_populate_record(new, v_marks);
end
$$;

comment on function deadline_mark_provisional() is
    'W.3: BEFORE row trigger deadline_mark_provisional(''<column>'' [, ''<column> unless <flag>''] …): marks each '
    'deadline counted onto the provisional calendar.';

create trigger catalog_version_zz_provisional before insert or update on catalog_version
    for each row execute function deadline_mark_provisional('decision_due');
create trigger catalog_review_event_zz_provisional before insert or update on catalog_review_event
    for each row execute function deadline_mark_provisional('decision_due');
create trigger catalog_update_obligation_zz_provisional before insert or update on catalog_update_obligation
    for each row execute function deadline_mark_provisional('update_due');
create trigger share_request_zz_provisional before insert or update on share_request
    for each row execute function deadline_mark_provisional('reply_due', 'delivery_due');
create trigger share_request_event_zz_provisional before insert on share_request_event
    for each row execute function deadline_mark_provisional('due');
create trigger share_demand_zz_provisional before insert or update on share_demand
    for each row execute function deadline_mark_provisional('reply_due', 'delivery_due unless processing_needed');
create trigger share_demand_event_zz_provisional before insert on share_demand_event
    for each row execute function deadline_mark_provisional('due unless processing_needed');
create trigger error_report_zz_provisional before insert or update on error_report
    for each row execute function deadline_mark_provisional('handling_due');

-- A demand's history row does not carry processing_needed: the note of a confirmation says it. Give the event table
-- the column the mark needs, filled from the demand.
alter table share_demand_event add column processing_needed boolean;
select pg_temp.edit_function('share_demand_record_event()',
    'insert into share_demand_event (demand_id, state, at, on_date, due, note, actor_account, actor_role,
                                    actor_institution, http_request_id)
    values (new.id, new.state, stamp, civil_date(stamp),',
    'insert into share_demand_event (demand_id, state, at, on_date, due, note, actor_account, actor_role,
                                    actor_institution, http_request_id, processing_needed)
    values (new.id, new.state, stamp, civil_date(stamp),');
select pg_temp.edit_function('share_demand_record_event()',
    'nullif(current_setting(''registry.request_id'', true), ''''));',
    'nullif(current_setting(''registry.request_id'', true), ''''), new.processing_needed);');

-- ---------------------------------------------------------------------------------------------------------------
-- Re-stamping open deadlines when the calendar changes
-- ---------------------------------------------------------------------------------------------------------------

-- Each record with its open deadlines counted again on the calendar as it is now, and marked accordingly; closed
-- ones as they were.
create function catalog_version_restamped(v catalog_version) returns catalog_version
    language plpgsql stable
as $$
begin
    if v.state = 'submitted' then
        v.decision_due := catalog_decision_due(v.submitted_on);
        v.decision_due_provisional := calendar_day_is_provisional(v.decision_due);
    end if;
    return v;
end
$$;

create function share_request_restamped(r share_request) returns share_request
    language plpgsql stable
as $$
begin
    if r.state = 'submitted' and r.share_type <> 'unconditional' then
        r.reply_due := share_request_reply_due(r.received_on);
        r.reply_due_provisional := calendar_day_is_provisional(r.reply_due);
    elsif r.state = 'approved' then
        r.delivery_due := share_request_delivery_due(r.replied_on);
        r.delivery_due_provisional := calendar_day_is_provisional(r.delivery_due);
    end if;
    return r;
end
$$;

create function share_demand_restamped(d share_demand) returns share_demand
    language plpgsql stable
as $$
begin
    if d.state = 'forwarded' then
        d.reply_due := share_demand_reply_due(d.reviewed_on);
        d.reply_due_provisional := calendar_day_is_provisional(d.reply_due);
    elsif d.state = 'confirmed' and not d.processing_needed then
        d.delivery_due := share_demand_delivery_due(d.replied_on);
        d.delivery_due_provisional := calendar_day_is_provisional(d.delivery_due);
    end if;
    return d;
end
$$;

create function error_report_restamped(r error_report) returns error_report
    language plpgsql stable
as $$
begin
    if r.state in ('received', 'verifying') then
        r.handling_due := add_working_days(r.received_on, r.handling_working_days);
        r.handling_due_provisional := calendar_day_is_provisional(r.handling_due);
    end if;
    return r;
end
$$;

-- The state machines accept one more change: nothing but the open deadlines counted again. (An update obligation's
-- due date is counted again by its own trigger on every write.)
select pg_temp.edit_function('catalog_version_transition()',
    '    if new.catalog_id <> old.catalog_id or new.number <> old.number then',
    '    if new is distinct from old and new is not distinct from catalog_version_restamped(old) then
        return new;
    end if;
    if new.catalog_id <> old.catalog_id or new.number <> old.number then');
select pg_temp.edit_function('share_request_transition()',
    '    return share_request_step(old, new);',
    '    if new is distinct from old and new is not distinct from share_request_restamped(old) then
        return new;
    end if;
    return share_request_step(old, new);');
select pg_temp.edit_function('share_demand_transition()',
    '    return share_demand_step(old, new);',
    '    if new is distinct from old and new is not distinct from share_demand_restamped(old) then
        return new;
    end if;
    return share_demand_step(old, new);');
select pg_temp.edit_function('error_report_transition()',
    '    return error_report_step(old, new);',
    '    if new is distinct from old and new is not distinct from error_report_restamped(old) then
        return new;
    end if;
    return error_report_step(old, new);');

-- Histories and notices follow changes of state only, so a re-stamp adds none.
drop trigger share_demand_record_event on share_demand;
create trigger share_demand_record_event after insert or update of state on share_demand
    for each row execute function share_demand_record_event();

-- Open provisional deadlines are few: each table finds them through a small index.
create index catalog_version_provisional_idx on catalog_version (id) where decision_due_provisional;
create index catalog_update_obligation_provisional_idx on catalog_update_obligation (id) where update_due_provisional;
create index share_request_provisional_idx on share_request (id) where reply_due_provisional or delivery_due_provisional;
create index share_demand_provisional_idx on share_demand (id) where reply_due_provisional or delivery_due_provisional;
create index error_report_provisional_idx on error_report (id) where handling_due_provisional;

create table deadline_restamp (
    id          bigint generated always as identity primary key,
    restamped_at timestamptz not null default now(),
    entity      text not null,
    record_id   text not null,
    record_no   text not null,
    field       text not null,
    old_due     date not null,
    new_due     date not null,
    provisional boolean not null,
    txid        xid8 not null default pg_current_xact_id()
);

comment on table deadline_restamp is
    'W.3: every open deadline re-counted because the calendar changed (an official year loaded): which record, which '
    'field, the old and the new date, and whether the new one is still provisional.';

create trigger deadline_restamp_audit after insert or update or delete on deadline_restamp
    for each row execute function audit_row_change('id');
create trigger deadline_restamp_no_truncate before truncate on deadline_restamp
    for each statement execute function refuse_truncate();

-- W.3: counts every open provisional deadline again on the calendar as loaded now; records what moved in
-- deadline_restamp and returns it. Each record changed is audited by its own table's trigger, including those whose
-- date stays and only loses its mark. Idempotent.
create function calendar_restamp()
    returns table (entity text, record_id text, record_no text, field text, old_due date, new_due date,
                   provisional boolean)
    language sql volatile
as $$
    with version_due as (
        select v.id, v.number, v.decision_due as old_due, x.decision_due as new_due, x.decision_due_provisional as mark
          from catalog_version v cross join lateral catalog_version_restamped(v) x
         where v.decision_due_provisional and x is distinct from v),
    version_updated as (
        update catalog_version v set decision_due = d.new_due, decision_due_provisional = d.mark
          from version_due d where v.id = d.id),
    obligation_due as (
        select o.id, o.update_due as old_due, catalog_update_due(o.event_on) as new_due
          from catalog_update_obligation o
         where o.update_due_provisional and o.fulfilled_version_id is null),
    obligation_updated as (
        update catalog_update_obligation o set update_due = d.new_due from obligation_due d where o.id = d.id),
    request_due as (
        select r.id, r.request_no, r.reply_due, r.delivery_due, x
          from share_request r cross join lateral share_request_restamped(r) x
         where (r.reply_due_provisional or r.delivery_due_provisional) and x is distinct from r),
    request_updated as (
        update share_request r
           set reply_due = (d.x).reply_due, reply_due_provisional = (d.x).reply_due_provisional,
               delivery_due = (d.x).delivery_due, delivery_due_provisional = (d.x).delivery_due_provisional
          from request_due d where r.id = d.id),
    demand_due as (
        select s.id, s.demand_no, s.reply_due, s.delivery_due, x
          from share_demand s cross join lateral share_demand_restamped(s) x
         where (s.reply_due_provisional or s.delivery_due_provisional) and x is distinct from s),
    demand_updated as (
        update share_demand s
           set reply_due = (d.x).reply_due, reply_due_provisional = (d.x).reply_due_provisional,
               delivery_due = (d.x).delivery_due, delivery_due_provisional = (d.x).delivery_due_provisional
          from demand_due d where s.id = d.id),
    report_due as (
        select r.id, r.report_no, r.handling_due as old_due, x.handling_due as new_due, x.handling_due_provisional as mark
          from error_report r cross join lateral error_report_restamped(r) x
         where r.handling_due_provisional and x is distinct from r),
    report_updated as (
        update error_report r set handling_due = d.new_due, handling_due_provisional = d.mark
          from report_due d where r.id = d.id),
    moved (entity, record_id, record_no, field, old_due, new_due, provisional) as (
        select 'catalog_version', d.id::text, '目录第 ' || d.number || ' 版', 'decision_due', d.old_due, d.new_due, d.mark
          from version_due d
        union all
        select 'catalog_update_obligation', d.id::text, '目录更新义务', 'update_due', d.old_due, d.new_due,
               calendar_day_is_provisional(d.new_due)
          from obligation_due d
        union all
        select 'share_request', d.id::text, '共享申请 ' || d.request_no, f.*
          from request_due d
         cross join lateral (values ('reply_due', d.reply_due, (d.x).reply_due, (d.x).reply_due_provisional),
                                    ('delivery_due', d.delivery_due, (d.x).delivery_due, (d.x).delivery_due_provisional)) f
        union all
        select 'share_demand', d.id::text, '目录外需求 ' || d.demand_no, f.*
          from demand_due d
         cross join lateral (values ('reply_due', d.reply_due, (d.x).reply_due, (d.x).reply_due_provisional),
                                    ('delivery_due', d.delivery_due, (d.x).delivery_due, (d.x).delivery_due_provisional)) f
        union all
        select 'error_report', d.id::text, '纠错 ' || d.report_no, 'handling_due', d.old_due, d.new_due, d.mark
          from report_due d),
    recorded as (
        insert into deadline_restamp (entity, record_id, record_no, field, old_due, new_due, provisional)
        select m.entity, m.record_id, m.record_no, m.field, m.old_due, m.new_due, m.provisional
          from moved m where m.old_due is distinct from m.new_due
        returning deadline_restamp.entity, deadline_restamp.record_id, deadline_restamp.record_no,
                  deadline_restamp.field, deadline_restamp.old_due, deadline_restamp.new_due,
                  deadline_restamp.provisional)
    select * from recorded order by 1, 3, 4
$$;

comment on function calendar_restamp() is
    'W.3: re-count every open provisional deadline on the calendar as loaded now; returns (and records) what moved.';

-- Whatever changes the calendar — the loaders, or a statement typed by hand — the open provisional deadlines are
-- counted again before the transaction commits. The loaders' callers run calendar_restamp() themselves first, to
-- report what moved; then this finds nothing left to do.
create function calendar_restamp_at_commit() returns trigger
    language plpgsql
as $$
begin
    perform calendar_restamp();
    return null;
end
$$;

create constraint trigger calendar_year_restamp after insert or update or delete on calendar_year
    deferrable initially deferred for each row execute function calendar_restamp_at_commit();
create constraint trigger official_day_restamp after insert or update or delete on official_day
    deferrable initially deferred for each row execute function calendar_restamp_at_commit();
create constraint trigger statutory_year_restamp after insert or update or delete on statutory_year
    deferrable initially deferred for each row execute function calendar_restamp_at_commit();
create constraint trigger statutory_holiday_restamp after insert or update or delete on statutory_holiday
    deferrable initially deferred for each row execute function calendar_restamp_at_commit();

-- ---------------------------------------------------------------------------------------------------------------
-- The calendar's health, for operators (registry calendar status, /healthz)
-- ---------------------------------------------------------------------------------------------------------------

-- W.3: the loaded official years, how far the provisional calendar reaches, whether provisional days are in use
-- (today is past the official calendar, or an open deadline was counted onto it), and a warning once today is within
-- 60 days of the end of the last official year.
create function calendar_status(
    out first_official_year int, out last_official_year int, out provisional_through date, out today date,
    out days_left int, out open_provisional_deadlines int, out state text)
    language sql stable
as $$
    select extract(year from s.first_day)::int, extract(year from s.last_official_day)::int,
           case when s.last_day > s.last_official_day then s.last_day end,
           registry_today(), s.last_official_day - registry_today(), p.open,
           case when registry_today() > s.last_official_day or p.open > 0 then 'provisional_in_use'
                when s.last_official_day - registry_today() < 60 then 'ending_soon'
                else 'ok' end
      from calendar_span() s,
           lateral (select ((select count(*) from catalog_version v where v.decision_due_provisional and v.state = 'submitted')
                          + (select count(*) from catalog_update_obligation o
                              where o.update_due_provisional and o.fulfilled_version_id is null)
                          + (select count(*) from share_request r
                              where (r.reply_due_provisional and r.state = 'submitted')
                                 or (r.delivery_due_provisional and r.state = 'approved'))
                          + (select count(*) from share_demand d
                              where (d.reply_due_provisional and d.state = 'forwarded')
                                 or (d.delivery_due_provisional and d.state = 'confirmed'))
                          + (select count(*) from error_report e
                              where e.handling_due_provisional and e.state in ('received', 'verifying')))::int as open) p
$$;

comment on function calendar_status() is
    'W.3: official years, provisional reach, open provisional deadlines and ok | provisional_in_use | ending_soon.';
