-- 0003_calendar.sql — the working-day calendar (W.1, W.2).
--
-- W.1  Deadlines count working days (工作日) in Asia/Shanghai following the State Council's holiday arrangement,
--      including adjusted working weekends (调休上班). The day of receipt does not count; a deadline ends at the
--      close of its N-th working day after receipt.
-- W.2  The official calendar is data, not code: one row per loaded year, the days the State Council lists, and a
--      derived day table. A computation touching a year that is not loaded fails with an error naming that year.
--
-- Any date not listed in official_day is a working day Monday–Friday and a rest day on Saturday/Sunday.
-- Reference data: sql/reference/cn-official-calendar-2024-2026.csv (see sql/reference/README.md), loaded by
-- WorkingDayCalendarStore through calendar_load_years().

-- ---------------------------------------------------------------------------------------------------------------
-- Tables

create table calendar_year (
    year      int         primary key
              constraint calendar_year_in_range_w_2 check (year between 1949 and 2999),
    source    text        not null
              constraint calendar_year_source_named_w_2 check (btrim(source) <> ''),
    loaded_at timestamptz not null default now()
);
comment on table calendar_year is
    'W.2: years whose State Council holiday arrangement (国务院办公厅部分节假日安排) is loaded; always contiguous.';
comment on column calendar_year.source is 'Where the arrangement comes from (notice, file).';
comment on column calendar_year.loaded_at is 'When the listed days of this year last changed.';

create table official_day (
    day     date primary key,
    year    int  generated always as (extract(year from day)::int) stored not null
            constraint official_day_in_loaded_year_w_2 references calendar_year (year),
    kind    text not null
            constraint official_day_kind_w_1 check (kind in ('off', 'work')),
    holiday text not null
            constraint official_day_holiday_named_w_1 check (btrim(holiday) <> ''),
    -- 调休上班 moves work onto a weekend day; a weekday is a working day anyway, so listing it as 'work' is a typo.
    constraint official_day_work_on_weekend_w_1 check (kind = 'off' or extract(isodow from day) in (6, 7))
);
create index official_day_year_idx on official_day (year);
comment on table official_day is
    'W.1: days the State Council lists: official days off (放假, kind off) and adjusted working weekend days (调休上班, kind work).';

-- Derived from the two tables above by calendar_rebuild_days(); never written directly.
create table calendar_day (
    day             date    primary key,
    is_working      boolean not null,
    working_ordinal int     not null,
    holiday         text
);
-- add_working_days: "the working day whose ordinal is k" is one index probe.
create unique index calendar_day_working_ordinal_key on calendar_day (working_ordinal) where is_working;
comment on table calendar_day is
    'W.1: every day of every loaded year (derived). working_ordinal = number of working days from the first loaded '
    'year up to and including the day, so due date = the working day whose ordinal is ordinal(receipt) + n, and '
    'working days between two dates = the difference of their ordinals.';

-- ---------------------------------------------------------------------------------------------------------------
-- Derived table and the rules that keep the calendar whole

create function calendar_rebuild_days() returns void
language sql volatile as $$
    delete from calendar_day;
    insert into calendar_day (day, is_working, working_ordinal, holiday)
    select d.day,
           d.is_working,
           sum(d.is_working::int) over (order by d.day),
           d.holiday
      from (select g::date as day,
                   coalesce(o.kind = 'work', extract(isodow from g) < 6) as is_working,
                   o.holiday
              from (select min(year) as first_year, max(year) as last_year from calendar_year) y
             cross join generate_series(make_date(y.first_year, 1, 1), make_date(y.last_year, 12, 31), interval '1 day') g
              left join official_day o on o.day = g::date
             where y.first_year is not null) d;
$$;
comment on function calendar_rebuild_days() is 'W.1: recompute calendar_day from calendar_year and official_day.';

create function calendar_after_change() returns trigger
language plpgsql as $$
declare
    v_first int;
    v_last  int;
    v_gap   int;
begin
    if tg_table_name = 'calendar_year' then
        select min(year), max(year) into v_first, v_last from calendar_year;
        select y into v_gap
          from generate_series(v_first, v_last) y
         where not exists (select 1 from calendar_year c where c.year = y)
         order by y
         limit 1;
        if v_gap is not null then
            raise exception using
                errcode = 'check_violation',
                constraint = 'calendar_years_contiguous_w_2',
                message = format('working-day calendar for %s is not loaded: loaded years must be contiguous (%s–%s)',
                                 v_gap, v_first, v_last),
                detail = 'Deadlines crossing a year are counted through it, so a gap in the loaded years is refused (W.2).';
        end if;
    end if;
    perform calendar_rebuild_days();
    return null;
end
$$;

create trigger calendar_year_rebuild after insert or update or delete on calendar_year
    for each statement execute function calendar_after_change();
create trigger official_day_rebuild after insert or update or delete on official_day
    for each statement execute function calendar_after_change();

create function calendar_day_refuse_direct_write() returns trigger
language plpgsql as $$
begin
    -- Depth 1 means a statement issued by a client; the rebuild runs from the triggers above (depth ≥ 2).
    if pg_trigger_depth() < 2 then
        raise exception using
            errcode = 'check_violation',
            constraint = 'calendar_day_derived_w_2',
            message = 'calendar_day is derived: change official_day or calendar_year (e.g. calendar_load_year) instead',
            detail = 'The working-day table is rebuilt from the official arrangement whenever that changes (W.2).';
    end if;
    return null;
end
$$;
create trigger calendar_day_derived before insert or update or delete or truncate on calendar_day
    for each statement execute function calendar_day_refuse_direct_write();

-- A44.1: the loaded arrangement is registry data; the derived table is not audited (it follows from these two).
create trigger calendar_year_audit after insert or update or delete on calendar_year
    for each row execute function audit_row_change('year');
create trigger official_day_audit after insert or update or delete on official_day
    for each row execute function audit_row_change('day');

-- ---------------------------------------------------------------------------------------------------------------
-- Computing with working days

-- Raises the W.2 error naming the first year not loaded on the way from `from_day` towards `to_day`
-- (to_day null: "somewhere after the last loaded day"). Only called on the error path; returns its third
-- argument's type so that SQL functions can use it inside coalesce().
create function calendar_year_not_loaded(from_day date, to_day date, result_type anyelement) returns anyelement
language plpgsql stable parallel safe as $$
declare
    v_first int;
    v_last  int;
    v_year  int;
begin
    select min(year), max(year) into v_first, v_last from calendar_year;
    if v_first is null then
        v_year := extract(year from from_day)::int;
    elsif not exists (select 1 from calendar_year where year = extract(year from from_day)::int) then
        v_year := extract(year from from_day)::int;
    elsif to_day is null or to_day > make_date(v_last, 12, 31) then
        v_year := v_last + 1;
    elsif to_day < make_date(v_first, 1, 1) then
        v_year := v_first - 1;
    else
        -- Unreachable while calendar_day is in step with calendar_year.
        v_year := extract(year from to_day)::int;
    end if;
    raise exception using
        errcode = 'check_violation',
        constraint = 'calendar_year_loaded_w_2',
        message = format('working-day calendar for %s is not loaded', v_year),
        detail = format('The State Council holiday arrangement for %s has not been loaded into the registry; '
                        'deadlines reaching into %s cannot be computed until it is (W.2).', v_year, v_year);
end
$$;

create function calendar_negative_working_days(n int, result_type anyelement) returns anyelement
language plpgsql stable parallel safe as $$
begin
    raise exception using
        errcode = 'invalid_parameter_value',
        message = format('number of working days must not be negative (got %s)', n);
end
$$;

-- W.1: the deadline for something received on `start` with `n` working days: the n-th working day after the day of
-- receipt (which does not count). n = 0 gives `start` itself. Two index probes; inlinable into set-based reports.
create function add_working_days(start date, n int) returns date
language sql stable parallel safe as $$
    select case
        when start is null or n is null then null
        when n < 0 then calendar_negative_working_days(n, null::date)
        else coalesce(
            case when n = 0
                 then (select s.day from calendar_day s where s.day = start)
                 else (select w.day
                         from calendar_day w
                        where w.is_working
                          and w.working_ordinal = (select s.working_ordinal from calendar_day s where s.day = start) + n)
            end,
            calendar_year_not_loaded(start, null, null::date))
    end
$$;
comment on function add_working_days(date, int) is
    'W.1: due date = close of the n-th working day after the day of receipt; fails naming a year that is not loaded (W.2).';

-- W.1: working days after `from_day` up to and including `to_day` (negative when to_day < from_day), so
-- working_days_between(d, add_working_days(d, n)) = n.
create function working_days_between(from_day date, to_day date) returns int
language sql stable parallel safe as $$
    select case
        when from_day is null or to_day is null then null
        else coalesce(
            (select t.working_ordinal from calendar_day t where t.day = to_day)
              - (select f.working_ordinal from calendar_day f where f.day = from_day),
            calendar_year_not_loaded(from_day, to_day, null::int))
    end
$$;
comment on function working_days_between(date, date) is
    'W.1: working days in (from_day, to_day]; fails naming a year that is not loaded (W.2).';

create function is_working_day(d date) returns boolean
language sql stable parallel safe as $$
    select case
        when d is null then null
        else coalesce((select c.is_working from calendar_day c where c.day = d),
                      calendar_year_not_loaded(d, d, null::boolean))
    end
$$;
comment on function is_working_day(date) is 'W.1: whether a day is a working day; fails naming a year that is not loaded (W.2).';

-- W.1: the civil date in Asia/Shanghai of an instant (a request received at 23:30 UTC is received the next day).
create function civil_date(at timestamptz) returns date
language sql immutable parallel safe as $$
    select (at at time zone 'Asia/Shanghai')::date
$$;
comment on function civil_date(timestamptz) is 'W.1: the date in Asia/Shanghai of an instant.';

-- W.1: a deadline ends at the close of its last working day: the instant the next civil day begins in Asia/Shanghai.
-- Overdue at instant t  ⇔  t >= deadline_close(due)  ⇔  civil_date(t) > due.
create function deadline_close(due date) returns timestamptz
language sql immutable parallel safe as $$
    select (due + 1)::timestamp at time zone 'Asia/Shanghai'
$$;
comment on function deadline_close(date) is 'W.1: the instant a deadline falling on `due` has passed (midnight after it, Asia/Shanghai).';

-- ---------------------------------------------------------------------------------------------------------------
-- Loading a year (W.2)

-- Replaces the listed days of one year with `days` (a JSON array of {"day": "YYYY-MM-DD", "kind": "off"|"work",
-- "holiday": "春节"}) and records the year as loaded. Only what differs is written, so loading the same data twice
-- changes nothing (and writes no audit rows). Years must stay contiguous with those already loaded.
create function calendar_load_year(p_year int, p_source text, p_days jsonb,
                                   out year_added boolean, out days_inserted int, out days_updated int,
                                   out days_deleted int)
language plpgsql volatile as $$
declare
    v_first   int;
    v_last    int;
    v_days    date[] := '{}';
    v_kinds   text[] := '{}';
    v_names   text[] := '{}';
    v_element jsonb;
    v_index   int;
    v_day     date;
    v_text    text;
    v_changed boolean;
begin
    if p_year is null or p_year not between 1949 and 2999 then
        raise exception using errcode = 'invalid_parameter_value',
            message = format('calendar year must be between 1949 and 2999 (got %s)', coalesce(p_year::text, 'null'));
    end if;
    if p_source is null or btrim(p_source) = '' then
        raise exception using errcode = 'invalid_parameter_value',
            message = format('the working-day calendar for %s needs a source (the notice it comes from)', p_year);
    end if;
    if p_days is null or jsonb_typeof(p_days) <> 'array' then
        raise exception using errcode = 'invalid_parameter_value',
            message = format('the days of %s must be a JSON array of {"day", "kind", "holiday"} objects', p_year);
    end if;

    -- One loader at a time; readers are not blocked.
    lock table calendar_year in share row exclusive mode;

    for v_element, v_index in select e, i from jsonb_array_elements(p_days) with ordinality as a(e, i) loop
        if jsonb_typeof(v_element) <> 'object' then
            raise exception using errcode = 'invalid_parameter_value',
                message = format('day %s of %s is not a JSON object', v_index, p_year);
        end if;
        v_text := v_element ->> 'day';
        if v_text is null or v_text !~ '^\d{4}-\d{2}-\d{2}$' then
            raise exception using errcode = 'invalid_parameter_value',
                message = format('day %s of %s: "day" must be a date YYYY-MM-DD (got %s)', v_index, p_year,
                                 coalesce((v_element -> 'day')::text, 'nothing'));
        end if;
        begin
            v_day := v_text::date;
        exception when others then
            raise exception using errcode = 'invalid_parameter_value',
                message = format('day %s of %s: %s is not a date', v_index, p_year, v_text);
        end;
        if extract(year from v_day)::int <> p_year then
            raise exception using errcode = 'invalid_parameter_value',
                message = format('day %s of %s: %s is not in %s', v_index, p_year, v_day, p_year);
        end if;
        if v_day = any (v_days) then
            raise exception using errcode = 'invalid_parameter_value',
                message = format('day %s of %s: %s is listed twice', v_index, p_year, v_day);
        end if;
        if (v_element ->> 'kind') is null or (v_element ->> 'kind') not in ('off', 'work') then
            raise exception using errcode = 'invalid_parameter_value',
                message = format('day %s of %s (%s): "kind" must be "off" or "work" (got %s)', v_index, p_year, v_day,
                                 coalesce((v_element -> 'kind')::text, 'nothing'));
        end if;
        if coalesce(btrim(v_element ->> 'holiday'), '') = '' then
            raise exception using errcode = 'invalid_parameter_value',
                message = format('day %s of %s (%s): "holiday" must name the holiday', v_index, p_year, v_day);
        end if;
        if v_element ->> 'kind' = 'work' and extract(isodow from v_day) < 6 then
            raise exception using errcode = 'check_violation', constraint = 'official_day_work_on_weekend_w_1',
                message = format('day %s of %s: %s is a weekday, so it cannot be an adjusted working day (调休上班)',
                                 v_index, p_year, v_day);
        end if;
        v_days  := v_days  || v_day;
        v_kinds := v_kinds || (v_element ->> 'kind');
        v_names := v_names || btrim(v_element ->> 'holiday');
    end loop;

    year_added := not exists (select 1 from calendar_year where year = p_year);
    if year_added then
        select min(year), max(year) into v_first, v_last from calendar_year;
        if v_first is not null and p_year > v_last + 1 then
            raise exception using errcode = 'check_violation', constraint = 'calendar_years_contiguous_w_2',
                message = format('cannot load the working-day calendar for %s: the calendar for %s is not loaded '
                                 '(loaded years must be contiguous; loaded: %s–%s)', p_year, v_last + 1, v_first, v_last);
        elsif v_first is not null and p_year < v_first - 1 then
            raise exception using errcode = 'check_violation', constraint = 'calendar_years_contiguous_w_2',
                message = format('cannot load the working-day calendar for %s: the calendar for %s is not loaded '
                                 '(loaded years must be contiguous; loaded: %s–%s)', p_year, v_first - 1, v_first, v_last);
        end if;
        insert into calendar_year (year, source) values (p_year, btrim(p_source));
    end if;

    -- Statements run only when they have something to do: each one fires the rebuild of calendar_day.
    days_deleted := 0;
    days_inserted := 0;
    days_updated := 0;
    if exists (select 1 from official_day o where o.year = p_year and o.day <> all (v_days)) then
        delete from official_day o where o.year = p_year and o.day <> all (v_days);
        get diagnostics days_deleted = row_count;
    end if;

    if exists (select 1
                 from unnest(v_days, v_kinds, v_names) as n(day, kind, holiday)
                where not exists (select 1 from official_day o
                                   where o.day = n.day and o.kind = n.kind and o.holiday = n.holiday)) then
        with upserted as (
            insert into official_day as o (day, kind, holiday)
            select * from unnest(v_days, v_kinds, v_names)
            on conflict (day) do update
                set kind = excluded.kind, holiday = excluded.holiday
                where (o.kind, o.holiday) is distinct from (excluded.kind, excluded.holiday)
            returning (xmax = 0) as inserted
        )
        select count(*) filter (where inserted), count(*) filter (where not inserted)
          into days_inserted, days_updated
          from upserted;
    end if;

    if not year_added then
        v_changed := days_inserted + days_updated + days_deleted > 0
                     or exists (select 1 from calendar_year c where c.year = p_year and c.source <> btrim(p_source));
        if v_changed then
            update calendar_year c set source = btrim(p_source), loaded_at = now() where c.year = p_year;
        end if;
    end if;
end
$$;
comment on function calendar_load_year(int, text, jsonb) is
    'W.2: load or replace one year of the official arrangement; idempotent; keeps loaded years contiguous.';

-- Loads several years at once (e.g. a whole reference CSV) in one statement: `days` as for calendar_load_year,
-- grouped by year, and the years loaded in an order that keeps them contiguous (upwards from the first loaded year,
-- then downwards for years before it).
create function calendar_load_years(p_source text, p_days jsonb)
returns table (year int, year_added boolean, days_inserted int, days_updated int, days_deleted int)
language plpgsql volatile as $$
declare
    v_anchor int;
    v_year   int;
begin
    if p_days is null or jsonb_typeof(p_days) <> 'array' then
        raise exception using errcode = 'invalid_parameter_value',
            message = 'the days must be a JSON array of {"day", "kind", "holiday"} objects';
    end if;
    if exists (select 1 from jsonb_array_elements(p_days) e
                where jsonb_typeof(e) <> 'object' or coalesce(e ->> 'day', '') !~ '^\d{4}-') then
        raise exception using errcode = 'invalid_parameter_value',
            message = 'every element of the days must be an object whose "day" is a date YYYY-MM-DD';
    end if;
    lock table calendar_year in share row exclusive mode;
    select coalesce((select min(c.year) from calendar_year c),
                    (select min(left(e ->> 'day', 4)::int) from jsonb_array_elements(p_days) e))
      into v_anchor;
    for v_year in
        select y from (select distinct left(e ->> 'day', 4)::int as y from jsonb_array_elements(p_days) e) ys
         order by y < v_anchor, case when y >= v_anchor then y else -y end
    loop
        year := v_year;
        select l.year_added, l.days_inserted, l.days_updated, l.days_deleted
          into year_added, days_inserted, days_updated, days_deleted
          from calendar_load_year(v_year, p_source,
                                  (select coalesce(jsonb_agg(e order by i), '[]')
                                     from jsonb_array_elements(p_days) with ordinality as a(e, i)
                                    where left(e ->> 'day', 4)::int = v_year)) l;
        return next;
    end loop;
end
$$;
comment on function calendar_load_years(text, jsonb) is
    'W.2: load or replace every year present in `days` (one statement, so all or nothing).';

-- Per loaded year: how many working days it has (2024: 251, 2025: 248, 2026: 248).
create view calendar_year_summary as
select c.year,
       c.source,
       c.loaded_at,
       count(*) filter (where d.is_working)::int as working_days,
       count(*) filter (where not d.is_working)::int as rest_days,
       (select count(*)::int from official_day o where o.year = c.year and o.kind = 'off') as listed_off_days,
       (select count(*)::int from official_day o where o.year = c.year and o.kind = 'work') as adjusted_working_days
  from calendar_year c
  join calendar_day d on d.day between make_date(c.year, 1, 1) and make_date(c.year, 12, 31)
 group by c.year, c.source, c.loaded_at;
comment on view calendar_year_summary is 'W.2: working and rest days per loaded year.';
