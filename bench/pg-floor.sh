#!/usr/bin/env bash
# The PostgreSQL floor of a transition (issue 17): PostgreSQL's CPU per transaction for the
# statements of one markCommitmentDone sent one round trip at a time, against the same work in
# one function call, with pgbench (20 clients, extended protocol as node-postgres uses, 8 s
# each, alternated twice). CPU is read from /proc: every postgres process, with the children
# the postmaster reaped.   npm run bench:pg-floor
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
db=conventio_floor_$$
psql -q "$url" -c "CREATE DATABASE $db"
trap 'psql -q "$url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
target=${url%/*}/$db
pgbench -q -i -s 10 "$target" >/dev/null 2>&1
psql -q "$target" -f "$here/floors-pg/one-call-function.sql"
pgcpu() {
  for p in $(pgrep -x postgres); do awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || true; done |
    paste -sd+ | bc
}
echo "| script | statements | transactions/s | PostgreSQL CPU ms per transaction |"
echo "| --- | --- | --- | --- |"
for round in 1 2; do
  for script in round-trips one-call; do
    before=$(pgcpu)
    out=$(pgbench -n -M extended -c 20 -j 2 -T 8 -f "$here/floors-pg/$script.sql" "$target" 2>&1)
    after=$(pgcpu)
    tx=$(echo "$out" | awk '/number of transactions actually processed/ {split($NF, a, "/"); print a[1]}')
    tps=$(echo "$out" | awk '/^tps/ {printf "%.0f", $3}')
    statements=$([ "$script" = round-trips ] && echo 16 || echo 1)
    echo "| $script | $statements | $tps | $(echo "scale=2; ($after - $before) * 10 / $tx" | bc) |"
  done
done
