#!/usr/bin/env bash
# Benchmark of the catalog import next to psql's \copy. Not a test: it prints figures.
#
#   scripts/bench-import.sh [N]        N generated catalog items (default 100000)
#
# The same N valid rows are loaded three times on the same server, each time into a fresh database copied from one
# migrated template (reference data, the importing institution):
#   import       `registry import catalog rows.csv --institution …` with the release build: CSV read and streamed
#                through COPY into a staging table, validated set-based, stored in the catalog's draft version — an
#                import job, stored 500 rows per transaction, the rows audited as catalog.import
#   \copy        psql in one transaction with the same audit context: the catalog and its draft, then `\copy catalog_item`
#                and `\copy catalog_item_revision` of the same rows (ids fixed beforehand). Same rows, same tables, same
#                triggers, constraints, indexes and audit rows; no CSV parsing, no validation, no error report
#   \copy, no audit   the same with the two audit triggers disabled inside the transaction — a measurement of what the
#                audit trail costs, in a scratch database; the registry never does this
# and prints the seconds and rows/s of each, the ratio import ÷ \copy (target ≥ 0.8), and the audit trail's share.
# Both loads must end with identical rows and as many audit rows; the script checks it.
#
# The server: BENCH_DATABASE_URL (a libpq URI of its maintenance database, e.g.
# postgresql:///postgres?host=/tmp/devpg&port=5499&user=postgres), else the project-local cluster (scripts/pg.sh up).
# BENCH_SKIP_AUDIT_COST=1 leaves out the third load; BENCH_KEEP=1 keeps the databases and files; BENCH_REGISTRY=PATH
# uses that registry binary instead of building one (scripts/bench.sh passes the one it built).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REGISTRY_ROOT"

ROWS=${1:-100000}
[[ $ROWS =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number of rows, not '$ROWS'"
INSTITUTION=11150000MB0000002J
CATALOG_ID=00000000-0000-4000-8000-000000000001
VERSION_ID=00000000-0000-4000-8000-000000000002
PREFIX=bench_import_$$
WORK=$(mktemp -d)

# ---- the server ---------------------------------------------------------------------------------------------------

if [[ -n ${BENCH_DATABASE_URL:-} ]]; then
    SERVER_URL=$BENCH_DATABASE_URL
else
    bash scripts/pg.sh up >&2
    SERVER_URL=$(bash scripts/pg.sh url postgres)
fi

# db_url NAME: the server's URL with NAME as the database.
db_url() { url_with_database "$SERVER_URL" "$1"; }

sql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
    local rc=$?
    if [[ -z ${BENCH_KEEP:-} ]]; then
        sql "$SERVER_URL" >/dev/null 2>&1 <<SQL || true
select format('drop database %I with (force)', datname) from pg_database where datname like '${PREFIX}%' \gexec
SQL
        rm -rf "$WORK"
    else
        log "kept $WORK and the databases ${PREFIX}_*"
    fi
    exit "$rc"
}
trap cleanup EXIT

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
rate() { awk -v n="$ROWS" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }

# ---- build, template, rows ----------------------------------------------------------------------------------------

REGISTRY=$(release_registry)

log "template database ${PREFIX}_template (migrate, seed reference, institution $INSTITUTION)"
sql "$SERVER_URL" -c "create database ${PREFIX}_template"
TEMPLATE_URL=$(db_url "${PREFIX}_template")
"$REGISTRY" --database-url "$TEMPLATE_URL" migrate >/dev/null
"$REGISTRY" --database-url "$TEMPLATE_URL" seed reference >/dev/null
sql "$TEMPLATE_URL" <<SQL
insert into institution (uscc, name, division_code, kind)
values ('$INSTITUTION', '自治区卫生健康委员会', '150000', 'public_institution');

-- The benchmark's rows, every field as text (the import file's names); row g always reads the same.
create function bench_rows(n int) returns table (
    item_id uuid, code text, name text, description text, data_form text, data_items text, share_type text,
    share_conditions text, share_reason text, share_legal_basis text, share_scope text, open_type text,
    open_conditions text, not_open_ground text, open_legal_basis text, update_frequency text,
    collecting_department text, approving_department text, providing_department text, source_institution text,
    category_scheme text, category_code text, grade text, legal_basis text, base_data_kind text, data_updated_on text,
    livelihood_related text)
language sql immutable
as \$\$
    select md5('bench-item-' || g)::uuid,
           'BENCH-' || lpad(g::text, 7, '0'),
           '数据资源' || g || ',含逗号与"引号"',
           case when g % 3 = 0 then E'多行描述\n第二行' end,
           (array['database_table', 'file', 'interface'])[1 + g % 3],
           '[{"name":"姓名","type":"string","description":"公民姓名"},{"name":"出生日期","type":"date"},'
               || '{"name":"编号' || g || '","type":"integer"}]',
           case when g % 5 = 0 then 'conditional' else 'unconditional' end,
           case when g % 5 = 0 then '仅限政务用途' end,
           case when g % 5 = 0 then '涉及个人信息' end,
           case when g % 5 = 0 then '《中华人民共和国个人信息保护法》' end,
           '全区',
           case when g % 7 = 0 then 'not_open' else 'conditional' end,
           case when g % 7 <> 0 then '面向科研机构,用于统计分析' end,
           case when g % 7 = 0 then 'privacy' end,
           null,
           (array['daily', 'weekly', 'monthly', 'yearly'])[1 + g % 4],
           '自治区卫生健康委员会', '自治区卫生健康委员会', '自治区卫生健康委员会',
           '$INSTITUTION', 'NM-2024', 'base.population',
           (array['general', 'important'])[1 + g % 2],
           null, null,
           '2024-0' || (1 + g % 9) || '-15',
           case when g % 11 = 0 then 'true' else 'false' end
      from generate_series(1, n) as g
\$\$;
SQL

log "generating $ROWS rows"
COLUMNS="code, name, description, data_form, data_items, share_type, share_conditions, share_reason, share_legal_basis,
    share_scope, open_type, open_conditions, not_open_ground, open_legal_basis, update_frequency, collecting_department,
    approving_department, providing_department, source_institution, category_scheme, category_code, grade, legal_basis,
    base_data_kind, data_updated_on, livelihood_related"
REVISION_COLUMNS="item_id, version_id, name, description, data_form, data_items, share_type, share_conditions,
    share_reason, share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, open_legal_basis,
    update_frequency, collecting_department, approving_department, providing_department, source_institution_uscc,
    category_scheme, category_code, grade, legal_basis, base_data_kind_code, data_updated_on, livelihood_related"
one_line() { tr '\n' ' ' <<<"$1"; }
sql "$TEMPLATE_URL" <<SQL
\copy (select $(one_line "$COLUMNS") from bench_rows($ROWS)) to '$WORK/rows.csv' with (format csv, header)
\copy (select item_id, '$CATALOG_ID', code from bench_rows($ROWS)) to '$WORK/items.txt'
\copy (select item_id, '$VERSION_ID', $(one_line "${COLUMNS#code, }") from bench_rows($ROWS)) to '$WORK/revisions.txt'
SQL
log "rows.csv: $(du -h "$WORK/rows.csv" | cut -f 1)"

# ---- the loads ----------------------------------------------------------------------------------------------------

fresh_database() {
    sql "$SERVER_URL" -c "create database $1 template ${PREFIX}_template"
    db_url "$1"
}

# copy_load URL [disable-audit]: the catalog, its draft and the rows by \copy, in one audited transaction.
copy_load() {
    local disable=""
    if [[ ${2:-} == disable-audit ]]; then
        disable="alter table catalog_item disable trigger catalog_item_audit;
                 alter table catalog_item_revision disable trigger catalog_item_revision_audit;"
    fi
    sql "$1" <<SQL
begin;
select set_config('registry.actor_role', 'cli', true), set_config('registry.actor_institution', '$INSTITUTION', true),
       set_config('registry.request_id', 'bench-copy', true), set_config('registry.action', 'catalog.import', true);
$disable
insert into catalog (id, kind, institution_uscc, division_code, name)
values ('$CATALOG_ID', 'institutional', '$INSTITUTION', '150000', '自治区卫生健康委员会公共数据资源目录');
insert into catalog_version (id, catalog_id) values ('$VERSION_ID', '$CATALOG_ID');
\copy catalog_item (id, catalog_id, code) from '$WORK/items.txt'
\copy catalog_item_revision ($(one_line "$REVISION_COLUMNS")) from '$WORK/revisions.txt'
commit;
SQL
}

# fingerprint URL: the stored revisions (all A10.2 fields, by code) and the audit rows the load wrote.
fingerprint() {
    sql "$1" -A -t -c "
        select count(*) || ' revisions, md5 ' || md5(string_agg(row(i.code, r.name, r.description, r.data_form,
               r.data_items, r.share_type, r.share_conditions, r.share_reason, r.share_legal_basis, r.share_scope,
               r.open_type, r.open_conditions, r.not_open_ground, r.open_legal_basis, r.update_frequency,
               r.collecting_department, r.approving_department, r.providing_department, r.source_institution_uscc,
               r.category_scheme, r.category_code, r.grade, r.legal_basis, r.base_data_kind_code, r.data_updated_on,
               r.livelihood_related)::text, '|' order by i.code))
               || ', ' || (select count(*) from audit_log where action = 'catalog.import') || ' audit rows'
          from catalog_item_revision r join catalog_item i on i.id = r.item_id"
}

log "import: registry import catalog ($ROWS rows, release build)"
IMPORT_URL=$(fresh_database "${PREFIX}_import")
start=$(now)
"$REGISTRY" --database-url "$IMPORT_URL" import catalog "$WORK/rows.csv" --institution "$INSTITUTION" >"$WORK/import.out"
IMPORT_SECONDS=$(seconds_since "$start")
tail -n 1 "$WORK/import.out" >&2

log "baseline: psql \\copy of the same rows into catalog_item and catalog_item_revision"
COPY_URL=$(fresh_database "${PREFIX}_copy")
start=$(now)
copy_load "$COPY_URL"
COPY_SECONDS=$(seconds_since "$start")

IMPORT_PRINT=$(fingerprint "$IMPORT_URL")
COPY_PRINT=$(fingerprint "$COPY_URL")
[[ $IMPORT_PRINT == "$COPY_PRINT" ]] || die "the two loads differ: import: $IMPORT_PRINT; \\copy: $COPY_PRINT"

if [[ -z ${BENCH_SKIP_AUDIT_COST:-} ]]; then
    log "measurement: the same \\copy with the audit triggers disabled (scratch database)"
    BARE_URL=$(fresh_database "${PREFIX}_bare")
    start=$(now)
    copy_load "$BARE_URL" disable-audit
    BARE_SECONDS=$(seconds_since "$start")
fi

# ---- figures ------------------------------------------------------------------------------------------------------

printf '\ncatalog import benchmark: %s rows (%s), PostgreSQL %s, %s CPUs, load average %s\n' "$ROWS" \
    "$(du -h "$WORK/rows.csv" | cut -f 1)" "$(sql "$SERVER_URL" -A -t -c 'show server_version')" "$(nproc)" \
    "$(cut -d ' ' -f 1-3 /proc/loadavg)"
printf 'both loads: %s\n' "$COPY_PRINT"
printf '%-28s %10s s %10s rows/s\n' "registry import catalog" "$IMPORT_SECONDS" "$(rate "$IMPORT_SECONDS")"
printf '%-28s %10s s %10s rows/s\n' "psql \\copy (same audit)" "$COPY_SECONDS" "$(rate "$COPY_SECONDS")"
if [[ -n ${BARE_SECONDS:-} ]]; then
    printf '%-28s %10s s %10s rows/s\n' "psql \\copy, audit disabled" "$BARE_SECONDS" "$(rate "$BARE_SECONDS")"
    awk -v c="$COPY_SECONDS" -v b="$BARE_SECONDS" \
        'BEGIN { printf "audit trail: %.2f s of the %.2f s of the \\copy load (%.0f%%)\n", c - b, c, 100 * (c - b) / c }'
fi
awk -v i="$IMPORT_SECONDS" -v c="$COPY_SECONDS" \
    'BEGIN { r = c / i; printf "ratio import / \\copy: %.2f (target >= 0.8): %s\n", r, (r >= 0.8 ? "met" : "NOT met") }'
