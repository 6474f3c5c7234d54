#!/usr/bin/env bash
# Runs the test suite against the project-local PostgreSQL: installs what is missing, starts the cluster, builds,
# prepares a migrated template database with reference data, and runs `swift test` with every database session pinned
# to a day past the official calendar (W.4: PGOPTIONS='-c registry.today=…'). Tests pin the days they depend on; the
# rest follow the session's day, and passing on a day in a year whose arrangement is not published proves that no test
# depends on the wall clock or expires when it moves on.
#
#   scripts/test.sh [swift test arguments…]     e.g. scripts/test.sh --filter AuditTrailTests
#   REGISTRY_TEST_PINNED_DAY=2026-12-07 scripts/test.sh   pins another day; `none` runs on the real clock
#
# A full run (no arguments) ends with the API contract run, scripts/contract.sh: schemathesis against the service's own
# OpenAPI document for a bounded time (REGISTRY_CONTRACT_SECONDS per role, 50 by default; `none` skips it), after the
# browser test, scripts/browser-test.sh (headless Chromium through a catalog's review; REGISTRY_BROWSER_TEST=none skips it),
# and the harvest check, scripts/harvest-check.sh (the DCAT-AP export through rdflib and pySHACL; REGISTRY_HARVEST_TEST=none
# skips it).
#
# Each test suite copies the template into a database of its own (Tests/TestSupport/TestDatabase.swift) and drops it
# at the end; copies left by an interrupted run are dropped here before the next run.
set -euo pipefail
# The tests run on their own throw-away cluster (fsync off, Unix socket only), never on the one up.sh serves from.
export REGISTRY_PG_CLUSTER=test
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REGISTRY_ROOT"

# Every database of this run carries its id, and only those are dropped at its end: two runs on one cluster never drop
# each other's databases.
REGISTRY_TEST_RUN=${REGISTRY_TEST_RUN:-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')}
[[ $REGISTRY_TEST_RUN =~ ^[a-z0-9]{1,16}$ ]] || die "REGISTRY_TEST_RUN is 1 to 16 lower-case letters or digits"
TEMPLATE_DB=registry_test_${REGISTRY_TEST_RUN}_template
export REGISTRY_TEST_RUN REGISTRY_TEST_TEMPLATE=$TEMPLATE_DB
TEST_LOG=$REGISTRY_OUT/test.log
# The sessions' day: in 2027, whose official arrangement is not loaded (W.3), after 春节.
PINNED_DAY=${REGISTRY_TEST_PINNED_DAY:-2027-06-15}

pg() { bash "$REGISTRY_ROOT/scripts/pg.sh" "$@"; }

# drop_run_databases: drops this run's databases — its template, the suites' copies (test_RUN_…) and those of the
# browser, harvest and contract checks — and no other.
drop_run_databases() {
    pg psql -X -q -v ON_ERROR_STOP=1 -d postgres <<SQL
-- A template database cannot be dropped until it is no longer marked as one.
select format('alter database %I is_template false', datname)
  from pg_database where datistemplate and datname = '$TEMPLATE_DB' \gexec
select format('drop database if exists %I with (force)', datname)
  from pg_database where datname ~ '^(test|registry_(test|browser|harvest|contract))_${REGISTRY_TEST_RUN}(_|\$)' \gexec
SQL
}

# prepare_template: creates this run's template with the migrator and the reference data, exactly as the service's
# database gets them: owned by registry_owner, migrated as the owner, the reference data loaded as the service.
prepare_template() {
    drop_run_databases
    pg psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "create database $TEMPLATE_DB owner registry_owner"
    .build/debug/registry migrate --migration-database-url "$(pg url --role owner "$TEMPLATE_DB")"
    .build/debug/registry --database-url "$(pg url --role service "$TEMPLATE_DB")" seed reference
    # Marked as a template: any role with CREATEDB may copy it, and nobody drops it by mistake.
    pg psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "alter database $TEMPLATE_DB is_template true"
}

# check_schema: sql/schema.sql, the schema at a glance, is exactly what the migrations make.
check_schema() {
    local made=$REGISTRY_OUT/schema.sql
    mkdir -p "$REGISTRY_OUT"
    pg schema "$TEMPLATE_DB" >"$made"
    if ! diff -u "$REGISTRY_ROOT/sql/schema.sql" "$made" >"$REGISTRY_OUT/schema.diff"; then
        head -n 40 "$REGISTRY_OUT/schema.diff" >&2
        die "sql/schema.sql differs from what the migrations make ($REGISTRY_OUT/schema.diff); after a new migration: cp ${made#"$REGISTRY_ROOT"/} sql/schema.sql"
    fi
}

# run_tests: the tests, every session's clock pinned to $PINNED_DAY. Fixtures that pin their own day keep it.
run_tests() {
    mkdir -p "$REGISTRY_OUT"
    local options=${PGOPTIONS:-}
    [[ $PINNED_DAY == none ]] || options="$options -c registry.today=$PINNED_DAY"
    PGOPTIONS=$options REGISTRY_TEST_DATABASE_URL=$(pg url postgres) REGISTRY_TEST_TEMPLATE=$TEMPLATE_DB \
        swift test --skip-build "$@" 2>&1 | tee "$TEST_LOG"
}

# finish: the timings, then the test runner's own closing lines again, so that the output still ends with them.
finish() {
    local rc=$?
    drop_run_databases || true
    print_timings "$rc" || true
    if [[ -s $TEST_LOG ]]; then
        printf '\nswift test (full output in %s):\n' "${TEST_LOG#"$REGISTRY_ROOT"/}"
        grep -E 'Executed [0-9]+ tests?|Test run with [0-9]+ tests?' "$TEST_LOG" | tail -n 2 || true
    fi
    exit "$rc"
}

rm -f "$TEST_LOG"
trap finish EXIT

run_step "PostgreSQL (scripts/pg.sh up)" pg up
ensure_packages tidy python3  # the HTML validator the report tests run; python3 for scripts/articles.py
ensure_swift
run_step "swift format lint --strict (.swift-format)" swift format lint --strict --recursive --parallel Sources Tests Package.swift
run_step "swift build --build-tests" swift build --build-tests
run_step "template database $TEMPLATE_DB (migrate, seed reference)" prepare_template
run_step "sql/schema.sql is what the migrations make" check_schema
run_step "docs/articles.md is what scripts/articles.py makes" python3 "$REGISTRY_ROOT/scripts/articles.py" --check
run_step "swift test${*:+ $*} (every session's day: $PINNED_DAY)" run_tests "$@"
if [[ $# -eq 0 && ${REGISTRY_BROWSER_TEST:-} != none ]]; then
    run_step "browser test (scripts/browser-test.sh: headless Chromium)" bash "$REGISTRY_ROOT/scripts/browser-test.sh"
fi
if [[ $# -eq 0 && ${REGISTRY_HARVEST_TEST:-} != none ]]; then
    run_step "harvest check (scripts/harvest-check.sh: DCAT-AP 3 with rdflib and pySHACL)" bash "$REGISTRY_ROOT/scripts/harvest-check.sh"
fi
if [[ $# -eq 0 && ${REGISTRY_CONTRACT_SECONDS:-} != none ]]; then
    run_step "API contract run (scripts/contract.sh: schemathesis)" bash "$REGISTRY_ROOT/scripts/contract.sh"
fi
