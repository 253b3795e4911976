-- One call of floor_transition (one-call-function.sql) per transaction: the same work, one round trip.
\set aid random(1, 999000)
\set bid random(1, 10)
\set tid random(1, 100)
SELECT floor_transition(:aid, :bid, :tid);
