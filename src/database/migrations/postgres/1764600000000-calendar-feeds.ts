import { MigrationInterface, QueryRunner } from 'typeorm';

/** Calendar feeds: one secret key per feed, stored hashed, revocable. */
export class PostgresCalendarFeeds1764600000000 implements MigrationInterface {
  name = 'PostgresCalendarFeeds1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "calendar_feeds" (
      "id" text COLLATE "C" PRIMARY KEY,
      "party_id" text COLLATE "C" NOT NULL,
      "label" text,
      "key_hash" text COLLATE "C" NOT NULL,
      "created_at" text COLLATE "C" NOT NULL,
      "revoked_at" text,
      CONSTRAINT "calendar_feeds_key_hash" UNIQUE ("key_hash")
    )`);
    await db.query(`CREATE INDEX "calendar_feeds_party" ON "calendar_feeds" ("party_id", "created_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "calendar_feeds"`);
  }
}
