#!/usr/bin/env bash
# Gets the registry running on this machine: installs what is missing, starts the project-local PostgreSQL, builds
# the service (release), migrates its database `registry`, loads the reference data and the demo registry (once),
# writes the three reports into out/reports (Markdown, HTML and a Chromium screenshot each), (re)starts the service
# in the background on http://127.0.0.1:${REGISTRY_HTTP_PORT:-8080}, and saves screenshots of its main pages as the
# demo clerk and reviewer see them into out/screenshots. Running it again rebuilds and restarts.
#
#   scripts/up.sh          log in out/registry.log, pid in out/registry.pid
#   scripts/down.sh        stops the service and PostgreSQL
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REGISTRY_ROOT"

HTTP_HOST=127.0.0.1
HTTP_PORT=${REGISTRY_HTTP_PORT:-8080}
SERVICE_LOG=$REGISTRY_OUT/registry.log
REGISTRY_BIN=$REGISTRY_ROOT/.build/release/registry

pg() { bash "$REGISTRY_ROOT/scripts/pg.sh" "$@"; }

# port_in_use: true if something accepts connections on the service's port.
port_in_use() { (exec 3<>"/dev/tcp/$HTTP_HOST/$HTTP_PORT") 2>/dev/null; }

start_service() {
    stop_service
    # Our own service is stopped by now: whatever still answers on the port would fake the health check below.
    port_in_use && die "port $HTTP_PORT on $HTTP_HOST is taken by another program: stop it or set REGISTRY_HTTP_PORT"
    mkdir -p "$REGISTRY_OUT"
    # The log is the operators' alone (mode 600, kept so by `serve --log-file`).
    (umask 077 && touch "$SERVICE_LOG") && chmod 600 "$SERVICE_LOG"
    printf '\n==== %s: scripts/up.sh starts the registry\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" >>"$SERVICE_LOG"
    # nohup and no inherited descriptors: the service outlives this script and its terminal.
    nohup "$REGISTRY_BIN" --database-url "$SERVICE_DB_URL" serve --host "$HTTP_HOST" --port "$HTTP_PORT" \
        --log-file "$SERVICE_LOG" --anchor-file "$REGISTRY_OUT/audit-anchors.txt" </dev/null >>"$SERVICE_LOG" 2>&1 &
    printf '%s\n' "$!" >"$REGISTRY_PID_FILE"
}

# wait_healthy: waits until GET /healthz answers, at most 60 s; a service that exits meanwhile fails at once.
wait_healthy() {
    local pid i
    pid=$(<"$REGISTRY_PID_FILE")
    for ((i = 0; i < 120; i++)); do
        if ! process_alive "$pid"; then
            tail -n 30 "$SERVICE_LOG" >&2
            die "the registry service exited during startup (log: $SERVICE_LOG)"
        fi
        curl -fsS -o /dev/null --max-time 2 "http://$HTTP_HOST:$HTTP_PORT/healthz" 2>/dev/null && return 0
        sleep 0.5
    done
    tail -n 30 "$SERVICE_LOG" >&2
    die "GET /healthz did not answer within 60 s (log: $SERVICE_LOG)"
}

trap print_timings EXIT

ensure_packages curl
run_step "PostgreSQL (scripts/pg.sh up)" pg up
ensure_swift
run_step "swift build -c release --product registry" swift build -c release --product registry
# Each job with its own role (sql/0050_least_privilege.sql): the owner migrates, the service serves and loads the
# reference data and the demo seed (which dates its history by pinning the registry's clock), the report role writes
# the reports. No step runs as the superuser.
OWNER_DB_URL=$(pg url --role owner registry)
SERVICE_DB_URL=$(pg url --role service registry)
REPORT_DB_URL=$(pg url --role report registry)
run_step "migrate (as registry_owner)" "$REGISTRY_BIN" migrate --migration-database-url "$OWNER_DB_URL"
run_step "seed reference" "$REGISTRY_BIN" --database-url "$SERVICE_DB_URL" seed reference

# write_reports: the three reports of the demo registry as Markdown and standalone HTML in out/reports, and a
# screenshot of each HTML report from headless Chromium, which fails on any console error (RP.1–RP.4).
write_reports() {
    local report=("$REGISTRY_BIN" --database-url "$REPORT_DB_URL" report) dir=$REGISTRY_OUT/reports today
    today=$(TZ=Asia/Shanghai date +%F)
    "${report[@]}" assessment --year 2025 --division 150000 --out "$dir"
    "${report[@]}" open-plan --year 2026 --division 150000 --out "$dir"
    "${report[@]}" compliance --as-of "$today" --division 150000 --out "$dir"
    for html in "$dir"/*.html; do bash "$REGISTRY_ROOT/scripts/screenshot.sh" "$html"; done
}

DEMO_SIGN_INS=$REGISTRY_OUT/demo-sign-ins.txt
# seed_demo: the demo registry, then its sign-ins (one account per role, demo passwords), kept for the summary below.
seed_demo() {
    mkdir -p "$REGISTRY_OUT"
    "$REGISTRY_BIN" --database-url "$SERVICE_DB_URL" seed demo | tee "$REGISTRY_OUT/seed-demo.txt"
    sed -n '/^demo sign-ins/,$p' "$REGISTRY_OUT/seed-demo.txt" >"$DEMO_SIGN_INS"
    chmod 600 "$DEMO_SIGN_INS"
}

run_step "seed demo" seed_demo
run_step "reports into out/reports" write_reports

run_step "start the service" start_service
run_step "wait for GET /healthz" wait_healthy

# page_screenshots: the main pages as the demo clerk and reviewer see them, in out/screenshots (headless Chromium).
page_screenshots() {
    ensure_packages chromium chromium-driver python3-selenium fonts-noto-cjk
    /usr/bin/python3 "$REGISTRY_ROOT/scripts/page-screenshots.py" "http://$HTTP_HOST:$HTTP_PORT" "$DEMO_SIGN_INS" \
        "$REGISTRY_OUT/screenshots"
}
run_step "screenshots of the pages into out/screenshots" page_screenshots

printf '\nThe registry is running: http://%s:%s/  (pid %s, log %s)\n' \
    "$HTTP_HOST" "$HTTP_PORT" "$(<"$REGISTRY_PID_FILE")" "${SERVICE_LOG#"$REGISTRY_ROOT"/}"
printf 'Reports: %s\n' "${REGISTRY_OUT#"$REGISTRY_ROOT"/}/reports"
printf 'Screenshots of the pages: %s\n' "${REGISTRY_OUT#"$REGISTRY_ROOT"/}/screenshots"
printf '\nSign in at http://%s:%s/sign-in — demo database only:\n' "$HTTP_HOST" "$HTTP_PORT"
sed -n '2,$p' "$DEMO_SIGN_INS"
printf 'Database: %s\nStop everything with scripts/down.sh\n' "$SERVICE_DB_URL"
