#!/usr/bin/env bash
# The registry's benchmark. Not a test: it prints figures, each beside a baseline measured in the
# same run on the same machine, the ratio, the target and "met" or "missed by X"; docs/performance.md explains them.
#
#   scripts/bench.sh          as root on a fresh clone: installs what is missing (wrk, time, PostgreSQL …), builds
#                             `registry` in release mode, generates a fresh database, measures, cleans up
#
# What it measures (details in docs/performance.md):
#   import        scripts/bench-import.sh: `registry import catalog` vs `psql \copy` of the same rows (≥ 0.8)
#   item by id    wrk on GET /api/v1/catalog-items/{id} (random ids) vs GET /healthz on the same server and vs
#                 pgbench -M prepared running the same item query (random ids) at the same concurrency
#   pages         wrk on the clerk's 工作台 and catalog list (signed in through the pages, as a person is): p95 < 50 ms,
#                 ≥ 0.3 × /healthz at the same concurrency, HTML + CSS < 100 KB; the open catalog's search
#                 (anonymous): the portal with two facets and GET /api/v1/open-catalog with two facets and a word
#                 (answered from the service's copy of the open catalog, waited for), p95 < 80 ms each; a DCAT-AP catalog page of 100 datasets (p95 < 100 ms) and CKAN package_search
#                 (p95 < 80 ms); the committee's score table of the region's latest assessment, p95 < 300 ms
#   list/search   wrk on GET /api/v1/catalog-items?division=&share_type=&q= with random filters from the data: p95 of
#                 a second run (the first, caches as the sections before left them, is recorded without a target)
#   reports       `registry report assessment|open-plan|compliance` vs the same statements replayed alone by psql
#                 (captured from the report's own session with log_min_duration_statement = 0); the assessment's
#                 computation over HTTP; peak RSS and output sizes of each report (compliance writes a CSV appendix
#                 with every finding, read through a cursor)
#   item creation  POST /api/v1/catalog-versions/{id}/items (BENCH_ITEM_CLIENTS clients) vs pgbench running the same
#                 INSERT of an item and its revision with their audit rows; in a draft discarded afterwards
#   audited writes  updates of draft catalog revisions with the audit trigger vs without, in a scratch copy
#   memory        the server's peak RSS (VmHWM) under the load
#   plans         EXPLAIN (ANALYZE, BUFFERS) of every report query and of the hot API queries, in out/bench/explain.txt;
#                 a Seq Scan on a table of more than 10,000 rows on a hot API path fails the run (exit 3)
# The summary goes to the console and to out/bench/summary.md; everything else to out/bench/.
#
# Settings (environment):
#   BENCH_SCALE=1.0          `registry seed synthetic --scale` (1.0: 5,000 institutions, 1,000,000 catalog items …)
#   BENCH_DURATION=20        seconds of each wrk / pgbench run
#   BENCH_THREADS=2 BENCH_CONNECTIONS=16   wrk -t/-c, pgbench -j/-c, and the server's pool (--connections)
#   BENCH_LIST_CONNECTIONS=4 wrk -c of the list/search run (p95 of single searches, not of a saturated server)
#   BENCH_ITEM_CLIENTS=16    wrk -c and pgbench -c of the item creation run
#   BENCH_IMPORT_ROWS=100000 rows of the import benchmark; BENCH_SKIP_IMPORT=1 leaves it out
#   BENCH_WRITE_ROWS=1000    draft revisions the audited writes update (at random)
#   BENCH_WRITE_PAIRS=3      pairs of audited and unaudited runs per client count (the median pair is recorded)
#   BENCH_HTTP_PORT=18080    port of the benchmarked server (127.0.0.1)
#   BENCH_KEEP=1             keep the databases and the work directory
#   BENCH_REGISTRY=PATH      use this registry binary instead of building one
#   BENCH_ALLOW_DEMO=1       when `registry seed synthetic` does not exist yet, fall back to `registry seed demo`
#                            (1,440 items; a development aid, marked FALLBACK everywhere); default: on
#   REGISTRY_PG_PORT         port of the project-local PostgreSQL (scripts/pg.sh)
#   BENCH_SKIP_REPLICA=1     leave out the read replica (pg_basebackup copies the whole cluster)
#   BENCH_SKIP_REPORTS=1     leave out the reports (section 7: at scale 1.0 the compliance report alone takes minutes)
#   BENCH_SKIP_WRITES=1      leave out the audited writes (section 8: a scratch copy of the whole database)
#   BENCH_ALLOW_NO_FSYNC=1   measure on a cluster running with fsync off anyway (figures labelled "without fsync");
#                            by default such a run is refused: users' data live on durable settings
#   BENCH_DATABASE=NAME      measure the database NAME of the cluster instead of generating one: a registry made by
#                            `registry seed synthetic` of this build (a scale-1.0 generation takes an hour or more on
#                            2 cores, so it can be made once and measured several times); it is migrated first, and
#                            its scratch copies are dropped, never the database itself
# Read replica: if scripts/replica.sh exists, it is started after the data is generated (`replica.sh up`, its URL from
# `replica.sh url DB`) and the assessment report is also produced from it (`registry report` with `--database-url`
# pointing at the standby: a report only reads), its timing printed beside the primary's; `replica.sh down` at the end.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REGISTRY_ROOT"

SCALE=${BENCH_SCALE:-1.0}
DURATION=${BENCH_DURATION:-20}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
LIST_CONNECTIONS=${BENCH_LIST_CONNECTIONS:-4}
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-100000}
WRITE_ROWS=${BENCH_WRITE_ROWS:-1000}
WRITE_PAIRS=${BENCH_WRITE_PAIRS:-3}
HTTP_PORT=${BENCH_HTTP_PORT:-18080}
HTTP=http://127.0.0.1:$HTTP_PORT
# The web workspace's pages measured for a signed-in clerk: the home page and the catalog list.
BENCH_PAGES=(/workspace /catalog)
for setting in DURATION THREADS CONNECTIONS LIST_CONNECTIONS IMPORT_ROWS WRITE_ROWS HTTP_PORT; do
    [[ ${!setting} =~ ^[1-9][0-9]*$ ]] || die "BENCH_$setting must be a positive whole number, not '${!setting}'"
done
[[ $SCALE =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_SCALE must be a number, not '$SCALE'"
# Hot API paths must not scan tables larger than this.
LARGE_TABLE_ROWS=10000

PREFIX=bench_$$
DB=${PREFIX}_data
OUT=$REGISTRY_OUT/bench
WORK=$(mktemp -d)
mkdir -p "$OUT"
rm -f "$OUT"/*.txt "$OUT"/*.md "$OUT"/*.log
EXPLAIN_OUT=$OUT/explain.txt
SUMMARY=()     # rows of the summary table: figure|measured|baseline|ratio|target|verdict
FAILURES=()    # reasons to end with a non-zero status
SERVER_PID=""
SEALER_PID=""
REPLICA=""

# ---- helpers ------------------------------------------------------------------------------------------------------

sql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
# field KEY LINE: the value of KEY=value in a "BENCH …" line of wrk.lua.
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }

# ratio A B: A ÷ B with two decimals, n/a when B is 0 or not a number.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f\n", a / b }'; }
# verdict_at_least VALUE TARGET: met, or by how much VALUE falls short of TARGET.
verdict_at_least() {
    [[ $1 =~ ^[0-9.]+$ ]] || { echo "not measured"; return; }
    awk -v v="$1" -v t="$2" 'BEGIN { if (v >= t) print "met"; else printf "missed by %.2f\n", t - v }'
}
# verdict_at_most VALUE LIMIT [UNIT]: met, or by how much VALUE exceeds LIMIT.
verdict_at_most() {
    [[ $1 =~ ^[0-9.]+$ ]] || { echo "not measured"; return; }
    awk -v v="$1" -v t="$2" -v u="${3:-}" 'BEGIN { if (v <= t) print "met"; else printf "missed by %.2f%s\n", v - t, u }'
}

# record FIGURE MEASURED BASELINE RATIO TARGET VERDICT: one row of the summary, printed at once.
record() {
    SUMMARY+=("$1|$2|$3|$4|$5|$6")
    printf '  %-58s %-18s %-24s %-6s %-8s %s\n' "$1" "$2" "$3" "$4" "$5" "$6"
}

section() { printf '\n== %s\n' "$*"; }

server_url() { bash scripts/pg.sh url postgres; }
# url_encode TEXT: percent-encodes every byte of TEXT but the unreserved ones.
url_encode() { printf '%s' "$1" | perl -pe 's/([^A-Za-z0-9._~-])/sprintf("%%%02X", ord($1))/ge'; }
db() { url_with_database "$SERVER_URL" "$1"; }

PG_LOG=$REGISTRY_ROOT/.pgdata/log/postgresql.log
CAPTURE_OPTIONS="-c log_min_duration_statement=0 -c log_parameter_max_length=-1 -c log_parameter_max_length_on_error=-1"
# auto_explain for what runs inside functions (assessment_compute): the plan of every statement, nested ones included,
# that takes 5 ms or more (all of them would be hundreds of thousands of plans at scale 1.0).
AUTO_EXPLAIN_OPTIONS="-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=5
 -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on -c auto_explain.log_nested_statements=on"
AUTO_EXPLAIN_OPTIONS=${AUTO_EXPLAIN_OPTIONS//$'\n'/}

# capture_start / capture_end NAME: the server log written in between (statements of the sessions started with
# PGOPTIONS=$CAPTURE_OPTIONS), turned into $WORK/NAME.replay.sql and $WORK/NAME.explain.sql; prints their summary.
capture_start() { CAPTURE_OFFSET=$(stat -c %s "$PG_LOG"); }
capture_end() {
    sleep 0.3 # the server writes its log asynchronously to our reading
    tail -c +"$((CAPTURE_OFFSET + 1))" "$PG_LOG" >"$WORK/$1.log"
    perl scripts/bench/pglog-replay.pl "$WORK/$1.log" "$WORK/$1.replay.sql" "$WORK/$1.explain.sql"
}

# explain NAME TITLE: runs $WORK/NAME.explain.sql into the explain file; flags every Seq Scan on a table of more than
# LARGE_TABLE_ROWS rows. Prints the number of flagged scans.
explain() {
    local name=$1 title=$2
    {
        printf '\n\n######## %s\n\n' "$title"
        sql "$DB_URL" -f "$WORK/$name.explain.sql" 2>&1 || printf 'EXPLAIN FAILED\n'
    } >"$WORK/$name.explain.txt"
    flag_seq_scans "$WORK/$name.explain.txt" "$title"
}

# flag_seq_scans FILE TITLE: appends FILE to the explain file with a line for every Seq Scan in it on a table of more
# than LARGE_TABLE_ROWS rows (by the planner's statistics); prints their number.
flag_seq_scans() {
    local file=$1 title=$2 table rows flagged=0
    for table in $(grep -oE 'Seq Scan on [a-z_0-9]+' "$file" | awk '{ print $4 }' | sort -u); do
        rows=$(sql "$DB_URL" -At -c "select coalesce(max(reltuples), 0)::bigint from pg_class where relname = '$table'")
        if ((rows > LARGE_TABLE_ROWS)); then
            flagged=$((flagged + 1))
            printf '!!!! SEQ SCAN on large table %s (%s rows) in: %s\n' "$table" "$rows" "$title" | tee -a "$file" >&2
        fi
    done
    cat "$file" >>"$EXPLAIN_OUT"
    printf '%s\n' "$flagged"
}

# ---- cleanup ------------------------------------------------------------------------------------------------------

stop_bench_server() {
    [[ -n $SERVER_PID ]] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do
        process_alive "$SERVER_PID" || break
        sleep 0.1
    done
    process_alive "$SERVER_PID" && kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

cleanup() {
    local rc=$?
    if [[ -n $SEALER_PID ]]; then sealer_stop; fi
    stop_bench_server
    if [[ -n $REPLICA ]]; then bash scripts/replica.sh down >&2 || warn "scripts/replica.sh down failed"; fi
    if [[ -z ${BENCH_KEEP:-} ]]; then
        if [[ -n ${SERVER_URL:-} ]]; then
            sql "$SERVER_URL" >/dev/null 2>&1 <<SQL || true
select format('drop database %I with (force)', datname) from pg_database where datname like '${PREFIX}%' \gexec
SQL
        fi
        rm -rf "$WORK"
    else
        log "kept $WORK and the databases ${PREFIX}_*"
    fi
    exit "$rc"
}
trap cleanup EXIT

# start_bench_server [PGOPTIONS]: `registry serve` on the benchmark database, waits for /healthz.
start_bench_server() {
    (exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT") 2>/dev/null && die "port $HTTP_PORT is taken: set BENCH_HTTP_PORT"
    # Where this server's lines of the log begin.
    SERVER_LOG_FROM=1
    if [[ -f $OUT/server.log ]]; then SERVER_LOG_FROM=$(($(wc -l <"$OUT/server.log") + 1)); fi
    PGOPTIONS=${1:-} "$REGISTRY" --database-url "$DB_URL" serve --host 127.0.0.1 --port "$HTTP_PORT" \
        --connections "$CONNECTIONS" </dev/null >>"$OUT/server.log" 2>&1 &
    SERVER_PID=$!
    local i
    for ((i = 0; i < 120; i++)); do
        process_alive "$SERVER_PID" || die "registry serve exited (log: $OUT/server.log)"
        curl -fsS -o /dev/null --max-time 2 "$HTTP/healthz" 2>/dev/null && return 0
        sleep 0.5
    done
    die "GET /healthz did not answer within 60 s (log: $OUT/server.log)"
}

# wrk_run NAME CONNECTIONS MODE FILE URL_PATH [HEADER]: one wrk run; prints its BENCH line, keeps the output.
wrk_run() {
    local name=$1 connections=$2 mode=$3 file=$4 path=$5 threads=$THREADS
    shift 5
    ((threads > connections)) && threads=$connections
    wrk -t "$threads" -c "$connections" -d "${DURATION}s" --timeout 10s "$@" -s scripts/bench/wrk.lua "$HTTP$path" \
        -- "$mode" "$file" >"$OUT/wrk-$name.txt" 2>&1 || { cat "$OUT/wrk-$name.txt" >&2; die "wrk failed ($name)"; }
    grep '^BENCH ' "$OUT/wrk-$name.txt" | tail -n 1
}

# ---- 0. tools, server, build --------------------------------------------------------------------------------------

exec > >(tee "$OUT/console.txt") 2>&1
ensure_packages wrk time curl perl
bash scripts/pg.sh up >&2
SERVER_URL=$(server_url)
PG_MAJOR=$(sql "$SERVER_URL" -At -c "select current_setting('server_version_num')::int / 10000")
PGBENCH=/usr/lib/postgresql/$PG_MAJOR/bin/pgbench
[[ -x $PGBENCH ]] || die "$PGBENCH not found (package postgresql-$PG_MAJOR)"
# The settings the figures depend on most: PostgreSQL's defaults (all on) are what a registry runs on.
DURABILITY=$(sql "$SERVER_URL" -At -c "select string_agg(name || ' = ' || setting, ', ' order by name) from pg_settings
    where name in ('fsync', 'synchronous_commit', 'full_page_writes')")
if [[ $(sql "$SERVER_URL" -At -c "show fsync") != on ]]; then
    [[ -n ${BENCH_ALLOW_NO_FSYNC:-} ]] ||
        die "the cluster runs with fsync off ($DURABILITY): figures would not hold on a registry's durable cluster (BENCH_ALLOW_NO_FSYNC=1 measures anyway, labelled)"
    DURABILITY="$DURABILITY — MEASURED WITHOUT FSYNC, not comparable with a durable cluster"
fi
REGISTRY=$(release_registry)

printf 'registry benchmark, %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
printf 'cluster: %s\n' "$DURABILITY"
printf 'machine: %s CPUs, %s MB RAM, load average %s; PostgreSQL %s; commit %s\n' "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)" "$(cut -d ' ' -f 1-3 /proc/loadavg)" \
    "$(sql "$SERVER_URL" -At -c 'show server_version')" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')"

# ---- 1. import ----------------------------------------------------------------------------------------------------

section "import: registry import catalog vs psql \\copy ($IMPORT_ROWS rows, scripts/bench-import.sh)"
if [[ -n ${BENCH_SKIP_IMPORT:-} ]]; then
    printf '  skipped (BENCH_SKIP_IMPORT)\n'
    SUMMARY+=("import ratio (registry import / \\copy)|skipped|||>= 0.8|skipped")
else
    BENCH_REGISTRY=$REGISTRY BENCH_SKIP_AUDIT_COST=1 bash scripts/bench-import.sh "$IMPORT_ROWS" >"$OUT/import.txt" 2>"$OUT/import.log" ||
        { tail -n 20 "$OUT/import.log" >&2; die "scripts/bench-import.sh failed (log: $OUT/import.log)"; }
    import_s=$(awk '/^registry import catalog/ { print $4 }' "$OUT/import.txt")
    copy_s=$(awk '/^psql \\copy \(same audit\)/ { print $5 }' "$OUT/import.txt")
    ratio=$(sed -n 's/^ratio import \/ \\copy: \([0-9.]*\).*/\1/p' "$OUT/import.txt")
    [[ -n $ratio && -n $import_s && -n $copy_s ]] || die "could not read the figures of scripts/bench-import.sh ($OUT/import.txt)"
    record "import ratio (registry import / \\copy)" "$import_s s" "\\copy $copy_s s" "$ratio" ">= 0.8" "$(verdict_at_least "$ratio" 0.8)"
fi

# ---- 2. the data --------------------------------------------------------------------------------------------------

section "data"
DATA_NOTE=""
start=$(now)
if [[ -n ${BENCH_DATABASE:-} ]]; then
    [[ $BENCH_DATABASE =~ ^[a-z_][a-z0-9_]*$ ]] || die "BENCH_DATABASE must be a plain database name, not '$BENCH_DATABASE'"
    DB=$BENCH_DATABASE
    DB_URL=$(db "$DB")
    "$REGISTRY" --database-url "$DB_URL" migrate >/dev/null
    generated=$(sql "$DB_URL" -At -c "select count(*) from audit_log where action = 'seed.synthetic'")
    ((generated > 0)) || die "$DB was not made by registry seed synthetic"
    DATA="the existing database $DB, made by registry seed synthetic ($generated audited rows)"
    sql "$DB_URL" -At -c "select min(occurred_at) from audit_log where action = 'seed.synthetic'" >"$OUT/seed.txt"
else
    sql "$SERVER_URL" -c "create database ${PREFIX}_template"
    TEMPLATE_URL=$(db "${PREFIX}_template")
    "$REGISTRY" --database-url "$TEMPLATE_URL" migrate >/dev/null
    "$REGISTRY" --database-url "$TEMPLATE_URL" seed reference >/dev/null
    sql "$SERVER_URL" -c "create database $DB template ${PREFIX}_template"
    DB_URL=$(db "$DB")
    # `registry seed synthetic --help` would print seed's help and succeed: look for the subcommand in the list instead.
    if "$REGISTRY" seed --help 2>/dev/null | grep -qE '^ +synthetic( |$)'; then
        DATA="registry seed synthetic --scale $SCALE"
        "$REGISTRY" --database-url "$DB_URL" seed synthetic --scale "$SCALE" >"$OUT/seed.txt"
    elif [[ ${BENCH_ALLOW_DEMO:-1} == 1 ]]; then
        DATA="registry seed demo (FALLBACK: registry seed synthetic does not exist in this build)"
        DATA_NOTE=" [FALLBACK demo data]"
        warn "registry seed synthetic does not exist yet: FALLBACK to registry seed demo (1,440 items); the figures are not those of scale $SCALE"
        "$REGISTRY" --database-url "$DB_URL" seed demo >"$OUT/seed.txt"
    else
        die "registry seed synthetic does not exist in this build (BENCH_ALLOW_DEMO=0)"
    fi
fi
seed_s=$(seconds_since "$start")
printf '  %s: %s s\n' "$DATA" "$seed_s"
# The seed commits its audit rows unsealed (sql/0090). Sealed here, before anything is measured, the server's sealer
# has only the load's own rows to chain instead of taking a core for the seed's millions during the measurements.
start=$(now)
"$REGISTRY" --database-url "$DB_URL" audit seal >"$OUT/seal.txt"
printf '  audit trail sealed before measuring (%s): %s s\n' "$(tail -n 1 "$OUT/seal.txt")" "$(seconds_since "$start")"
sql "$DB_URL" -c "vacuum analyze" >/dev/null
sql "$DB_URL" -At -F ' ' -c "
    select '  rows: ' || string_agg(format('%s %s', relname, reltuples::bigint), ', ' order by reltuples desc)
      from (select relname, reltuples from pg_class
             where relkind = 'r' and relnamespace = 'public'::regnamespace order by reltuples desc limit 8) t"
printf '  database size: %s\n' "$(sql "$DB_URL" -At -c "select pg_size_pretty(pg_database_size(current_database()))")"

if [[ -f scripts/replica.sh && -z ${BENCH_SKIP_REPLICA:-} ]]; then
    section "read replica (scripts/replica.sh)"
    bash scripts/replica.sh up >&2
    REPLICA=1
    REPLICA_URL=$(bash scripts/replica.sh url "$DB")
    printf '  replica: %s\n' "$REPLICA_URL"
fi

# What the load reads: random published items, random filters from the data, an account, the years of the reports.
sql "$DB_URL" -At -c "
    select i.id from catalog_item i join catalog_item_revision r on r.id = i.current_revision_id
     where not r.withdrawn order by random() limit 10000" >"$WORK/ids.txt"
ITEM_COUNT=$(wc -l <"$WORK/ids.txt")
((ITEM_COUNT > 0)) || die "the generated data has no published catalog item"
sed 's|^|/api/v1/catalog-items/|' "$WORK/ids.txt" >"$WORK/item-paths.txt"
printf '/healthz\n' >"$WORK/healthz-paths.txt"
# A word of an item's name (WORD_OF_NAME, over x.name): a whitespace-separated word if it has any, else 2 to 4
# characters of it (Chinese names).
# The draws happen outside the query that orders by random(): inside it PostgreSQL would reuse the sort key's value
# for every random() of the row (the 200 smallest, so always the region and the name's first two characters).
WORD_OF_NAME="case when x.name ~ '\\s'
                then (select w from regexp_split_to_table(x.name, '\\s+') w where w <> '' order by random() limit 1)
                else substr(x.name, 1 + floor(random() * greatest(char_length(x.name) - 1, 1))::int,
                            2 + floor(random() * 3)::int) end"
sql "$DB_URL" -At -F $'\t' -c "
    select case when random() < 0.3 then '150000' else x.division_code::text end, x.share_type, $WORD_OF_NAME
      from (select c.division_code, r.share_type, r.name
              from catalog_item i join catalog c on c.id = i.catalog_id
              join catalog_item_revision r on r.id = i.current_revision_id
             where not r.withdrawn order by random() limit 200) x" >"$WORK/list.txt"
TOKEN=$("$REGISTRY" --database-url "$DB_URL" accounts create --role committee --name 'bench committee' | tail -n 1)
[[ $TOKEN == rg_* ]] || die "could not create the benchmark's account"
AUTH="Authorization: Bearer $TOKEN"
ASSESSMENT_YEAR=$(sql "$DB_URL" -At -c "
    select max(s.year) from assessment_scheme s where s.division_code = '150000'")
PLAN_YEAR=$(sql "$DB_URL" -At -c "select max(year) from open_plan where division_code = '150000'")
AS_OF=${BENCH_AS_OF:-$(TZ=Asia/Shanghai date +%F)}
printf '  load: %s item ids, %s list queries; assessment year %s, open plan year %s, compliance as of %s\n' \
    "$ITEM_COUNT" "$(wc -l <"$WORK/list.txt")" "${ASSESSMENT_YEAR:-none}" "${PLAN_YEAR:-none}" "$AS_OF"
printf 'EXPLAIN (ANALYZE, BUFFERS) of the hot API queries and the report queries, %s, data: %s\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$DATA" >"$EXPLAIN_OUT"

# ---- 3. the hot API queries: captured from the server, explained ---------------------------------------------------

section "hot API queries (captured from the server's sessions)"
capture_start
start_bench_server "$CAPTURE_OPTIONS"
curl -fsS -o /dev/null -H "$AUTH" "$HTTP$(head -n 1 "$WORK/item-paths.txt")"
printf '  server start + one item request: %s\n' "$(capture_end api-item)"
stop_bench_server
capture_start
start_bench_server "$CAPTURE_OPTIONS"
list_urls=()
while IFS=$'\t' read -r division share_type word; do
    list_urls+=("$HTTP/api/v1/catalog-items?division=$division&share_type=$share_type&q=$(url_encode "$word")")
done < <(head -n 3 "$WORK/list.txt")
for url in "${list_urls[@]}"; do curl -fsS -o /dev/null -H "$AUTH" "$url"; done
printf '  server start + three list requests: %s\n' "$(capture_end api-list)"
stop_bench_server
hot_flagged=$(($(explain api-item "GET /api/v1/catalog-items/{id} (with the token lookup)") +
    $(explain api-list "GET /api/v1/catalog-items?division=&share_type=&q= (3 queries)")))
((hot_flagged == 0)) || FAILURES+=("$hot_flagged Seq Scan(s) on tables over $LARGE_TABLE_ROWS rows on hot API paths (see $EXPLAIN_OUT)")
printf '  plans in %s; Seq Scans on tables over %s rows on hot paths: %s\n' "${EXPLAIN_OUT#"$REGISTRY_ROOT"/}" \
    "$LARGE_TABLE_ROWS" "$hot_flagged"

# The item query exactly as the server ran it, for pgbench: its one parameter becomes a random id of the same list.
ITEM_SQL=$(perl -0ne 'for (split /^(?=PREPARE )/m) {
        next unless /^PREPARE bench_q\d+ AS (.*?);\nEXECUTE/s;
        my $q = $1;
        if ($q =~ /from catalog_item i\b/ && $q =~ /where i\.id = \$1\s*$/) { print $q; exit }
    }' "$WORK/api-item.replay.sql")
[[ -n $ITEM_SQL ]] || die "could not find the item query in the server's log ($WORK/api-item.replay.sql)"
sql "$DB_URL" <<SQL
drop schema if exists bench cascade;
create schema bench;
create table bench.item_id (n serial primary key, id uuid not null);
\copy bench.item_id (id) from '$WORK/ids.txt'
analyze bench.item_id;
SQL
{
    printf '\\set n random(1, %s)\n' "$ITEM_COUNT"
    printf '%s;\n' "${ITEM_SQL//\$1/(select id from bench.item_id where n = :n)}" | tr '\n' ' '
    printf '\n'
} >"$WORK/pgbench-item.sql"

# ---- 4. one item by id over HTTP ----------------------------------------------------------------------------------

section "one catalog item by id: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, server --connections $CONNECTIONS$DATA_NOTE"
start_bench_server
SERVER_RSS_START=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
# The service answers searches with words from its copy of the open catalog once it has read the generation the
# database is at (at start, and again after a change): wait for that before measuring anything, so that no figure
# shares the machine with the reading and the open catalog's are the copy's; record how long it took.
open_generation=$(sql "$DB_URL" -At -c "select generation from open_catalog_generation")
index_read() { tail -n "+$SERVER_LOG_FROM" "$OUT/server.log" | grep "generation=$open_generation seconds=.*open catalog search index read" | tail -n 1; }
for ((i = 0; i < 600; i++)); do
    [[ -n $(index_read) ]] && break
    sleep 0.5
done
index_line=$(index_read)
if [[ -n $index_line ]]; then
    record "open catalog search index read at start (information)" \
        "$(sed -E 's/.*entries=([0-9]+) .*seconds=([0-9]+).*/\1 entries, \2 s/' <<<"$index_line")" \
        "RSS then $(($(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status") / 1024)) MB" "" "" "(no target)"
else
    FAILURES+=("the service did not read the open catalog's generation $open_generation within 300 s (see $OUT/server.log)")
fi
wrk -t "$THREADS" -c "$CONNECTIONS" -d 5s -H "$AUTH" -s scripts/bench/wrk.lua "$HTTP/" -- paths "$WORK/item-paths.txt" >/dev/null # warm-up
healthz=$(wrk_run healthz "$CONNECTIONS" paths "$WORK/healthz-paths.txt" /healthz)
item=$(wrk_run item "$CONNECTIONS" paths "$WORK/item-paths.txt" / -H "$AUTH")
printf '  GET /healthz:                 %s\n  GET /api/v1/catalog-items/{id}: %s\n' "${healthz#BENCH }" "${item#BENCH }"
"$PGBENCH" -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "$WORK/pgbench-item.sql" "$DB_URL" \
    >"$OUT/pgbench-item.txt" 2>&1 || { cat "$OUT/pgbench-item.txt" >&2; die "pgbench failed"; }
pgbench_tps=$(sed -n 's/^tps = \([0-9]*\)\.[0-9]* (without initial connection time)/\1/p' "$OUT/pgbench-item.txt")
pgbench_latency=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$OUT/pgbench-item.txt")
printf '  pgbench -M prepared -c%s -j%s, custom script (-f): the server'"'"'s item query, random ids: %s tps, latency average %s ms\n' \
    "$CONNECTIONS" "$THREADS" "$pgbench_tps" "$pgbench_latency"
# The registry's client prepares a statement with parameters once per session (Connection.query), as -M prepared
# does; -M extended sends it unnamed, parsed and planned each time: the difference is what that preparing saves.
"$PGBENCH" -n -M extended -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "$WORK/pgbench-item.sql" "$DB_URL" \
    >"$OUT/pgbench-item-extended.txt" 2>&1 || { cat "$OUT/pgbench-item-extended.txt" >&2; die "pgbench failed"; }
pgbench_extended_tps=$(sed -n 's/^tps = \([0-9]*\)\.[0-9]* (without initial connection time)/\1/p' "$OUT/pgbench-item-extended.txt")
printf '  pgbench -M extended (unnamed statements, planned every time; the registry prepares once per session): %s tps\n' \
    "$pgbench_extended_tps"

item_rps=$(field rps "$item")
healthz_rps=$(field rps "$healthz")
ratio=$(ratio "$item_rps" "$healthz_rps")
record "item/s ÷ healthz/s$DATA_NOTE" "$item_rps/s" "healthz $healthz_rps/s" "$ratio" ">= 0.6" "$(verdict_at_least "$ratio" 0.6)"
ratio=$(ratio "$item_rps" "$pgbench_tps")
record "item/s ÷ pgbench -M prepared item query tps$DATA_NOTE" "$item_rps/s" "pgbench $pgbench_tps tps" "$ratio" ">= 0.6" "$(verdict_at_least "$ratio" 0.6)"
record "  (pgbench -M extended ÷ -M prepared: planning)" "$pgbench_extended_tps tps" "prepared $pgbench_tps tps" \
    "$(ratio "$pgbench_extended_tps" "$pgbench_tps")" "" "(information)"
item_p99=$(field p99_ms "$item")
healthz_p99=$(field p99_ms "$healthz")
ratio=$(ratio "$item_p99" "$healthz_p99")
record "item p99 ÷ healthz p99$DATA_NOTE" "$item_p99 ms" "healthz $healthz_p99 ms" "$ratio" "<= 2" "$(verdict_at_most "$ratio" 2)"
errors=$(($(field non2xx "$item") + $(field socket_errors "$item") + $(field non2xx "$healthz") + $(field socket_errors "$healthz")))
record "errors (non-2xx + socket), item and healthz" "$errors" "" "" "0" "$( ((errors == 0)) && echo met || echo "missed by $errors")"
((errors == 0)) || FAILURES+=("$errors failed requests under load (see $OUT/wrk-item.txt, $OUT/server.log)")

# ---- 5. filtered list / search --------------------------------------------------------------------------------------

section "list/search over the full catalog: division + share type + a word of the name, wrk -c$LIST_CONNECTIONS$DATA_NOTE"
# A first run, as the item run has its warm-up: the sections before it (the generation, the item run) leave much of
# the catalog out of the caches, so the first request of each of the 200 searches reads from disk and would be the
# p95 of a single run. Its p95 is printed and recorded, without a target; the second run is the steady state.
first=$(wrk_run list-first "$LIST_CONNECTIONS" list "$WORK/list.txt" / -H "$AUTH")
record "list/search p95, first run (caches as the sections before left them)" "$(field p95_ms "$first") ms" "" "" "" \
    "information"
list=$(wrk_run list "$LIST_CONNECTIONS" list "$WORK/list.txt" / -H "$AUTH")
printf '  GET /api/v1/catalog-items?division=&share_type=&q=: %s\n' "${list#BENCH }"
list_p95=$(field p95_ms "$list")
list_errors=$(($(field non2xx "$list") + $(field socket_errors "$list")))
if ((list_errors > 0 || $(field requests "$list") == 0)); then
    # wrk leaves requests slower than its 10 s timeout out of the latencies: a p95 without them would flatter.
    verdict="missed: $list_errors requests failed or took over 10 s"
    FAILURES+=("$list_errors failed or timed-out list requests (see $OUT/wrk-list.txt)")
else
    verdict=$(awk -v v="$list_p95" 'BEGIN { if (v < 50) print "met"; else printf "missed by %.2f ms\n", v - 50 }')
fi
record "list/search p95 ($(wc -l <"$WORK/list.txt") random queries)$DATA_NOTE" "$list_p95 ms" "" "" "< 50 ms" "$verdict"

# ---- 5b. pages of the web workspace --------------------------------------------------------------------------------

# web_session LOGIN ROLE [USCC]: opens an account of ROLE (of the institution USCC) with a login, sets its password
# through the one-time link and signs in, as a person would with a browser; prints the session cookie (registry_session=…).
web_session() {
    local login=$1 role=$2 jar=$WORK/cookies-$1.txt password=bench-Pass-2026-pages link token csrf
    local institution=()
    [[ -n ${3:-} ]] && institution=(--institution "$3")
    link=$("$REGISTRY" --database-url "$DB_URL" accounts create --role "$role" "${institution[@]}" --login "$login" \
        --base-url "$HTTP" | sed -n 's/^set the password within 72 hours: //p')
    token=${link#*token=}
    csrf=$(curl -fsS -c "$jar" -b "$jar" "$HTTP/password/setup?token=$token" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
    curl -fsS -o /dev/null -c "$jar" -b "$jar" --data "csrf=$csrf&token=$token&password=$password&password_repeated=$password" \
        "$HTTP/password/setup"
    csrf=$(curl -fsS -c "$jar" -b "$jar" "$HTTP/sign-in" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
    curl -fsS -o /dev/null -c "$jar" -b "$jar" --data "csrf=$csrf&login=$login&password=$password" "$HTTP/sign-in"
    awk '$6 == "registry_session" { print "registry_session=" $7 }' "$jar"
}

section "pages of the web workspace: a clerk of the institution with the most catalog items, wrk -c$LIST_CONNECTIONS$DATA_NOTE"
busiest=$(sql "$DB_URL" -At -c "select c.institution_uscc from catalog c join catalog_item i on i.catalog_id = c.id
    where c.kind = 'institutional' group by c.institution_uscc order by count(*) desc limit 1")
cookie=$(web_session "bench.clerk.$$" clerk "$busiest")
[[ -n $cookie ]] || die "could not sign in to the web workspace (log: $OUT/server.log)"
healthz_pages=$(wrk_run healthz-pages "$LIST_CONNECTIONS" paths "$WORK/healthz-paths.txt" /healthz)
for page in "${BENCH_PAGES[@]}"; do
    printf '%s\n' "$page" >"$WORK/page-paths.txt"
    name=page${page//\//-}
    result=$(wrk_run "$name" "$LIST_CONNECTIONS" paths "$WORK/page-paths.txt" / -H "Cookie: $cookie")
    printf '  GET %s: %s\n' "$page" "${result#BENCH }"
    bytes=$(( $(curl -fsS -H "Cookie: $cookie" "$HTTP$page" | wc -c) + $(curl -fsS "$HTTP/static/registry.css" | wc -c) ))
    errors=$(($(field non2xx "$result") + $(field socket_errors "$result")))
    p95=$(field p95_ms "$result")
    if ((errors > 0)); then
        verdict="missed: $errors requests failed"
        FAILURES+=("$errors failed requests of $page (see $OUT/wrk-$name.txt)")
    else
        verdict=$(awk -v v="$p95" 'BEGIN { if (v < 50) print "met"; else printf "missed by %.2f ms\n", v - 50 }')
    fi
    record "page $page p95$DATA_NOTE" "$p95 ms" "" "" "< 50 ms" "$verdict"
    ratio=$(ratio "$(field rps "$result")" "$(field rps "$healthz_pages")")
    record "page $page/s ÷ healthz/s (-c$LIST_CONNECTIONS)" "$(field rps "$result")/s" "healthz $(field rps "$healthz_pages")/s" \
        "$ratio" ">= 0.3" "$(verdict_at_least "$ratio" 0.3)"
    record "page $page HTML + CSS" "$((bytes / 1024)) KB" "" "" "< 100 KB" \
        "$( ((bytes < 100 * 1024)) && echo met || echo "missed by $(((bytes - 100 * 1024) / 1024)) KB")"
done

# The open catalog's one search (A28.1), anonymous, every facet counted over the matches: the portal's page with two
# facets, and GET /api/v1/open-catalog with two facets and a word — 100 words, each drawn as the list's words are from
# the name of an open item with those facets, so that every search finds something and common words (thousands of
# matches to count) come up as often as users type them.
open_facets='open_type=conditional&update_frequency=monthly'
sql "$DB_URL" -At -c "
    select $WORD_OF_NAME
      from (select e.name from open_catalog_entry e
             where e.open_type = 'conditional' and e.update_frequency = 'monthly' order by random() limit 100) x" |
    while IFS= read -r word; do
        printf '/api/v1/open-catalog?%s&q=%s\n' "$open_facets" "$(url_encode "$word")"
    done >"$WORK/open-catalog-search-paths.txt"
# No open item with those facets (a small database): the search with the facets alone.
[[ -s $WORK/open-catalog-search-paths.txt ]] || printf '/api/v1/open-catalog?%s\n' "$open_facets" >"$WORK/open-catalog-search-paths.txt"
# Harvesters read the same catalog: a DCAT-AP page of 100 datasets and CKAN's package_search with a facet filter.
open_searches=(
    "page-portal-search|portal search with two facets|/open/search?$open_facets|80"
    "open-catalog-search|API open-catalog search with two facets and a word (100 words)||80"
    "dcat-catalog|DCAT-AP catalog page of 100 datasets (Turtle)|/api/v1/dcat/catalog.ttl?page=2|100"
    "ckan-package-search|CKAN package_search with a facet filter|/api/3/action/package_search?fq=$(url_encode 'open_type:conditional')&rows=20|80"
)
for search in "${open_searches[@]}"; do
    IFS='|' read -r name label path target <<<"$search"
    # An empty path: the search's paths were written above.
    [[ -z $path ]] || printf '%s\n' "$path" >"$WORK/$name-paths.txt"
    result=$(wrk_run "$name" "$LIST_CONNECTIONS" paths "$WORK/$name-paths.txt" /)
    printf '  GET %s: %s\n' "${path:-$(head -n 1 "$WORK/$name-paths.txt") …}" "${result#BENCH }"
    p95=$(field p95_ms "$result")
    errors=$(($(field non2xx "$result") + $(field socket_errors "$result")))
    if ((errors > 0)); then
        verdict="missed: $errors requests failed"
        FAILURES+=("$errors failed requests of the $label (see $OUT/wrk-$name.txt)")
    else
        verdict=$(awk -v v="$p95" -v t="$target" 'BEGIN { if (v < t) print "met"; else printf "missed by %.2f ms\n", v - t }')
    fi
    record "$label p95$DATA_NOTE" "$p95 ms" "" "" "< $target ms" "$verdict"
done

# The assessment committee's score table of the region's latest assessment (A39.1, A41.1), signed in as a member.
region_assessment=$(sql "$DB_URL" -At -c "select a.id from assessment a join assessment_scheme s on s.id = a.scheme_id
    where s.division_code = '150000' order by s.year desc, a.version desc limit 1")
if [[ -n $region_assessment ]]; then
    committee_cookie=$(web_session "bench.committee.$$" committee)
    [[ -n $committee_cookie ]] || die "could not sign in as a committee member (log: $OUT/server.log)"
    printf '/assessments/%s\n' "$region_assessment" >"$WORK/page-assessment-paths.txt"
    result=$(wrk_run page-assessment "$LIST_CONNECTIONS" paths "$WORK/page-assessment-paths.txt" / -H "Cookie: $committee_cookie")
    printf '  GET /assessments/{the region'"'"'s latest}: %s\n' "${result#BENCH }"
    p95=$(field p95_ms "$result")
    errors=$(($(field non2xx "$result") + $(field socket_errors "$result")))
    if ((errors > 0)); then
        verdict="missed: $errors requests failed"
        FAILURES+=("$errors failed requests of the region's assessment page (see $OUT/wrk-page-assessment.txt)")
    else
        verdict=$(awk -v v="$p95" 'BEGIN { if (v < 300) print "met"; else printf "missed by %.2f ms\n", v - 300 }')
    fi
    record "page /assessments/{id} of the region p95$DATA_NOTE" "$p95 ms" "" "" "< 300 ms" "$verdict"
else
    record "page /assessments/{id} of the region p95" "no assessment of the region in the data" "" "" "< 300 ms" "not measured"
fi

SERVER_HWM=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status")
record "server peak RSS (VmHWM) under the load" "$((SERVER_HWM / 1024)) MB" "at start $((SERVER_RSS_START / 1024)) MB" "" "" "(no target)"

# ---- 5c. item creation ------------------------------------------------------------------------------------------------

ITEM_CLIENTS=${BENCH_ITEM_CLIENTS:-16}
section "item creation: POST /api/v1/catalog-versions/{id}/items vs pgbench INSERT of item + revision with their audit rows, -c$ITEM_CLIENTS$DATA_NOTE"
# The catalog with the most items among those with no version under review: a new draft of it takes the new items,
# copies of one of its published items (template), and is discarded at the end with everything added to it.
read -r item_catalog item_institution < <(sql "$DB_URL" -At -F ' ' -c "select c.id, c.institution_uscc from catalog c
    join catalog_item i on i.catalog_id = c.id where c.kind = 'institutional'
     and not exists (select 1 from catalog_version v where v.catalog_id = c.id and v.state <> 'approved')
   group by c.id order by count(*) desc limit 1")
item_template=$(sql "$DB_URL" -At -c "select r.id from catalog_item i join catalog_item_revision r on r.id = i.current_revision_id
    where i.catalog_id = '$item_catalog' and not r.withdrawn order by i.code limit 1")
item_clerk=$("$REGISTRY" --database-url "$DB_URL" accounts create --role clerk --institution "$item_institution" --name 'bench item clerk' | tail -n 1)
item_draft=$(curl -fsS -X POST -H "Authorization: Bearer $item_clerk" -H 'Content-Type: application/json' -d '{"note": "bench"}' \
    "$HTTP/api/v1/catalogs/$item_catalog/versions" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
[[ -n $item_draft ]] || die "could not open a draft of catalog $item_catalog (log: $OUT/server.log)"
# The API's body: the template's fields as the API names them, its code @CODE@ (wrk.lua gives each request its own).
sql "$DB_URL" -At -c "select jsonb_strip_nulls(jsonb_build_object('code', '@CODE@', 'name', name, 'description', description,
    'data_form', data_form, 'data_items', data_items, 'share_type', share_type, 'share_conditions', share_conditions,
    'share_reason', share_reason, 'share_legal_basis', share_legal_basis, 'share_scope', share_scope, 'open_type', open_type,
    'open_conditions', open_conditions, 'not_open_ground', not_open_ground, 'open_legal_basis', open_legal_basis,
    'update_frequency', update_frequency, 'collecting_department', collecting_department,
    'approving_department', approving_department, 'providing_department', providing_department,
    'source_institution', source_institution_uscc, 'category_scheme', category_scheme, 'category_code', category_code,
    'grade', grade, 'legal_basis', legal_basis, 'base_data_kind', base_data_kind_code, 'data_updated_on', data_updated_on,
    'livelihood_related', livelihood_related)) from catalog_item_revision where id = $item_template" >"$WORK/item-body.json"
item_path=/api/v1/catalog-versions/$item_draft/items
first=$(sed 's/@CODE@/BENCH-FIRST/' "$WORK/item-body.json" | curl -sS -o "$OUT/item-first.json" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $item_clerk" -H 'Content-Type: application/json' --data-binary @- "$HTTP$item_path")
[[ $first == 201 ]] || { cat "$OUT/item-first.json" >&2; die "the item body was refused ($first)"; }
created=$(wrk -t "$THREADS" -c "$ITEM_CLIENTS" -d "${DURATION}s" --timeout 10s -H "Authorization: Bearer $item_clerk" \
    -H 'Content-Type: application/json' -s scripts/bench/wrk.lua "$HTTP/" -- post "$WORK/item-body.json" "$item_path" \
    2>&1 | tee "$OUT/wrk-item-create.txt" | grep '^BENCH') || { cat "$OUT/wrk-item-create.txt" >&2; die "wrk failed (item creation)"; }
cat >"$WORK/pgbench-item-create.sql" <<'SQL'
begin;
select set_config('registry.actor_role', 'clerk', true), set_config('registry.actor_institution', :institution, true), set_config('registry.request_id', 'bench-item', true), set_config('registry.action', 'catalog.item.add', true);
with item as (insert into catalog_item (catalog_id, code) values (:catalog::uuid, 'PGB-' || replace(gen_random_uuid()::text, '-', '')) returning id) insert into catalog_item_revision (item_id, version_id, name, description, data_form, data_items, share_type, share_conditions, share_reason, share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, open_legal_basis, update_frequency, collecting_department, approving_department, providing_department, source_institution_uscc, category_scheme, category_code, grade, legal_basis, base_data_kind_code, data_updated_on, livelihood_related) select item.id, :version::uuid, t.name, t.description, t.data_form, t.data_items, t.share_type, t.share_conditions, t.share_reason, t.share_legal_basis, t.share_scope, t.open_type, t.open_conditions, t.not_open_ground, t.open_legal_basis, t.update_frequency, t.collecting_department, t.approving_department, t.providing_department, t.source_institution_uscc, t.category_scheme, t.category_code, t.grade, t.legal_basis, t.base_data_kind_code, t.data_updated_on, t.livelihood_related from item, catalog_item_revision t where t.id = :template::bigint;
commit;
SQL
"$PGBENCH" -n -M prepared -c "$ITEM_CLIENTS" -j "$THREADS" -T "$DURATION" -D institution="$item_institution" \
    -D catalog="$item_catalog" -D version="$item_draft" -D template="$item_template" -f "$WORK/pgbench-item-create.sql" "$DB_URL" \
    >"$OUT/pgbench-item-create.txt" 2>&1 || { cat "$OUT/pgbench-item-create.txt" >&2; die "pgbench failed (item creation)"; }
create_tps=$(sed -n 's/^tps = \([0-9]*\)\.[0-9]* (without initial connection time)/\1/p' "$OUT/pgbench-item-create.txt")
printf '  POST %s: %s\n  pgbench -M prepared -c%s, INSERT item + revision (audited, as the API writes them): %s tps\n' \
    "${item_path/$item_draft/{id\}}" "${created#BENCH }" "$ITEM_CLIENTS" "$create_tps"
ratio=$(ratio "$(field rps "$created")" "$create_tps")
record "item creation/s ÷ pgbench INSERT tps (-c$ITEM_CLIENTS)$DATA_NOTE" "$(field rps "$created")/s" "pgbench $create_tps tps" \
    "$ratio" ">= 0.3" "$(verdict_at_least "$ratio" 0.3)"
record "item creation p50 / p99 (-c$ITEM_CLIENTS)" "$(field p50_ms "$created") / $(field p99_ms "$created") ms" "" "" "" "(information)"
errors=$(($(field non2xx "$created") + $(field socket_errors "$created")))
record "errors (non-2xx + socket), item creation" "$errors" "" "" "0" "$( ((errors == 0)) && echo met || echo "missed by $errors")"
((errors == 0)) || FAILURES+=("$errors failed item creations (see $OUT/wrk-item-create.txt, $OUT/server.log)")
# The draft goes, with every item that only it held, as discarding a draft does (A10.3: the version's delete trigger
# takes its revisions and items), in one audited transaction.
sql "$DB_URL" -c "begin; select set_config('registry.actor_role', 'admin', true), set_config('registry.action', 'bench.discard', true);
    delete from catalog_version where id = '$item_draft'; commit;" >/dev/null

# ---- 6. the assessment's computation --------------------------------------------------------------------------------

section "annual assessment of the region$DATA_NOTE"
COMPUTE_S=""
SCHEME=$(sql "$DB_URL" -At -c "
    select id from assessment_scheme where division_code = '150000' and year = ${ASSESSMENT_YEAR:-0}
     order by created_at desc limit 1" 2>/dev/null || true)
if [[ -n $SCHEME ]]; then
    compute_as_of=$(awk -v y="$ASSESSMENT_YEAR" -v t="$AS_OF" 'BEGIN { d = y "-12-31"; print (t < d ? t : d) }')
    start=$(now)
    status=$(curl -sS -o "$OUT/assessment-compute.json" -w '%{http_code}' -X POST -H "$AUTH" -H 'Content-Type: application/json' \
        --data "{\"as_of\": \"$compute_as_of\"}" "$HTTP/api/v1/assessment-schemes/$SCHEME/compute")
    COMPUTE_S=$(seconds_since "$start")
    printf '  POST /api/v1/assessment-schemes/{id}/compute (year %s, as of %s): HTTP %s in %s s\n' \
        "$ASSESSMENT_YEAR" "$compute_as_of" "$status" "$COMPUTE_S"
    [[ $status == 201 ]] || { FAILURES+=("computing the assessment answered HTTP $status ($OUT/assessment-compute.json)"); COMPUTE_S=""; }
else
    printf '  no assessment scheme of the region in the data: not computed\n'
fi
stop_bench_server
if [[ -n $COMPUTE_S ]]; then
    # Once more with auto_explain in the server's sessions: the plan of every statement inside assessment_compute().
    capture_start
    start_bench_server "$CAPTURE_OPTIONS $AUTO_EXPLAIN_OPTIONS"
    curl -fsS -o /dev/null -X POST -H "$AUTH" -H 'Content-Type: application/json' --data "{\"as_of\": \"$compute_as_of\"}" \
        "$HTTP/api/v1/assessment-schemes/$SCHEME/compute"
    capture_end compute >/dev/null
    stop_bench_server
    {
        printf '\n\n######## POST /api/v1/assessment-schemes/{id}/compute: auto_explain of the statements inside assessment_compute() taking 5 ms or more\n\n'
        perl -ne 'if (/^\d{4}-\d\d-\d\d \S+ \S+ \[\d+\] LOG:  duration: [0-9.]+ ms  plan:/) { $on = 1; print "\n$_"; next }
                  $on = 0 if /^\d{4}-\d\d-\d\d /; print if $on' "$WORK/compute.log"
    } >"$WORK/compute.explain.txt"
    flagged=$(flag_seq_scans "$WORK/compute.explain.txt" "assessment_compute()")
    printf '  auto_explain of assessment_compute(): %s plans in %s; Seq Scans on large tables: %s\n' \
        "$(grep -c '  plan:' "$WORK/compute.explain.txt")" "${EXPLAIN_OUT#"$REGISTRY_ROOT"/}" "$flagged"
fi

# ---- 7. reports -------------------------------------------------------------------------------------------------------

if [[ -n ${BENCH_SKIP_REPORTS:-} ]]; then
    section "reports"
    printf '  skipped (BENCH_SKIP_REPORTS)\n'
    SUMMARY+=("reports (assessment, open-plan, compliance)|skipped|||<= 1.5|skipped")
else
    section "reports: registry report (release) vs its own statements replayed alone by psql$DATA_NOTE"
    printf '  each: best of 3 runs; statements captured from the report'"'"'s session (log_min_duration_statement = 0)\n'
    REPORTS=()
    if [[ -n $ASSESSMENT_YEAR ]]; then
        REPORTS+=("assessment|assessment --year $ASSESSMENT_YEAR --division 150000")
    else
        printf '  no assessment scheme of the region in the data: assessment report not measured\n'
        SUMMARY+=("report assessment ÷ its SQL alone|not measured (no assessment in the data)|||<= 1.5|not measured")
    fi
    if [[ -n $PLAN_YEAR ]]; then
        REPORTS+=("open-plan|open-plan --year $PLAN_YEAR --division 150000")
    else
        printf '  no open plan of the region in the data: open-plan report not measured\n'
        SUMMARY+=("report open-plan ÷ its SQL alone|not measured (no open plan in the data)|||<= 1.5|not measured")
    fi
    REPORTS+=("compliance|compliance --as-of $AS_OF --division 150000")

    # best_of N COMMAND…: the shortest wall time of N runs of COMMAND (output discarded), in seconds.
    best_of() {
        local n=$1 i s best=""
        shift
        for ((i = 0; i < n; i++)); do
            local t0
            t0=$(now)
            "$@" >/dev/null
            s=$(seconds_since "$t0")
            best=$(awk -v a="$s" -v b="$best" 'BEGIN { print (b == "" || a < b) ? a : b }')
        done
        printf '%s\n' "$best"
    }

    ASSESSMENT_REPORT_S=""
    for entry in "${REPORTS[@]}"; do
        name=${entry%%|*}
        read -r -a args <<<"${entry#*|}"
        report=("$REGISTRY" --database-url "$DB_URL" report "${args[@]}" --out "$WORK/reports")
        capture_start
        PGOPTIONS=$CAPTURE_OPTIONS "${report[@]}" >/dev/null
        statements=$(capture_end "report-$name")
        report_s=$(best_of 3 "${report[@]}")
        /usr/bin/time -v "${report[@]}" >/dev/null 2>"$WORK/time-$name.txt"
        rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\)/\1/p' "$WORK/time-$name.txt")
        sql_s=$(best_of 3 sql "$DB_URL" -o /dev/null -f "$WORK/report-$name.replay.sql")
        flagged=$(explain "report-$name" "registry report ${args[*]}")
        ratio=$(ratio "$report_s" "$sql_s")
        printf '  %-11s %s s; its SQL alone in psql %s s (%s); peak RSS %s MB; Seq Scans on large tables: %s\n' \
            "$name" "$report_s" "$sql_s" "$statements" "$((rss_kb / 1024))" "$flagged"
        record "report $name ÷ its SQL alone$DATA_NOTE" "$report_s s" "psql $sql_s s" "$ratio" "<= 1.5" "$(verdict_at_most "$ratio" 1.5)"
        record "report $name peak RSS" "$((rss_kb / 1024)) MB" "" "" "" "(no target)"
        # What it writes: Markdown and HTML, and for compliance the CSV appendix with every finding (RP.3).
        outputs=$(cd "$WORK/reports" && for file in "$name"-*; do printf '%s %s KB; ' "$file" "$(($(stat -c %s "$file") / 1024))"; done)
        record "report $name output" "${outputs%; }" "" "" "" "(no target)"
        [[ $name == assessment ]] && ASSESSMENT_REPORT_S=$report_s
        if [[ $name == assessment && -n $REPLICA ]]; then
            replica_s=$(best_of 3 "$REGISTRY" --database-url "$REPLICA_URL" report "${args[@]}" --out "$WORK/replica-reports")
            printf '  %-11s from the read replica: %s s (primary %s s)\n' "$name" "$replica_s" "$report_s"
            record "report assessment from the replica" "$replica_s s" "primary $report_s s" "$(ratio "$replica_s" "$report_s")" "" "(no target)"
        fi
    done
    if [[ -z $ASSESSMENT_REPORT_S ]]; then
        SUMMARY+=("region's annual assessment (compute + report)|not measured|||< 15 s|not measured")
    else
        total=$(calc "${COMPUTE_S:-0} + $ASSESSMENT_REPORT_S")
        what="report"
        [[ -n $COMPUTE_S ]] && what="compute $COMPUTE_S s + report $ASSESSMENT_REPORT_S s"
        record "region's annual assessment ($what)$DATA_NOTE" "$total s" "" "" "< 15 s" \
            "$(awk -v v="$total" 'BEGIN { if (v < 15) print "met"; else printf "missed by %.2f s\n", v - 15 }')"
    fi
fi

# ---- 8. audited writes ----------------------------------------------------------------------------------------------

if [[ -n ${BENCH_SKIP_WRITES:-} ]]; then
    section "audited writes"
    printf '  skipped (BENCH_SKIP_WRITES)\n'
    SUMMARY+=("audited ÷ unaudited writes|skipped|||>= 0.8|skipped")
else
    section "audited writes: updates of draft catalog revisions, audit trigger on vs off, $WRITE_PAIRS pairs (scratch copy, pgbench -T$DURATION)"
    SCRATCH=${PREFIX}_writes
    sql "$SERVER_URL" -c "create database $SCRATCH template $DB"
    SCRATCH_URL=$(db "$SCRATCH")
    # A draft of the institutional catalog with the most published items, holding a change of up to WRITE_ROWS of them.
    WRITE_INSTITUTION=$(sql "$SCRATCH_URL" -At -v rows="$WRITE_ROWS" <<'SQL'
begin;
select set_config('registry.actor_role', 'cli', true), set_config('registry.request_id', 'bench-writes', true),
       set_config('registry.action', 'bench.setup', true) \gset
create temporary table bench_catalog on commit drop as
select c.id, c.institution_uscc from catalog c join catalog_item i on i.catalog_id = c.id
 where c.kind = 'institutional' and i.current_revision_id is not null
   and not exists (select from catalog_version v where v.catalog_id = c.id and v.state <> 'approved')
 group by c.id order by count(*) desc limit 1;
select set_config('registry.actor_institution', institution_uscc::text, true) from bench_catalog \gset
insert into catalog_version (catalog_id) select id from bench_catalog;
insert into catalog_item_revision (item_id, version_id, name, description, data_form, data_items, share_type,
       share_conditions, share_reason, share_legal_basis, share_scope, open_type, open_conditions, not_open_ground,
       open_legal_basis, update_frequency, collecting_department, approving_department, providing_department,
       source_institution_uscc, category_scheme, category_code, grade, legal_basis, base_data_kind_code,
       data_updated_on, livelihood_related)
select r.item_id, v.id, r.name, r.description, r.data_form, r.data_items, r.share_type, r.share_conditions,
       r.share_reason, r.share_legal_basis, r.share_scope, r.open_type, r.open_conditions, r.not_open_ground,
       r.open_legal_basis, r.update_frequency, r.collecting_department, r.approving_department, r.providing_department,
       r.source_institution_uscc, r.category_scheme, r.category_code, r.grade, r.legal_basis, r.base_data_kind_code,
       r.data_updated_on, r.livelihood_related
  from bench_catalog b join catalog_version v on v.catalog_id = b.id and v.state = 'draft'
  join catalog_item i on i.catalog_id = b.id join catalog_item_revision r on r.id = i.current_revision_id
 where not r.withdrawn
 order by i.code limit :rows;
create schema bench_writes;
create table bench_writes.revision (n serial primary key, id bigint not null);
insert into bench_writes.revision (id)
select r.id from catalog_item_revision r join catalog_version v on v.id = r.version_id
  join bench_catalog b on b.id = v.catalog_id where v.state = 'draft';
select institution_uscc from bench_catalog;
commit;
SQL
    )
    WRITE_INSTITUTION=$(tail -n 1 <<<"$WRITE_INSTITUTION")
    write_rows=$(sql "$SCRATCH_URL" -At -c "select count(*) from bench_writes.revision")
    cat >"$WORK/pgbench-write.sql" <<'SQL'
\set n random(1, :rows)
begin;
select set_config('registry.actor_role', 'clerk', true), set_config('registry.actor_institution', :institution, true), set_config('registry.request_id', 'bench-write', true), set_config('registry.action', 'catalog.item.change', true);
update catalog_item_revision set description = 'benchmark change ' || :n || ' at ' || clock_timestamp() where id = (select id from bench_writes.revision where n = :n);
commit;
SQL
    # The sealer chains the audit rows after commit (sql/0090): it runs as `registry serve` runs it, on one connection
    # every 200 ms, while the audited writes are measured, so its cost is in the figures.
    sealer_start() {
        rm -f "$WORK/sealer.fifo"
        mkfifo "$WORK/sealer.fifo"
        sql "$SCRATCH_URL" -q <"$WORK/sealer.fifo" >/dev/null 2>&1 &
        SEALER_SESSION_PID=$!
        (while :; do echo "select sealed from audit_seal(5000);"; sleep 0.2; done) >"$WORK/sealer.fifo" &
        SEALER_PID=$!
    }
    # Stopping the loop closes the session's input (once its last sleep ends), and the session ends.
    sealer_stop() {
        kill "$SEALER_PID" 2>/dev/null || true
        wait "$SEALER_PID" "$SEALER_SESSION_PID" 2>/dev/null || true
        SEALER_PID=""
    }
    # transactions NAME: the transactions a pgbench run committed.
    transactions() { sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/pgbench-write-$1.txt"; }
    # write_run NAME CLIENTS [SECONDS]: tps of pgbench running the write script.
    write_run() {
        "$PGBENCH" -n -M prepared -c "$2" -j "$(($2 > 1 ? 2 : 1))" -T "${3:-$DURATION}" -D rows="$write_rows" -D institution="$WRITE_INSTITUTION" \
            -f "$WORK/pgbench-write.sql" "$SCRATCH_URL" >"$OUT/pgbench-write-$1.txt" 2>&1 ||
            { cat "$OUT/pgbench-write-$1.txt" >&2; die "pgbench (writes, $1) failed"; }
        sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$OUT/pgbench-write-$1.txt"
    }
    # audit_trigger enable|disable: the revision table's audit trigger, on for the audited runs, off for their baseline.
    audit_trigger() { sql "$SCRATCH_URL" -c "alter table catalog_item_revision $1 trigger catalog_item_revision_audit"; }
    printf '  %s draft revisions of institution %s; one UPDATE per transaction with the audit context, as the API writes\n' \
        "$write_rows" "$WRITE_INSTITUTION"
    # The copy was just made: a few seconds of each way first, not recorded, so that neither meets cold caches alone.
    sealer_start
    write_run warmup-audited 2 5 >/dev/null
    audited_writes=$(transactions warmup-audited)
    audit_trigger disable
    write_run warmup-bare 2 5 >/dev/null
    audit_trigger enable
    # Each level runs WRITE_PAIRS pairs, audited then unaudited, and records the pair of the median ratio: one 20 s run
    # on 2 cores moves by ±0.07 with a checkpoint or the sealer's timing, and a pair keeps both runs' conditions close.
    for clients in 1 4; do
        pairs=()
        for ((pair = 1; pair <= WRITE_PAIRS; pair++)); do
            audited_tps=$(write_run "audited-c$clients-$pair" "$clients")
            audited_tps=${audited_tps%%.*}
            audited_writes=$((audited_writes + $(transactions "audited-c$clients-$pair")))
            audit_trigger disable
            bare_tps=$(write_run "bare-c$clients-$pair" "$clients")
            bare_tps=${bare_tps%%.*}
            audit_trigger enable
            printf '  %s client(s), pair %s: audited %s tps, audit trigger disabled %s tps, ratio %s\n' \
                "$clients" "$pair" "$audited_tps" "$bare_tps" "$(ratio "$audited_tps" "$bare_tps")"
            pairs+=("$(ratio "$audited_tps" "$bare_tps") $audited_tps $bare_tps")
        done
        read -r ratio audited_tps bare_tps < <(printf '%s\n' "${pairs[@]}" | sort -n | sed -n "$(((WRITE_PAIRS + 1) / 2))p")
        record "audited writes ÷ unaudited, $clients client(s), median of $WRITE_PAIRS pairs$DATA_NOTE" "$audited_tps tps" \
            "no audit $bare_tps tps" "$ratio" ">= 0.8" "$(verdict_at_least "$ratio" 0.8)"
    done
    sealer_stop
    # No figure is bought with skipped audit rows: one row per audited write, and the whole trail verifies once sealed.
    audit_rows=$(sql "$SCRATCH_URL" -At -c "select count(*) from audit_log where action = 'catalog.item.change'")
    verified=$("$REGISTRY" --database-url "$SCRATCH_URL" audit verify 2>&1 | head -n 1) || true
    printf '  audit rows written by the audited runs: %s (audited transactions committed: %s); audit verify: %s\n' \
        "$audit_rows" "$audited_writes" "$verified"
    record "audit rows = audited writes; audit verify" "$audit_rows rows" "$audited_writes writes" "" "equal, OK" \
        "$([[ $audit_rows == "$audited_writes" && $verified == OK* ]] && echo met || echo "missed: ${verified%%:*}")"
fi

# ---- 9. summary -------------------------------------------------------------------------------------------------------

record "Seq Scans on tables > $LARGE_TABLE_ROWS rows, hot API paths" "$hot_flagged" "" "" "0" \
    "$( ((hot_flagged == 0)) && echo met || echo "missed by $hot_flagged")"

{
    printf '# Benchmark summary\n\n'
    printf 'Cluster: %s.\n\n' "$DURABILITY"
    printf '%s, %s CPUs, load average %s, commit %s. Data: %s.\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" \
        "$(cut -d ' ' -f 1-3 /proc/loadavg)" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" "$DATA"
    printf 'wrk -t%s -c%s -d%ss (list: -c%s); pgbench -M prepared -c%s -j%s -T%s (custom script: the server'"'"'s item query).\n\n' \
        "$THREADS" "$CONNECTIONS" "$DURATION" "$LIST_CONNECTIONS" "$CONNECTIONS" "$THREADS" "$DURATION"
    printf '| figure | measured | baseline (same run) | ratio | target | verdict |\n|---|---|---|---|---|---|\n'
    for row in "${SUMMARY[@]}"; do
        IFS='|' read -r a b c d e f <<<"$row"
        printf '| %s | %s | %s | %s | %s | %s |\n' "$a" "$b" "$c" "$d" "$e" "$f"
    done
    if ((${#FAILURES[@]} > 0)); then
        printf '\nProblems:\n\n'
        printf -- '- %s\n' "${FAILURES[@]}"
    fi
} >"$OUT/summary.md"

section "summary (also in ${OUT#"$REGISTRY_ROOT"/}/summary.md; plans in ${EXPLAIN_OUT#"$REGISTRY_ROOT"/})"
printf '  cluster: %s\n' "$DURABILITY"
printf '  %-58s %-18s %-24s %-6s %-8s %s\n' figure measured "baseline (same run)" ratio target verdict
for row in "${SUMMARY[@]}"; do
    IFS='|' read -r a b c d e f <<<"$row"
    printf '  %-58s %-18s %-24s %-6s %-8s %s\n' "$a" "$b" "$c" "$d" "$e" "$f"
done
printf '\n  %s s in all\n' "$SECONDS"
[[ -n $DATA_NOTE ]] && printf '\n  FALLBACK: these figures come from the demo registry, not from registry seed synthetic --scale %s\n' "$SCALE"
if ((${#FAILURES[@]} > 0)); then
    printf '\nFAILED:\n' >&2
    printf '  %s\n' "${FAILURES[@]}" >&2
    exit 3
fi
