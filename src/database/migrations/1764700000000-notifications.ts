import { MigrationInterface, QueryRunner } from 'typeorm';

/** Contacts, webhook endpoints, the outbox of messages to deliver with its attempts, and planned reminders. */
export class Notifications1764700000000 implements MigrationInterface {
  name = 'Notifications1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "contacts" (
      "id" text PRIMARY KEY,
      "party_id" text NOT NULL,
      "name" text NOT NULL,
      "email" text NOT NULL,
      "language" text NOT NULL,
      "kinds" text NOT NULL,
      "created_at" text NOT NULL
    )`);
    await db.query(`CREATE UNIQUE INDEX "contacts_party_email" ON "contacts" ("party_id", "email")`);
    await db.query(`CREATE TABLE "webhook_endpoints" (
      "id" text PRIMARY KEY,
      "party_id" text NOT NULL,
      "url" text NOT NULL,
      "events" text,
      "secret" text NOT NULL,
      "created_at" text NOT NULL
    )`);
    await db.query(`CREATE INDEX "webhook_endpoints_party" ON "webhook_endpoints" ("party_id")`);
    await db.query(`CREATE TABLE "outbox" (
      "id" integer PRIMARY KEY AUTOINCREMENT,
      "key" text NOT NULL UNIQUE,
      "channel" text NOT NULL,
      "kind" text NOT NULL,
      "convention_id" text NOT NULL,
      "party_id" text NOT NULL,
      "recipient" text NOT NULL,
      "recipient_id" text NOT NULL,
      "subject" text NOT NULL,
      "body" text NOT NULL,
      "dated_at" text NOT NULL,
      "status" text NOT NULL,
      "attempts" integer NOT NULL,
      "available_at" text NOT NULL,
      "last_error" text,
      "claimed_by" text,
      "claimed_until" text,
      "created_at" text NOT NULL,
      "sent_at" text
    )`);
    await db.query(`CREATE INDEX "outbox_ready" ON "outbox" ("status", "available_at")`);
    await db.query(`CREATE INDEX "outbox_convention" ON "outbox" ("convention_id")`);
    await db.query(`CREATE TABLE "outbox_attempts" (
      "id" integer PRIMARY KEY AUTOINCREMENT,
      "message_id" integer NOT NULL,
      "attempted_at" text NOT NULL,
      "instance" text NOT NULL,
      "error" text
    )`);
    await db.query(`CREATE INDEX "outbox_attempts_message" ON "outbox_attempts" ("message_id")`);
    await db.query(`CREATE TABLE "reminders" (
      "id" integer PRIMARY KEY AUTOINCREMENT,
      "key" text NOT NULL UNIQUE,
      "convention_id" text NOT NULL,
      "kind" text NOT NULL,
      "subject" text,
      "target_on" text NOT NULL,
      "days_before" integer NOT NULL,
      "due_at" text NOT NULL,
      "parties" text NOT NULL,
      "facts" text NOT NULL,
      "status" text NOT NULL,
      "created_at" text NOT NULL,
      "settled_at" text
    )`);
    await db.query(`CREATE INDEX "reminders_pending_due" ON "reminders" ("status", "due_at")`);
    await db.query(`CREATE INDEX "reminders_convention" ON "reminders" ("convention_id", "status")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "reminders"`);
    await db.query(`DROP TABLE "outbox_attempts"`);
    await db.query(`DROP TABLE "outbox"`);
    await db.query(`DROP TABLE "webhook_endpoints"`);
    await db.query(`DROP TABLE "contacts"`);
  }
}
