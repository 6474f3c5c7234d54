-- 0036_assessment_in_parallel.sql — issue 8: the region's assessment (A39.1) reads the million published items with
-- both cores.
--
-- After 0034 and 0035 the region's computation took 13.7 s at scale 1.0 (`scripts/bench.sh`), 8.8 s of it in two
-- indicators that read every published item (catalog_completeness, data_freshness, 4.4 s each), one core busy and the
-- other idle: PostgreSQL 15 never runs the SELECT of an INSERT … SELECT in parallel workers, and API sessions plan
-- without them (`PostgresConfiguration.forRequests()`, for short requests). CREATE TABLE AS may run its query in
-- parallel, so each indicator's values are now first gathered into a temporary table with up to two workers, then
-- inserted from it.
--
-- A query runs in parallel only when every function it names is marked parallel safe. The indicator functions and
-- the two they call that were not marked read tables and nothing else (no writes, no settings, no temporary tables):
-- they are marked so here.

alter function assessment_indicator_values(text, int, date) parallel safe;
alter function assessment_values_catalog_completeness(int, date) parallel safe;
alter function assessment_values_catalog_timeliness(int, date) parallel safe;
alter function assessment_values_share_timeliness(int, date) parallel safe;
alter function assessment_values_data_freshness(int, date) parallel safe;
alter function assessment_values_open_plan_completion(int, date) parallel safe;
alter function assessment_values_objections_handled(int, date) parallel safe;
alter function assessment_values_security_duties(int, date) parallel safe;
alter function assessment_values_violations_open(int, date) parallel safe;
alter function assessment_values_error_reports_on_time(int, date) parallel safe;
alter function open_plan_progress(uuid, date) parallel safe;
alter function violations_open_on(date) parallel safe;

-- A39.1: as 0033, with each indicator's values gathered first (in parallel) into assessment_indicator_result.
create or replace function assessment_compute(p_scheme uuid, p_as_of date) returns uuid
    language plpgsql
    set jit = off
    set max_parallel_workers_per_gather = 2
as $$
declare
    scheme assessment_scheme;
    new_id uuid;
    indicator text;
begin
    select * into scheme from assessment_scheme where id = p_scheme;
    perform set_config('registry.assessment_computing', 'on', true);
    insert into assessment (scheme_id, version, as_of)
    values (p_scheme, coalesce((select max(version) from assessment where scheme_id = p_scheme), 0) + 1, p_as_of)
    returning id into new_id;
    for indicator in select si.indicator_code from assessment_scheme_indicator si where si.scheme_id = p_scheme
                 order by si.indicator_code loop
        create temporary table assessment_indicator_result on commit drop as
        select * from assessment_indicator_values(indicator, scheme.year, p_as_of);
        insert into assessment_score (assessment_id, institution_uscc, indicator_code, computed)
        select new_id, i.uscc, indicator, v.value
          from institution i
          left join assessment_indicator_result v on v.institution_uscc = i.uscc
         where i.kind <> 'public_data_authority'
           and i.division_code in (select division_and_descendants(scheme.division_code));
        drop table assessment_indicator_result;
    end loop;
    perform set_config('registry.assessment_computing', 'off', true);
    return new_id;
end
$$;
