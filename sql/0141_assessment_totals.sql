-- 0141_assessment_totals.sql — A39.1, A41.1: an assessment's weighted totals kept per institution, not summed per read.
--
-- The view assessment_result (0027) summed every score of an assessment, weighted by its scheme, on each read: at scale
-- 1.0 the region's assessment has some 44,000 scores of 4,884 institutions, and every page of its score table, every
-- list of assessments and every report summed them all again to rank a page of 50.
--
-- assessment_total   each institution's weighted total in an assessment (adjusted values where given), as the view
--                    summed it; kept in the same transaction as the scores and the weights it is summed from
--
-- Changes assessment_result: it ranks the kept totals instead of summing the scores; its columns and values are the same.
-- The totals are written only by the SECURITY DEFINER functions of registry_compute below, and refuse every other writer.

create table assessment_total (
    assessment_id uuid not null references assessment (id),
    institution_uscc uscc not null,
    total numeric not null,
    primary key (assessment_id, institution_uscc)
);

comment on table assessment_total is
    'A39.1 / A41.1: the weighted total of each institution in an assessment (adjusted values where given); derived, not audited.';

create index assessment_total_rank_idx on assessment_total (assessment_id, total desc);

-- Sums again the totals of the given (assessment, institution) pairs from their scores and their scheme's weights; a
-- pair with no weighted score left has no total, as the view had none.
create function assessment_total_refresh(p_assessments uuid[], p_institutions text[]) returns void
    language sql
begin atomic
    delete from assessment_total t
     using unnest(p_assessments, p_institutions) k(assessment_id, institution_uscc)
     where t.assessment_id = k.assessment_id and t.institution_uscc = k.institution_uscc;
    insert into assessment_total (assessment_id, institution_uscc, total)
    select s.assessment_id, s.institution_uscc, round(sum(si.weight * coalesce(s.adjusted, s.computed)) / 100, 2)
      from unnest(p_assessments, p_institutions) k(assessment_id, institution_uscc)
      join assessment_score s on s.assessment_id = k.assessment_id and s.institution_uscc = k.institution_uscc
      join assessment a on a.id = s.assessment_id
      join assessment_scheme_indicator si on si.scheme_id = a.scheme_id and si.indicator_code = s.indicator_code
     group by s.assessment_id, s.institution_uscc;
end;

-- The scores a statement computed or adjusted move their institutions' totals.
create function assessment_total_follow_scores() returns trigger
    language plpgsql
as $$
begin
    perform assessment_total_refresh(array_agg(k.assessment_id), array_agg(k.institution_uscc::text))
       from (select distinct assessment_id, institution_uscc from changed_scores) k;
    return null;
end
$$;

-- A scheme's weights that change move the totals of its assessments (a published scheme's weights never change).
create function assessment_total_follow_weights() returns trigger
    language plpgsql
as $$
begin
    perform assessment_total_refresh(array_agg(k.assessment_id), array_agg(k.institution_uscc::text))
       from (select distinct s.assessment_id, s.institution_uscc
               from assessment_score s join assessment a on a.id = s.assessment_id
              where a.scheme_id = coalesce(new.scheme_id, old.scheme_id)) k;
    return null;
end
$$;

select assessment_total_refresh(array_agg(k.assessment_id), array_agg(k.institution_uscc::text))
  from (select distinct assessment_id, institution_uscc from assessment_score) k;

create trigger assessment_total_follow_inserts after insert on assessment_score
    referencing new table as changed_scores for each statement execute function assessment_total_follow_scores();
create trigger assessment_total_follow_updates after update on assessment_score
    referencing new table as changed_scores for each statement execute function assessment_total_follow_scores();
create trigger assessment_total_follow_weights after insert or update or delete on assessment_scheme_indicator
    for each row execute function assessment_total_follow_weights();

create or replace view assessment_result as
select t.assessment_id, t.institution_uscc, ins.name as institution_name, ins.division_code, t.total,
       rank() over (partition by t.assessment_id order by t.total desc) as rank
  from assessment_total t join institution ins on ins.uscc = t.institution_uscc;

-- ---- written by the derivation only -------------------------------------------------------------------------------

create trigger assessment_total_derived before insert or update or delete or truncate on assessment_total
    for each statement execute function derived_table_refuse_direct_write(
        'assessment_total_derived_a39_1',
        'assessment_total is derived from the scores and the weights: compute or adjust the assessment instead');

insert into role_privilege_refusal (table_name, grantee, privileges, reason) values
    ('assessment_total', 'registry_service', 'insert, update, delete', 'A39.1: derived from assessment_score');

grant select, insert, delete on assessment_total to registry_compute;
grant select on assessment_score, assessment, assessment_scheme_indicator to registry_compute;

do $$
declare
    fn regprocedure;
begin
    foreach fn in array array['assessment_total_follow_scores()'::regprocedure,
                              'assessment_total_follow_weights()'::regprocedure] loop
        execute format('alter function %s security definer set search_path = %I, pg_temp', fn, current_schema());
        execute format('alter function %s owner to registry_compute', fn);
    end loop;
end
$$;

analyze assessment_total;
