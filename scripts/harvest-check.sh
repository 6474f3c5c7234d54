#!/usr/bin/env bash
# The harvest check (A28.1): starts the debug build of the service on a demo registry and reads its open
# catalog as other portals do — the DCAT-AP 3 export through rdflib and pySHACL (Tests/DCAT/harvest_check.py against
# the project's shapes, Tests/DCAT/shapes.ttl). The Python packages (PyPI) live in a virtual environment under out/.
# Called by scripts/test.sh after the build (REGISTRY_HARVEST_TEST=none skips it); runs alone too:
#
#   scripts/harvest-check.sh        log in out/harvest/
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REGISTRY_ROOT"

VENV=$REGISTRY_OUT/dcat
REPORT_DIR=$REGISTRY_OUT/harvest
HARVEST_DB=registry_harvest${REGISTRY_TEST_RUN:+_$REGISTRY_TEST_RUN}
# The contract run's port: the two runs never overlap.
PORT=${REGISTRY_HARVEST_PORT:-${REGISTRY_CONTRACT_PORT:-18090}}
BASE=http://127.0.0.1:$PORT
REGISTRY_BIN=$REGISTRY_ROOT/.build/debug/registry
PACKAGES=(rdflib==7.6.0 pyshacl==0.40.1 ckanapi==4.11)

pg() { bash "$REGISTRY_ROOT/scripts/pg.sh" "$@"; }

ensure_venv() {
    [[ -x $VENV/bin/python ]] && "$VENV/bin/pip" freeze 2>/dev/null | grep -qxF "${PACKAGES[0]}" \
        && "$VENV/bin/pip" freeze | grep -qxF "${PACKAGES[1]}" && "$VENV/bin/pip" freeze | grep -qxF "${PACKAGES[2]}" && return 0
    python3 -m venv --help >/dev/null 2>&1 || ensure_packages python3-venv
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "${PACKAGES[@]}"
}

# prepare_database: a demo registry copied from the test template, and the published items the open catalog must
# leave out (not open, suspended or withdrawn after an objection) in $REPORT_DIR/hidden.txt.
prepare_database() {
    pg psql -X -q -v ON_ERROR_STOP=1 -d postgres \
        -c "drop database if exists $HARVEST_DB with (force)" \
        -c "create database $HARVEST_DB template ${REGISTRY_TEST_TEMPLATE:-registry_test_template}"
    "$REGISTRY_BIN" --database-url "$HARVEST_URL" seed demo >/dev/null
    pg psql -X -q -At -v ON_ERROR_STOP=1 -d "$HARVEST_DB" -o "$REPORT_DIR/hidden.txt" -c "
        select p.item_id from catalog_item_published p
         where not exists (select 1 from open_catalog o where o.item_id = p.item_id)
         order by (select count(*) from open_objection j where j.item_id = p.item_id) desc, p.item_id"
    local suspended
    suspended=$(pg psql -X -q -At -d "$HARVEST_DB" -c "
        select count(*) from catalog_item_published p where p.open_type <> 'not_open'
           and not exists (select 1 from open_catalog o where o.item_id = p.item_id)")
    [[ $suspended -gt 0 ]] || die "the demo has no suspended or withdrawn open item to leave out"
}

start_service() {
    REGISTRY_PUBLIC_URL=$BASE "$REGISTRY_BIN" --database-url "$HARVEST_URL" serve --port "$PORT" >"$REPORT_DIR/service.log" 2>&1 &
    SERVICE_PID=$!
    local i
    for ((i = 0; i < 60; i++)); do
        curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null && return 0
        sleep 0.5
    done
    die "the harvest service did not answer on port $PORT (log: $REPORT_DIR/service.log)"
}

stop_service() { [[ -n ${SERVICE_PID:-} ]] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true; }

dcat_check() {
    "$VENV/bin/python" "$REGISTRY_ROOT/Tests/DCAT/harvest_check.py" "$BASE" "$REPORT_DIR/hidden.txt" \
        "$REGISTRY_ROOT/Tests/DCAT/shapes.ttl" 2>&1 | tee "$REPORT_DIR/dcat.txt"
    return "${PIPESTATUS[0]}"
}

ckan_check() {
    "$VENV/bin/python" "$REGISTRY_ROOT/Tests/CKAN/ckan_check.py" "$VENV/bin/ckanapi" "$BASE" "$REPORT_DIR" 2>&1 | tee "$REPORT_DIR/ckan.txt"
    return "${PIPESTATUS[0]}"
}

ensure_packages curl
run_step "rdflib, pySHACL and ckanapi (PyPI, in ${VENV#"$REGISTRY_ROOT"/})" ensure_venv
mkdir -p "$REPORT_DIR"
HARVEST_URL=$(pg url "$HARVEST_DB")
run_step "harvest database (demo registry)" prepare_database
trap 'stop_service' EXIT
run_step "start the service on port $PORT" start_service
run_step "DCAT-AP 3: three serialisations, one graph; SHACL; nothing hidden exported" dcat_check
run_step "CKAN action API through the ckanapi client, against the open catalog" ckan_check
