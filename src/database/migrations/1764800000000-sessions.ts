import { MigrationInterface, QueryRunner } from 'typeorm';

/** Web sign-in: sessions by the hash of their id, bound to the token they were opened with. */
export class Sessions1764800000000 implements MigrationInterface {
  name = 'Sessions1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "sessions" (
      "id_hash" text PRIMARY KEY,
      "token_id" text NOT NULL,
      "created_at" text NOT NULL,
      "expires_at" text NOT NULL,
      "ended_at" text
    )`);
    await db.query(`CREATE INDEX "sessions_token" ON "sessions" ("token_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "sessions"`);
  }
}
