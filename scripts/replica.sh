#!/usr/bin/env bash
# A streaming standby of the project-local cluster (scripts/pg.sh), for `registry serve --read-database-url` and for
# reports read from a replica. It lives in <project>/.pgdata-replica/, owned like the primary, listening on a Unix
# socket inside .pgdata-replica/ and on 127.0.0.1:${REGISTRY_REPLICA_PORT:-REGISTRY_PG_PORT + 100}.
#
#   scripts/replica.sh up               start the primary if needed, copy it with pg_basebackup -R, start the standby,
#                                       and wait until it is in recovery and has replayed the primary's WAL (idempotent)
#   scripts/replica.sh down             stop the standby (its copy stays for the next `up`)
#   scripts/replica.sh status           whether it runs, is in recovery, and how far it is behind; exit 3 if it is down
#   scripts/replica.sh url [--tcp] [DB] a libpq URL for DB on the standby (default: registry), as scripts/pg.sh url
#
# The standby follows the primary over the primary's Unix socket through the replication slot `registry_replica`,
# which keeps the WAL it has not received yet (up to max_slot_wal_keep_size, scripts/pg.sh) while it is slow or down.
# A copy that cannot follow any more — taken from another primary (the cluster was created again), or whose slot is
# gone or lost — is taken again. Reads on it may lag the primary by the replication delay.
set -euo pipefail
# shellcheck source=scripts/pg.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg.sh"

REPLICA_ROOT=$REGISTRY_ROOT/.pgdata-replica
REPLICA_PORT=${REGISTRY_REPLICA_PORT:-$((PG_PORT + 100))}
[[ $REPLICA_PORT =~ ^[0-9]+$ ]] || die "REGISTRY_REPLICA_PORT must be a port number, not '$REPLICA_PORT'"
PRIMARY_DATA=$PG_DATA
PRIMARY_PORT=$PG_PORT
PRIMARY_SOCKET_DIR=$PG_SOCKET_DIR
SLOT=registry_replica

# use_replica: points pg.sh's functions (server_pid, start_server, write_config, db_url …) at the standby. Called
# once, after everything the primary is needed for has been read.
use_replica() {
    PG_ROOT=$REPLICA_ROOT
    PG_DATA=$PG_ROOT/data
    PG_LOG_DIR=$PG_ROOT/log
    PG_LOG=$PG_LOG_DIR/postgresql.log
    PG_PORT=$REPLICA_PORT
    PG_SOCKET_DIR=$(socket_dir)
}

# primary_psql ARGS…: psql as the superuser on the primary's maintenance database.
primary_psql() {
    "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PRIMARY_SOCKET_DIR" -p "$PRIMARY_PORT" -U "$PG_SUPERUSER" -d postgres "$@"
}

# system_id DATA: the database system identifier of a cluster, the same for a primary and every copy of it.
system_id() {
    as_owner "$(pg_bin)/pg_controldata" "$1" | sed -n 's/^Database system identifier:[[:space:]]*//p'
}

# can_follow: true if the standby's copy exists, was taken from this primary, and its slot still keeps its WAL.
can_follow() {
    [[ -f $PG_DATA/PG_VERSION && -f $PG_DATA/standby.signal ]] || return 1
    [[ $(system_id "$PG_DATA") == "$(system_id "$PRIMARY_DATA")" ]] || return 1
    [[ $(primary_psql -tA -v slot="$SLOT" <<<"select count(*) from pg_replication_slots
                                              where slot_name = :'slot' and wal_status is distinct from 'lost'") == 1 ]]
}

# base_backup: copies the running primary into the standby's data directory with a new slot, standby.signal and the
# primary_conninfo (-R).
base_backup() {
    rm -rf "$PG_DATA"
    primary_psql -tA -v slot="$SLOT" >/dev/null <<<"select pg_drop_replication_slot(slot_name) from pg_replication_slots
                                                    where slot_name = :'slot' and not active"
    log "copying the primary into $PG_DATA (pg_basebackup -R, slot $SLOT, log in $PG_LOG_DIR/basebackup.log)"
    as_owner "$(pg_bin)/pg_basebackup" -D "$PG_DATA" -h "$PRIMARY_SOCKET_DIR" -p "$PRIMARY_PORT" -U "$PG_SUPERUSER" \
        -R -C -S "$SLOT" -X stream -c fast >"$PG_LOG_DIR/basebackup.log" 2>&1 ||
        { tail -n 20 "$PG_LOG_DIR/basebackup.log" >&2; die "pg_basebackup failed"; }
    # The copy's registry.conf names the primary's port and socket: `up` writes the standby's before it starts.
}

# replica_psql ARGS…: psql as the superuser on the standby's maintenance database.
replica_psql() {
    "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres "$@"
}

# wait_caught_up: waits until the standby is in recovery and has replayed the primary's WAL up to now.
wait_caught_up() {
    local target i
    target=$(primary_psql -tA -c 'select pg_current_wal_lsn()')
    for ((i = 0; i < 1200; i++)); do
        if [[ $(replica_psql -tA -c "select pg_is_in_recovery() and pg_last_wal_replay_lsn() >= '$target'::pg_lsn" 2>/dev/null) == t ]]; then
            log "the standby is in recovery and has replayed the primary's WAL up to $target"
            return 0
        fi
        sleep 0.1
    done
    tail -n 20 "$PG_LOG" >&2
    die "the standby did not catch up with the primary within 120 s (its log: $PG_LOG)"
}

cmd_up() {
    bash "$REGISTRY_ROOT/scripts/pg.sh" up
    use_replica
    mkdir -p "$PG_ROOT"
    exec 9>"$PG_ROOT/.lock"
    flock -w 300 9 || die "another scripts/replica.sh holds $PG_ROOT/.lock"
    prepare_dirs
    local pid bin
    if ! can_follow; then
        if pid=$(server_pid); then
            log "the standby (pid $pid) cannot follow this primary any more: stopping it to take a new copy"
            stop_server "$(pg_bin)"
        fi
        [[ -d $PG_DATA ]] && log "$PG_DATA cannot follow this primary (another primary, or its WAL is gone): taking a new copy"
        clear_stale
        base_backup
    fi
    bin=$(pg_bin)
    write_config
    if pid=$(server_pid); then
        if [[ $(pid_file_line 4) == "$PG_PORT" && $(pid_file_line 5) == "$PG_SOCKET_DIR" ]]; then
            log "the standby is already running (pid $pid)"
        else
            log "the standby runs with another port or socket directory (pid $pid): restarting it"
            stop_server "$bin"
            start_server "$bin"
        fi
    else
        clear_stale
        start_server "$bin"
    fi
    wait_caught_up
    log "the standby is ready: $(db_url registry)"
}

cmd_down() {
    use_replica
    [[ -d $PG_DATA ]] || {
        log "no standby in $PG_DATA"
        return 0
    }
    exec 9>"$PG_ROOT/.lock"
    flock -w 300 9 || die "another scripts/replica.sh holds $PG_ROOT/.lock"
    local pid
    if pid=$(server_pid); then
        log "stopping the standby (pid $pid)"
        stop_server "$(pg_bin)"
    else
        clear_stale
        log "the standby is not running"
    fi
}

cmd_status() {
    use_replica
    local pid recovery lag
    if pid=$(server_pid); then
        recovery=$(replica_psql -tA -c 'select pg_is_in_recovery()' 2>/dev/null || printf '?')
        lag=$(primary_psql -tA -c "select pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) from pg_stat_replication
                                   where state = 'streaming' order by backend_start desc limit 1" 2>/dev/null || true)
        printf 'the standby is running (pid %s), in recovery: %s, behind the primary: %s bytes\n' "$pid" "$recovery" "${lag:-?}"
    else
        printf 'the standby is not running\n'
    fi
    printf '  data:   %s\n  log:    %s\n  socket: %s\n  port:   %s (127.0.0.1)\n  url:    %s\n' \
        "$PG_DATA" "$PG_LOG" "$PG_SOCKET_DIR" "$PG_PORT" "$(db_url registry)"
    [[ -n ${pid:-} ]] || return 3
}

cmd_url() {
    use_replica
    print_url replica.sh "$@"
}

replica_main() {
    local cmd=${1:-}
    (($# > 0)) && shift
    case $cmd in
        up) cmd_up "$@" ;;
        down) cmd_down "$@" ;;
        status) cmd_status "$@" ;;
        url) cmd_url "$@" ;;
        *) usage "${BASH_SOURCE[0]}" ;;
    esac
}

replica_main "$@"
