import { MigrationInterface, QueryRunner } from 'typeorm';

/** Signed checkpoints of the event log (RFC 6962 Merkle roots over the event hashes). */
export class Checkpoints1764200000000 implements MigrationInterface {
  name = 'Checkpoints1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "checkpoints" (
      "size" integer PRIMARY KEY NOT NULL,
      "origin" text NOT NULL,
      "root" text NOT NULL,
      "issued_at" text NOT NULL,
      "key_id" text NOT NULL,
      "signature" text NOT NULL
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "checkpoints"`);
  }
}
