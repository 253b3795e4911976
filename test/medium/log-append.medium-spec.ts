import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Database, isPostgres, openDatabase } from '../../src/database/database';
import { EventBatch, EventLogRepository } from '../../src/events/event-log.repository';
import { GENESIS_HASH, storedEventHash } from '../../src/events/event-hash';
import { confirmationEvent } from './support/log-event';
import { createTestStore, databaseTargetOf, TestStore, testDialect } from '../support/test-store';

/**
 * The append of the writer's batch, on a real store: global positions dense and in commit
 * order whatever the interleaving, the commitment counts moved with their events, nothing left
 * of a transaction that failed, and (PostgreSQL) no writer waiting for its place in the log on
 * another whose event loop has not reached its append: the log-order lock is taken in the
 * write's last statement, its COMMIT right behind it.
 */

const log = new EventLogRepository();

/**
 * Stages `count` events of a stream (and a count change per event) in one write and appends
 * them, its last work (on PostgreSQL the append's COMMIT goes out with it).
 */
async function stageEvents(
  db: Database,
  streamId: string,
  count: number,
  beforeAppend: () => Promise<void> = async () => undefined,
): Promise<void> {
  await db.write(async (manager) => {
    await log.lockStream(manager, streamId);
    const batch = new EventBatch();
    const head = (await log.stream(manager, streamId)).length;
    for (let i = 1; i <= count; i++) {
      await log.stage(manager, batch, confirmationEvent(streamId, head + i, `2011-01-0${i}T10:00:00.000Z`));
      batch.moveCount('amf', 'FULFILLED', 1);
      batch.moveCount('amf', 'IN_EFFECT', -1);
    }
    await beforeAppend();
    await log.appendStaged(manager, batch);
  });
}

async function sequences(db: Database): Promise<{ sequence: number; streamId: string; version: number }[]> {
  const rows = await db.read.query<{ sequence: string | number; stream_id: string; version: number }[]>(
    'SELECT "sequence", "stream_id", "version" FROM "events" ORDER BY "sequence"',
  );
  return rows.map((r) => ({ sequence: Number(r.sequence), streamId: r.stream_id, version: r.version }));
}

async function counts(db: Database): Promise<Record<string, number>> {
  const rows = await db.read.query<{ status: string; n: string | number }[]>(
    `SELECT "status", "n" FROM "commitment_counts" WHERE "party_id" = 'amf' ORDER BY "status"`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

describe('appending the write batch to the log', () => {
  let dir: string;
  let store: TestStore;
  let db: Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-append-'));
    store = await createTestStore(dir);
    db = await openDatabase(databaseTargetOf(store, 8));
  });

  afterEach(async () => {
    await db.close();
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers concurrent writers densely, each stream in version order, chained, counts moved once per event', async () => {
    const streams = Array.from({ length: 10 }, (_, i) => `convention-${i}`);
    await Promise.all(
      streams.flatMap((s) => [stageEvents(db, s, 2), stageEvents(db, s, 3), stageEvents(db, s, 1)]),
    );
    const rows = await sequences(db);
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const s of streams) {
      const mine = rows.filter((r) => r.streamId === s).map((r) => r.version);
      expect(mine).toEqual([1, 2, 3, 4, 5, 6]);
      const stream = await log.stream(db.read, s);
      let previous = GENESIS_HASH;
      for (const event of stream) {
        expect(event.prevHash).toBe(previous);
        expect(event.hash).toBe(storedEventHash(previous, event));
        previous = event.hash;
      }
    }
    expect(await counts(db)).toEqual({ FULFILLED: 60, IN_EFFECT: -60 });
  });

  it('leaves nothing of a batch whose append fails: no event, no count', async () => {
    await stageEvents(db, 'convention-a', 1);
    const failing = db.write(async (manager) => {
      const batch = new EventBatch();
      // Version 1 again: the stream already has it, the unique (stream, version) key refuses it.
      batch.add({
        ...confirmationEvent('convention-a', 1, '2011-01-05T10:00:00.000Z'),
        prevHash: GENESIS_HASH,
        hash: 'x',
      });
      batch.moveCount('amf', 'FULFILLED', 5);
      await log.appendStaged(manager, batch);
    });
    const error = await failing.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    // On PostgreSQL the refusal is a write conflict, as a race another writer won would be.
    expect(db.isWriteConflict(error)).toBe(isPostgres(db.read));
    expect((await sequences(db)).map((r) => r.sequence)).toEqual([1]);
    expect(await counts(db)).toEqual({ FULFILLED: 1, IN_EFFECT: -1 });
    // The log goes on at the next position.
    await stageEvents(db, 'convention-b', 1);
    expect((await sequences(db)).map((r) => r.sequence)).toEqual([1, 2]);
  });

  const onPostgres = testDialect() === 'postgres' ? it : it.skip;
  onPostgres(
    'writes READ COMMITTED and durably, whatever the database defaults to (PostgreSQL)',
    async () => {
      const name = store.name!;
      await db.close();
      const admin = new Client({ connectionString: store.url! });
      await admin.connect();
      await admin.query(`ALTER DATABASE "${name}" SET default_transaction_isolation = 'serializable'`);
      await admin.query(`ALTER DATABASE "${name}" SET synchronous_commit = 'off'`);
      await admin.end();
      db = await openDatabase({ kind: 'postgres', url: store.url!, poolSize: 2 });
      const settings = await db.write(async (manager) => ({
        isolation: (
          (await manager.query('SHOW transaction_isolation')) as { transaction_isolation: string }[]
        )[0]?.transaction_isolation,
        commit: ((await manager.query('SHOW synchronous_commit')) as { synchronous_commit: string }[])[0]
          ?.synchronous_commit,
      }));
      expect(settings).toEqual({ isolation: 'read committed', commit: 'on' });
    },
  );

  onPostgres(
    'lets a writer append and commit while another, its events staged, has not appended yet (PostgreSQL)',
    async () => {
      let releaseA!: () => void;
      const aMayAppend = new Promise<void>((resolve) => (releaseA = resolve));
      let aStaged!: () => void;
      const aHasStaged = new Promise<void>((resolve) => (aStaged = resolve));
      const a = stageEvents(db, 'convention-a', 2, async () => {
        aStaged();
        await aMayAppend;
      });
      await aHasStaged;
      // Under a lock on the log order taken before the append, B would wait for A, which waits for B.
      const b = stageEvents(db, 'convention-b', 1);
      let timer: NodeJS.Timeout | undefined;
      const bDone = await Promise.race([
        b.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5_000))),
      ]);
      clearTimeout(timer);
      releaseA();
      await a;
      await b;
      expect(bDone).toBe(true);
      // Commit order: B first.
      expect(await sequences(db)).toEqual([
        { sequence: 1, streamId: 'convention-b', version: 1 },
        { sequence: 2, streamId: 'convention-a', version: 1 },
        { sequence: 3, streamId: 'convention-a', version: 2 },
      ]);
    },
  );

  onPostgres('ends the write with its append: a statement after it is refused (PostgreSQL)', async () => {
    const late = stageEvents(db, 'convention-a', 1).then(() =>
      db.write(async (manager) => {
        const batch = new EventBatch();
        await log.stage(manager, batch, confirmationEvent('convention-a', 2, '2011-01-02T10:00:00.000Z'));
        await log.appendStaged(manager, batch);
        await log.lockStream(manager, 'convention-a');
      }),
    );
    await expect(late).rejects.toThrow(/this transaction has ended/);
    // The append committed with it; nothing ran outside it.
    expect((await sequences(db)).map((r) => r.version)).toEqual([1, 2]);
  });

  it("keeps a lone surrogate in an event's text as U+FFFD, hashed as kept", async () => {
    await db.write(async (manager) => {
      const batch = new EventBatch();
      const event = confirmationEvent('convention-a', 1, '2011-01-02T10:00:00.000Z');
      await log.stage(manager, batch, { ...event, actorName: 'AMF \ud800', idempotencyKey: 'key-\udc00' });
      await log.appendStaged(manager, batch);
    });
    const [stored] = await log.stream(db.read, 'convention-a');
    expect(stored).toMatchObject({ actorName: 'AMF \ufffd', idempotencyKey: 'key-\ufffd' });
    expect(stored!.hash).toBe(storedEventHash(GENESIS_HASH, stored!));
  });

  it("appends a batch of 5,000 events, beyond one statement's parameters on SQLite, densely", async () => {
    await stageEvents(db, 'convention-b', 1);
    await db.write(async (manager) => {
      const batch = new EventBatch();
      for (let version = 1; version <= 5_000; version++) {
        await log.stage(
          manager,
          batch,
          confirmationEvent('convention-a', version, '2011-01-02T10:00:00.000Z'),
        );
        batch.moveCount('amf', 'FULFILLED', 1);
      }
      await log.appendStaged(manager, batch);
    });
    const rows = await sequences(db);
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 5_001 }, (_, i) => i + 1));
    expect(rows.slice(1).map((r) => r.version)).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1));
    expect(await counts(db)).toEqual({ FULFILLED: 5_001, IN_EFFECT: -1 });
  });
});
