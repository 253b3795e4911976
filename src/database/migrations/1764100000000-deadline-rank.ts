import { MigrationInterface, QueryRunner } from 'typeorm';

/** Deadlines due at the same instant fire in a defined order (see SAME_INSTANT_ORDER). */
export class DeadlineRank1764100000000 implements MigrationInterface {
  name = 'DeadlineRank1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "deadlines" ADD COLUMN "rank" integer NOT NULL DEFAULT 0`);
    await db.query(`DROP INDEX "deadlines_pending_due"`);
    await db.query(`CREATE INDEX "deadlines_pending_due" ON "deadlines" ("status", "due_at", "rank")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "deadlines_pending_due"`);
    await db.query(`CREATE INDEX "deadlines_pending_due" ON "deadlines" ("status", "due_at")`);
    await db.query(`ALTER TABLE "deadlines" DROP COLUMN "rank"`);
  }
}
