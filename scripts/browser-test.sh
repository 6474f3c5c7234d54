#!/usr/bin/env bash
# The browser tests: starts the debug build of the service on a demo registry and runs every test of Tests/Browser/
# in headless Chromium (Debian's chromium, chromium-driver and python3-selenium) — e.g. catalog_review.py: a refused
# item, a return with reasons, a resubmission, an approval, another institution's clerk refused, sign-out.
# Screenshots of every step go to out/screenshots/browser-<test>-NN-….png; a console error fails the run. Called by scripts/test.sh after the swift tests;
# runs alone too (after a build):
#
#   scripts/browser-test.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REGISTRY_ROOT"

BROWSER_DB=registry_browser${REGISTRY_TEST_RUN:+_$REGISTRY_TEST_RUN}
PORT=${REGISTRY_BROWSER_PORT:-18091}
SHOTS=$REGISTRY_OUT/screenshots
LOG=$REGISTRY_OUT/browser-service.log
REGISTRY_BIN=$REGISTRY_ROOT/.build/debug/registry

pg() { bash "$REGISTRY_ROOT/scripts/pg.sh" "$@"; }

# prepare_database: a demo registry copied from the test template; prints nothing.
prepare_database() {
    pg psql -X -q -v ON_ERROR_STOP=1 -d postgres \
        -c "drop database if exists $BROWSER_DB with (force)" \
        -c "create database $BROWSER_DB template ${REGISTRY_TEST_TEMPLATE:-registry_test_template}"
    "$REGISTRY_BIN" --database-url "$BROWSER_URL" seed demo >/dev/null
}

start_service() {
    "$REGISTRY_BIN" --database-url "$BROWSER_URL" serve --port "$PORT" >"$LOG" 2>&1 &
    SERVICE_PID=$!
    local i
    for ((i = 0; i < 60; i++)); do
        curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/healthz" 2>/dev/null && return 0
        sleep 0.5
    done
    die "the browser test's service did not answer on port $PORT (log: $LOG)"
}

stop_service() { [[ -n ${SERVICE_PID:-} ]] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true; }

# run_browser: every test of Tests/Browser/ (each script but the shared browser_support.py), in name order.
run_browser() {
    rm -f "$SHOTS"/browser-*.png
    local test
    for test in "$REGISTRY_ROOT"/Tests/Browser/*.py; do
        [[ $(basename "$test") == browser_support.py ]] && continue
        echo "--- $(basename "$test")"
        # Debian's interpreter: python3-selenium is installed for it, whatever python3 comes first on PATH.
        /usr/bin/python3 "$test" "http://127.0.0.1:$PORT" "$SHOTS"
    done
}

ensure_packages curl chromium chromium-driver python3-selenium fonts-noto-cjk
[[ -x $REGISTRY_BIN ]] || die "build first: swift build (no $REGISTRY_BIN)"
mkdir -p "$REGISTRY_OUT"
BROWSER_URL=$(pg url "$BROWSER_DB")
run_step "browser test database (demo registry)" prepare_database
trap 'stop_service' EXIT
run_step "start the service on port $PORT" start_service
run_step "browser tests (Tests/Browser/*.py, headless Chromium)" run_browser
