import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answers of keyed requests hold ids and the stream version, re-read on a retry, instead of the
 * JSON of the rows they returned (with the machine snapshot). Answers already stored keep being
 * answered: their ids and version are read out of the stored JSON.
 */
export class IdempotentAnswers1764800000000 implements MigrationInterface {
  name = 'IdempotentAnswers1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "idempotency_keys" ADD COLUMN "convention_id" text`);
    await db.query(`ALTER TABLE "idempotency_keys" ADD COLUMN "commitment_id" text`);
    await db.query(`ALTER TABLE "idempotency_keys" ADD COLUMN "version" integer`);
    await db.query(`ALTER TABLE "idempotency_keys" ADD COLUMN "fired_deadline_ids" text`);
    await db.query(`UPDATE "idempotency_keys" SET
      "convention_id" = json_extract("result", '$.convention.id'),
      "commitment_id" = json_extract("result", '$.commitment.id'),
      "version" = json_extract("result", '$.convention.version')
      WHERE json_type("result") = 'object'`);
    await db.query(`UPDATE "idempotency_keys" SET "fired_deadline_ids" =
      (SELECT json_group_array(json_extract("value", '$.id')) FROM json_each("idempotency_keys"."result"))
      WHERE json_type("result") = 'array'`);
    await db.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "result"`);
  }

  /** The earlier code needs whole rows, which cannot be rebuilt here: the stored answers are dropped. */
  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM "idempotency_keys"`);
    await db.query(`ALTER TABLE "idempotency_keys" ADD COLUMN "result" text NOT NULL DEFAULT '{}'`);
    for (const column of ['fired_deadline_ids', 'version', 'commitment_id', 'convention_id']) {
      await db.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "${column}"`);
    }
  }
}
