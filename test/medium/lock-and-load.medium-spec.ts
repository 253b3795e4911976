import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConventionRepository } from '../../src/conventions/convention.repository';
import { Database, openDatabase } from '../../src/database/database';
import { EventLogRepository } from '../../src/events/event-log.repository';
import { withDatabase } from '../support/postgres';
import { createTestStore, TestStore, testDialect } from '../support/test-store';

/**
 * On PostgreSQL a transition takes its convention's stream lock and reads the row in one round
 * trip (`conventio_lock_and_load`, migration 1765200000000-lock-and-load). One plain statement
 * could not: it would read the snapshot taken when it started, before the lock it waited for.
 * The function's read runs after its lock, on a fresh snapshot, so it sees what the writer it
 * waited for committed. Its columns are the ones the two-statement form reads.
 */
const onPostgres = testDialect() === 'postgres' ? describe : describe.skip;

onPostgres('the stream lock and the first read in one round trip (PostgreSQL)', () => {
  let dir: string;
  let store: TestStore;
  let db: Database;
  const conventions = new ConventionRepository();
  const eventLog = new EventLogRepository();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-lock-and-load-'));
    store = await createTestStore(dir);
    db = await openDatabase({ kind: 'postgres', url: store.url!, poolSize: 4 });
    await db.write((manager) =>
      manager.query(
        `INSERT INTO "conventions" ("id", "definition_id", "definition_version", "title", "status", "version",
           "created_at", "updated_at", "effective_on", "view", "snapshot")
         VALUES ('c1', 'halde-amf-2010', 1, 'Convention', 'ACTIVE', 1, '2010-06-24', '2010-06-24', '2010-07-01', '{}', '{"s":1}')`,
      ),
    );
  });

  afterEach(async () => {
    await db.close();
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the writer holding the lock, then reads what it committed', async () => {
    let release!: () => void;
    const mayCommit = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holdsLock = new Promise<void>((resolve) => (locked = resolve));
    const first = db.write(async (manager) => {
      await eventLog.lockStream(manager, 'c1');
      await manager.query(`UPDATE "conventions" SET "version" = 2, "snapshot" = '{"s":2}' WHERE "id" = 'c1'`);
      locked();
      await mayCommit;
    });
    await holdsLock;
    let readAt = 0;
    const second = db.write(async (manager) => {
      const loaded = await conventions.loadForWrite(manager, 'c1', { lock: true });
      readAt = performance.now();
      return loaded;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readAt).toBe(0); // still waiting for the lock
    const committedAt = performance.now();
    release();
    await first;
    const loaded = await second;
    expect(readAt).toBeGreaterThan(committedAt);
    expect(loaded?.row).toMatchObject({ id: 'c1', version: 2, snapshot: '{"s":2}' });
  });

  it('reads the columns and values the two-statement form reads, and nothing for an unknown id', async () => {
    const [together, apart, missing] = await db.write(async (manager) => {
      const one = await conventions.loadForWrite(manager, 'c1', { lock: true });
      await eventLog.lockStream(manager, 'c1');
      const two = await conventions.loadForWrite(manager, 'c1', { lock: false });
      return [one, two, await conventions.loadForWrite(manager, 'nope', { lock: true })];
    });
    expect(together).toEqual(apart);
    expect(together?.row).toEqual({
      id: 'c1',
      definitionId: 'halde-amf-2010',
      definitionVersion: 1,
      title: 'Convention',
      status: 'ACTIVE',
      version: 1,
      createdAt: '2010-06-24',
      updatedAt: '2010-06-24',
      effectiveOn: '2010-07-01',
      noticeDeadline: null,
      terminationEffectiveOn: null,
      snapshot: '{"s":1}',
    });
    expect(missing).toBeNull();

    // A column added to `conventions` must reach the function too: its result lists every
    // column of the table but the view, by property, and the two heads.
    const columns = await db.write(async (manager) =>
      manager.connection
        .getMetadata('conventions')
        .columns.map((column) => column.propertyName)
        .filter((name) => name !== 'view'),
    );
    const fields = await withDatabase(store.url!, async (client) =>
      (await client.query('SELECT * FROM "conventio_lock_and_load"(1, $1)', ['nope'])).fields.map(
        (f) => f.name,
      ),
    );
    expect(fields).toEqual([...columns, 'headHash', 'logLastAt']);
  });
});
