import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per party and status, how many commitments it owns: a party's totalCount without counting rows. */
export class PostgresCommitmentCounts1764500000000 implements MigrationInterface {
  name = 'PostgresCommitmentCounts1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "commitment_counts" (
      "party_id" text COLLATE "C" NOT NULL,
      "status" text COLLATE "C" NOT NULL,
      "n" integer NOT NULL,
      PRIMARY KEY ("party_id", "status")
    )`);
    await db.query(`INSERT INTO "commitment_counts" ("party_id", "status", "n")
      SELECT "party_id", "status", COUNT(*) FROM "commitment_owners" GROUP BY "party_id", "status"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "commitment_counts"`);
  }
}
