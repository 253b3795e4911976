import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Global log positions are given at commit, by the database, instead of under a lock that a
 * writer held from its append to its commit (issue 17).
 *
 * A write transaction puts its events (and the commitment-count changes they make) in two
 * staging tables, in one statement. A deferred constraint trigger runs when the transaction
 * commits, inside the COMMIT: it takes the log-order lock (advisory lock (2, 0), the one the
 * writer used to take itself), reads MAX(sequence), moves the events into `events` after it,
 * applies the counts, and empties the staging tables. The lock is held from there to the end
 * of the commit, server-side only: no round trip to a client, whose event loop may be busy,
 * happens while it is held. Positions stay dense and in commit order, and no reader sees event
 * n + 1 before event n is visible: the lock is released after the commit is visible, and the
 * next committer's MAX, read after it has the lock, sees it.
 *
 * Staged rows are only ever visible to the transaction that staged them (they are moved out
 * before it commits), so the staging tables are UNLOGGED: nothing in them survives a commit.
 */
export class PostgresAppendAtCommit1765100000000 implements MigrationInterface {
  name = 'PostgresAppendAtCommit1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE UNLOGGED TABLE "events_staged" (
      "ord" integer NOT NULL,
      "stream_id" text COLLATE "C" NOT NULL,
      "version" integer NOT NULL,
      "type" text NOT NULL,
      "payload" text NOT NULL,
      "actor_user_id" text NOT NULL,
      "actor_name" text NOT NULL,
      "actor_role" text NOT NULL,
      "actor_party_id" text,
      "occurred_at" text COLLATE "C" NOT NULL,
      "definition_ref" text NOT NULL,
      "machine_version" integer NOT NULL,
      "idempotency_key" text,
      "prev_hash" text NOT NULL,
      "hash" text NOT NULL
    )`);
    await db.query(`CREATE UNLOGGED TABLE "commitment_counts_staged" (
      "party_id" text COLLATE "C" NOT NULL,
      "status" text COLLATE "C" NOT NULL,
      "delta" integer NOT NULL
    )`);
    await db.query(`CREATE FUNCTION "append_staged_events"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        staged integer;
        first bigint;
      BEGIN
        SELECT COUNT(*) INTO staged FROM "events_staged";
        IF staged > 0 THEN
          PERFORM pg_advisory_xact_lock(2, 0);
          SELECT COALESCE(MAX("sequence"), 0) INTO first FROM "events";
          INSERT INTO "events" ("sequence", "stream_id", "version", "type", "payload", "actor_user_id",
              "actor_name", "actor_role", "actor_party_id", "occurred_at", "definition_ref",
              "machine_version", "idempotency_key", "prev_hash", "hash")
            SELECT first + ROW_NUMBER() OVER (ORDER BY "ord"), "stream_id", "version", "type", "payload",
              "actor_user_id", "actor_name", "actor_role", "actor_party_id", "occurred_at", "definition_ref",
              "machine_version", "idempotency_key", "prev_hash", "hash"
            FROM "events_staged";
          DELETE FROM "events_staged";
        END IF;
        INSERT INTO "commitment_counts" ("party_id", "status", "n")
          SELECT "party_id", "status", SUM("delta") FROM "commitment_counts_staged"
          GROUP BY "party_id", "status" HAVING SUM("delta") <> 0 ORDER BY "party_id", "status"
          ON CONFLICT ("party_id", "status") DO UPDATE SET "n" = "commitment_counts"."n" + excluded."n";
        DELETE FROM "commitment_counts_staged";
        RETURN NULL;
      END $$`);
    // Once per staged row, all at commit; the first moves everything, the others find nothing.
    await db.query(`CREATE CONSTRAINT TRIGGER "events_staged_append" AFTER INSERT ON "events_staged"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "append_staged_events"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER "events_staged_append" ON "events_staged"`);
    await db.query(`DROP FUNCTION "append_staged_events"()`);
    await db.query(`DROP TABLE "commitment_counts_staged"`);
    await db.query(`DROP TABLE "events_staged"`);
  }
}
