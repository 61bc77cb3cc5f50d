#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store tests (Debian's `postgresql` package).
#   scripts/pg_cluster.sh start DIR   creates a cluster in DIR on a free local port, starts it,
#                                     creates the database recoupe_test and prints its URL
#   scripts/pg_cluster.sh stop DIR    stops the cluster and removes DIR
# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user that
# the Debian package creates. Trust authentication, 127.0.0.1 only, fsync off: test data.
set -euo pipefail

die() { echo "pg_cluster: $*" >&2; exit 1; }

bindir() {  # Debian keeps the server programs out of PATH, one folder per major version
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  die "no initdb: install Debian's postgresql (make pgdeps)"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local dir bin port
  mkdir -p "$1"
  dir=$(cd "$1" && pwd)
  cd /  # the server's programs must be able to stand in the current folder, as postgres too
  bin=$(bindir)
  port=$(free_port)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "no postgres user to run the server as"
    chown postgres: "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U recoupe --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null \
    || { cat "$dir/server.log" >&2; die "the server did not start"; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U recoupe recoupe_test
  echo "postgresql://recoupe@127.0.0.1:$port/recoupe_test"
}

stop() {
  local dir
  [ -d "$1" ] || return 0
  dir=$(cd "$1" && pwd)
  cd /
  [ -d "$dir/data" ] && as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) [ $# -eq 2 ] || die "usage: $0 start DIR"; start "$2" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 start|stop DIR" ;;
esac
