-- 0004_places.sql — places, institutions and the statutory base data (A3.1, A5.1, A13.4, A18.1).
--
-- division        the three administrative levels of Inner Mongolia with their GB/T 2260 codes (A3.1)
-- institution     public data authorities, public institutions and other public service organisations,
--                 each in a division; at most one public data authority per division (A5.1)
-- base_database   the base databases named in A18 (A18.1)
-- base_data_kind  the base data kinds of A13, A14 and A15 with their statutory source departments (A13.4)
--
-- Rows of division and base_data_kind come from sql/reference/*.tsv through `registry seed reference`;
-- the five base databases are fixed by A18 and inserted here.
-- Needs: the `uscc` domain (0002_identifiers.sql) and audit_row_change() (the audit trail, A44.1).

-- ---------------------------------------------------------------------------------------------------------------
-- A3.1 Divisions
-- ---------------------------------------------------------------------------------------------------------------

create type division_level as enum ('region', 'league_city', 'banner_county');

comment on type division_level is
    'A3.1: administrative level — region 自治区, league_city 盟市, banner_county 旗县(市、区).';

create function division_level_label(level division_level) returns text
    language sql immutable strict parallel safe
    return case level
        when 'region' then '自治区'
        when 'league_city' then '盟市'
        when 'banner_county' then '旗县(市、区)'
    end;

comment on function division_level_label(division_level) is 'A3.1: the regulation''s Chinese label of a division level.';

-- GB/T 2260: a provincial-level code ends in 0000, a prefecture-level code in 00, a county-level code does not.
create function division_code_fits_level(code text, level division_level) returns boolean
    language sql immutable strict parallel safe
    return case level
        when 'region' then code like '__0000'
        when 'league_city' then code like '____00' and code not like '__0000'
        when 'banner_county' then code not like '____00'
    end;

create table division (
    code char(6) primary key,
    name text not null,
    level division_level not null,
    parent_code char(6),
    -- The level the parent must have; with the foreign key below it makes a wrong parent level impossible,
    -- including later changes to the parent row. The trigger division_parent_check gives the readable message.
    parent_level division_level generated always as (
        case level
            when 'league_city' then 'region'::division_level
            when 'banner_county' then 'league_city'::division_level
        end
    ) stored,
    constraint division_code_six_digits_a3_1 check (code ~ '^[0-9]{6}$'),
    constraint division_name_not_blank_a3_1 check (btrim(name) <> ''),
    constraint division_code_matches_level_a3_1 check (division_code_fits_level(code, level)),
    constraint division_region_has_no_parent_a3_1 check ((level = 'region') = (parent_code is null)),
    constraint division_level_key unique (code, level),
    constraint division_parent_level_a3_1 foreign key (parent_code, parent_level) references division (code, level),
    constraint division_name_unique_under_parent_a3_1 unique nulls not distinct (parent_code, name)
);

comment on table division is
    'A3.1: administrative divisions (GB/T 2260 codes): one region, its leagues/cities, their banners/counties.';
comment on column division.parent_level is 'Derived from level: the level the parent division must have.';

create index division_parent_code_idx on division (parent_code);

-- The registry serves one region (Inner Mongolia, 150000).
create unique index division_single_region_a3_1 on division ((true)) where level = 'region';

-- The readable form of the parent rule: checked before the foreign key, so a wrong parent is refused as
-- check_violation naming division_parent_level_a3_1; also checks that the code lies under the parent's code.
create function division_parent_check() returns trigger
    language plpgsql
as $$
declare
    parent division%rowtype;
    -- Generated columns are not yet computed in a BEFORE trigger: derive the expected parent level here.
    expected_parent_level division_level := case new.level
        when 'league_city' then 'region'::division_level
        when 'banner_county' then 'league_city'::division_level
    end;
begin
    -- Rows that break a rule of their own (code, level, name, parent of the region) are left to the check
    -- constraints (which PostgreSQL applies in name order), so each mistake is reported by the same rule as the
    -- Swift mirror Division.validate(parent:) reports it.
    if new.parent_code is null or new.level = 'region' or new.code !~ '^[0-9]{6}$'
       or not division_code_fits_level(new.code, new.level) or btrim(new.name) = '' then
        return new;
    end if;
    select * into parent from division where code = new.parent_code;
    if not found then
        return new;  -- the foreign key division_parent_level_a3_1 refuses it
    end if;
    if parent.level is distinct from expected_parent_level then
        raise exception using
            errcode = 'check_violation',
            constraint = 'division_parent_level_a3_1',
            message = format('division %s (%s) cannot have parent %s (%s)',
                             new.code, new.level, parent.code, parent.level),
            detail = format('%s的上级必须是%s;%s %s是%s。',
                            division_level_label(new.level), division_level_label(expected_parent_level),
                            parent.code, parent.name, division_level_label(parent.level));
    end if;
    if left(new.code, case new.level when 'league_city' then 2 else 4 end)
       <> left(parent.code, case new.level when 'league_city' then 2 else 4 end) then
        raise exception using
            errcode = 'check_violation',
            constraint = 'division_code_under_parent_a3_1',
            message = format('division code %s does not lie under its parent %s', new.code, parent.code),
            detail = 'GB/T 2260:下级区划代码的前几位与上级区划代码一致。';
    end if;
    return new;
end;
$$;

create trigger division_parent_check before insert or update of code, level, parent_code on division
    for each row execute function division_parent_check();

create trigger division_audit after insert or update or delete on division
    for each row execute function audit_row_change('code');

-- A division with its league/city and the path of names from the region down.
create view division_tree as
select d.code,
       d.name,
       d.level,
       division_level_label(d.level) as level_label,
       d.parent_code,
       case d.level
           when 'league_city' then d.code
           when 'banner_county' then d.parent_code
       end::char(6) as league_code,
       concat_ws(' / ', g.name, p.name, d.name) as path,
       array_remove(array[g.code, p.code, d.code], null)::char(6)[] as code_path
from division d
left join division p on p.code = d.parent_code
left join division g on g.code = p.parent_code;

comment on view division_tree is
    'A3.1: every division with its level label, its league/city (null for the region) and its path from the region.';

-- "A division's report covers it and the divisions below it": the division itself and all its descendants.
-- Empty when the code is unknown.
create function division_and_descendants(root char(6)) returns setof char(6)
    language sql stable strict parallel safe
as $$
    with recursive below(code) as (
        select code from division where code = root
        union all
        select d.code from division d join below b on d.parent_code = b.code
    )
    select code from below
$$;

comment on function division_and_descendants(char(6)) is
    'A3.1: the division and every division below it (a report for a division covers all of them).';

-- ---------------------------------------------------------------------------------------------------------------
-- A5.1 Institutions
-- ---------------------------------------------------------------------------------------------------------------

create type institution_kind as enum ('public_data_authority', 'public_institution', 'public_service_org');

comment on type institution_kind is
    'A3/A5: public_data_authority 公共数据主管部门, public_institution 公共管理和服务机构, '
    'public_service_org 其他提供公共服务的机构.';

create function institution_kind_label(kind institution_kind) returns text
    language sql immutable strict parallel safe
    return case kind
        when 'public_data_authority' then '公共数据主管部门'
        when 'public_institution' then '公共管理和服务机构'
        when 'public_service_org' then '其他提供公共服务的机构'
    end;

comment on function institution_kind_label(institution_kind) is 'A3/A5: the regulation''s Chinese label of an institution kind.';

create table institution (
    uscc uscc primary key,
    name text not null,
    division_code char(6) not null
        constraint institution_division_exists_a5_1 references division (code),
    kind institution_kind not null,
    created_at timestamptz not null default now(),
    constraint institution_name_not_blank_a5_1 check (btrim(name) <> '')
);

comment on table institution is
    'A5.1: institutions, each identified by its unified social credit code (A14.1) and belonging to a division.';

create index institution_division_code_idx on institution (division_code);

-- A5.1: each division has one public data authority (公共数据主管部门).
create unique index institution_one_authority_per_division_a5_1 on institution (division_code)
    where kind = 'public_data_authority';

create trigger institution_audit after insert or update or delete on institution
    for each row execute function audit_row_change('uscc');

-- ---------------------------------------------------------------------------------------------------------------
-- A18.1 Base databases, A13.4 base data kinds
-- ---------------------------------------------------------------------------------------------------------------

create table base_database (
    code text primary key,
    name text not null unique,
    position smallint not null unique,
    constraint base_database_code_format_a18_1 check (code ~ '^[a-z][a-z0-9_]*$')
);

comment on table base_database is
    'A18.1: the base databases (基础数据库) each region and league/city authority builds and manages.';

create trigger base_database_audit after insert or update or delete on base_database
    for each row execute function audit_row_change('code');

insert into base_database (code, name, position) values
    ('natural_person', '自然人基础数据库', 1),
    ('legal_person', '法人基础数据库', 2),
    ('electronic_licence', '电子证照基础数据库', 3),
    ('social_credit', '社会信用基础数据库', 4),
    ('natural_resources_spatial', '自然资源和空间地理基础数据库', 5);

create type base_data_subject_kind as enum ('natural_person', 'organisation', 'natural_resources');

comment on type base_data_subject_kind is
    'A13–A15: whom base data describes — natural_person 自然人 (A13), organisation 法人和非法人组织 (A14), '
    'natural_resources 自然资源和空间地理 (A15).';

create function base_data_subject_kind_label(kind base_data_subject_kind) returns text
    language sql immutable strict parallel safe
    return case kind
        when 'natural_person' then '自然人'
        when 'organisation' then '法人和非法人组织'
        when 'natural_resources' then '自然资源和空间地理'
    end;

create table base_data_kind (
    code text primary key,
    name text not null unique,
    -- Article and clause of the regulation, e.g. 'A13(一)'; A15 has no clauses: 'A15'.
    article_clause text not null,
    -- The statutory source department(s) exactly as the regulation words them.
    source_departments text not null,
    base_database_code text not null
        constraint base_data_kind_base_database_exists_a18_1 references base_database (code),
    subject_kind base_data_subject_kind not null,
    -- Order of the regulation (line order of sql/reference/base-data-kinds.tsv); not unique, so a reordered
    -- file can be seeded row by row.
    position smallint not null,
    constraint base_data_kind_code_format_a13_4 check (code ~ '^[a-z][a-z0-9_]*$'),
    constraint base_data_kind_article_clause_a13_4 check (
        article_clause ~ '^A1[345](\([一二三四五六七八九十]+\))?$'
    ),
    constraint base_data_kind_source_named_a13_4 check (btrim(source_departments) <> ''),
    constraint base_data_kind_subject_matches_article_a13_4 check (
        case subject_kind
            when 'natural_person' then article_clause like 'A13%'
            when 'organisation' then article_clause like 'A14%'
            when 'natural_resources' then article_clause like 'A15%'
        end
    )
);

comment on table base_data_kind is
    'A13.4: base data kinds named in A13 (natural persons), A14 (organisations) and A15 (natural resources and '
    'spatial geography) with their statutory source departments (数源部门) and base database (A18.1).';

create trigger base_data_kind_audit after insert or update or delete on base_data_kind
    for each row execute function audit_row_change('code');
