import { MigrationInterface, QueryRunner } from 'typeorm';

/** Deadline claims with a lease (several instances) and idempotency keys of mutations. */
export class ScaleOut1764400000000 implements MigrationInterface {
  name = 'ScaleOut1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "deadlines" ADD COLUMN "claimed_by" text`);
    await db.query(`ALTER TABLE "deadlines" ADD COLUMN "claimed_until" text`);
    await db.query(`CREATE TABLE "idempotency_keys" (
      "actor_id" text NOT NULL,
      "key" text NOT NULL,
      "operation" text NOT NULL,
      "fingerprint" text NOT NULL,
      "result" text NOT NULL,
      "created_at" text NOT NULL,
      PRIMARY KEY ("actor_id", "key")
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "idempotency_keys"`);
    await db.query(`ALTER TABLE "deadlines" DROP COLUMN "claimed_until"`);
    await db.query(`ALTER TABLE "deadlines" DROP COLUMN "claimed_by"`);
  }
}
