import { MigrationInterface, QueryRunner } from 'typeorm';
import { PostgresAppendAtCommit1765100000000 } from './1765100000000-append-at-commit';
import { PostgresLockAndLoadPending1765300000000 } from './1765300000000-lock-and-load-pending';

/**
 * Drops what only instances two releases old still used, as 1765400000000 and 1765500000000
 * announced (`conventio migrate` runs while the release before this one serves, and that release
 * uses neither):
 *
 * - the staging tables `events_staged` and `commitment_counts_staged`, their deferred trigger and
 *   its function: the release before 1765500000000 staged a write's events there for the
 *   COMMIT's trigger to number; since then a write appends in its last statement
 *   (`conventio_append`);
 * - the three-argument `conventio_lock_and_load`, called by the release before 1765400000000
 *   (the four-argument form also brings the parties' contacts and webhooks).
 *
 * The staging tables were UNLOGGED and emptied inside each COMMIT: nothing committed is in them.
 * The log, its positions and the commitment counts are untouched.
 */
export class PostgresPreviousWritePathsDropped1765600000000 implements MigrationInterface {
  name = 'PostgresPreviousWritePathsDropped1765600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER "events_staged_append" ON "events_staged"`);
    await db.query(`DROP FUNCTION "append_staged_events"()`);
    await db.query(`DROP TABLE "commitment_counts_staged"`);
    await db.query(`DROP TABLE "events_staged"`);
    await db.query(`DROP FUNCTION "conventio_lock_and_load"(integer, text, boolean)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await new PostgresAppendAtCommit1765100000000().up(db);
    await new PostgresLockAndLoadPending1765300000000().up(db);
  }
}
