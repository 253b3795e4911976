#!/usr/bin/env bash
# The PostgreSQL floor of a transition (issue 17): PostgreSQL's CPU per transaction for the
# statements of one markCommitmentDone on pgbench's tables, sent the ways a client can send them:
# one round trip each with unnamed statements (extended protocol, as TypeORM sends them), named
# prepared statements (as sql() sends them) or simple queries; several statements per simple query
# (7 and 3 round trips); the same work in one function call. pgbench, 20 clients, 8 s each,
# alternated twice. CPU is read from /proc: every postgres process, with the children the
# postmaster reaped.   npm run bench:pg-floor
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
# script, pgbench protocol, statements, round trips
shapes=(
  "round-trips extended 16 16"
  "round-trips-13 extended 13 13"
  "round-trips-13 prepared 13 13"
  "round-trips-13 simple 13 13"
  "multi-statement-7 simple 13 7"
  "multi-statement-3 simple 13 3"
  "one-call extended 1 1"
)
echo "| script | protocol | statements | round trips | transactions/s | PostgreSQL CPU ms per transaction |"
echo "| --- | --- | --- | --- | --- | --- |"
for round in 1 2; do
  for shape in "${shapes[@]}"; do
    read -r script protocol statements trips <<<"$shape"
    before=$(pgcpu)
    out=$(pgbench -n -M "$protocol" -c 20 -j 2 -T 8 -f "$here/floors-pg/$script.sql" "$target" 2>&1)
    after=$(pgcpu)
    tx=$(echo "$out" | awk '/number of transactions actually processed/ {split($NF, a, "/"); print a[1]}')
    tps=$(echo "$out" | awk '/^tps/ {printf "%.0f", $3}')
    cpu=$(printf "%.2f" "$(echo "scale=4; ($after - $before) * 10 / $tx" | bc)")
    echo "| $script | $protocol | $statements | $trips | $tps | $cpu |"
  done
done
