import { DataSource } from 'typeorm';
import { Database, openDatabase } from '../../src/database/database';
import { POSTGRES_MIGRATIONS } from '../../src/database/migrations';
import { PostgresPreviousWritePathsDropped1765600000000 } from '../../src/database/migrations/postgres/1765600000000-previous-write-paths-dropped';
import { EventBatch, EventLogRepository } from '../../src/events/event-log.repository';
import { GENESIS_HASH, storedEventHash } from '../../src/events/event-hash';
import { confirmationEvent } from './support/log-event';
import { createTestDatabase, TestDatabase, withDatabase } from '../support/postgres';
import { testDialect } from '../support/test-store';

/**
 * 1765600000000 drops the write paths that only instances two releases old used: the staging
 * tables with their COMMIT trigger, and the three-argument `conventio_lock_and_load`. The log
 * and the counts they fed stay as they were, the current append goes on after them, and the
 * migration's `down` gives the old paths back, working.
 */
const onPostgres = testDialect() === 'postgres' ? describe : describe.skip;

const log = new EventLogRepository();

/** The stream's event at `version`, on the `version`-th of February 2011. */
const eventOf = (version: number) =>
  confirmationEvent('convention-a', version, `2011-02-0${version}T10:00:00.000Z`);

/** What an instance of the release before 1765500000000 did: stage an event for the COMMIT's trigger. */
async function stageForTrigger(source: DataSource, version: number, prevHash: string): Promise<void> {
  const event = eventOf(version);
  await source.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO "events_staged" ("ord", "stream_id", "version", "type", "payload", "actor_user_id",
         "actor_name", "actor_role", "actor_party_id", "occurred_at", "definition_ref", "machine_version",
         "idempotency_key", "prev_hash", "hash") VALUES (0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        event.streamId,
        event.version,
        event.type,
        event.payload,
        event.actorUserId,
        event.actorName,
        event.actorRole,
        event.actorPartyId,
        event.occurredAt,
        event.definitionRef,
        event.machineVersion,
        event.idempotencyKey,
        prevHash,
        storedEventHash(prevHash, event),
      ],
    );
    await manager.query(
      `INSERT INTO "commitment_counts_staged" ("party_id", "status", "delta") VALUES ('amf', 'FULFILLED', 1)`,
    );
  });
}

/** Appends the stream's next event as the writer does today. */
async function appendNow(db: Database, version: number): Promise<void> {
  await db.write(async (manager) => {
    await log.lockStream(manager, 'convention-a');
    const batch = new EventBatch();
    await log.stage(manager, batch, eventOf(version));
    batch.moveCount('amf', 'FULFILLED', 1);
    await log.appendStaged(manager, batch);
  });
}

interface Schema {
  stagingTables: string[];
  functions: string[];
  triggers: string[];
}

async function schemaOf(url: string): Promise<Schema> {
  return withDatabase(url, async (client) => ({
    stagingTables: (
      await client.query<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '%staged'
         ORDER BY tablename`,
      )
    ).rows.map((r) => r.name),
    functions: (
      await client.query<{ name: string }>(
        `SELECT p.oid::regprocedure::text AS name FROM pg_proc p
         WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1`,
      )
    ).rows.map((r) => r.name),
    triggers: (
      await client.query<{ name: string }>(
        `SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`,
      )
    ).rows.map((r) => r.name),
  }));
}

async function logOf(url: string): Promise<{ sequences: number[]; versions: number[]; fulfilled: number }> {
  return withDatabase(url, async (client) => {
    const events = await client.query<{ sequence: string; version: number }>(
      'SELECT "sequence", "version" FROM "events" ORDER BY "sequence"',
    );
    const counts = await client.query<{ n: string }>(
      `SELECT "n" FROM "commitment_counts" WHERE "party_id" = 'amf' AND "status" = 'FULFILLED'`,
    );
    return {
      sequences: events.rows.map((r) => Number(r.sequence)),
      versions: events.rows.map((r) => r.version),
      fulfilled: Number(counts.rows[0]?.n ?? 0),
    };
  });
}

function sourceWith(url: string, migrations: (typeof POSTGRES_MIGRATIONS)[number][]): DataSource {
  return new DataSource({ type: 'postgres', url, migrations, migrationsTransactionMode: 'all' });
}

onPostgres('dropping the previous releases’ write paths (PostgreSQL migration 1765600000000)', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await database.drop();
  });

  it('drops the staging tables, their trigger and the three-argument lock, keeps the log, and undoes', async () => {
    const index = POSTGRES_MIGRATIONS.indexOf(PostgresPreviousWritePathsDropped1765600000000);
    expect(index).toBe(POSTGRES_MIGRATIONS.length - 1);

    // The schema before: an instance of the release before 1765500000000 stages event 1.
    const earlier = sourceWith(database.url, POSTGRES_MIGRATIONS.slice(0, index));
    await earlier.initialize();
    await earlier.runMigrations();
    await stageForTrigger(earlier, 1, GENESIS_HASH);
    await earlier.destroy();
    const before = await schemaOf(database.url);
    expect(before.stagingTables).toEqual(['commitment_counts_staged', 'events_staged']);
    // The log's append-only guards, and the staging trigger.
    expect(before.triggers).toEqual([
      'events_no_delete',
      'events_no_truncate',
      'events_no_update',
      'events_staged_append',
    ]);
    expect(before.functions).toEqual(
      expect.arrayContaining([
        'append_staged_events()',
        'conventio_lock_and_load(integer,text,boolean)',
        'conventio_lock_and_load(integer,text,boolean,boolean)',
      ]),
    );

    // Opening the store runs the migration; the writer appends event 2 after the staged one.
    const db = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    try {
      await appendNow(db, 2);
    } finally {
      await db.close();
    }
    const after = await schemaOf(database.url);
    expect(after.stagingTables).toEqual([]);
    expect(after.triggers).toEqual(['events_no_delete', 'events_no_truncate', 'events_no_update']);
    expect(after.functions).not.toContain('append_staged_events()');
    expect(after.functions).not.toContain('conventio_lock_and_load(integer,text,boolean)');
    expect(after.functions).toEqual(
      expect.arrayContaining([
        'conventio_append(jsonb,jsonb)',
        'conventio_lock_and_load(integer,text,boolean,boolean)',
      ]),
    );
    // Nothing else changed: the same functions and tables but the dropped ones.
    expect(after.functions).toEqual(
      before.functions.filter(
        (f) => f !== 'append_staged_events()' && f !== 'conventio_lock_and_load(integer,text,boolean)',
      ),
    );
    expect(await logOf(database.url)).toEqual({ sequences: [1, 2], versions: [1, 2], fulfilled: 2 });

    // Undone: the old paths are back and work again, numbering after the log.
    const all = sourceWith(database.url, POSTGRES_MIGRATIONS);
    await all.initialize();
    try {
      await all.undoLastMigration({ transaction: 'all' });
      expect(await schemaOf(database.url)).toEqual(before);
      const previous = (
        await withDatabase(database.url, (client) =>
          client.query<{ hash: string }>(`SELECT "hash" FROM "events" WHERE "version" = 2`),
        )
      ).rows[0]!.hash;
      await stageForTrigger(all, 3, previous);
      const threeArguments = await withDatabase(database.url, (client) =>
        client.query<{ version: number }>('SELECT "version" FROM "conventio_lock_and_load"(1, $1, true)', [
          'convention-a',
        ]),
      );
      // No `conventions` row in this store: the function answers, with no row.
      expect(threeArguments.rows).toEqual([]);
    } finally {
      await all.destroy();
    }
    expect(await logOf(database.url)).toEqual({ sequences: [1, 2, 3], versions: [1, 2, 3], fulfilled: 3 });
  });
});
