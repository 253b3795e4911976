import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replay } from '../audit/replay';
import { canonicalJson } from '../common/canonical-json';
import { Database, openDatabase } from '../database/database';
import { MAX_PARAMETERS, selectColumns, sql } from '../database/sql';
import { Actor, SYSTEM_ACTOR } from '../machines/actor';
import { GENESIS_HASH, storedEventHash, toHashedEvent } from './event-hash';
import { EventBatch, EventLogRepository } from './event-log.repository';
import { actorColumns, StoredEvent, UnchainedEvent } from './stored-event';

const JACQUES: Actor = { userId: 't1', name: 'Jacques', role: 'representative', partyId: 'amf' };

function event(streamId: string, version: number, actor: Actor = SYSTEM_ACTOR): UnchainedEvent {
  return {
    streamId,
    version,
    type: 'NOTICE_DEADLINE_PASSED',
    payload: canonicalJson({ n: version }),
    ...actorColumns(actor),
    occurredAt: new Date(Date.UTC(2000, 0, 1) + version * 60_000).toISOString(),
    definitionRef: 'halde-amf-2010@1',
    machineVersion: 1,
    idempotencyKey: version === 1 ? `key-${streamId}` : null,
  };
}

describe('EventLogRepository on a SQLite file', () => {
  let dir: string;
  let db: Database;
  const log = new EventLogRepository();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-events-'));
    db = await openDatabase({ kind: 'sqlite', path: join(dir, 'conventio.sqlite') });
  });

  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function append(streamId: string, count: number, from = 1): Promise<void> {
    await db.write(async (manager) => {
      await log.lockStream(manager, streamId);
      const batch = new EventBatch();
      for (let version = from; version < from + count; version++) {
        await log.stage(manager, batch, event(streamId, version, version % 2 ? SYSTEM_ACTOR : JACQUES));
      }
      await log.appendStaged(manager, batch);
    });
  }

  const all = (): Promise<StoredEvent[]> =>
    sql<StoredEvent>(db.read, `SELECT ${selectColumns(db.read, 'events')} FROM "events" ORDER BY "sequence"`);

  describe('stage and append', () => {
    it('assigns dense global sequences across streams and chains each stream from genesis', async () => {
      await append('a', 2);
      await append('b', 2);
      await append('a', 1, 3);

      const rows = await all();
      expect(rows.map((r) => [r.streamId, r.version, r.sequence])).toEqual([
        ['a', 1, 1],
        ['a', 2, 2],
        ['b', 1, 3],
        ['b', 2, 4],
        ['a', 3, 5],
      ]);
      const a = rows.filter((r) => r.streamId === 'a');
      expect(a[0]!.prevHash).toBe(GENESIS_HASH);
      expect(a[1]!.prevHash).toBe(a[0]!.hash);
      // The third event chains to the second across transactions: read from the store.
      expect(a[2]!.prevHash).toBe(a[1]!.hash);
      for (const row of rows) expect(row.hash).toBe(storedEventHash(row.prevHash, row));
    });

    it('stores the record as staged, the actor in its columns and the payload as canonical JSON', async () => {
      await append('a', 2);
      const [, second] = await all();
      expect(second).toMatchObject({ ...event('a', 2, JACQUES), actorPartyId: 'amf', payload: '{"n":2}' });
    });

    it('refuses a version that does not follow the stream, and appends nothing', async () => {
      await append('a', 1);
      await expect(
        db.write(async (manager) => {
          const batch = new EventBatch();
          await log.stage(manager, batch, event('a', 3));
          await log.appendStaged(manager, batch);
        }),
      ).rejects.toThrow('stream a: appending version 3, expected 2');
      expect(await log.countEvents(db.read, 'a')).toBe(1);
    });

    it('appends more events than one statement can bind, dense, in order and chained', async () => {
      const columns = db.read.connection.getMetadata('events').columns.length;
      const count = Math.ceil(MAX_PARAMETERS / columns) * 2 + 7;
      expect(count * columns).toBeGreaterThan(MAX_PARAMETERS * 2);

      await append('s1', count);

      const rows = await all();
      expect(rows).toHaveLength(count);
      expect(rows.map((r) => r.sequence)).toEqual(rows.map((_, i) => i + 1));
      expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 1));
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      expect(await log.lastOccurredAt(db.read)).toBe(rows[count - 1]!.occurredAt);
    });

    it('moves the commitment counts of the batch in the same transaction', async () => {
      await db.write(async (manager) => {
        const batch = new EventBatch();
        await log.stage(manager, batch, event('a', 1));
        batch.moveCount('amf', 'OPEN', 2);
        batch.moveCount('amf', 'OPEN', -1);
        batch.moveCount('amf', 'DONE', 1);
        await log.appendStaged(manager, batch);
      });
      const counts = await sql<{ status: string; n: number }>(
        db.read,
        'SELECT "status", "n" FROM "commitment_counts" WHERE "party_id" = ? ORDER BY "status"',
        ['amf'],
      );
      expect(counts).toEqual([
        { status: 'DONE', n: 1 },
        { status: 'OPEN', n: 1 },
      ]);
    });
  });

  describe('what the hash covers', () => {
    const HASHED: (keyof UnchainedEvent)[] = [
      'streamId',
      'version',
      'type',
      'payload',
      'actorUserId',
      'actorName',
      'actorRole',
      'actorPartyId',
      'occurredAt',
      'definitionRef',
      'machineVersion',
      'idempotencyKey',
    ];

    /** Another value of the same column type, still valid JSON for the payload. */
    function changed(row: StoredEvent, field: keyof StoredEvent): StoredEvent {
      const value = row[field];
      if (field === 'payload') return { ...row, payload: canonicalJson({ n: 99 }) };
      if (typeof value === 'number') return { ...row, [field]: value + 1 };
      return { ...row, [field]: `${value ?? ''}x` };
    }

    it('covers every stored field but the sequence and the chain', () => {
      const row = { ...event('a', 1, JACQUES), sequence: 1, prevHash: GENESIS_HASH, hash: '' };
      const base = storedEventHash(GENESIS_HASH, row);
      for (const field of HASHED) {
        expect([field, storedEventHash(GENESIS_HASH, changed(row, field))]).not.toEqual([field, base]);
      }
      for (const field of ['sequence', 'prevHash', 'hash'] as const) {
        expect(storedEventHash(GENESIS_HASH, changed(row, field))).toBe(base);
      }
      expect(Object.keys(toHashedEvent(row)).sort()).toEqual([
        'actor',
        'definitionRef',
        'idempotencyKey',
        'machineVersion',
        'occurredAt',
        'payload',
        'streamId',
        'type',
        'version',
      ]);
    });

    it('is what replay checks: a changed hashed field breaks the chain, the sequence does not', async () => {
      await append('a', 2);
      const rows = await log.stream(db.read, 'a');
      // No definition is known: an intact chain gets as far as looking the first one up.
      const unknown = {
        ok: false,
        failure: { version: 1, reason: 'definition halde-amf-2010@1 is not known' },
      };
      expect(replay(rows, () => undefined)).toEqual(unknown);
      const broken = { ok: false, failure: { version: 1, reason: 'hash does not match the event content' } };
      // (A changed version is caught before its hash: versions must be dense.)
      for (const field of HASHED.filter((f) => f !== 'version')) {
        expect([field, replay([changed(rows[0]!, field), rows[1]!], () => undefined)]).toEqual([
          field,
          broken,
        ]);
      }
      expect(replay([changed(rows[0]!, 'sequence'), rows[1]!], () => undefined)).toEqual(unknown);
    });
  });

  describe('reads', () => {
    it('pages a history by version and counts it', async () => {
      await append('a', 5);
      await append('b', 1);
      const first = await log.history(db.read, 'a', 2, 0);
      expect(first.rows.map((r) => r.version)).toEqual([1, 2]);
      expect(first.hasNextPage).toBe(true);
      const last = await log.history(db.read, 'a', 2, 4);
      expect(last.rows.map((r) => r.version)).toEqual([5]);
      expect(last.hasNextPage).toBe(false);
      expect(await log.countEvents(db.read, 'a')).toBe(5);
      expect(await log.countEvents(db.read, 'none')).toBe(0);
    });

    it('reads a stream in version order, up to an instant when given one', async () => {
      await append('a', 4);
      const whole = await log.stream(db.read, 'a');
      expect(whole.map((r) => r.version)).toEqual([1, 2, 3, 4]);
      const upTo = await log.stream(db.read, 'a', whole[1]!.occurredAt);
      expect(upTo.map((r) => r.version)).toEqual([1, 2]);
      expect(upTo[1]).toEqual(whole[1]);
    });

    it('has no last instant for an empty log', async () => {
      expect(await log.lastOccurredAt(db.read)).toBeNull();
      expect(await log.allStreamIds(db.read)).toEqual([]);
    });

    it('serialises writers of one stream: the second stages after the first committed', async () => {
      await Promise.all([append('a', 1), append('a', 1, 2)]);
      const rows = await log.stream(db.read, 'a');
      expect(rows.map((r) => r.version)).toEqual([1, 2]);
      expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    });
  });
});
