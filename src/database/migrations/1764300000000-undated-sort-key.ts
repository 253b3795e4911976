import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Undated commitments sort last through a plain sort key instead of COALESCE(due_on, …), so
 * that filtered, paginated lists read an index in order instead of sorting every match.
 */
export class UndatedSortKey1764300000000 implements MigrationInterface {
  name = 'UndatedSortKey1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE "commitments" SET "due_on" = '9999-12-31' WHERE "due_on" IS NULL`);
    await db.query(`UPDATE "commitment_owners" SET "due_on" = '9999-12-31' WHERE "due_on" IS NULL`);
    await db.query(`CREATE INDEX "commitments_due" ON "commitments" ("due_on", "id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "commitments_due"`);
    await db.query(`UPDATE "commitments" SET "due_on" = NULL WHERE "due_on" = '9999-12-31'`);
    await db.query(`UPDATE "commitment_owners" SET "due_on" = NULL WHERE "due_on" = '9999-12-31'`);
  }
}
