# shellcheck shell=bash
# Helpers shared by the scripts in this folder. Sourced, never run on its own.

# The project root, as a physical path: the cluster checks below compare it with /proc/<pid>/cwd.
REGISTRY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
export REGISTRY_ROOT
# The registry CLI reads sql/ and reports/ from REGISTRY_HOME: always this checkout's, whatever the caller had set.
export REGISTRY_HOME=$REGISTRY_ROOT

# runuser and the apt tools live in sbin, which a bare environment (env -i, cron, some CI runners) leaves off PATH.
for _dir in /usr/local/sbin /usr/sbin /sbin; do
    [[ :$PATH: == *:$_dir:* ]] || PATH=$PATH:$_dir
done
unset _dir
export PATH

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

is_root() { [[ $EUID -eq 0 ]]; }

# process_alive PID: true if PID runs. A zombie does not count: where the reaper of orphans is slow or absent (some
# containers), a crashed server stays a zombie, which `kill -0` still finds.
process_alive() {
    local stat
    [[ $1 =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null || return 1
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
}

# ensure_packages PKG…: installs whichever of these Debian packages is missing. apt-get update runs only when
# something must be installed, so a machine that has everything is never touched (and needs no network).
ensure_packages() {
    local missing=() pkg
    if ! command -v dpkg-query >/dev/null; then
        warn "not a Debian system: make sure these are installed: $*"
        return 0
    fi
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    ((${#missing[@]} == 0)) && return 0
    is_root || die "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
    log "installing ${missing[*]}"
    # A fresh machine may still be running unattended-upgrades: wait for the dpkg lock instead of failing.
    local apt=(apt-get -q -y -o DPkg::Lock::Timeout=600)
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" update
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends "${missing[@]}"
}

# ensure_swift: puts the Swift toolchain on PATH (it lives in /opt/swift on our machines).
ensure_swift() {
    # SwiftPM keeps its caches under $HOME, which a bare CI environment may not set.
    if [[ -z ${HOME:-} ]]; then
        HOME=$(getent passwd "$(id -u)" | cut -d : -f 6)
        export HOME
    fi
    if ! command -v swift >/dev/null && [[ -x /opt/swift/usr/bin/swift ]]; then
        PATH=/opt/swift/usr/bin:$PATH
        export PATH
    fi
    command -v swift >/dev/null ||
        die "the Swift toolchain was not found: install Swift 6.1 or later for Debian 12 under /opt/swift, or put swift on PATH"
}

# ---- steps with timings ---------------------------------------------------------------------------------------------
# run_step NAME COMMAND…: runs COMMAND, printing how long it took. Under `set -e` a failing step ends the script;
# print_timings (install it with `trap print_timings EXIT`) then shows which step failed.

_step_name=""
_step_start=0
_step_times=()

run_step() {
    _step_name=$1
    shift
    _step_start=$SECONDS
    printf '\n==> %s\n' "$_step_name" >&2
    "$@"
    local took=$((SECONDS - _step_start))
    _step_times+=("$(printf '%6ss  %s' "$took" "$_step_name")")
    printf '<== %s (%ss)\n' "$_step_name" "$took" >&2
    _step_name=""
}

# print_timings [STATUS]: STATUS is the script's exit status (default: $? when called, i.e. as an EXIT trap).
print_timings() {
    local rc=${1:-$?}
    if [[ -n $_step_name ]]; then
        _step_times+=("$(printf '%6ss  %s  FAILED (exit %s)' "$((SECONDS - _step_start))" "$_step_name" "$rc")")
    fi
    if ((${#_step_times[@]} > 0)); then
        printf '\nTimings:\n' >&2
        printf '%s\n' "${_step_times[@]}" >&2
        printf '%6ss  total\n' "$SECONDS" >&2
    fi
    return "$rc"
}

# ---- the service started by up.sh -----------------------------------------------------------------------------------

REGISTRY_OUT=$REGISTRY_ROOT/out
REGISTRY_PID_FILE=$REGISTRY_OUT/registry.pid

# service_pid: prints the pid of the registry server started by up.sh, if it is still running. A pid file left by a
# crash may name a pid that another program reuses now: only a process whose program is called `registry` counts.
service_pid() {
    local pid argv0
    [[ -r $REGISTRY_PID_FILE ]] || return 1
    read -r pid <"$REGISTRY_PID_FILE" || return 1
    process_alive "$pid" || return 1
    argv0=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -n 1) || return 1
    [[ ${argv0##*/} == registry ]] || return 1
    printf '%s\n' "$pid"
}

# stop_service: stops the registry server (TERM, then KILL after 15 s) and removes its pid file.
stop_service() {
    local pid i
    if pid=$(service_pid); then
        log "stopping the registry service (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 150; i++)); do
            process_alive "$pid" || break
            sleep 0.1
        done
        if process_alive "$pid"; then
            warn "the registry service did not stop within 15 s: killing it"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
        fi
    fi
    rm -f "$REGISTRY_PID_FILE"
}

# ---- benchmarks -----------------------------------------------------------------------------------------------------

# url_with_database URL NAME: the libpq URL (URI or key=value string) URL with NAME as its database.
url_with_database() {
    if [[ $1 =~ ^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?$ ]]; then
        printf '%s/%s%s\n' "${BASH_REMATCH[1]}" "$2" "${BASH_REMATCH[4]}"
    else
        printf '%s dbname=%s\n' "$1" "$2"
    fi
}

# release_registry: prints the path of the release build of `registry`, building it first (a no-op when it is up to
# date). BENCH_REGISTRY=PATH skips the build and uses that binary (a caller that built it already).
release_registry() {
    if [[ -n ${BENCH_REGISTRY:-} ]]; then
        [[ -x $BENCH_REGISTRY ]] || die "BENCH_REGISTRY=$BENCH_REGISTRY is not an executable"
        printf '%s\n' "$BENCH_REGISTRY"
        return 0
    fi
    ensure_swift
    log "swift build -c release --product registry"
    (cd "$REGISTRY_ROOT" && swift build -c release --product registry >&2)
    printf '%s/registry\n' "$(cd "$REGISTRY_ROOT" && swift build -c release --show-bin-path)"
}
