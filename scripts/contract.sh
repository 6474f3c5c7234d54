#!/usr/bin/env bash
# The API contract run: starts the debug build of the service on a demo registry and lets schemathesis (PyPI, in a
# virtual environment under out/) generate requests from the service's own OpenAPI document, for a bounded time. It
# fails on a server error, a status the document does not list for the route, or a schema-valid request refused as
# malformed (Tests/Contract/schemathesis.toml). Called by scripts/test.sh after the build; runs alone too:
#
#   scripts/contract.sh        report in out/contract/ (JUnit XML and the run's own log)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REGISTRY_ROOT"

SCHEMATHESIS_VERSION=4.32.5
VENV=$REGISTRY_OUT/schemathesis
REPORT_DIR=$REGISTRY_OUT/contract
CONTRACT_DB=registry_contract${REGISTRY_TEST_RUN:+_$REGISTRY_TEST_RUN}
PORT=${REGISTRY_CONTRACT_PORT:-18090}
# Time budget per role; the generated cases are reproducible through the fixed seed.
MAX_TIME=${REGISTRY_CONTRACT_SECONDS:-50}
REGISTRY_BIN=$REGISTRY_ROOT/.build/debug/registry

pg() { bash "$REGISTRY_ROOT/scripts/pg.sh" "$@"; }

ensure_schemathesis() {
    [[ -x $VENV/bin/st ]] && "$VENV/bin/st" --version | grep -q "$SCHEMATHESIS_VERSION" && return 0
    python3 -m venv --help >/dev/null 2>&1 || ensure_packages python3-venv
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
}

# prepare_database: a demo registry copied from the test template; prints nothing.
prepare_database() {
    pg psql -X -q -v ON_ERROR_STOP=1 -d postgres \
        -c "drop database if exists $CONTRACT_DB with (force)" \
        -c "create database $CONTRACT_DB template ${REGISTRY_TEST_TEMPLATE:-registry_test_template}"
    "$REGISTRY_BIN" --database-url "$CONTRACT_URL" seed demo >/dev/null
}

# token ROLE USCC: opens an account and prints its API token.
token() {
    "$REGISTRY_BIN" --database-url "$CONTRACT_URL" accounts create --role "$1" --institution "$2" | grep '^rg_'
}

start_service() {
    # No throttle worth the name: the run sends malformed tokens on purpose and must still reach the routes.
    "$REGISTRY_BIN" --database-url "$CONTRACT_URL" serve --port "$PORT" --token-failure-limit 1000000000 \
        >"$REPORT_DIR/service.log" 2>&1 &
    SERVICE_PID=$!
    local i
    for ((i = 0; i < 60; i++)); do
        curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/healthz" 2>/dev/null && return 0
        sleep 0.5
    done
    die "the contract service did not answer on port $PORT (log: $REPORT_DIR/service.log)"
}

stop_service() { [[ -n ${SERVICE_PID:-} ]] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true; }

# run_as NAME TOKEN: one schemathesis run with TOKEN. Rotating or revoking the run's own token would lock it out half
# way, so those two operations are left to the router tests (AccountsAPITests). One worker: with two, hypothesis
# (under schemathesis 4.32 on Python 3.11) now and then fails parsing its own lambdas in parallel threads ("AST
# constructor recursion depth mismatch"), a runtime error of the tool that lands on a random operation.
run_as() {
    # From out/contract: schemathesis keeps its cache in the working directory.
    cd "$REPORT_DIR"
    PYTHONPATH=$REGISTRY_ROOT/Tests/Contract SCHEMATHESIS_HOOKS=registry_formats "$VENV/bin/st" --config-file "$REGISTRY_ROOT/Tests/Contract/schemathesis.toml" run \
        "http://127.0.0.1:$PORT/api/v1/openapi.json" \
        -H "Authorization: Bearer $2" --seed 20261205 --workers 1 --max-examples 25 --max-time "$MAX_TIME" \
        --phases examples,coverage,fuzzing --no-color \
        --exclude-operation-id rotateAccountToken --exclude-operation-id revokeAccount \
        --report junit --report-junit-path "$REPORT_DIR/$1.xml" 2>&1 | tee "$REPORT_DIR/$1.txt" | tail -n 25
    return "${PIPESTATUS[0]}"
}

ensure_packages curl
run_step "schemathesis $SCHEMATHESIS_VERSION (PyPI, in ${VENV#"$REGISTRY_ROOT"/})" ensure_schemathesis
mkdir -p "$REPORT_DIR"
CONTRACT_URL=$(pg url "$CONTRACT_DB")
run_step "contract database (demo registry)" prepare_database
REVIEWER=$(token reviewer 11150000MB0000001F)
CLERK=$(token clerk 11150000MB0000002J)
trap 'stop_service' EXIT
run_step "start the service on port $PORT" start_service
run_step "schemathesis as a reviewer of the region" run_as reviewer "$REVIEWER"
run_step "schemathesis as a clerk" run_as clerk "$CLERK"
