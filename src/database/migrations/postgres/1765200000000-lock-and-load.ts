import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The function's result columns: the row's as `loadForWrite` reads it (all but the view), and the two heads;
 * the three-argument overload of 1765300000000-lock-and-load-pending returns them too, then its own.
 */
export const LOCK_AND_LOAD_COLUMNS = `"id" text,
        "definitionId" text,
        "definitionVersion" integer,
        "title" text,
        "status" text,
        "version" integer,
        "createdAt" text,
        "updatedAt" text,
        "effectiveOn" text,
        "noticeDeadline" text,
        "terminationEffectiveOn" text,
        "snapshot" text,
        "headHash" text,
        "logLastAt" text`;

/** What the function selects from `conventions` c for those columns. */
export const LOCK_AND_LOAD_ROW = `c."id", c."definition_id", c."definition_version", c."title", c."status", c."version",
            c."created_at", c."updated_at", c."effective_on", c."notice_deadline", c."termination_effective_on",
            c."snapshot",
            (SELECT e."hash" FROM "events" e WHERE e."stream_id" = c."id" ORDER BY e."version" DESC LIMIT 1),
            (SELECT l."occurred_at" FROM "events" l ORDER BY l."sequence" DESC LIMIT 1)`;

/**
 * A write's stream lock and its first read in one round trip (issue 17: 9 → 8 per transition).
 *
 * A write took the convention's stream lock (`pg_advisory_xact_lock(1, hashtext(id))`), then read
 * the row with the heads of its stream and of the log: two statements, two round trips. They
 * cannot be one plain statement: under READ COMMITTED a statement reads the snapshot taken when
 * it starts, so a read that waited for the lock inside itself would not see what the writer it
 * waited for committed. A VOLATILE PL/pgSQL function takes a fresh snapshot for each statement
 * it runs, so its read, run after its lock, sees it (`test/medium/lock-and-load.medium-spec.ts`).
 *
 * Its columns are the row's as `loadForWrite` reads it (every column of `conventions` but the
 * view, named by their properties) and the two heads; a migration that adds a column to
 * `conventions` replaces this function too (the same spec compares the two lists).
 */
export class PostgresLockAndLoad1765200000000 implements MigrationInterface {
  name = 'PostgresLockAndLoad1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE FUNCTION "conventio_lock_and_load"("lock_class" integer, "convention_id" text)
      RETURNS TABLE (
        ${LOCK_AND_LOAD_COLUMNS}
      )
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock("lock_class", hashtext("convention_id"));
        RETURN QUERY
          SELECT ${LOCK_AND_LOAD_ROW}
          FROM "conventions" c WHERE c."id" = "convention_id";
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION "conventio_lock_and_load"(integer, text)`);
  }
}
