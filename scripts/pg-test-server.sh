#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server for tests.
#
#   scripts/pg-test-server.sh [start] DATADIR PORT   initdb into DATADIR (absent or empty), start on
#                                                    127.0.0.1:PORT, print the URL on stdout
#   scripts/pg-test-server.sh stop DATADIR           stop it (immediate shutdown; the data is throwaway)
#
# initdb/pg_ctl are looked for under /usr/lib/postgresql/*/bin (newest first), then on PATH. When none is
# found and we are root with apt-get, `apt-get install -y postgresql` is run (this is how CI gets it).
# As root the server runs as the `postgres` system user (DATADIR is chowned to it). Authentication is
# `trust` and the server listens on 127.0.0.1 only, with no Unix socket; never use this for real data.
set -euo pipefail

die() { echo "pg-test-server: $*" >&2; exit 1; }

find_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return 0; fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

ensure_bin() {
    local bin
    if bin=$(find_bin); then echo "$bin"; return 0; fi
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "pg-test-server: installing postgresql with apt-get" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq postgresql >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq postgresql >/dev/null 2>&1; } \
            || die "apt-get install postgresql failed"
        bin=$(find_bin) || die "postgresql installed but initdb/pg_ctl not found"
        echo "$bin"; return 0
    fi
    die "initdb/pg_ctl not found (install postgresql, or run as root with apt-get)"
}

# Run a command as the server's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' system user"
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local datadir=$1 port=$2 bin
    [[ $port =~ ^[0-9]+$ ]] || die "port must be a number: $port"
    bin=$(ensure_bin)
    mkdir -p "$datadir"
    datadir=$(cd "$datadir" && pwd)
    [[ -z "$(ls -A "$datadir")" ]] || die "data dir is not empty: $datadir"
    if [[ $EUID -eq 0 ]]; then chown postgres: "$datadir"; fi
    local log
    log=$(mktemp)
    as_owner "$bin/initdb" -D "$datadir" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$log" 2>&1 \
        || { cat "$log" >&2; rm -f "$log"; die "initdb failed"; }
    rm -f "$log"
    as_owner "$bin/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null \
        || { cat "$datadir/server.log" >&2 2>/dev/null; die "server did not start"; }
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
}

stop() {
    local datadir=$1 bin
    [[ -f "$datadir/postmaster.pid" ]] || return 0
    bin=$(find_bin) || die "pg_ctl not found"
    as_owner "$bin/pg_ctl" -D "$datadir" -m immediate -w stop >/dev/null
}

case "${1:-}" in
    stop) [[ $# -eq 2 ]] || die "usage: $0 stop DATADIR"; stop "$2" ;;
    start) [[ $# -eq 3 ]] || die "usage: $0 [start] DATADIR PORT"; start "$2" "$3" ;;
    "" | -h | --help) sed -n '2,11p' "$0"; [[ -n "${1:-}" ]] ;;
    *) [[ $# -eq 2 ]] || die "usage: $0 [start] DATADIR PORT"; start "$1" "$2" ;;
esac
