#!/usr/bin/env bash
# Fault injection against a live registry: runs each fault against a service started here on a database of
# its own, and prints a table of what was expected and what was seen. A script, not a timed test: run it by hand or
# in CI after the tests; it exits 1 when any fault was not seen as expected.
#
#   scripts/faults.sh                 uses .build/debug/registry (REGISTRY_BIN=… for another build)
#   REGISTRY_FAULTS_PORT=18109        the service's port (default 18109)
#   REGISTRY_FAULTS_IMPORT_ROWS=50000 the rows of the ledger imported while API item writes and /healthz are measured
#                                     (50,000 rows, writes p99 < 1 s, /healthz never fails)
#   REGISTRY_FAULTS_IMPORT_SECONDS=1800  how long each half of that import may take before the script stops waiting
#
# It uses the service's cluster of scripts/pg.sh (not the tests' throw-away one) and restarts PostgreSQL once, for
# the outage fault: do not run it beside a service that must stay up.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REGISTRY_ROOT"

REGISTRY_BIN=${REGISTRY_BIN:-$REGISTRY_ROOT/.build/debug/registry}
PORT=${REGISTRY_FAULTS_PORT:-18109}
IMPORT_ROWS=${REGISTRY_FAULTS_IMPORT_ROWS:-50000}
IMPORT_SECONDS=${REGISTRY_FAULTS_IMPORT_SECONDS:-1800}
[[ $IMPORT_ROWS =~ ^[1-9][0-9]*$ && $IMPORT_ROWS -ge 1000 ]] || die "REGISTRY_FAULTS_IMPORT_ROWS must be a number ≥ 1000"
[[ $IMPORT_SECONDS =~ ^[1-9][0-9]*$ ]] || die "REGISTRY_FAULTS_IMPORT_SECONDS must be a number of seconds"
FAULTS_DB=registry_faults
EMPTY_DB=registry_faults_empty
WORK=$REGISTRY_OUT/faults
BASE=http://127.0.0.1:$PORT

pg() { bash "$REGISTRY_ROOT/scripts/pg.sh" "$@"; }
[[ -x $REGISTRY_BIN ]] || die "no registry binary at $REGISTRY_BIN: run swift build first"

ROWS=()
FAILED=0
# record FAULT EXPECTED SEEN OK: one row of the table.
record() {
    ROWS+=("$(printf '%s\t%s\t%s\t%s' "$1" "$2" "$3" "$4")")
    [[ $4 == yes ]] || FAILED=1
}

# as_role ROLE SQL: runs SQL as ROLE on the fault database; prints the SQLSTATE of the refusal, or "accepted".
as_role() {
    local out
    if out=$(pg psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U "$1" -d "$FAULTS_DB" -c "$2" 2>&1); then
        printf 'accepted'
    else
        printf 'refused (%s)' "$(grep -oE 'ERROR:  [0-9A-Z]{5}' <<<"$out" | head -n 1 | cut -c 9-)"
    fi
}

admin_psql() { pg psql -X -q -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }

start_service() {
    "$REGISTRY_BIN" --database-url "$(pg url --role service "$FAULTS_DB")" serve --port "$PORT" \
        --anchor-file "$WORK/anchors.txt" --header-timeout 3 --idle-timeout 5 >"$WORK/service.log" 2>&1 &
    SERVICE_PID=$!
    local i
    for ((i = 0; i < 60; i++)); do
        curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null && return 0
        sleep 0.5
    done
    die "the service did not answer on port $PORT (log: $WORK/service.log)"
}
stop_service() { [[ -n ${SERVICE_PID:-} ]] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true; }
trap stop_service EXIT

# create_account: POST /api/v1/accounts as the admin; prints "<status> <retry-after> <seconds>".
create_account() {
    local timing retry
    timing=$(curl -s -o /dev/null -D "$WORK/headers" --max-time 30 -w '%{http_code} %{time_total}' \
        -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
        -d '{"role": "committee", "display_name": "故障演练委员"}' "$BASE/api/v1/accounts") || true
    retry=$(grep -i '^retry-after:' "$WORK/headers" 2>/dev/null | tr -d '\r' | awk '{print $2}') || true
    awk -v ra="${retry:--}" '{ printf "%s %s %.1f", $1, ra, $2 }' <<<"$timing"
}

# ---- set-up ---------------------------------------------------------------------------------------------------------
mkdir -p "$WORK"
rm -f "$WORK"/*
run_step "PostgreSQL (scripts/pg.sh up)" pg up
admin_psql postgres -c "drop database if exists $FAULTS_DB with (force)" -c "drop database if exists $EMPTY_DB with (force)" \
    -c "create database $FAULTS_DB owner registry_owner" -c "create database $EMPTY_DB owner registry_owner"
"$REGISTRY_BIN" migrate --migration-database-url "$(pg url --role owner "$FAULTS_DB")" >/dev/null
"$REGISTRY_BIN" --database-url "$(pg url --role service "$FAULTS_DB")" seed reference >/dev/null
ADMIN=$("$REGISTRY_BIN" --database-url "$(pg url --role service "$FAULTS_DB")" accounts create --role admin --name 故障演练管理员 |
    grep '^rg_')
start_service

# ---- 1. the service's role is refused what it must never do (A44.1, A39.1) ------------------------------------------
refused_as_service() {
    local seen
    seen=$(as_role registry_service "$2")
    record "service role: $1" "refused (42501)" "$seen" "$([[ $seen == 'refused (42501)' ]] && echo yes || echo no)"
}
refused_as_service "hand-inserted audit row" "insert into audit_log (seq, operation, action, entity, digest)
    values (1, 'insert', 'x', 'y', sha256('x'))"
refused_as_service "hand-written audit link" "insert into audit_link (seq, prev_hash, hash) values (1, sha256('x'), sha256('y'))"
refused_as_service "disable triggers" 'alter table share_request disable trigger user'
refused_as_service "session_replication_role" 'set session_replication_role = replica'
refused_as_service "typed assessment score" "select set_config('registry.assessment_computing', 'on', false);
    insert into assessment_score (assessment_id, institution_uscc, indicator_code, computed)
    select gen_random_uuid(), '91350100M000100Y43', code, 100 from assessment_indicator limit 1"
refused_as_service "DDL" 'create table forged (id int)'

# ---- 2. one transaction locks the audit trail against writes: writes give up fast, /healthz answers ----------------
admin_psql "$FAULTS_DB" -c "begin; lock table audit_log in share mode; select pg_sleep(15); rollback;" >/dev/null 2>&1 &
HOLDER=$!
sleep 1
seen=$(create_account)
read -r status retry seconds <<<"$seen"
record "audit trail locked 15 s: API write" "503, Retry-After, < 6 s" "$status, Retry-After $retry, $seconds s" \
    "$([[ $status == 503 && $retry != - && ${seconds%.*} -lt 6 ]] && echo yes || echo no)"
health=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/healthz" || true)
record "audit trail locked 15 s: /healthz" "200" "$health" "$([[ $health == 200 ]] && echo yes || echo no)"
wait "$HOLDER" || true
seen=$(create_account)
record "lock released: API write" "201" "${seen%% *}" "$([[ ${seen%% *} == 201 ]] && echo yes || echo no)"

# ---- 3. two migrate at once on an empty database ----------------------------------------------------------------------
owner_empty=$(pg url --role owner "$EMPTY_DB")
"$REGISTRY_BIN" migrate --migration-database-url "$owner_empty" >"$WORK/migrate-1.txt" 2>&1 &
first=$!
"$REGISTRY_BIN" migrate --migration-database-url "$owner_empty" >"$WORK/migrate-2.txt" 2>&1 &
second=$!
rc1=0 rc2=0
wait "$first" || rc1=$?
wait "$second" || rc2=$?
record "two migrate at once, empty database" "both exit 0" "exit $rc1 and $rc2" \
    "$([[ $rc1 == 0 && $rc2 == 0 ]] && echo yes || echo no)"

# ---- 4. PostgreSQL restarted under load ---------------------------------------------------------------------------------
: >"$WORK/load.txt"
(
    end=$((SECONDS + 25))
    while ((SECONDS < end)); do
        create_account | cut -d ' ' -f 1 >>"$WORK/load.txt"
        sleep 0.2
    done
) &
LOAD=$!
sleep 4
pg down >/dev/null 2>&1
sleep 3
pg up >/dev/null 2>&1
wait "$LOAD" || true
statuses=$(sort "$WORK/load.txt" | uniq -c | awk '{printf "%s×%s ", $1, $2}')
unexpected=$(grep -cvE '^(201|503)$' "$WORK/load.txt" || true)
# Recovery: the pool's backoff is capped at 4 s, so a write succeeds within a few seconds of the server's return.
for _ in 1 2 3 4 5 6 7 8 9 10; do
    seen=$(create_account)
    [[ ${seen%% *} == 201 ]] && break
    sleep 1
done
record "PostgreSQL restarted under load" "only 201 and 503" "$statuses" \
    "$([[ -s $WORK/load.txt && $unexpected == 0 ]] && echo yes || echo no)"
record "after the restart, without restarting the service" "201 within 10 s" "${seen%% *}" \
    "$([[ ${seen%% *} == 201 ]] && echo yes || echo no)"

# ---- 5. a chain rewritten by a superuser is caught by the anchors kept outside ----------------------------------------
service_url=$(pg url --role service "$FAULTS_DB")
"$REGISTRY_BIN" --database-url "$service_url" audit seal >/dev/null
"$REGISTRY_BIN" --database-url "$service_url" audit anchor --out "$WORK/anchors.txt" >/dev/null
admin_psql "$FAULTS_DB" >/dev/null <<'SQL'
begin;
set local session_replication_role = replica;
update audit_log set action = 'forged' where seq = (select seq from audit_chain);
update audit_log l set digest = sha256(convert_to(audit_canonical(l), 'UTF8'))
 where seq = (select seq from audit_chain);
update audit_link k set hash = sha256(k.prev_hash || convert_to(audit_canonical(l), 'UTF8'))
  from audit_log l where l.seq = k.seq and k.seq = (select seq from audit_chain);
update audit_chain set hash = (select k.hash from audit_link k where k.seq = audit_chain.seq);
commit;
SQL
plain=0 anchored=0
"$REGISTRY_BIN" --database-url "$service_url" audit verify >/dev/null || plain=$?
"$REGISTRY_BIN" --database-url "$service_url" audit verify --anchors "$WORK/anchors.txt" >"$WORK/verify.txt" || anchored=$?
record "chain rewritten by a superuser: audit verify" "exit 0 (undetectable inside)" "exit $plain" \
    "$([[ $plain == 0 ]] && echo yes || echo no)"
record "… audit verify --anchors" "exit 1, ANCHOR BROKEN" "exit $anchored, $(grep -c 'ANCHOR BROKEN' "$WORK/verify.txt") broken" \
    "$([[ $anchored == 1 ]] && grep -q 'ANCHOR BROKEN' "$WORK/verify.txt" && echo yes || echo no)"

# ---- 6. a write retried, and sent twice at once, with one Idempotency-Key -----------------------------------------------
# register_institution KEY USCC DIVISION [N]: POST /api/v1/institutions as the admin; prints "<status> <replayed>".
register_institution() {
    local status out=$WORK/institution-$1-${4:-0}
    status=$(curl -s -o "$out.json" -D "$out.headers" --max-time 30 -w '%{http_code}' \
        -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -H "Idempotency-Key: $1" \
        -d "{\"uscc\": \"$2\", \"name\": \"故障演练数据管理局$3\", \"division_code\": \"$3\", \"kind\": \"public_data_authority\"}" \
        "$BASE/api/v1/institutions") || true
    printf '%s %s' "$status" "$(grep -qi '^idempotent-replayed: true' "$out.headers" && echo replayed || echo first)"
}
institutions() { admin_psql "$FAULTS_DB" -Atc "select count(*) from institution where uscc = '$1'"; }
first=$(register_institution fault-retry 11150000MB0000001F 150000)
retry=$(register_institution fault-retry 11150000MB0000001F 150000)
record "write retried with its Idempotency-Key" "201 first, 201 replayed, 1 record" \
    "$first, $retry, $(institutions 11150000MB0000001F) record" \
    "$([[ $first == '201 first' && $retry == '201 replayed' && $(institutions 11150000MB0000001F) == 1 ]] && echo yes || echo no)"
other=$(curl -s -o "$WORK/other.json" -w '%{http_code}' -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -H 'Idempotency-Key: fault-retry' -d '{"role": "committee", "display_name": "另一请求"}' "$BASE/api/v1/institutions") || true
record "… the same key, another body" "422 naming Idempotency-Key" "$other $(grep -o '"field":"[^"]*"' "$WORK/other.json")" \
    "$([[ $other == 422 ]] && grep -q '"field":"Idempotency-Key"' "$WORK/other.json" && echo yes || echo no)"
TWICE=()
for i in 1 2 3 4 5; do
    register_institution fault-twice 11150100MB0000002P 150100 "$i" >"$WORK/twice-$i.txt" &
    TWICE+=($!)
done
wait "${TWICE[@]}"
twice=$(awk 1 "$WORK"/twice-*.txt | sort | uniq -c | awk '{printf "%s×%s %s ", $1, $2, $3}')
record "five requests at once with one key" "1 record, the rest replayed or 409" "$twice, $(institutions 11150100MB0000002P) record" \
    "$([[ $(institutions 11150100MB0000002P) == 1 ]] && ! grep -qvE '^(201|409) ' "$WORK"/twice-*.txt && echo yes || echo no)"

# ---- 7. slow headers: a byte a second never completes a request head -------------------------------------------------
slow=$(python3 - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
start = time.monotonic()
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
s.settimeout(0.5)
try:
    while time.monotonic() - start < 20:
        s.sendall(b"X")
        try:
            if s.recv(1) == b"":
                break
        except socket.timeout:
            pass
except OSError:
    pass
print(f"closed after {time.monotonic() - start:.1f} s")
PY
)
secs=$(awk '{print int($3)}' <<<"$slow")
record "slow headers, --header-timeout 3" "closed after 3–5 s" "$slow" "$([[ $secs -ge 3 && $secs -lt 6 ]] && echo yes || echo no)"

# ---- 8. an idle connection: one request, then silence ------------------------------------------------------------------
idle=$(python3 - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
s.settimeout(30)
answered = s.recv(65536).split(b" ")[1].decode()
start = time.monotonic()
try:
    while s.recv(65536):
        pass
except OSError:
    pass
print(f"{answered}, closed after {time.monotonic() - start:.1f} s")
PY
)
secs=$(awk '{print int($4)}' <<<"$idle")
record "idle keep-alive connection, --idle-timeout 5" "200, closed after 5–7 s" "$idle" \
    "$([[ $idle == 200,* && $secs -ge 5 && $secs -lt 8 ]] && echo yes || echo no)"

# ---- 9. SIGTERM with a request in flight: it completes, then the service exits -------------------------------------------
admin_psql "$FAULTS_DB" -c "begin; lock table audit_log in share mode; select pg_sleep(2); rollback;" >/dev/null 2>&1 &
HOLDER=$!
sleep 0.5
create_account >"$WORK/inflight.txt" &
INFLIGHT=$!
sleep 0.5
kill -TERM "$SERVICE_PID"
wait "$INFLIGHT" || true
rc=0
wait "$SERVICE_PID" || rc=$?
SERVICE_PID=
wait "$HOLDER" || true
inflight=$(cut -d ' ' -f 1 "$WORK/inflight.txt")
record "SIGTERM with a write in flight" "201, then exit 0" "$inflight, exit $rc" \
    "$([[ $inflight == 201 && $rc == 0 ]] && echo yes || echo no)"

# ---- 10. a ledger of REGISTRY_FAULTS_IMPORT_ROWS rows imported while API item writes and /healthz go on; kill -9 midway
# ----------------------------------------------------------------------------------------------------
start_service
# The job is queued as the page queues an upload (catalog_import_job with the file); the runner stores it 500 rows per
# transaction. While it runs, a clerk of another institution adds items to its draft catalog through the API one after
# another, and /healthz is asked every 0.2 s: the writes keep p99 < 1 s and /healthz never fails. Killed midway, only
# whole chunks are stored, and the job's progress counts exactly them; the service started again resumes the job after
# its last chunk, measured the same way.
IMPORT_USCC=11150000MB0000002J
WRITER_USCC=11150000MB0000003M
admin_psql "$FAULTS_DB" -c "insert into institution (uscc, name, division_code, kind)
    values ('$IMPORT_USCC', '故障演练卫生健康委员会', '150000', 'public_institution'),
           ('$WRITER_USCC', '故障演练教育厅', '150000', 'public_institution')" >/dev/null
CLERK=$("$REGISTRY_BIN" --database-url "$(pg url --role service "$FAULTS_DB")" accounts create --role clerk \
    --institution "$WRITER_USCC" --name 故障演练登记员 | grep '^rg_')
# api_post PATH JSON: POST as the writing clerk; prints the response body.
api_post() {
    curl -fsS --max-time 30 -H "Authorization: Bearer $CLERK" -H 'Content-Type: application/json' -d "$2" "$BASE$1"
}
json_id() { python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'; }
CATALOG=$(api_post /api/v1/catalogs '{"kind": "institutional"}' | json_id)
DRAFT=$(api_post "/api/v1/catalogs/$CATALOG/versions" '{"note": "故障演练:导入期间的写入"}' | json_id)
ITEM_N=0
# write_item: adds the next item to the draft through the API; prints "<status> <seconds>".
write_item() {
    ITEM_N=$((ITEM_N + 1))
    local body
    body=$(printf '{"code": "W-%06d", "name": "故障演练写入数据%d", "data_form": "database_table",
        "data_items": [{"name": "名称", "type": "string"}], "share_type": "unconditional", "share_scope": "全区政务部门",
        "open_type": "unconditional", "update_frequency": "monthly", "collecting_department": "故障演练教育厅",
        "approving_department": "故障演练教育厅", "providing_department": "故障演练教育厅", "source_institution": "%s",
        "category_code": "base.population", "grade": "general"}' "$ITEM_N" "$ITEM_N" "$WRITER_USCC")
    curl -s -o "$WORK/item-write.json" --max-time 30 -w '%{http_code} %{time_total}\n' \
        -H "Authorization: Bearer $CLERK" -H 'Content-Type: application/json' -d "$body" \
        "$BASE/api/v1/catalog-versions/$DRAFT/items" || true
}
write_item >"$WORK/item-probe.txt"  # not in $(…): ITEM_N counts on in this shell
probe=$(<"$WORK/item-probe.txt")
[[ ${probe%% *} == 201 ]] || die "the item write before the import was refused ($probe): $(cat "$WORK/item-write.json")"

awk -v rows="$IMPORT_ROWS" -v uscc="$IMPORT_USCC" 'BEGIN {
    print "code,name,data_form,data_items,share_type,share_scope,open_type,open_conditions,update_frequency," \
          "collecting_department,approving_department,providing_department,source_institution,category_code,grade"
    for (n = 1; n <= rows; n++)
        printf "F-%06d,数据资源%d,database_table,\"[{\"\"name\"\":\"\"名称\"\",\"\"type\"\":\"\"string\"\"}]\",unconditional," \
               "全区政务部门,conditional,面向科研机构,monthly,统计科,统计科,统计科,%s,base.population,general\n", n, n, uscc
}' >"$WORK/ledger.csv"
job=$(admin_psql "$FAULTS_DB" -At <<SQL
\\set content \`base64 -w0 "$WORK/ledger.csv"\`
insert into catalog_import_job (institution_uscc, filename, format, file)
values ('$IMPORT_USCC', 'ledger.csv', 'csv', decode(:'content', 'base64')) returning id;
SQL
)
import_state() {
    admin_psql "$FAULTS_DB" -At -F ' ' -c "select j.state, j.rows_done,
            (select count(*) from catalog_item i join catalog c on c.id = i.catalog_id where c.institution_uscc = '$IMPORT_USCC')
        from catalog_import_job j where j.id = '$job'"
}
# while_importing UNTIL: item writes one after another, and /healthz every 0.2 s in the background, while the job runs,
# until its progress reaches UNTIL rows (or, with `done`, until it ends); gives up after REGISTRY_FAULTS_IMPORT_SECONDS.
: >"$WORK/import-writes.txt"
: >"$WORK/import-health.txt"
while_importing() {
    local until=$1 end=$((SECONDS + IMPORT_SECONDS)) state progress health
    (
        while :; do
            curl -s -o /dev/null --max-time 5 -w '%{http_code} %{time_total}\n' "$BASE/healthz" >>"$WORK/import-health.txt" || true
            sleep 0.2
        done
    ) &
    health=$!
    while ((SECONDS < end)); do
        read -r state progress _ <<<"$(import_state)"
        if [[ $until == done ]]; then
            [[ $state == running || $state == queued ]] || break
        else
            [[ $state == running && $progress -ge $until ]] && break
            [[ $state == done || $state == failed ]] && break
        fi
        if [[ $state == running ]]; then write_item >>"$WORK/import-writes.txt"; else sleep 0.1; fi
    done
    kill "$health" 2>/dev/null || true
    wait "$health" 2>/dev/null || true
}
while_importing $((IMPORT_ROWS / 2))
kill -9 "$SERVICE_PID"
wait "$SERVICE_PID" 2>/dev/null || true
SERVICE_PID=
sleep 1
read -r state progress stored <<<"$(import_state)"
record "kill -9 while importing $IMPORT_ROWS rows" "whole chunks: rows stored = progress = 500 × k" \
    "$state, progress $progress, $stored stored" \
    "$([[ $state == running && $stored == "$progress" && $progress -gt 0 && $((progress % 500)) == 0 ]] && echo yes || echo no)"
start_service
while_importing done
read -r state progress stored <<<"$(import_state)"
record "… service started again" "job resumed: done, $IMPORT_ROWS stored" "$state, $stored stored" \
    "$([[ $state == done && $stored == "$IMPORT_ROWS" ]] && echo yes || echo no)"
# p99: the smallest time at least 99 % of the writes took no longer than.
writes=$(sort -k2 -g "$WORK/import-writes.txt" | awk 'NF { status[++n] = $1; time[n] = $2; if ($1 != 201) bad++ }
    END { if (n == 0) { print "0 writes"; exit } i = int(n * 0.99); if (i < n * 0.99) i++
          printf "%d writes, %d not 201, p99 %.2f s, max %.2f s", n, bad, time[i], time[n] }')
record "API item writes during the $IMPORT_ROWS-row import" "201, p99 < 1 s" "$writes" \
    "$([[ $writes =~ ^[1-9][0-9]*\ writes,\ 0\ not\ 201,\ p99\ 0\. ]] && echo yes || echo no)"
health=$(awk 'NF { n++; if ($1 != 200) bad++; if ($2 > max) max = $2 } END { printf "%d probes, %d failed, max %.2f s", n, bad, max }' \
    "$WORK/import-health.txt")
record "/healthz during the $IMPORT_ROWS-row import" "every probe 200" "$health" \
    "$([[ $health =~ ^[1-9][0-9]*\ probes,\ 0\ failed ]] && echo yes || echo no)"

# ---- the table ----------------------------------------------------------------------------------------------------------
stop_service
admin_psql postgres -c "drop database if exists $FAULTS_DB with (force)" -c "drop database if exists $EMPTY_DB with (force)"
{
    printf 'fault\texpected\tseen\tas expected\n'
    printf '%s\n' "${ROWS[@]}"
} | column -t -s $'\t'
exit "$FAILED"
