#!/usr/bin/env bash
# The store tests run against a real PostgreSQL server (a throw-away cluster on loopback,
# lib/store/__fixtures__/postgres-cluster.ts). This makes sure Debian's server binaries exist,
# installing the `postgresql` package when missing and root.
set -euo pipefail
find_initdb() {
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN/initdb"; return 0; fi
  ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1
}
initdb=$(find_initdb || true)
if [ -n "$initdb" ] && [ -x "$initdb" ]; then
  echo "postgresql: $("$initdb" --version 2>&1 | head -n1)"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "postgresql missing; installing Debian's postgresql with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
  fi
  initdb=$(find_initdb || true)
  if [ -n "$initdb" ] && [ -x "$initdb" ]; then exit 0; fi
fi
cat >&2 <<MSG
PostgreSQL server binaries (/usr/lib/postgresql/<major>/bin/initdb) not found.
The store tests start a throw-away PostgreSQL cluster. Install it with:
  sudo apt-get update && sudo apt-get install -y postgresql
or point PG_BIN at a directory holding initdb, pg_ctl and postgres.
MSG
exit 1
