#!/usr/bin/env bash
# The project-local PostgreSQL cluster: lives in <project>/.pgdata/, owned by the `postgres` system user (by you if
# you are not root), listening on a Unix socket inside .pgdata/ and on 127.0.0.1:${REGISTRY_PG_PORT:-5433}. It never
# touches the system's own clusters. It keeps PostgreSQL's durable defaults (fsync, full_page_writes,
# synchronous_commit on): `scripts/up.sh` serves from it.
#
# With REGISTRY_PG_CLUSTER=test (set by scripts/test.sh) every command works on a separate throw-away cluster in
# <project>/.pgdata-test/ instead, on a Unix socket only (no TCP port to collide with), with fsync off: the test suites
# create and drop thousands of databases, which would otherwise each wait for a checkpoint syncing their files.
#
#   scripts/pg.sh up               install what is missing, create the cluster and databases, start it (idempotent)
#   scripts/pg.sh down             stop it (fast shutdown: clients are disconnected, data is checkpointed)
#   scripts/pg.sh status           say whether it runs and where; exit 0 if it runs, 3 if not
#   scripts/pg.sh url [--tcp] [--role ROLE] [DB]
#                                  print a libpq URL for DB (default: registry); --tcp: 127.0.0.1 with the password;
#                                  --role: as one of the registry's roles (owner, service, auditor, report; Unix socket)
#   scripts/pg.sh psql [ARGS…]     psql on the cluster (default database: registry)
#   scripts/pg.sh schema DB        print DB's schema as sql/schema.sql holds it (pg_dump --schema-only, normalised)
#
# scripts/replica.sh starts a streaming standby of this cluster: it streams over the Unix socket (`local replication`
# in pg_hba.conf, added when missing). `up` on a running cluster reloads its settings, and restarts it when one of
# them needs a restart (shared_buffers, or an older cluster whose wal_level does not allow a standby).
#
# Authentication: `trust` on the Unix socket, whose directory and socket are mode 0700 so that only root and the
# cluster owner can reach it; scram-sha-256 on 127.0.0.1 with a password generated at initdb, kept in
# .pgdata/password. The superuser is called `postgres`; the service's database is `registry`, owned by the role
# registry_owner. `up` creates the registry's roles (scripts/roles.sql; what each may do: sql/0050_least_privilege.sql).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_CLUSTER=${REGISTRY_PG_CLUSTER:-service}
case $PG_CLUSTER in
    service) PG_ROOT=$REGISTRY_ROOT/.pgdata ;;
    test) PG_ROOT=$REGISTRY_ROOT/.pgdata-test ;;
    *) die "REGISTRY_PG_CLUSTER is service (default) or test, not '$PG_CLUSTER'" ;;
esac
PG_DATA=$PG_ROOT/data
PG_LOG_DIR=$PG_ROOT/log
PG_LOG=$PG_LOG_DIR/postgresql.log
PG_PASSWORD_FILE=$PG_ROOT/password
PG_PORT=${REGISTRY_PG_PORT:-5433}
PG_SUPERUSER=postgres
PG_DATABASES=(registry)
PG_PACKAGES=(postgresql libpq-dev libcmark-dev pkg-config)

[[ $PG_PORT =~ ^[0-9]+$ ]] || die "REGISTRY_PG_PORT must be a port number, not '$PG_PORT'"

# The server refuses to run as root: as root, the cluster belongs to the postgres system user.
if is_root; then PG_OWNER=postgres; else PG_OWNER=$(id -un); fi
if is_root && ! command -v runuser >/dev/null; then die "runuser (package util-linux) was not found"; fi

# as_owner COMMAND…: runs COMMAND as the cluster owner, from / (the caller's directory may be closed to that user)
# and without fd 9, the lock of this script, which a server started from here would otherwise keep forever.
as_owner() {
    if is_root; then
        (cd / && runuser -u "$PG_OWNER" -- "$@" 9>&-)
    else
        (cd / && "$@" 9>&-)
    fi
}

# ---- where things are -----------------------------------------------------------------------------------------------

# socket_dir: the directory of the Unix socket. A socket path must fit sun_path (107 bytes and a NUL), so a deep
# project path falls back to a directory under /tmp named after a hash of the project path (stable across runs).
socket_dir() {
    local dir=$PG_ROOT/run
    local socket_bytes
    socket_bytes=$(printf '%s/.s.PGSQL.%s' "$dir" "$PG_PORT" | wc -c)
    if ((socket_bytes > 107)); then
        dir=/tmp/registry-pg-$(printf '%s' "$REGISTRY_ROOT" | sha256sum | cut -c 1-12)
        [[ $PG_CLUSTER == test && $PG_ROOT == "$REGISTRY_ROOT/.pgdata-test" ]] && dir+=-test
    fi
    printf '%s\n' "$dir"
}
PG_SOCKET_DIR=$(socket_dir)

# pg_bin: the directory of the server programs. An existing cluster needs the major version that created it; a new
# one gets the newest installed.
pg_bin() {
    local version bin
    if [[ -f $PG_DATA/PG_VERSION ]]; then
        version=$(<"$PG_DATA/PG_VERSION")
        bin=/usr/lib/postgresql/$version/bin
        [[ -x $bin/postgres ]] || die "$PG_DATA was created by PostgreSQL $version, which is not installed (postgresql-$version)"
    else
        bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
        [[ -x $bin/initdb ]] || die "no PostgreSQL server found under /usr/lib/postgresql (is the postgresql package installed?)"
    fi
    printf '%s\n' "$bin"
}

# urlencode TEXT [/]: percent-encodes TEXT for a URL (libpq decodes it); with a second argument `/`, slashes stay
# readable (for the socket directory).
urlencode() {
    local byte char out="" keep=${2:-}
    for byte in $(printf '%s' "$1" | od -An -v -tx1); do
        if [[ $byte == 2f && $keep == / ]]; then
            out+=/
            continue
        fi
        case $byte in
            2[de] | 3[0-9] | 4[1-9a-f] | 5[0-9a] | 5f | 6[1-9a-f] | 7[0-9a] | 7e)
                # shellcheck disable=SC2059 # the format is the escape of an unreserved byte
                printf -v char "\\x$byte"
                out+=$char
                ;;
            *) out+=%${byte^^} ;;
        esac
    done
    printf '%s' "$out"
}

# db_url [--tcp] DB [ROLE]: the libpq URL of DB on this cluster, as ROLE (default: the superuser).
db_url() {
    if [[ ${1:-} == --tcp ]]; then
        [[ -z ${3:-} ]] || die "--tcp connects as the superuser only"
        [[ -r $PG_PASSWORD_FILE ]] || die "no password yet in $PG_PASSWORD_FILE: run scripts/pg.sh up first"
        printf 'postgresql://%s:%s@127.0.0.1:%s/%s\n' "$PG_SUPERUSER" "$(<"$PG_PASSWORD_FILE")" "$PG_PORT" "$(urlencode "$2")"
    else
        printf 'postgresql:///%s?host=%s&port=%s&user=%s\n' "$(urlencode "$1")" "$(urlencode "$PG_SOCKET_DIR" /)" "$PG_PORT" \
            "${2:-$PG_SUPERUSER}"
    fi
}

# ---- state of the server --------------------------------------------------------------------------------------------

# pid_file_line N: line N of postmaster.pid (1 pid, 4 port, 5 socket directory, 8 status).
pid_file_line() { sed -n "${1}p" "$PG_DATA/postmaster.pid" 2>/dev/null || true; }

# server_pid: prints the postmaster's pid if our server runs. After a crash (or a copied .pgdata) postmaster.pid may
# name a dead pid, a zombie, or a pid reused by another program: only a live process whose working directory is our
# data directory (the postmaster chdirs there) counts.
server_pid() {
    local pid
    pid=$(pid_file_line 1)
    process_alive "$pid" || return 1
    [[ /proc/$pid/cwd -ef $PG_DATA ]] || return 1
    printf '%s\n' "$pid"
}

# leftover_processes: pids of live processes working in our data directory (every server process chdirs there).
leftover_processes() {
    local proc
    for proc in /proc/[0-9]*; do
        [[ $proc/cwd -ef $PG_DATA ]] && process_alive "${proc#/proc/}" && printf '%s\n' "${proc#/proc/}"
    done
    return 0
}

# clear_stale: makes way for a start after a crash. The server itself ignores a postmaster.pid whose pid is dead, but
# not one whose pid is a zombie or was reused by another program (common in containers): remove those lock files,
# once no process of the crashed server is left attached to the data directory.
clear_stale() {
    local pid f i leftovers
    for ((i = 0; i < 30; i++)); do
        leftovers=$(leftover_processes)
        [[ -z $leftovers ]] && break
        ((i == 0)) && log "waiting for processes of a crashed server to exit: ${leftovers//$'\n'/ }"
        sleep 1
    done
    [[ -z $leftovers ]] || die "processes of a crashed server still use $PG_DATA: ${leftovers//$'\n'/ }"
    pid=$(pid_file_line 1)
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 0
    for f in "$PG_DATA/postmaster.pid" "$PG_SOCKET_DIR/.s.PGSQL.$PG_PORT.lock"; do
        if [[ -e $f ]]; then
            log "removing stale $f (its pid $pid is not our server)"
            rm -f "$f"
        fi
    done
}

# ---- up -------------------------------------------------------------------------------------------------------------

# owner_can_search DIR: true if the cluster owner may traverse DIR. Exit statuses other than test's own 0 and 1
# (runuser or test failing) stop the script: a broken check must never lead to loosening permissions.
owner_can_search() {
    local rc=0
    as_owner test -x "$1" || rc=$?
    ((rc <= 1)) || die "could not check as $PG_OWNER whether $1 is searchable (exit $rc)"
    return "$rc"
}

# ensure_owner_can_reach: the server runs as postgres, who must be able to traverse every directory above .pgdata.
# A clone under /root (mode 700) is closed to it: grant search permission (x, not read) on just the directories that
# lack it, with an ACL for postgres alone when the file system has them, otherwise with chmod o+x.
ensure_owner_can_reach() {
    is_root || return 0
    as_owner true || die "cannot run commands as the $PG_OWNER user (runuser -u $PG_OWNER failed)"
    local dirs=() dir=$REGISTRY_ROOT
    while :; do
        dirs=("$dir" "${dirs[@]}")
        [[ $dir == / ]] && break
        dir=$(dirname "$dir")
    done
    for dir in "${dirs[@]}"; do
        owner_can_search "$dir" && continue
        command -v setfacl >/dev/null || ensure_packages acl || true
        if setfacl -m "u:$PG_OWNER:x" "$dir" 2>/dev/null && owner_can_search "$dir"; then
            log "the $PG_OWNER user could not reach $dir: granted it search permission (setfacl -m u:$PG_OWNER:x $dir)"
            continue
        fi
        chmod o+x "$dir"
        owner_can_search "$dir" || die "the $PG_OWNER user still cannot reach $dir"
        log "the $PG_OWNER user could not reach $dir: made it searchable by all (chmod o+x $dir; no ACL support)"
    done
}

# prepare_dirs: .pgdata and its parts belong to the owner, mode 700. A copied project (cp -r as root) leaves them
# owned by root, which the server refuses: take them back. A socket directory under /tmp that a third user made
# first is refused rather than trusted.
prepare_dirs() {
    mkdir -p "$PG_ROOT" "$PG_LOG_DIR" "$PG_SOCKET_DIR"
    local dir holder
    for dir in "$PG_ROOT" "$PG_LOG_DIR" "$PG_SOCKET_DIR" "$PG_DATA"; do
        [[ -e $dir ]] || continue
        holder=$(stat -c %U "$dir")
        if [[ $holder != "$PG_OWNER" ]]; then
            [[ $holder == "$(id -un)" ]] || die "$dir belongs to $holder, not to $PG_OWNER: remove it, or move the project"
            [[ $dir != "$PG_DATA" ]] || log "giving $dir and its contents to $PG_OWNER"
            chown -R "$PG_OWNER:" "$dir"
        fi
        chmod 700 "$dir"
    done
}

# init_cluster: initdb with a generated password for TCP logins; UTF-8 with the C.UTF-8 locale (present on every
# Debian 12, sorts by code point, so results do not depend on the machine's locale).
init_cluster() {
    local bin=$1
    if [[ ! -s $PG_PASSWORD_FILE ]]; then
        (umask 077 && od -An -v -tx1 -N 16 /dev/urandom | tr -d ' \n' >"$PG_PASSWORD_FILE")
    fi
    is_root && chown "$PG_OWNER:" "$PG_PASSWORD_FILE"
    log "creating the cluster in $PG_DATA (initdb, log in $PG_LOG_DIR/initdb.log)"
    as_owner "$bin/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" --pwfile="$PG_PASSWORD_FILE" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
        >"$PG_LOG_DIR/initdb.log" 2>&1 ||
        { tail -n 20 "$PG_LOG_DIR/initdb.log" >&2; die "initdb failed"; }
}

# durability_settings: the lines of registry.conf that decide what a crash may lose. The service's cluster keeps
# PostgreSQL's durable defaults, written out so that nobody mistakes it for the test cluster; `registry serve` warns
# at start when its server runs with fsync off.
durability_settings() {
    if [[ $PG_CLUSTER == test ]]; then
        cat <<'EOF'
# The throw-away test cluster (REGISTRY_PG_CLUSTER=test): its databases are rebuilt by every run, so it skips the
# fsyncs that make every DROP DATABASE of the test suites wait for a checkpoint syncing tens of thousands of files.
# Never use these lines for a server that keeps data.
fsync = off
full_page_writes = off
synchronous_commit = off
EOF
    else
        cat <<'EOF'
# Durable: a committed write survives a crash of PostgreSQL or of the machine (the defaults, kept on purpose).
fsync = on
full_page_writes = on
synchronous_commit = on
EOF
    fi
}

# write_config: our settings live in registry.conf, rewritten before every start so that a moved project or another
# REGISTRY_PG_PORT takes effect; postgresql.conf only includes it.
write_config() {
    local quoted=${PG_SOCKET_DIR//\"/\"\"}
    quoted=${quoted//\'/\'\'}
    # A quarter of the machine's memory, between 128 MB and 2 GB: at provincial scale the published catalog's search
    # projection and its index (about 450 MB) stay in them (docs/performance.md).
    local memory_mb shared_buffers_mb
    memory_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
    shared_buffers_mb=$((memory_mb / 4))
    ((shared_buffers_mb < 128)) && shared_buffers_mb=128
    ((shared_buffers_mb > 2048)) && shared_buffers_mb=2048
    # The test cluster holds small databases only.
    [[ $PG_CLUSTER == test ]] && ((shared_buffers_mb > 512)) && shared_buffers_mb=512
    # The throw-away test cluster listens on its Unix socket only.
    local listen=127.0.0.1
    [[ $PG_CLUSTER == test ]] && listen=""
    as_owner tee "$PG_DATA/registry.conf" >/dev/null <<EOF
# Written by scripts/pg.sh before every start: edit the script, not this file.
port = $PG_PORT
listen_addresses = '$listen'
unix_socket_directories = '"$quoted"'
unix_socket_permissions = 0700
# The test suites run in parallel, each on its own database with its own small pool.
max_connections = 1000
shared_buffers = '${shared_buffers_mb}MB'
$(durability_settings)
max_wal_size = '4GB'
timezone = 'UTC'
log_timezone = 'UTC'
# A streaming standby (scripts/replica.sh) copies this cluster with pg_basebackup and follows its WAL; as a standby
# itself, it answers read-only queries.
wal_level = replica
max_wal_senders = 10
hot_standby = on
# Its replication slot keeps the WAL a stopped or slow standby still needs (a test run writes gigabytes), up to this
# much; beyond it the slot is lost and scripts/replica.sh takes a new copy.
max_slot_wal_keep_size = '8GB'
EOF
    grep -q "^include_if_exists = 'registry.conf'" "$PG_DATA/postgresql.conf" ||
        printf "\ninclude_if_exists = 'registry.conf'\n" | as_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null
}

start_server() {
    local bin=$1
    local where="$PG_SOCKET_DIR and 127.0.0.1:$PG_PORT"
    [[ $PG_CLUSTER == test ]] && where="$PG_SOCKET_DIR (throw-away, fsync off)"
    log "starting the $PG_CLUSTER cluster of PostgreSQL on $where (log in $PG_LOG)"
    if ! as_owner "$bin/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 120 -s; then
        tail -n 20 "$PG_LOG" >&2
        grep -q 'Address already in use' <(tail -n 20 "$PG_LOG") &&
            warn "port $PG_PORT is taken by another server: choose another one with REGISTRY_PG_PORT"
        die "PostgreSQL did not start"
    fi
}

# ensure_replication_hba: a standby streams over the Unix socket; initdb's pg_hba.conf allows it, an edited one may
# not. Takes effect at the next start or reload.
ensure_replication_hba() {
    grep -Eq '^[[:space:]]*local[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+trust' "$PG_DATA/pg_hba.conf" && return 0
    log "allowing replication over the Unix socket in $PG_DATA/pg_hba.conf"
    printf 'local   replication     all                                     trust\n' | as_owner tee -a "$PG_DATA/pg_hba.conf" >/dev/null
}

# apply_settings BIN: a running server reloads registry.conf and pg_hba.conf; a setting that only a restart changes
# (wal_level, max_wal_senders, shared_buffers, port …) restarts it.
apply_settings() {
    local bin=$1 pending
    admin_psql -tA -c 'select pg_reload_conf()' >/dev/null
    sleep 0.5
    pending=$(admin_psql -tA -c "select string_agg(name, ', ' order by name) from pg_settings where pending_restart")
    if [[ -n $pending ]]; then
        log "restarting PostgreSQL: $pending changed"
        stop_server "$bin"
        start_server "$bin"
    fi
}

stop_server() {
    local bin=$1
    as_owner "$bin/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 120 -s
}

# admin_psql ARGS…: psql as the superuser on the maintenance database, stopping at the first error.
admin_psql() {
    "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres "$@"
}

# ensure_roles: the registry's database roles (scripts/roles.sql, idempotent).
ensure_roles() {
    admin_psql -f "$REGISTRY_ROOT/scripts/roles.sql"
}

ensure_databases() {
    local db exists
    for db in "${PG_DATABASES[@]}"; do
        # psql expands :'db' (a quoted literal) only in script text, not in -c.
        exists=$(admin_psql -tA -v db="$db" <<<"select count(*) from pg_database where datname = :'db'")
        if ((exists == 0)); then
            log "creating database $db"
            admin_psql -v db="$db" <<<'create database :"db" owner registry_owner'
        fi
        adopt_database "$db"
    done
}

# adopt_database DB: gives DB and what the superuser created in its schema (a database migrated before the roles
# existed) to registry_owner, so that the owner's migrations may change them; a no-op once done.
adopt_database() {
    admin_psql -v db="$1" <<<'alter database :"db" owner to registry_owner'
    "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d "$1" <<'SQL'
do $$
declare
    statement text;
begin
    for statement in
        select format('alter %s %s owner to registry_owner',
                      case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
                                     when 'c' then 'type' else 'table' end, c.oid::regclass)
          from pg_class c
         where c.relnamespace = 'public'::regnamespace and c.relowner = 'postgres'::regrole
           and c.relkind in ('r', 'p', 'v', 'm', 'S', 'c')
           and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
                                                   and d.deptype in ('a', 'i'))
        union all
        select format('alter %s %s owner to registry_owner', case p.prokind when 'p' then 'procedure' else 'function' end,
                      p.oid::regprocedure)
          from pg_proc p
         where p.pronamespace = 'public'::regnamespace and p.proowner = 'postgres'::regrole and p.prokind <> 'a'
        union all
        select format('alter type %s owner to registry_owner', t.oid::regtype)
          from pg_type t
         where t.typnamespace = 'public'::regnamespace and t.typowner = 'postgres'::regrole
           and t.typtype in ('e', 'd', 'r') and t.typelem = 0
    loop
        execute statement;
    end loop;
end
$$;
SQL
}

# install_audit_extension BIN: builds the audit trigger in C (sql/extension, sql/0145) with the development files of the
# server in BIN and installs it where that server loads extensions from, unless the same build is there already.
install_audit_extension() {
    local version config build source=$REGISTRY_ROOT/sql/extension file
    version=$(basename "$(dirname "$1")")
    ensure_packages "postgresql-server-dev-$version" make gcc
    config=/usr/lib/postgresql/$version/bin/pg_config
    build=$REGISTRY_OUT/extension-$version
    mkdir -p "$build"
    # The main and the test cluster share the build: one make at a time.
    local make_extension=(flock -w 300 "$build/.lock" make -s -C "$build" -f "$source/Makefile" VPATH="$source" PG_CONFIG="$config")
    "${make_extension[@]}" >/dev/null
    for file in "$build/registry_audit.so" "$source/registry_audit.control" "$source/registry_audit--1.0.sql"; do
        case $file in
            *.so) cmp -s "$file" "$("$config" --pkglibdir)/registry_audit.so" || break ;;
            *) cmp -s "$file" "$("$config" --sharedir)/extension/${file##*/}" || break ;;
        esac
        file=""
    done
    [[ -z $file ]] && return 0
    is_root || die "the audit extension (sql/extension) is not installed for PostgreSQL $version: run scripts/pg.sh up as root"
    log "installing the audit extension registry_audit for PostgreSQL $version"
    "${make_extension[@]}" install >/dev/null
}

# running_binary_replaced PID: true if the server PID runs a binary that a package upgrade has since replaced (its
# libraries on disk belong to the new version, so it must be restarted before it loads one).
running_binary_replaced() {
    [[ $(readlink "/proc/$1/exe" 2>/dev/null) == *" (deleted)" ]]
}

cmd_up() {
    ensure_packages "${PG_PACKAGES[@]}"
    mkdir -p "$PG_ROOT"
    # One `up` or `down` at a time: the tests and up.sh may both start the cluster.
    exec 9>"$PG_ROOT/.lock"
    flock -w 300 9 || die "another scripts/pg.sh holds $PG_ROOT/.lock"

    ensure_owner_can_reach
    prepare_dirs
    local bin pid
    bin=$(pg_bin)
    install_audit_extension "$bin"
    [[ -f $PG_DATA/PG_VERSION ]] || init_cluster "$bin"
    write_config
    ensure_replication_hba
    if pid=$(server_pid); then
        if running_binary_replaced "$pid"; then
            log "PostgreSQL (pid $pid) runs a binary an upgrade has replaced: restarting it"
            stop_server "$bin"
            start_server "$bin"
        elif [[ $(pid_file_line 4) == "$PG_PORT" && $(pid_file_line 5) == "$PG_SOCKET_DIR" ]]; then
            log "PostgreSQL is already running (pid $pid)"
            apply_settings "$bin"
        else
            log "PostgreSQL runs with another port or socket directory (pid $pid): restarting it"
            stop_server "$bin"
            start_server "$bin"
        fi
    else
        clear_stale
        start_server "$bin"
    fi
    ensure_roles
    ensure_databases
    log "PostgreSQL is ready: $(db_url registry)"
}

cmd_down() {
    [[ -d $PG_DATA ]] || {
        log "no cluster in $PG_DATA"
        return 0
    }
    exec 9>"$PG_ROOT/.lock"
    flock -w 300 9 || die "another scripts/pg.sh holds $PG_ROOT/.lock"
    local pid
    if pid=$(server_pid); then
        log "stopping PostgreSQL (pid $pid)"
        stop_server "$(pg_bin)"
    else
        clear_stale
        log "PostgreSQL is not running"
    fi
}

cmd_status() {
    local pid
    if pid=$(server_pid); then
        printf 'PostgreSQL is running (pid %s)\n' "$pid"
    else
        printf 'PostgreSQL is not running\n'
    fi
    printf '  data:   %s\n  log:    %s\n  socket: %s\n  port:   %s (127.0.0.1)\n  url:    %s\n' \
        "$PG_DATA" "$PG_LOG" "$PG_SOCKET_DIR" "$PG_PORT" "$(db_url registry)"
    [[ -n ${pid:-} ]] || return 3
}

cmd_url() {
    print_url "$(basename "$0")" "$@"
}

# print_url SCRIPT [--tcp] [--role ROLE] [DB]: the URL command of SCRIPT (this one, or replica.sh for its standby).
print_url() {
    local script=$1 tcp=() role=""
    shift
    if [[ ${1:-} == --tcp ]]; then
        tcp=(--tcp)
        shift
    fi
    if [[ ${1:-} == --role ]]; then
        [[ ${2:-} =~ ^(owner|service|auditor|report)$ ]] || die "--role is one of owner, service, auditor, report"
        role=registry_$2
        shift 2
    fi
    (($# <= 1)) || die "usage: scripts/$script url [--tcp] [--role ROLE] [DB]"
    db_url "${tcp[@]}" "${1:-registry}" "$role"
}

cmd_psql() {
    PGHOST=$PG_SOCKET_DIR PGPORT=$PG_PORT PGUSER=$PG_SUPERUSER PGDATABASE=${PGDATABASE:-registry} \
        exec "$(pg_bin)/psql" "$@"
}

# cmd_schema DB: the schema of DB — tables, constraints, functions, triggers, owners and grants — as pg_dump writes
# it, without what changes from dump to dump or server to server (settings, the server's version, \restrict keys).
cmd_schema() {
    (($# == 1)) || die "usage: scripts/pg.sh schema DB"
    printf -- '-- sql/schema.sql: the schema the migrations of this folder make, generated by `scripts/pg.sh schema` from a\n'
    printf -- '-- freshly migrated database; never run and never edited by hand (the test command fails when it is stale).\n'
    PGHOST=$PG_SOCKET_DIR PGPORT=$PG_PORT PGUSER=$PG_SUPERUSER \
        "$(pg_bin)/pg_dump" --schema-only --no-tablespaces "$1" |
        sed -E '/^-- (Dumped (from|by)|PostgreSQL database dump)/d; /^SET /d; /^SELECT pg_catalog\.set_config/d; /^\\(un)?restrict /d' |
        cat -s | sed '1,/^$/d'
}

# usage [FILE]: the header comment of FILE (default: this script) as help, exit 2.
usage() {
    sed -n '2,/^set -euo/p' "${1:-${BASH_SOURCE[0]}}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

main() {
    local cmd=${1:-}
    (($# > 0)) && shift
    case $cmd in
        up) cmd_up "$@" ;;
        down) cmd_down "$@" ;;
        status) cmd_status "$@" ;;
        url) cmd_url "$@" ;;
        psql) cmd_psql "$@" ;;
        schema) cmd_schema "$@" ;;
        *) usage ;;
    esac
}

# scripts/replica.sh sources this file for its functions and runs no command.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
