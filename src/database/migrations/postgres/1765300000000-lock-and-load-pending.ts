import { MigrationInterface, QueryRunner } from 'typeorm';
import { LOCK_AND_LOAD_COLUMNS, LOCK_AND_LOAD_ROW } from './1765200000000-lock-and-load';

/** The `pending` column: the pending deadlines of convention c, and its reminders `with_reminders`. */
export const PENDING_JSON = `(SELECT coalesce(json_agg(json_build_object('plan', p."plan", 'id', p."id", 'key', p."key")), '[]'::json)
               FROM (SELECT 'D' AS "plan", d."id", d."key" FROM "deadlines" d
                       WHERE d."convention_id" = c."id" AND d."status" = 'PENDING'
                     UNION ALL
                     SELECT 'R', r."id", r."key" FROM "reminders" r
                       WHERE "with_reminders" AND r."convention_id" = c."id" AND r."status" = 'PENDING') p)`;

/**
 * A transition's first round trip also brings its convention's pending deadlines and reminders
 * (issue 17: 8 → 7 round trips per transition on PostgreSQL).
 *
 * The write re-plans both after its event and read them apart, one round trip more. Every writer
 * of a convention's deadlines and reminders (its transitions, the scheduler's firings, the
 * release of a reminder) holds its stream lock, so what the function reads after taking the lock
 * is what that later read saw: the writer uses it for its first event (`WriteState.pendingRead`)
 * and reads again for the events it fires after (each re-plan changes them).
 *
 * An overload: the two-argument form stays for the instances still running the code before this
 * migration (`conventio migrate` runs while they serve); the migration that next changes the
 * result's columns drops it.
 *
 * `pending` is a JSON array of `{ plan, id, key }`, the rows `DeadlineRepository.pendingPlans`
 * reads (plan 'D' for a deadline, 'R' for a reminder; reminders only `with_reminders`);
 * `test/medium/lock-and-load.medium-spec.ts` compares the two.
 */
export class PostgresLockAndLoadPending1765300000000 implements MigrationInterface {
  name = 'PostgresLockAndLoadPending1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE FUNCTION "conventio_lock_and_load"(
        "lock_class" integer, "convention_id" text, "with_reminders" boolean)
      RETURNS TABLE (
        ${LOCK_AND_LOAD_COLUMNS},
        "pending" json
      )
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock("lock_class", hashtext("convention_id"));
        RETURN QUERY
          SELECT ${LOCK_AND_LOAD_ROW},
            ${PENDING_JSON}
          FROM "conventions" c WHERE c."id" = "convention_id";
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION "conventio_lock_and_load"(integer, text, boolean)`);
  }
}
