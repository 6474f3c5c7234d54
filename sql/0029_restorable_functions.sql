-- A35.1: a backup restores. A restore (pg_restore, or pg_dump's plain script through psql) runs with an empty
-- search_path, as PostgreSQL has done since CVE-2018-1058, and checks every row it loads against the tables' CHECK
-- constraints and domains, computes generated columns and builds expression indexes. A function called there that
-- names another registry function or type without its schema — is_valid_uscc() calling uscc_check_character(), say —
-- then fails, and the restore with it.
--
-- So every function of the registry's schema that a constraint, a domain, an index or a column default or generated
-- column calls carries its own search_path: the registry's schema, then pg_temp. Functions that call such a function
-- need nothing: the search_path set here applies inside it. Later migrations set it on new ones in the same way
-- (`set search_path = …` in create function); a test finds any that lacks it (docs/CONVENTIONS.md).
--
-- (Numbered 0029: 0025–0028 belong to parts written at the same time on another branch.)

do $$
declare
    fn regprocedure;
begin
    for fn in
        select distinct p.oid::regprocedure
          from pg_depend d
          join pg_proc p on p.oid = d.refobjid
         where d.refclassid = 'pg_proc'::regclass
           and d.classid in ('pg_constraint'::regclass, 'pg_class'::regclass, 'pg_attrdef'::regclass)
           and p.pronamespace = current_schema()::regnamespace
           and p.proconfig is null
           and not exists (select from pg_depend e where e.classid = 'pg_proc'::regclass and e.objid = p.oid and e.deptype = 'e')
    loop
        execute format('alter function %s set search_path = %I, pg_temp', fn, current_schema());
    end loop;
end
$$;
