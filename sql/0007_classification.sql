-- 0007_classification.sql — classification and grading of public data (A9.1, A9.2).
--
-- classification_scheme  分类分级规则: the region's scheme (the default), and league/city and industry schemes
--                        filed (备案) with the region authority, with their filing date (A9.1)
-- data_category          each scheme's category tree
-- data_grade             the grades of GB/T 43697-2024: core 核心数据, important 重要数据, general 一般数据 (A9.2)
--
-- The region's default scheme and its categories come from sql/reference/ through `registry seed reference`.

create type data_grade as enum ('core', 'important', 'general');

comment on type data_grade is 'A9.2: data grade per GB/T 43697-2024 — core 核心数据, important 重要数据, general 一般数据.';

create function data_grade_label(grade data_grade) returns text
    language sql immutable strict parallel safe
    return case grade when 'core' then '核心数据' when 'important' then '重要数据' when 'general' then '一般数据' end;

create type classification_scheme_kind as enum ('region', 'league_city', 'industry');

comment on type classification_scheme_kind is
    'A9.1: whose rules — the region''s (default), a league/city''s, or an industry''s (行业实施细则).';

create table classification_scheme (
    code text primary key,
    name text not null,
    kind classification_scheme_kind not null,
    division_code char(6) not null references division (code),
    industry text,
    is_default boolean not null default false,
    filed_on date,
    created_at timestamptz not null default now(),
    constraint classification_scheme_code_format check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    constraint classification_scheme_name_not_blank check (btrim(name) <> ''),
    -- League/city and industry schemes are filed (备案) with the region authority: the filing date is recorded.
    constraint classification_scheme_filed_a9_1 check ((kind = 'region') = (filed_on is null)),
    constraint classification_scheme_industry_named_a9_1 check ((kind = 'industry') = (industry is not null and btrim(industry) <> '')),
    constraint classification_scheme_default_is_region_a9_1 check (not is_default or kind = 'region')
);

comment on table classification_scheme is 'A9.1: classification and grading schemes (分类分级规则).';

create unique index classification_scheme_one_default_a9_1 on classification_scheme ((true)) where is_default;

-- The division must fit the kind: the region's and industry schemes belong to the region, a league/city's to it.
create function classification_scheme_division_check() returns trigger
    language plpgsql
as $$
declare
    level division_level := (select d.level from division d where d.code = new.division_code);
begin
    if (new.kind in ('region', 'industry') and level <> 'region') or (new.kind = 'league_city' and level <> 'league_city') then
        raise exception using
            errcode = 'check_violation',
            constraint = 'classification_scheme_division_fits_kind_a9_1',
            message = format('a %s scheme cannot belong to division %s (%s)', new.kind, new.division_code, level),
            column = 'division_code';
    end if;
    return new;
end
$$;

create trigger classification_scheme_division_check before insert or update on classification_scheme
    for each row execute function classification_scheme_division_check();

create table data_category (
    scheme_code text not null references classification_scheme (code),
    code text not null,
    name text not null,
    parent_code text,
    primary key (scheme_code, code),
    constraint data_category_code_format check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    constraint data_category_name_not_blank check (btrim(name) <> ''),
    constraint data_category_parent_in_scheme_a9_1 foreign key (scheme_code, parent_code) references data_category (scheme_code, code),
    constraint data_category_not_own_parent_a9_1 check (parent_code is distinct from code)
);

comment on table data_category is 'A9.1: the category tree of a classification scheme.';

create index data_category_parent_idx on data_category (scheme_code, parent_code);

create trigger classification_scheme_audit after insert or update or delete on classification_scheme
    for each row execute function audit_row_change('code');
create trigger classification_scheme_no_truncate before truncate on classification_scheme
    for each statement execute function refuse_truncate();
create trigger data_category_audit after insert or update or delete on data_category
    for each row execute function audit_row_change('scheme_code, code');
create trigger data_category_no_truncate before truncate on data_category
    for each statement execute function refuse_truncate();
