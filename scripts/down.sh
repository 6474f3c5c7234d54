#!/usr/bin/env bash
# Stops what scripts/up.sh started: the registry service, then the project-local PostgreSQL. Data stays in .pgdata/.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stop_service
bash "$REGISTRY_ROOT/scripts/pg.sh" down
