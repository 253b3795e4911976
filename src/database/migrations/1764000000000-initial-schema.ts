import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "events" (
      "sequence" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "stream_id" text NOT NULL,
      "version" integer NOT NULL,
      "type" text NOT NULL,
      "payload" text NOT NULL,
      "actor_user_id" text NOT NULL,
      "actor_name" text NOT NULL,
      "actor_role" text NOT NULL,
      "actor_party_id" text,
      "occurred_at" text NOT NULL,
      "definition_ref" text NOT NULL,
      "machine_version" integer NOT NULL,
      "idempotency_key" text,
      "prev_hash" text NOT NULL,
      "hash" text NOT NULL
    )`);
    await db.query(`CREATE UNIQUE INDEX "events_stream_version" ON "events" ("stream_id", "version")`);

    await db.query(`CREATE TABLE "conventions" (
      "id" text PRIMARY KEY NOT NULL,
      "definition_id" text NOT NULL,
      "definition_version" integer NOT NULL,
      "title" text NOT NULL,
      "status" text NOT NULL,
      "version" integer NOT NULL,
      "created_at" text NOT NULL,
      "updated_at" text NOT NULL,
      "effective_on" text,
      "notice_deadline" text,
      "termination_effective_on" text,
      "view" text NOT NULL,
      "snapshot" text NOT NULL
    )`);
    await db.query(`CREATE INDEX "conventions_status" ON "conventions" ("status")`);

    await db.query(`CREATE TABLE "convention_parties" (
      "convention_id" text NOT NULL,
      "party_id" text NOT NULL,
      PRIMARY KEY ("convention_id", "party_id")
    )`);
    await db.query(
      `CREATE INDEX "convention_parties_party" ON "convention_parties" ("party_id", "convention_id")`,
    );

    await db.query(`CREATE TABLE "commitments" (
      "id" text PRIMARY KEY NOT NULL,
      "convention_id" text NOT NULL,
      "key" text NOT NULL,
      "position" integer NOT NULL,
      "status" text NOT NULL,
      "due_on" text,
      "view" text NOT NULL
    )`);
    await db.query(`CREATE INDEX "commitments_convention" ON "commitments" ("convention_id", "position")`);
    await db.query(`CREATE INDEX "commitments_status_due" ON "commitments" ("status", "due_on")`);

    await db.query(`CREATE TABLE "commitment_owners" (
      "commitment_id" text NOT NULL,
      "party_id" text NOT NULL,
      "status" text NOT NULL,
      "due_on" text,
      PRIMARY KEY ("commitment_id", "party_id")
    )`);
    await db.query(
      `CREATE INDEX "commitment_owners_party_status_due" ON "commitment_owners" ("party_id", "status", "due_on", "commitment_id")`,
    );

    await db.query(`CREATE TABLE "deadlines" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "key" text NOT NULL,
      "convention_id" text NOT NULL,
      "kind" text NOT NULL,
      "subject" text,
      "due_on" text NOT NULL,
      "due_at" text NOT NULL,
      "event_type" text NOT NULL,
      "payload" text NOT NULL,
      "status" text NOT NULL,
      "created_at" text NOT NULL,
      "settled_at" text,
      CONSTRAINT "deadlines_key" UNIQUE ("key")
    )`);
    await db.query(`CREATE INDEX "deadlines_pending_due" ON "deadlines" ("status", "due_at")`);
    await db.query(`CREATE INDEX "deadlines_convention" ON "deadlines" ("convention_id", "status")`);

    await db.query(`CREATE TABLE "tokens" (
      "id" text PRIMARY KEY NOT NULL,
      "name" text NOT NULL,
      "role" text NOT NULL,
      "party_id" text,
      "secret_hash" text NOT NULL,
      "created_at" text NOT NULL,
      "revoked_at" text,
      CONSTRAINT "tokens_secret_hash" UNIQUE ("secret_hash")
    )`);

    await db.query(`CREATE TABLE "definitions" (
      "ref" text PRIMARY KEY NOT NULL,
      "definition_id" text NOT NULL,
      "version" integer NOT NULL,
      "content_hash" text NOT NULL,
      "body" text NOT NULL,
      "published_at" text NOT NULL
    )`);

    // The log is append-only: the database itself refuses to change or delete an event.
    await db.query(`CREATE TRIGGER "events_no_update" BEFORE UPDATE ON "events"
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`);
    await db.query(`CREATE TRIGGER "events_no_delete" BEFORE DELETE ON "events"
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'definitions',
      'tokens',
      'deadlines',
      'commitment_owners',
      'commitments',
      'convention_parties',
      'conventions',
      'events',
    ]) {
      await db.query(`DROP TABLE "${table}"`);
    }
  }
}
