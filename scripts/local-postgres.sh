#!/usr/bin/env bash
# A private PostgreSQL server in a folder, listening on 127.0.0.1 only, for tests, benchmarks and trying
# the Slurm executor on one machine (Debian's postgresql package). Trust authentication: never expose it.
#   scripts/local-postgres.sh start DIR      initdb (once), start; prints the store URL postgres://ablate@127.0.0.1:PORT/ablation
#   scripts/local-postgres.sh restart DIR    stop (fast) and start again on the same port (a server restart mid-sweep)
#   scripts/local-postgres.sh stop DIR       stop (immediate)
set -euo pipefail
cmd="${1:?usage: local-postgres.sh start|restart|stop DIR}"
dir="$(mkdir -p "${2:?usage: local-postgres.sh start|restart|stop DIR}" && cd "$2" && pwd)"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "local-postgres: PostgreSQL is not installed (Debian: postgresql; scripts/setup.sh all)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start() {
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    chmod 777 "$dir"
    # The server runs as the postgres user when we are root: it must be able to reach DIR.
    as_pg test -x "$dir" || { echo "local-postgres: the postgres user cannot enter $dir (make its parents traversable)" >&2; exit 1; }
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U ablate >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' >"$dir/port"
  fi
  port="$(cat "$dir/port")"
  as_pg "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null || { tail -20 "$dir/log" >&2; exit 1; }
  if ! as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U ablate -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ablation'" | grep -q 1; then
    as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U ablate -d postgres -qc "CREATE DATABASE ablation" >/dev/null
  fi
  echo "postgres://ablate@127.0.0.1:$port/ablation"
}

stop() {
  [ -f "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m "$1" stop >/dev/null 2>&1 || true
}

case "$cmd" in
  start) start ;;
  restart) stop fast; start ;;
  stop) stop immediate ;;
  *) echo "usage: local-postgres.sh start|restart|stop DIR" >&2; exit 2 ;;
esac
