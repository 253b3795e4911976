-- The work of round-trips.sql, statement for statement, as one function: one round trip.
CREATE OR REPLACE FUNCTION floor_transition(a int, b int, t int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE x int; r record;
BEGIN
  SELECT abalance INTO x FROM pgbench_accounts WHERE aid = a;
  SELECT abalance INTO x FROM pgbench_accounts WHERE aid = a + 1;
  PERFORM pg_advisory_xact_lock(1, a);
  SELECT * INTO r FROM pgbench_accounts WHERE aid = a;
  UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = a;
  UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = a + 1;
  UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = a + 2;
  SELECT count(*) INTO x FROM pgbench_accounts WHERE aid BETWEEN a AND a + 10;
  SELECT count(*) INTO x FROM pgbench_accounts WHERE aid BETWEEN a AND a + 10;
  SELECT * INTO r FROM pgbench_tellers WHERE tid = t;
  SELECT * INTO r FROM pgbench_branches WHERE bid = b;
  SELECT * INTO r FROM pgbench_accounts WHERE aid = a + 3;
  SELECT * INTO r FROM pgbench_accounts WHERE aid = a + 1;
  INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (t, b, a, 1, now());
END $$;
