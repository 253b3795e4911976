import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answers of keyed requests hold ids and the stream version, re-read on a retry, instead of the
 * JSON of the rows they returned (with the machine snapshot). Answers already stored keep being
 * answered: their ids and version are read out of the stored JSON.
 */
export class PostgresIdempotentAnswers1764800000000 implements MigrationInterface {
  name = 'PostgresIdempotentAnswers1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "idempotency_keys"
      ADD COLUMN "convention_id" text COLLATE "C",
      ADD COLUMN "commitment_id" text COLLATE "C",
      ADD COLUMN "version" integer,
      ADD COLUMN "fired_deadline_ids" text`);
    await db.query(`UPDATE "idempotency_keys" SET
      "convention_id" = "result"::jsonb -> 'convention' ->> 'id',
      "commitment_id" = "result"::jsonb -> 'commitment' ->> 'id',
      "version" = ("result"::jsonb -> 'convention' ->> 'version')::integer
      WHERE jsonb_typeof("result"::jsonb) = 'object'`);
    await db.query(`UPDATE "idempotency_keys" SET "fired_deadline_ids" =
      COALESCE((SELECT jsonb_agg("e" -> 'id') FROM jsonb_array_elements("result"::jsonb) AS "e"), '[]'::jsonb)::text
      WHERE jsonb_typeof("result"::jsonb) = 'array'`);
    await db.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "result"`);
  }

  /** The earlier code needs whole rows, which cannot be rebuilt here: the stored answers are dropped. */
  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM "idempotency_keys"`);
    await db.query(`ALTER TABLE "idempotency_keys"
      ADD COLUMN "result" text NOT NULL DEFAULT '{}',
      DROP COLUMN "fired_deadline_ids",
      DROP COLUMN "version",
      DROP COLUMN "commitment_id",
      DROP COLUMN "convention_id"`);
  }
}
