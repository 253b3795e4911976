-- The shape of one markCommitmentDone on PostgreSQL, 16 statements on pgbench's tables: the token
-- lookup and the commitment read, then the write (stream lock, load, three projection updates, the
-- pending deadlines and reminders, contacts, webhooks, the next due deadline, the answer, the
-- staged append). Primary-key reads and writes on small rows: less work than the real ones.
\set aid random(1, 999000)
\set bid random(1, 10)
\set tid random(1, 100)
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid + 1;
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
SELECT * FROM pgbench_accounts WHERE aid = :aid + 3;
SELECT * FROM pgbench_accounts WHERE aid = :aid + 1;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, 1, now());
END;
