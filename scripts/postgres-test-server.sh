#!/usr/bin/env bash
# A private PostgreSQL server for Settle's database tests.
#
#   bash scripts/postgres-test-server.sh start   # install PostgreSQL if needed, init, start, create settle_test
#   bash scripts/postgres-test-server.sh url     # print the SQLAlchemy URL of the test database
#   bash scripts/postgres-test-server.sh stop    # stop the server if it runs
#
# Every subcommand is idempotent: `start` does nothing when the server already runs, `stop`
# does nothing when it does not.
#
# Settings (environment):
#   SETTLE_PG_PORT   TCP port on 127.0.0.1 (default 55432)
#   SETTLE_PG_DIR    directory of the cluster (default: .pgtest/ at the root of the checkout)
#
# Installing: when no /usr/lib/postgresql/*/bin/pg_ctl exists, `start` installs Debian's
# `postgresql` package with apt-get (through sudo when not root). The package may create and
# start its own cluster on port 5432; this script never uses or touches that cluster.
#
# Who runs the server: PostgreSQL refuses to run as root. As root the cluster belongs to the
# `postgres` system user (created by the package) and every server command runs through
# `runuser -u postgres --` (or `su postgres`); as any other user the cluster belongs to that user.
# The postgres user must be able to reach and write the cluster directory and the socket
# directory inside it. When it cannot (a checkout under /root, a read-only tree), or when the
# path would make the Unix socket path too long, the cluster goes instead to
# /tmp/settle-pgtest-<checksum of the requested directory>: the same fallback path every time,
# so `start`, `stop` and later runs all find it.
#
# Layout of the cluster directory: data/ (initdb's data directory), run/ (the Unix socket),
# server.log. The cluster is throwaway test data: initdb runs with --no-sync, the server with
# fsync off, trust authentication, listening on 127.0.0.1 only. Delete the directory to start
# afresh (after `stop`).
set -euo pipefail

PORT="${SETTLE_PG_PORT:-55432}"
DATABASE="settle_test"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQUESTED_DIR="${SETTLE_PG_DIR:-$ROOT/.pgtest}"
case "$REQUESTED_DIR" in
  /*) ;;
  *) REQUESTED_DIR="$PWD/$REQUESTED_DIR" ;;
esac
FALLBACK_DIR="/tmp/settle-pgtest-$(printf '%s' "$REQUESTED_DIR" | cksum | cut -d' ' -f1)"

say() { printf 'postgres-test-server: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

usage() {
  echo "usage: $0 start|stop|url" >&2
  exit 2
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# The user that owns the cluster and runs the server.
if is_root; then
  OWNER="postgres"
else
  OWNER="$(id -un)"
fi

# Run a command as the cluster's owner, from / so that an unreadable working directory
# does not bother the PostgreSQL tools.
as_owner() {
  if ! is_root; then
    (cd / && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd / && runuser -u "$OWNER" -- "$@")
  else
    (cd / && su -s /bin/sh "$OWNER" -c "$(printf '%q ' "$@")")
  fi
}

# Close every file descriptor above stderr in the current (sub)shell. The server outlives this
# script: it must not inherit, and so hold open for ever, the lock of take_lock or a pipe of
# whatever ran this script (a CI runner waiting for end of output would wait for ever).
close_inherited_fds() {
  local fd
  for fd in $(ls /proc/$BASHPID/fd 2>/dev/null); do
    if [ "$fd" -gt 2 ]; then
      eval "exec $fd>&-" 2>/dev/null || true
    fi
  done
}

# --- binaries ---------------------------------------------------------------------------

# The newest installed /usr/lib/postgresql/<version>/bin, or nothing.
find_bin_dir() {
  local pg_ctl
  pg_ctl="$(ls -1d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$pg_ctl" ]; then
    dirname "$pg_ctl"
  fi
}

install_postgresql() {
  local sudo=()
  if ! is_root; then
    command -v sudo >/dev/null 2>&1 \
      || die "PostgreSQL is not installed and this user is not root and has no sudo: install Debian's 'postgresql' package"
    if [ -t 0 ]; then sudo=(sudo); else sudo=(sudo -n); fi
  fi
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is not available"
  say "installing Debian's postgresql package"
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends postgresql
}

# Set BIN to the binaries matching the cluster's version if there is one, else the newest.
choose_bin_dir() {
  local version
  BIN=""
  if [ -f "$DATA/PG_VERSION" ]; then
    version="$(cat "$DATA/PG_VERSION")"
    if [ -x "/usr/lib/postgresql/$version/bin/pg_ctl" ]; then
      BIN="/usr/lib/postgresql/$version/bin"
      return
    fi
  fi
  BIN="$(find_bin_dir)"
}

# --- where the cluster lives --------------------------------------------------------------

set_paths() {
  BASE="$1"
  DATA="$BASE/data"
  SOCKET_DIR="$BASE/run"
  LOG="$BASE/server.log"
}

# The directory of an existing cluster (requested or fallback), or nothing.
existing_base() {
  if [ -f "$REQUESTED_DIR/data/PG_VERSION" ]; then
    echo "$REQUESTED_DIR"
  elif [ -f "$FALLBACK_DIR/data/PG_VERSION" ]; then
    echo "$FALLBACK_DIR"
  fi
}

# Unix socket paths are limited to 107 bytes: leave room for "/run/.s.PGSQL.NNNNN".
short_enough() { [ "${#1}" -le 80 ]; }

# Create (if needed) a directory for the cluster that the owner can write; succeed or not.
prepare_dir() {
  local dir="$1"
  short_enough "$dir" || return 1
  mkdir -p "$dir" 2>/dev/null || return 1
  if is_root; then
    chown "$OWNER:" "$dir" 2>/dev/null || return 1
  fi
  as_owner test -w "$dir" -a -x "$dir" 2>/dev/null || return 1
}

# Decide where the cluster lives and make sure its owner can write there.
choose_base_for_start() {
  local base
  base="$(existing_base)"
  if [ -n "$base" ]; then
    set_paths "$base"
    return
  fi
  if prepare_dir "$REQUESTED_DIR"; then
    set_paths "$REQUESTED_DIR"
    return
  fi
  say "$OWNER cannot use $REQUESTED_DIR (permissions or socket path length); using $FALLBACK_DIR"
  # A leftover empty directory from the attempt above would only confuse.
  rmdir "$REQUESTED_DIR" 2>/dev/null || true
  if [ -e "$FALLBACK_DIR" ] && [ "$(stat -c %U "$FALLBACK_DIR")" != "$OWNER" ] && ! is_root; then
    die "$FALLBACK_DIR exists and belongs to $(stat -c %U "$FALLBACK_DIR"), not $OWNER"
  fi
  prepare_dir "$FALLBACK_DIR" || die "$OWNER cannot write $FALLBACK_DIR either"
  set_paths "$FALLBACK_DIR"
}

# --- server state -------------------------------------------------------------------------

server_running() {
  [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

# The port the running server was started with (4th line of postmaster.pid).
running_port() { sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true; }

port_answers() {
  local rc=0
  "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q -t 2 >/dev/null 2>&1 || rc=$?
  # 0: accepting, 1: rejecting (starting up or shutting down), 2: no response, 3: bad arguments.
  [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]
}

wait_until_ready() {
  local i
  for i in $(seq 1 120); do
    if "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q -t 1 >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

psql_admin() {
  "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"
}

ensure_database() {
  local exists
  exists="$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" \
    || die "cannot connect as postgres to the server on 127.0.0.1:$PORT"
  if [ "$exists" != "1" ]; then
    say "creating database $DATABASE"
    psql_admin -c "CREATE DATABASE $DATABASE" >/dev/null
  fi
}

show_log_tail() {
  if [ -f "$LOG" ]; then
    say "last lines of $LOG:"
    tail -n 20 "$LOG" >&2 || true
  fi
}

# --- subcommands --------------------------------------------------------------------------

cmd_start() {
  local started_at elapsed_ms
  started_at="$(date +%s%N)"

  if [ -z "$(find_bin_dir)" ]; then
    install_postgresql
    [ -n "$(find_bin_dir)" ] || die "no /usr/lib/postgresql/*/bin/pg_ctl after installing postgresql"
  fi
  if is_root && ! id -u "$OWNER" >/dev/null 2>&1; then
    die "running as root needs the '$OWNER' system user (Debian's postgresql package creates it)"
  fi

  choose_base_for_start
  choose_bin_dir

  if [ -f "$DATA/PG_VERSION" ] && [ "$(cat "$DATA/PG_VERSION")" != "$(basename "$(dirname "$BIN")")" ]; then
    # Binaries of the cluster's version are gone (upgrade): the test cluster is throwaway.
    say "cluster in $DATA is PostgreSQL $(cat "$DATA/PG_VERSION"), which is no longer installed; recreating it"
    rm -rf "$DATA"
  fi
  if [ -e "$DATA" ] && [ "$(stat -c %U "$DATA")" != "$OWNER" ]; then
    die "$DATA belongs to $(stat -c %U "$DATA"), not $OWNER: run as that user, or stop the server and remove $BASE"
  fi

  if server_running; then
    if [ "$(running_port)" != "$PORT" ]; then
      die "the server of $DATA already runs on port $(running_port), not $PORT: run '$0 stop' first"
    fi
    ensure_database
    say "already running on 127.0.0.1:$PORT (data in $DATA)"
    return 0
  fi

  if port_answers; then
    # Some other server answers on the port (for example a cluster whose directory was removed
    # while it ran). Use it if it lets us in as postgres, as the URL says.
    say "a PostgreSQL server not started from $DATA already answers on 127.0.0.1:$PORT; using it"
    ensure_database
    return 0
  fi

  if [ ! -f "$DATA/PG_VERSION" ]; then
    say "initialising a cluster in $DATA"
    rm -rf "$DATA"
    as_owner "$BIN/initdb" -D "$DATA" --auth=trust --username=postgres \
      --encoding=UTF8 --locale=C --no-sync >/dev/null
    cat >>"$DATA/postgresql.conf" <<'EOF'

# Settle's test server (scripts/postgres-test-server.sh): throwaway data, speed over safety.
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  fi
  as_owner mkdir -p "$SOCKET_DIR"

  say "starting PostgreSQL $(basename "$(dirname "$BIN")") on 127.0.0.1:$PORT"
  if ! (close_inherited_fds && as_owner "$BIN/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCKET_DIR" >/dev/null); then
    show_log_tail
    die "the server did not start (is port $PORT taken? set SETTLE_PG_PORT)"
  fi
  if ! wait_until_ready; then
    show_log_tail
    die "the server started but pg_isready never reported it ready on 127.0.0.1:$PORT"
  fi
  ensure_database
  elapsed_ms="$(( ($(date +%s%N) - started_at) / 1000000 ))"
  say "ready on 127.0.0.1:$PORT in ${elapsed_ms} ms (data in $DATA)"
}

cmd_stop() {
  local base
  base="$(existing_base)"
  if [ -z "$base" ]; then
    say "no cluster in $REQUESTED_DIR or $FALLBACK_DIR; nothing to stop"
    return 0
  fi
  set_paths "$base"
  choose_bin_dir
  if [ -z "$BIN" ]; then
    say "PostgreSQL is not installed; nothing to stop"
    return 0
  fi
  if server_running; then
    as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >/dev/null
    say "stopped (data in $DATA)"
  else
    say "not running (data in $DATA)"
  fi
}

cmd_url() {
  echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DATABASE"
}

# Serialise concurrent start/stop calls on the same cluster (for example parallel test runs).
take_lock() {
  local lock="$FALLBACK_DIR.lock"
  command -v flock >/dev/null 2>&1 || return 0
  if { exec 9>>"$lock"; } 2>/dev/null; then
    flock -w 300 9 || die "timed out waiting for $lock"
  fi
}

[ "$#" -eq 1 ] || usage
case "$1" in
  start) take_lock; cmd_start ;;
  stop) take_lock; cmd_stop ;;
  url) cmd_url ;;
  *) usage ;;
esac
