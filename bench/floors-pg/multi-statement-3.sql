-- The 13 statements of round-trips-13.sql in 3 round trips: the token lookup; START, the lock and every
-- read of the write; every write and the COMMIT. Simple protocol only, as multi-statement-7.sql.
\set aid random(1, 999000)
\set bid random(1, 10)
\set tid random(1, 100)
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
BEGIN \; SELECT pg_advisory_xact_lock(1, :aid) \; SELECT * FROM pgbench_accounts WHERE aid = :aid \; SELECT count(*) FROM pgbench_accounts WHERE aid BETWEEN :aid AND :aid + 10 \; SELECT count(*) FROM pgbench_accounts WHERE aid BETWEEN :aid AND :aid + 10 \; SELECT * FROM pgbench_tellers WHERE tid = :tid \; SELECT * FROM pgbench_branches WHERE bid = :bid;
UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid \; UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid + 1 \; UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid + 2 \; INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, 1, now()) \; END;
