#!/usr/bin/env bash
# Starts a private, throwaway PostgreSQL cluster for the store tests and
# writes its address to .tools/pg/dsn (git-ignored), where the Go tests of
# internal/store find it. The system's own cluster is never touched.
#
#   - Installs Debian's "postgresql" package when no server binaries are
#     found (as root, or with sudo).
#   - The cluster lives in /tmp/warmdesk-pg-$UID: it listens on a unix
#     socket in that folder only (no TCP port, so it clashes with nothing)
#     and trusts local connections, which only its owner can make.
#   - PostgreSQL refuses to run as root, so as root the cluster belongs to
#     the "postgres" user the package creates.
#   - Idempotent and quick: a running cluster is reused, a stopped one is
#     started, a missing one is created. Every worktree of the project on
#     this machine shares the one cluster; each test run makes its own
#     database in it and drops it afterwards.
#
# Usage: scripts/postgres.sh         start (or reuse) and print the DSN
#        scripts/postgres.sh stop    stop the cluster
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

find_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; fi
}

bin=$(find_bin)
if [ -z "$bin" ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "postgres.sh: need root or sudo to install postgresql" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "installing: postgresql" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bin=$(find_bin)
  [ -n "$bin" ] || { echo "postgres.sh: postgresql installed but no initdb under /usr/lib/postgresql/*/bin" >&2; exit 1; }
fi

base="/tmp/warmdesk-pg-$(id -u)"
data="$base/data"
port=5432 # names the socket file only: the cluster has no TCP listener
owner=$(id -un)
as=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "postgres.sh: running as root but there is no 'postgres' user to run the server" >&2; exit 1; }
  owner=postgres
  as=(runuser -u postgres --)
fi

# One run at a time (several worktrees may share the cluster).
exec 9>"$base.lock"
flock 9

if [ -e "$base" ] && [ "$(stat -c %U "$base")" != "$owner" ]; then
  echo "postgres.sh: $base exists but belongs to $(stat -c %U "$base"), not $owner; remove it" >&2
  exit 1
fi
mkdir -p "$base"
chmod 700 "$base"
chown "$owner" "$base"

if [ ! -f "$data/PG_VERSION" ]; then
  rm -rf "$data"
  "${as[@]}" "$bin/initdb" -D "$data" -U warmdesk --auth=trust -E UTF8 --no-locale --no-sync >"$base/initdb.log" 2>&1 ||
    { cat "$base/initdb.log" >&2; exit 1; }
  cat >>"$data/postgresql.conf" <<EOF
# warmdesk test cluster
listen_addresses = ''
unix_socket_directories = '$base'
port = $port
max_connections = 100
shared_buffers = 32MB
EOF
fi

if [ "${1:-}" = "stop" ]; then
  if [ -f "$data/PG_VERSION" ] && "${as[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    "${as[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
  exit 0
fi

if ! "${as[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 start >/dev/null 9>&- ||
    { tail -n 20 "$base/server.log" >&2; exit 1; }
fi

# The DSN: a URL (the store recognises postgres://), socket folder in host.
dsn="postgres://warmdesk@/postgres?host=$base&port=$port&sslmode=disable"
mkdir -p "$repo/.tools/pg"
printf '%s\n' "$dsn" >"$repo/.tools/pg/dsn"
echo "$dsn"
