-- 0142_assessment_result_ranked_first.sql — A39.1: a page of an assessment's ranking reads that page only.
--
-- Changes assessment_result (0141): it ranks the kept totals first and names their institutions after, so that a page
-- ordered by total (the ranking) walks the totals' index and looks up the institutions of that page only, instead of
-- joining all of an assessment's institutions before ranking them. Its columns and values are the same.
-- Replaces assessment_total_rank_idx with an index in the ranking's full order (total, then institution).

drop index assessment_total_rank_idx;
create index assessment_total_rank_idx on assessment_total (assessment_id, total desc, institution_uscc);

create or replace view assessment_result as
select t.assessment_id, t.institution_uscc, ins.name as institution_name, ins.division_code, t.total, t.rank
  from (select t.assessment_id, t.institution_uscc, t.total,
               rank() over (partition by t.assessment_id order by t.total desc) as rank
          from assessment_total t) t
  join institution ins on ins.uscc = t.institution_uscc;
