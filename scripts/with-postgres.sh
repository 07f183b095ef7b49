#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL server: a new cluster in a temporary folder,
# listening on a free port of 127.0.0.1 only, stopped and deleted when the command ends (however
# it ends). The command finds it in COOLDOWN_TEST_POSTGRES (a URL of its `postgres` database,
# in which tests create their own databases).
#
# PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the unprivileged
# `postgres` user that Debian's package creates. Durability (fsync) is off, as suits a server that
# is thrown away; COOLDOWN_PG_DURABLE=1 keeps it on (for benchmarks).
#
#   scripts/with-postgres.sh cargo test
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: PostgreSQL's server is not installed (Debian: apt-get install postgresql; \`make deps\` does it)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/cooldown-pg.XXXXXX)
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "with-postgres: running as root needs the 'postgres' user (from Debian's postgresql package)" >&2; exit 1; }
  chown postgres: "$dir"
  as_server=(runuser -u postgres --)
fi

stop() {
  "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_server[@]}" "$bindir/initdb" -D "$dir/data" -U cooldown --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }

fsync=off
[ "${COOLDOWN_PG_DURABLE:-0}" = 1 ] && fsync=on
started=0
for attempt in 1 2 3 4 5; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=$fsync -c synchronous_commit=$fsync -c full_page_writes=$fsync" \
      start >/dev/null; then
    started=1
    break
  fi
done
if [ "$started" != 1 ]; then
  echo "with-postgres: the server did not start; its log:" >&2
  cat "$dir/server.log" >&2
  exit 1
fi

export COOLDOWN_TEST_POSTGRES="postgres://cooldown@127.0.0.1:$port/postgres"
echo "with-postgres: a throw-away PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') at $COOLDOWN_TEST_POSTGRES (fsync $fsync)" >&2
set +e
"$@"
status=$?
exit $status
