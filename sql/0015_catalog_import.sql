-- 0015_catalog_import.sql — bulk import of catalog items (issue 3 item 11; A10.1, A10.2, A10.3, A21.1, A27.1, A9.2).
--
-- A clerk moves an existing ledger in (`registry import catalog FILE --institution USCC`). The rows are read as text
-- into a per-transaction staging table (COPY FROM STDIN), checked set-based against the very rules of
-- catalog_item_revision and catalog_item, and every valid row becomes a revision in the institution's draft version.
--
-- catalog_import_row         the shape of one file row: its line number and every field as text, named as the API
--                            names them (source_institution, base_data_kind)
-- catalog_import_validate()  converts the staged rows to the column types of catalog_item_revision and reports every
--                            problem as (line, field, rule); the CHECK, NOT NULL and FOREIGN KEY constraints are read
--                            from pg_constraint and pg_attribute and evaluated as they are written, so the import
--                            refuses exactly what an INSERT would, naming the same constraint, now and after later
--                            migrations add rules
-- catalog_import_store()     opens the draft version (and the catalog) if needed and stores every row without a problem:
--                            a new item gets its first revision, an existing item a revision in the draft, a revision
--                            already in the draft is updated
--
-- Working storage: `create temporary table catalog_import_staging of catalog_import_row on commit drop` before the COPY;
-- catalog_import_validate() adds catalog_import_typed and catalog_import_problem, also dropped at commit. They hold the
-- file being read, never registry data: what is stored goes to catalog_item and catalog_item_revision, whose audit
-- triggers record every row (A44.1). No table is added, so there is nothing here to audit or to guard from TRUNCATE.
--
-- Names of problems that no constraint of the schema carries (a value of the wrong type, a code twice in one file) start
-- with catalog_import_ and end in the requirement id where a rule of the regulation is at stake; the registry's Swift
-- side gives each its sentence (CatalogImportRules).

create type catalog_import_row as (
    line integer,
    code text,
    name text,
    description text,
    data_form text,
    data_items text,
    share_type text,
    share_conditions text,
    share_reason text,
    share_legal_basis text,
    share_scope text,
    open_type text,
    open_conditions text,
    not_open_ground text,
    open_legal_basis text,
    update_frequency text,
    collecting_department text,
    approving_department text,
    providing_department text,
    source_institution text,
    category_scheme text,
    category_code text,
    grade text,
    legal_basis text,
    base_data_kind text,
    data_updated_on text,
    livelihood_related text
);

comment on type catalog_import_row is
    'Issue 3 item 11: one row of a catalog import file as read (line it starts on, every A10.2 field as text).';

-- ---------------------------------------------------------------------------------------------------------------
-- Reading text as the column types of catalog_item_revision, without raising: NULL when the text is no such value
-- ---------------------------------------------------------------------------------------------------------------

-- The name a column of catalog_item / catalog_item_revision has in the API and in import files.
create function catalog_import_field(column_name text) returns text
    language sql immutable parallel safe
    return case column_name
        when 'source_institution_uscc' then 'source_institution'
        when 'base_data_kind_code' then 'base_data_kind'
        else column_name
    end;

-- A value of an enum type by its label (surrounding spaces ignored); NULL for blank or unknown text.
create function catalog_import_enum(raw text, sample anyenum) returns anyenum
    language sql stable parallel safe
as $$
    select e from unnest(enum_range(sample)) as e where e::text = btrim(raw)
$$;

-- A calendar date written YYYY-MM-DD; NULL for anything else (2024-02-30 included). Each WHEN guards the next.
create function catalog_import_date(raw text) returns date
    language sql immutable parallel safe
    return case
        when btrim(raw) !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then null
        when substr(btrim(raw), 1, 4)::int < 1 or substr(btrim(raw), 6, 2)::int not between 1 and 12 then null
        when substr(btrim(raw), 9, 2)::int not between 1 and extract(day from
            make_date(substr(btrim(raw), 1, 4)::int, substr(btrim(raw), 6, 2)::int, 1) + interval '1 month - 1 day')::int
            then null
        else btrim(raw)::date
    end;

-- true / false as ledgers write them: true, t, yes, y, 1, 是 and false, f, no, n, 0, 否 (any case); NULL otherwise.
create function catalog_import_boolean(raw text) returns boolean
    language sql immutable parallel safe
    return case lower(btrim(raw))
        when 'true' then true when 't' then true when 'yes' then true when 'y' then true when '1' then true
        when '是' then true
        when 'false' then false when 'f' then false when 'no' then false when 'n' then false when '0' then false
        when '否' then false
    end;

-- JSON text as jsonb; NULL when it is not JSON (PostgreSQL 15 has no non-raising cast, so the error is caught).
create function catalog_import_jsonb(raw text) returns jsonb
    language plpgsql immutable strict parallel safe
as $$
begin
    return raw::jsonb;
exception when data_exception then
    return null;
end
$$;

-- A14.1: a unified social credit code in canonical (upper-case) form; NULL when it is not a valid code.
create function catalog_import_uscc(raw text) returns uscc
    language sql immutable parallel safe
    return case when is_valid_uscc(btrim(raw)) then upper(btrim(raw))::uscc end;

-- ---------------------------------------------------------------------------------------------------------------
-- Validation
-- ---------------------------------------------------------------------------------------------------------------

-- Checks the rows of catalog_import_staging for an import into catalog p_catalog (NULL: the institution has none yet)
-- and returns every problem, one row per (line, field, rule), ordered by line:
--   catalog_import_<field>_known_…  / catalog_import_date_valid_a16_1 / catalog_import_boolean_valid_a26_1 /
--   catalog_import_data_items_json_a10_2 / uscc_valid_a14_1    a value that is not of the column's type
--   catalog_import_value_present   a NOT NULL column without a value
--   <check constraint name>        a CHECK of catalog_item_revision or catalog_item that the row breaks
--   <foreign key name>             a reference to an institution, category or base data kind that does not exist
--   catalog_import_code_once_in_file_a10_1   the same item code on several lines of the file (every such line)
--   catalog_item_code_unique_a10_1 the code of an item the catalog has withdrawn (a withdrawn code is not reused)
-- A rule over a column whose value was already refused is not evaluated again for that line. Blank text is no value for
-- the typed and optional columns; the required text columns keep it, so their not-blank rules speak. An empty
-- category_scheme with a category_code means the default scheme (A9.1), as the API reads it.
-- Leaves catalog_import_typed (the rows in the column types) and catalog_import_problem for catalog_import_store().
create function catalog_import_validate(p_catalog uuid)
    returns table (line integer, field text, rule text)
    language plpgsql
as $$
#variable_conflict use_column
declare
    typed_columns text[];
    checks text;
    check_names text;
    required text;
    fk record;
begin
    drop table if exists pg_temp.catalog_import_typed;
    drop table if exists pg_temp.catalog_import_problem;
    create temporary table catalog_import_problem (
        line integer not null,
        field text not null,
        column_name text,
        rule text not null
    ) on commit drop;
    create index on catalog_import_problem (line);

    analyze pg_temp.catalog_import_staging;
    -- Typed values are read once per distinct text (a ledger repeats the same few codes, dates and labels).
    create temporary table catalog_import_typed on commit drop as
    with data_forms as materialized (
             select d.raw, catalog_import_enum(d.raw, null::data_form) as value
               from (select distinct s.data_form as raw from pg_temp.catalog_import_staging s) d),
         share_types as materialized (
             select d.raw, catalog_import_enum(d.raw, null::share_type) as value
               from (select distinct s.share_type as raw from pg_temp.catalog_import_staging s) d),
         open_types as materialized (
             select d.raw, catalog_import_enum(d.raw, null::open_type) as value
               from (select distinct s.open_type as raw from pg_temp.catalog_import_staging s) d),
         grounds as materialized (
             select d.raw, catalog_import_enum(d.raw, null::not_open_ground) as value
               from (select distinct s.not_open_ground as raw from pg_temp.catalog_import_staging s) d),
         frequencies as materialized (
             select d.raw, catalog_import_enum(d.raw, null::update_frequency) as value
               from (select distinct s.update_frequency as raw from pg_temp.catalog_import_staging s) d),
         grades as materialized (
             select d.raw, catalog_import_enum(d.raw, null::data_grade) as value
               from (select distinct s.grade as raw from pg_temp.catalog_import_staging s) d),
         sources as materialized (
             select d.raw, catalog_import_uscc(d.raw) as value
               from (select distinct s.source_institution as raw from pg_temp.catalog_import_staging s) d),
         dates as materialized (
             select d.raw, catalog_import_date(d.raw) as value
               from (select distinct s.data_updated_on as raw from pg_temp.catalog_import_staging s) d),
         flags as materialized (
             select d.raw, case when is_blank(d.raw) then false else catalog_import_boolean(d.raw) end as value
               from (select distinct coalesce(s.livelihood_related, '') as raw from pg_temp.catalog_import_staging s) d),
         default_scheme as materialized (select c.code from classification_scheme c where c.is_default)
    select s.line,
           btrim(s.code) as code,
           false as withdrawn,
           s.name,
           nullif(s.description, '') as description,
           data_forms.value as data_form,
           catalog_import_jsonb(nullif(btrim(s.data_items), '')) as data_items,
           share_types.value as share_type,
           nullif(s.share_conditions, '') as share_conditions,
           nullif(s.share_reason, '') as share_reason,
           nullif(s.share_legal_basis, '') as share_legal_basis,
           s.share_scope,
           open_types.value as open_type,
           nullif(s.open_conditions, '') as open_conditions,
           grounds.value as not_open_ground,
           nullif(s.open_legal_basis, '') as open_legal_basis,
           frequencies.value as update_frequency,
           s.collecting_department,
           s.approving_department,
           s.providing_department,
           sources.value as source_institution_uscc,
           case
               when not is_blank(s.category_scheme) then btrim(s.category_scheme)
               when not is_blank(s.category_code) then (select d.code from default_scheme d)
           end as category_scheme,
           nullif(btrim(s.category_code), '') as category_code,
           grades.value as grade,
           nullif(s.legal_basis, '') as legal_basis,
           nullif(btrim(s.base_data_kind), '') as base_data_kind_code,
           dates.value as data_updated_on,
           flags.value as livelihood_related
      from pg_temp.catalog_import_staging s
      left join data_forms on data_forms.raw = s.data_form
      left join share_types on share_types.raw = s.share_type
      left join open_types on open_types.raw = s.open_type
      left join grounds on grounds.raw = s.not_open_ground
      left join frequencies on frequencies.raw = s.update_frequency
      left join grades on grades.raw = s.grade
      left join sources on sources.raw = s.source_institution
      left join dates on dates.raw = s.data_updated_on
      left join flags on flags.raw = coalesce(s.livelihood_related, '');
    create index on catalog_import_typed (line);
    analyze catalog_import_typed;

    -- Values that are not of their column's type. (Each block below builds one array of the names of the rules a row
    -- breaks: a lateral VALUES list would compile its expressions again for every row.)
    insert into catalog_import_problem (line, field, column_name, rule)
    select f.line, catalog_import_field(c.column_name), c.column_name, c.rule
      from (select s.line, unnest(array_remove(array[
                       case when not is_blank(s.data_form) and t.data_form is null
                            then 'catalog_import_data_form_known_a10_2' end,
                       case when not is_blank(s.data_items) and t.data_items is null
                            then 'catalog_import_data_items_json_a10_2' end,
                       case when not is_blank(s.share_type) and t.share_type is null
                            then 'catalog_import_share_type_known_a21_1' end,
                       case when not is_blank(s.open_type) and t.open_type is null
                            then 'catalog_import_open_type_known_a27_1' end,
                       case when not is_blank(s.not_open_ground) and t.not_open_ground is null
                            then 'catalog_import_not_open_ground_known_a27_1' end,
                       case when not is_blank(s.update_frequency) and t.update_frequency is null
                            then 'catalog_import_update_frequency_known_a10_2' end,
                       case when not is_blank(s.source_institution) and t.source_institution_uscc is null
                            then 'uscc_valid_a14_1' end,
                       case when not is_blank(s.grade) and t.grade is null then 'catalog_import_grade_known_a9_2' end,
                       case when not is_blank(s.data_updated_on) and t.data_updated_on is null
                            then 'catalog_import_date_valid_a16_1' end,
                       case when t.livelihood_related is null then 'catalog_import_boolean_valid_a26_1' end
                   ], null)) as rule
              from pg_temp.catalog_import_staging s
              join catalog_import_typed t on t.line = s.line) f
      join (values
          ('data_form', 'catalog_import_data_form_known_a10_2'),
          ('data_items', 'catalog_import_data_items_json_a10_2'),
          ('share_type', 'catalog_import_share_type_known_a21_1'),
          ('open_type', 'catalog_import_open_type_known_a27_1'),
          ('not_open_ground', 'catalog_import_not_open_ground_known_a27_1'),
          ('update_frequency', 'catalog_import_update_frequency_known_a10_2'),
          ('source_institution_uscc', 'uscc_valid_a14_1'),
          ('grade', 'catalog_import_grade_known_a9_2'),
          ('data_updated_on', 'catalog_import_date_valid_a16_1'),
          ('livelihood_related', 'catalog_import_boolean_valid_a26_1')
      ) as c (column_name, rule) on c.rule = f.rule;

    typed_columns := array(
        select a.attname::text from pg_attribute a
         where a.attrelid = 'pg_temp.catalog_import_typed'::regclass and a.attnum > 0 and not a.attisdropped);

    -- NOT NULL columns without a default that the file provides.
    select string_agg(format('case when t.%I is null then %L end', a.attname, a.attname), ', ')
      into required
      from (select distinct a.attname::text as attname
              from pg_attribute a
             where a.attrelid in ('catalog_item_revision'::regclass, 'catalog_item'::regclass)
               and a.attnum > 0 and not a.attisdropped and a.attnotnull and not a.atthasdef
               and a.attname::text = any(typed_columns)) a;
    execute format(
        $sql$
        insert into catalog_import_problem (line, field, column_name, rule)
        select f.line, catalog_import_field(f.column_name), f.column_name, 'catalog_import_value_present'
          from (select t.line, unnest(array_remove(array[%s], null)) as column_name from catalog_import_typed t) f
         where not exists (select 1 from catalog_import_problem p where p.line = f.line and p.column_name = f.column_name)
        $sql$, required);

    -- Every CHECK of catalog_item_revision and catalog_item over columns the file provides, as written in the schema.
    -- A check fails when its expression is false (NULL passes, as in a table).
    select string_agg(format('case when (%s) is false then %L end', pg_get_expr(c.conbin, c.conrelid), c.conname),
                      ', ' order by c.conname),
           string_agg(format('(%L, %L, %L::text[])', c.conname, catalog_import_field(c.columns[1]), c.columns), ', ')
      into checks, check_names
      from (select c.conname, c.conbin, c.conrelid,
                   array(select a.attname::text
                           from unnest(c.conkey) as k (attnum)
                           join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                          order by a.attnum) as columns
              from pg_constraint c
             where c.conrelid in ('catalog_item_revision'::regclass, 'catalog_item'::regclass) and c.contype = 'c') c
     where c.columns <@ typed_columns;
    execute format(
        $sql$
        insert into catalog_import_problem (line, field, column_name, rule)
        select f.line, c.field, null, c.rule
          from (select t.line, unnest(array_remove(array[%s], null)) as rule from catalog_import_typed t) f
          join (values %s) as c (rule, field, columns) on c.rule = f.rule
         where not exists (select 1 from catalog_import_problem p where p.line = f.line and p.column_name = any(c.columns))
        $sql$, checks, check_names);

    -- Every FOREIGN KEY over columns the file provides (MATCH SIMPLE: a row with a NULL in the key passes).
    for fk in
        select c.conname, c.confrelid::regclass::text as referenced, c.columns, c.referenced_columns
          from (select c.conname, c.confrelid,
                       array(select a.attname::text
                               from unnest(c.conkey) with ordinality as k (attnum, position)
                               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                              order by k.position) as columns,
                       array(select a.attname::text
                               from unnest(c.confkey) with ordinality as k (attnum, position)
                               join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum
                              order by k.position) as referenced_columns
                  from pg_constraint c
                 where c.conrelid in ('catalog_item_revision'::regclass, 'catalog_item'::regclass) and c.contype = 'f') c
         where c.columns <@ typed_columns
         order by c.conname
    loop
        execute format(
            $sql$
            insert into catalog_import_problem (line, field, column_name, rule)
            select t.line, %L, null, %L
              from catalog_import_typed t
             where %s
               and not exists (select 1 from %s r where %s)
               and not exists (select 1 from catalog_import_problem p where p.line = t.line and p.column_name = any(%L::text[]))
            $sql$,
            catalog_import_field(fk.columns[1]), fk.conname,
            (select string_agg(format('t.%I is not null', c), ' and ') from unnest(fk.columns) as c),
            fk.referenced,
            (select string_agg(format('r.%I = t.%I', r, c), ' and ')
               from unnest(fk.referenced_columns, fk.columns) as x (r, c)),
            fk.columns);
    end loop;

    -- One revision per item in a version (catalog_item_revision_once_per_version): a code twice in the file is
    -- ambiguous, so every line with it is refused.
    insert into catalog_import_problem (line, field, column_name, rule)
    select d.line, 'code', null, 'catalog_import_code_once_in_file_a10_1'
      from (select t.line, count(*) over (partition by t.code) as lines from catalog_import_typed t where t.code <> '') d
     where d.lines > 1;

    -- A withdrawn item's code is not used again (A10.1, as the catalog refuses it).
    if p_catalog is not null then
        insert into catalog_import_problem (line, field, column_name, rule)
        select t.line, 'code', null, 'catalog_item_code_unique_a10_1'
          from catalog_import_typed t
          join catalog_item i on i.catalog_id = p_catalog and i.code = t.code
          join catalog_item_revision r on r.id = i.current_revision_id
         where r.withdrawn;
    end if;

    return query select p.line, p.field, p.rule from catalog_import_problem p order by p.line, p.field, p.rule;
end
$$;

comment on function catalog_import_validate(uuid) is
    'Issue 3 item 11: every problem of the staged import rows as (line, field, rule), evaluating the constraints of '
    'catalog_item_revision and catalog_item as the schema defines them.';

-- ---------------------------------------------------------------------------------------------------------------
-- Storing
-- ---------------------------------------------------------------------------------------------------------------

-- Stores every validated row without a problem in the draft version of institution p_institution's catalog (A10.3):
-- the catalog is created if the institution has none, a draft opened if no version is open; a version under review
-- (submitted) or returned is refused as a revision outside a draft would be. New codes become items; each row becomes
-- the item's revision in the draft, replacing (updating) a revision the draft already has when any field differs.
-- Rows are written in line order. Run after catalog_import_validate() in the same transaction.
create function catalog_import_store(p_institution text)
    returns table (catalog_id uuid, catalog_created boolean, version_id uuid, version_number integer, version_opened boolean,
                   items_created bigint, revisions_added bigint, revisions_changed bigint)
    language plpgsql
as $$
#variable_conflict use_column
declare
    v_catalog uuid;
    v_created boolean := false;
    v_version uuid;
    v_number integer;
    v_state catalog_version_state;
    v_opened boolean := false;
    v_items bigint;
    v_added bigint;
    v_changed bigint;
begin
    select c.id into v_catalog from catalog c where c.kind = 'institutional' and c.institution_uscc = p_institution for update;
    if v_catalog is null then
        insert into catalog (kind, institution_uscc, division_code, name)
        select 'institutional', i.uscc, i.division_code, i.name || '公共数据资源目录' from institution i where i.uscc = p_institution
        returning id into v_catalog;
        v_created := true;
    end if;

    select v.id, v.number, v.state into v_version, v_number, v_state
      from catalog_version v where v.catalog_id = v_catalog and v.state <> 'approved';
    if v_version is null then
        insert into catalog_version (catalog_id) values (v_catalog) returning id, number into v_version, v_number;
        v_opened := true;
    elsif v_state <> 'draft' then
        raise exception using errcode = 'check_violation', constraint = 'catalog_item_revision_draft_only_a10_3',
            message = format('version %s of this catalog is %s: only a draft can change', v_number, v_state);
    end if;

    insert into catalog_item (catalog_id, code)
    select v_catalog, t.code
      from catalog_import_typed t
     where not exists (select 1 from catalog_import_problem p where p.line = t.line)
       and not exists (select 1 from catalog_item i where i.catalog_id = v_catalog and i.code = t.code)
     order by t.line;
    get diagnostics v_items = row_count;

    with stored as (
        insert into catalog_item_revision as r (
            item_id, version_id, withdrawn, name, description, data_form, data_items, share_type, share_conditions,
            share_reason, share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, open_legal_basis,
            update_frequency, collecting_department, approving_department, providing_department, source_institution_uscc,
            category_scheme, category_code, grade, legal_basis, base_data_kind_code, data_updated_on, livelihood_related)
        select i.id, v_version, false, t.name, t.description, t.data_form, t.data_items, t.share_type, t.share_conditions,
               t.share_reason, t.share_legal_basis, t.share_scope, t.open_type, t.open_conditions, t.not_open_ground,
               t.open_legal_basis, t.update_frequency, t.collecting_department, t.approving_department,
               t.providing_department, t.source_institution_uscc, t.category_scheme, t.category_code, t.grade,
               t.legal_basis, t.base_data_kind_code, t.data_updated_on, t.livelihood_related
          from catalog_import_typed t
          join catalog_item i on i.catalog_id = v_catalog and i.code = t.code
         where not exists (select 1 from catalog_import_problem p where p.line = t.line)
         order by t.line
        on conflict (item_id, version_id) do update set
            withdrawn = false, name = excluded.name, description = excluded.description, data_form = excluded.data_form,
            data_items = excluded.data_items, share_type = excluded.share_type, share_conditions = excluded.share_conditions,
            share_reason = excluded.share_reason, share_legal_basis = excluded.share_legal_basis,
            share_scope = excluded.share_scope, open_type = excluded.open_type, open_conditions = excluded.open_conditions,
            not_open_ground = excluded.not_open_ground, open_legal_basis = excluded.open_legal_basis,
            update_frequency = excluded.update_frequency, collecting_department = excluded.collecting_department,
            approving_department = excluded.approving_department, providing_department = excluded.providing_department,
            source_institution_uscc = excluded.source_institution_uscc, category_scheme = excluded.category_scheme,
            category_code = excluded.category_code, grade = excluded.grade, legal_basis = excluded.legal_basis,
            base_data_kind_code = excluded.base_data_kind_code, data_updated_on = excluded.data_updated_on,
            livelihood_related = excluded.livelihood_related
        where (r.withdrawn, r.name, r.description, r.data_form, r.data_items, r.share_type, r.share_conditions,
               r.share_reason, r.share_legal_basis, r.share_scope, r.open_type, r.open_conditions, r.not_open_ground,
               r.open_legal_basis, r.update_frequency, r.collecting_department, r.approving_department,
               r.providing_department, r.source_institution_uscc, r.category_scheme, r.category_code, r.grade,
               r.legal_basis, r.base_data_kind_code, r.data_updated_on, r.livelihood_related)
              is distinct from
              (false, excluded.name, excluded.description, excluded.data_form, excluded.data_items, excluded.share_type,
               excluded.share_conditions, excluded.share_reason, excluded.share_legal_basis, excluded.share_scope,
               excluded.open_type, excluded.open_conditions, excluded.not_open_ground, excluded.open_legal_basis,
               excluded.update_frequency, excluded.collecting_department, excluded.approving_department,
               excluded.providing_department, excluded.source_institution_uscc, excluded.category_scheme,
               excluded.category_code, excluded.grade, excluded.legal_basis, excluded.base_data_kind_code,
               excluded.data_updated_on, excluded.livelihood_related)
        returning r.xmax = 0 as added
    )
    select count(*) filter (where s.added), count(*) filter (where not s.added) into v_added, v_changed from stored s;

    return query select v_catalog, v_created, v_version, v_number, v_opened, v_items, v_added, v_changed;
end
$$;

comment on function catalog_import_store(text) is
    'Issue 3 item 11: stores the validated import rows without problems as revisions in the draft of the institution''s '
    'catalog (A10.3), opening the draft and creating the catalog when needed.';
