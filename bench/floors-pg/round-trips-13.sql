-- The shape of one markCommitmentDone on PostgreSQL since the three reads fewer of 2026-12-03: 13
-- statements, one round trip each, on pgbench's tables: the token lookup, then the write (START, stream
-- lock, row + heads, three projection updates, pending deadlines and reminders, contacts, webhooks, the
-- staged append, COMMIT). Run with -M extended (unnamed statements, as TypeORM sends them), -M prepared
-- (named, as sql() sends them since 2026-12-04) and -M simple.
\set aid random(1, 999000)
\set bid random(1, 10)
\set tid random(1, 100)
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
BEGIN;
SELECT pg_advisory_xact_lock(1, :aid);
SELECT * FROM pgbench_accounts WHERE aid = :aid;
UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid + 1;
UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid + 2;
SELECT count(*) FROM pgbench_accounts WHERE aid BETWEEN :aid AND :aid + 10;
SELECT count(*) FROM pgbench_accounts WHERE aid BETWEEN :aid AND :aid + 10;
SELECT * FROM pgbench_tellers WHERE tid = :tid;
SELECT * FROM pgbench_branches WHERE bid = :bid;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, 1, now());
END;
