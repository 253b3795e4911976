import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  LOCK_AND_LOAD_COLUMNS,
  LOCK_AND_LOAD_ROW,
  PostgresLockAndLoad1765200000000,
} from './1765200000000-lock-and-load';
import { PENDING_JSON } from './1765300000000-lock-and-load-pending';

/**
 * A transition's first round trip also brings the contacts and webhook endpoints of its
 * convention's parties (issue 17: 6 → 5 round trips per transition on PostgreSQL).
 *
 * The notifier reads them once per write for the parties who may read the convention
 * (`recipientsOf`): one round trip of its own, after the event. Nothing in a write changes
 * contacts or endpoints, so the rows read with the convention's row are the ones that read would
 * give. The function brings those of every party of the convention (`convention_parties`); the
 * notifier keeps those of the parties it writes to.
 *
 * `recipients` is `{ "contacts": […], "webhooks": […] }`, each row an object named as the
 * entities name their properties (`ContactRow`, `WebhookEndpointRow`), in id order as
 * `recipientsOf` reads them; null without `with_recipients`. `lock-and-load.medium-spec.ts`
 * compares the two.
 *
 * An overload: the three-argument form stays for the instances still running the code before
 * this migration (`conventio migrate` runs while they serve). The two-argument form, which only
 * instances two releases old still call, goes, as 1765300000000 announced.
 */
export const RECIPIENTS_JSON = `CASE WHEN "with_recipients" THEN json_build_object(
              'contacts', (SELECT coalesce(json_agg(json_build_object('id', k."id", 'partyId', k."party_id",
                    'name', k."name", 'email', k."email", 'language', k."language", 'kinds', k."kinds",
                    'createdAt', k."created_at") ORDER BY k."id"), '[]'::json)
                  FROM "contacts" k WHERE k."party_id" IN
                    (SELECT cp."party_id" FROM "convention_parties" cp WHERE cp."convention_id" = c."id")),
              'webhooks', (SELECT coalesce(json_agg(json_build_object('id', w."id", 'partyId', w."party_id",
                    'url', w."url", 'events', w."events", 'secret', w."secret",
                    'createdAt', w."created_at") ORDER BY w."id"), '[]'::json)
                  FROM "webhook_endpoints" w WHERE w."party_id" IN
                    (SELECT cp."party_id" FROM "convention_parties" cp WHERE cp."convention_id" = c."id")))
            END`;

export class PostgresLockAndLoadRecipients1765400000000 implements MigrationInterface {
  name = 'PostgresLockAndLoadRecipients1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION "conventio_lock_and_load"(integer, text)`);
    await db.query(`CREATE FUNCTION "conventio_lock_and_load"(
        "lock_class" integer, "convention_id" text, "with_reminders" boolean, "with_recipients" boolean)
      RETURNS TABLE (
        ${LOCK_AND_LOAD_COLUMNS},
        "pending" json,
        "recipients" json
      )
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock("lock_class", hashtext("convention_id"));
        RETURN QUERY
          SELECT ${LOCK_AND_LOAD_ROW},
            ${PENDING_JSON},
            ${RECIPIENTS_JSON}
          FROM "conventions" c WHERE c."id" = "convention_id";
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION "conventio_lock_and_load"(integer, text, boolean, boolean)`);
    await new PostgresLockAndLoad1765200000000().up(db);
  }
}
