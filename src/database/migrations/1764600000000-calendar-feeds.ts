import { MigrationInterface, QueryRunner } from 'typeorm';

/** Calendar feeds: one secret key per feed, stored hashed, revocable. */
export class CalendarFeeds1764600000000 implements MigrationInterface {
  name = 'CalendarFeeds1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "calendar_feeds" (
      "id" text PRIMARY KEY,
      "party_id" text NOT NULL,
      "label" text,
      "key_hash" text NOT NULL,
      "created_at" text NOT NULL,
      "revoked_at" text,
      CONSTRAINT "calendar_feeds_key_hash" UNIQUE ("key_hash")
    )`);
    await db.query(`CREATE INDEX "calendar_feeds_party" ON "calendar_feeds" ("party_id", "created_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "calendar_feeds"`);
  }
}
