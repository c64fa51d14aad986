#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: made in a temporary
# folder, listening on a free loopback port, stopped and removed afterwards.
# The command finds it in TEST_POSTGRES_URL. initdb and pg_ctl refuse to run
# as root, so as root the cluster belongs to an unprivileged user.
#
#   scripts/with-postgres.sh npx vitest run
#
# An existing TEST_POSTGRES_URL is used as it is, without starting anything.
# With --if-available first, a machine without PostgreSQL runs the command
# all the same, without TEST_POSTGRES_URL: the tests then run on SQLite only.
set -euo pipefail

if_available=false
if [ "${1:-}" = "--if-available" ]; then
	if_available=true
	shift
fi

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
	exec "$@"
fi

bin_dir=""
for candidate in "${PG_BIN:-}" /usr/lib/postgresql/*/bin; do
	if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then bin_dir="$candidate"; fi
done
if [ -z "$bin_dir" ] && [ "$if_available" = true ]; then
	echo "PostgreSQL is not installed here: the tests run on SQLite only." >&2
	exec "$@"
fi
if [ -z "$bin_dir" ]; then
	echo "PostgreSQL's initdb was not found: install it (Debian: apt-get install postgresql) or set PG_BIN." >&2
	exit 1
fi

owner="$(id -un)"
if [ "$(id -u)" = 0 ]; then owner="${PG_USER:-postgres}"; fi
as_owner() {
	if [ "$owner" = "$(id -un)" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi
}

folder="$(mktemp -d "${TMPDIR:-/tmp}/common-ground-pg-XXXXXX")"
chmod 755 "$folder"
[ "$owner" = "$(id -un)" ] || chown "$owner" "$folder"
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

stop() {
	as_owner "$bin_dir/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$folder"
}
trap stop EXIT

# C.UTF-8 sorts text by code point, as SQLite does, so both engines list alike.
as_owner "$bin_dir/initdb" -D "$folder/data" --auth=trust --encoding=UTF8 --locale=C.UTF-8 -U postgres >/dev/null
# A cluster for tests only: without fsync, making a database per test costs
# little. Tests kill app processes, never PostgreSQL, and a killed process's
# committed work is PostgreSQL's to keep whether or not it reached the disk.
as_owner "$bin_dir/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
	-o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null

export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "PostgreSQL for the tests at $TEST_POSTGRES_URL" >&2
"$@"
