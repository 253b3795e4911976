import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A write's events go into the log in its last statement, whose COMMIT follows it in the same
 * round trip, instead of through staging tables that a trigger emptied inside the COMMIT
 * (issue 17; 1765100000000-append-at-commit).
 *
 * The staging tables were written and emptied by every write: each commit left its rows dead
 * in them, and the trigger scanned both tables five times per commit (a count, the move, the
 * counts' move, two deletes), dead rows included, until autovacuum came by (at most once a
 * minute). pgbench on a write of one event and two count changes, alone on this machine: 0.54
 * → 0.84 ms of machine CPU per commit with one client and 0.93 → 1.39 ms with 20 as the tables
 * grew to 1,581 and 396 pages; the same writes through this function, 0.17–0.18 and 0.25–0.28 ms
 * (bench/README.md, 2026-12-06, night).
 *
 * `conventio_append(new_events, count_changes)` takes the log-order lock (advisory lock (2, 0), as the
 * trigger did), reads MAX(sequence) after it has it (a statement of a VOLATILE function sees
 * what committed before it began: READ COMMITTED), inserts the events after it in the order
 * given, and applies the count changes. The writer calls it in its transaction's last
 * statement and sends the COMMIT right behind it (`postgresQueryThenCommit`): PostgreSQL holds
 * the lock from there to the end of the commit without waiting for the client, as it held it
 * inside the COMMIT before. Positions stay dense and in commit order: the lock is released
 * after the commit is visible, and the next holder's MAX sees it.
 *
 * `new_events`: a JSON array of objects named by the log's columns (every column but `sequence`),
 * in batch order. `count_changes`: a JSON array of `{ party_id, status, delta }`.
 *
 * The staging tables and their trigger stay while instances of the previous release may still
 * stage (`conventio migrate` runs while they serve); both ways take the same lock and read the
 * same MAX, so their events interleave densely. 1765600000000 drops them.
 */
export class PostgresAppendInLastStatement1765500000000 implements MigrationInterface {
  name = 'PostgresAppendInLastStatement1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE FUNCTION "conventio_append"("new_events" jsonb, "count_changes" jsonb) RETURNS void
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        first bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(2, 0);
        SELECT COALESCE(MAX(l."sequence"), 0) INTO first FROM "events" l;
        INSERT INTO "events" ("sequence", "stream_id", "version", "type", "payload", "actor_user_id",
            "actor_name", "actor_role", "actor_party_id", "occurred_at", "definition_ref",
            "machine_version", "idempotency_key", "prev_hash", "hash")
          SELECT first + e."ord", e."stream_id", e."version", e."type", e."payload", e."actor_user_id",
            e."actor_name", e."actor_role", e."actor_party_id", e."occurred_at", e."definition_ref",
            e."machine_version", e."idempotency_key", e."prev_hash", e."hash"
          FROM ROWS FROM (jsonb_to_recordset("new_events") AS ("stream_id" text, "version" integer,
              "type" text, "payload" text, "actor_user_id" text, "actor_name" text, "actor_role" text,
              "actor_party_id" text, "occurred_at" text, "definition_ref" text, "machine_version" integer,
              "idempotency_key" text, "prev_hash" text, "hash" text))
            WITH ORDINALITY AS e("stream_id", "version", "type", "payload", "actor_user_id", "actor_name",
              "actor_role", "actor_party_id", "occurred_at", "definition_ref", "machine_version",
              "idempotency_key", "prev_hash", "hash", "ord")
          ORDER BY e."ord";
        INSERT INTO "commitment_counts" ("party_id", "status", "n")
          SELECT k."party_id", k."status", SUM(k."delta")
          FROM jsonb_to_recordset("count_changes") AS k("party_id" text, "status" text, "delta" integer)
          GROUP BY k."party_id", k."status" HAVING SUM(k."delta") <> 0 ORDER BY k."party_id", k."status"
          ON CONFLICT ("party_id", "status") DO UPDATE SET "n" = "commitment_counts"."n" + excluded."n";
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION "conventio_append"(jsonb, jsonb)`);
  }
}
