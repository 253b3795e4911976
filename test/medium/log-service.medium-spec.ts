import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateAuditKey } from '../../src/audit/audit-key';
import { verifyCheckpointSignature } from '../../src/audit/checkpoint';
import { eventHash, GENESIS_HASH, HashedEvent } from '../../src/events/event-hash';
import { LogService } from '../../src/audit/log.service';
import { merkleRoot, verifyConsistency, verifyInclusion } from '../../src/audit/merkle';
import { canonicalJson } from '../../src/common/canonical-json';
import { ManualClock } from '../../src/common/clock';
import { Database, isPostgres, openDatabase } from '../../src/database/database';
import { EventRow } from '../../src/database/entities';
import { createTestStore, databaseTargetOf, TestStore } from '../support/test-store';

/**
 * The global log on a real store, without HTTP: the service the API, the scheduler and the
 * offline tools share, opened as the server opens it (`openDatabase`, its migrations and
 * append-only triggers) on a SQLite file in a temporary directory, or on a fresh PostgreSQL
 * database under `npm run test:pg`.
 */

const ORIGIN = 'conventio.example.org/log';

interface LogWorld {
  dir: string;
  store: TestStore;
  db: Database;
  clock: ManualClock;
  log: LogService;
}

async function openLog(): Promise<LogWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'conventio-log-'));
  const store = await createTestStore(dir);
  const db = await openDatabase(databaseTargetOf(store));
  const clock = new ManualClock(new Date('2010-06-24T09:00:00Z'));
  const log = new LogService(db, loadOrCreateAuditKey(store.config.auditKeyPath), clock, ORIGIN);
  return { dir, store, db, clock, log };
}

async function closeLog(world: LogWorld | undefined): Promise<void> {
  if (!world) return;
  await world.db.close();
  await world.store.dispose();
  rmSync(world.dir, { recursive: true, force: true });
}

/**
 * Appends `count` events to `streamId` as the writer does: the next log index under the write
 * transaction, each event chained to the previous one of its stream.
 */
async function append(db: Database, streamId: string, count: number): Promise<EventRow[]> {
  return db.write(async (m) => {
    const [head] = await m.query<{ last: number | string | null }[]>(
      'SELECT MAX("sequence") AS "last" FROM "events"',
    );
    const previous = await m.findOne(EventRow, { where: { streamId }, order: { version: 'DESC' } });
    let sequence = Number(head?.last ?? 0);
    let version = previous?.version ?? 0;
    let prevHash = previous?.hash ?? GENESIS_HASH;
    const rows: EventRow[] = [];
    for (let i = 0; i < count; i++) {
      sequence += 1;
      version += 1;
      const event: HashedEvent = {
        streamId,
        version,
        type: 'COMMITMENT_CONFIRMED',
        payload: {
          commitmentId: `${streamId}:commitment-${version}`,
          note: `Fait (${version})`,
          evidenceUrl: null,
        },
        actor: { userId: 'user-halde', name: 'Jeannette Bougrab', role: 'representative', partyId: 'halde' },
        occurredAt: new Date(Date.UTC(2010, 8, 15, 10, 0, sequence)).toISOString(),
        definitionRef: 'halde-amf-2010@1',
        machineVersion: 1,
        idempotencyKey: null,
      };
      const hash = eventHash(prevHash, event);
      const row = m.create(EventRow, {
        sequence,
        streamId,
        version,
        type: event.type,
        payload: canonicalJson(event.payload),
        actorUserId: event.actor.userId,
        actorName: event.actor.name,
        actorRole: event.actor.role,
        actorPartyId: event.actor.partyId,
        occurredAt: event.occurredAt,
        definitionRef: event.definitionRef,
        machineVersion: event.machineVersion,
        idempotencyKey: event.idempotencyKey,
        prevHash,
        hash,
      });
      await m.insert(EventRow, row);
      rows.push(row);
      prevHash = hash;
    }
    return rows;
  });
}

/**
 * Edits the events table as an attacker with write access to the store would: the append-only
 * triggers out of the way (dropped from the SQLite file; disabled, as the database's owner, on
 * PostgreSQL), the statements run in one transaction.
 */
async function tamper(db: Database, ...statements: string[]): Promise<void> {
  await db.write(async (m) => {
    const postgres = isPostgres(m);
    if (postgres) await m.query('ALTER TABLE "events" DISABLE TRIGGER USER');
    else
      for (const trigger of ['events_no_update', 'events_no_delete'])
        await m.query(`DROP TRIGGER IF EXISTS "${trigger}"`);
    for (const statement of statements) await m.query(statement);
    if (postgres) await m.query('ALTER TABLE "events" ENABLE TRIGGER USER');
  });
}

async function leafHashes(db: Database): Promise<string[]> {
  const rows = await db.read.find(EventRow, { order: { sequence: 'ASC' } });
  return rows.map((row) => row.hash);
}

describe('LogService on a real store: checkpoints, proofs, verification against checkpoints', () => {
  let world: LogWorld;

  beforeEach(async () => {
    world = await openLog();
  });

  afterEach(async () => {
    await closeLog(world);
  });

  describe('checkpoints', () => {
    it('signs the log head: its size, the Merkle root of its event hashes, the origin and the clock', async () => {
      await append(world.db, 'halde-amf', 3);
      await append(world.db, 'charte-cnml', 2);
      world.clock.advanceTo(new Date('2010-09-16T08:00:00Z'));

      const checkpoint = await world.log.publishCheckpoint();

      expect(checkpoint).toEqual(
        expect.objectContaining({
          origin: ORIGIN,
          size: 5,
          root: merkleRoot(await leafHashes(world.db)),
          issuedAt: '2010-09-16T08:00:00.000Z',
          keyId: world.log.keyId,
        }),
      );
      expect(
        verifyCheckpointSignature(
          checkpoint,
          loadOrCreateAuditKey(world.store.config.auditKeyPath).publicKey,
        ),
      ).toBe(true);
      expect(await world.log.latest()).toEqual(checkpoint);
      expect(await world.log.checkpointAt(5)).toEqual(checkpoint);
    });

    it('gives the existing checkpoint back while the log has not grown, and signs again once it has', async () => {
      await append(world.db, 'halde-amf', 2);
      const first = await world.log.publishCheckpoint();
      world.clock.advanceTo(new Date('2010-09-16T08:00:00Z'));

      expect(await world.log.publishCheckpoint()).toEqual(first);
      expect(await world.log.publishIfGrown()).toBeNull();
      expect(await world.log.countCheckpoints()).toBe(1);

      await append(world.db, 'halde-amf', 3);
      const second = await world.log.publishIfGrown();
      expect(second).toEqual(expect.objectContaining({ size: 5, issuedAt: '2010-09-16T08:00:00.000Z' }));
      expect(await world.log.countCheckpoints()).toBe(2);
    });

    it('lists checkpoints newest first, a page at a time', async () => {
      for (let i = 0; i < 3; i++) {
        await append(world.db, 'halde-amf', 1);
        await world.log.publishCheckpoint();
      }

      const page = await world.log.checkpoints(2, null);
      expect(page.rows.map((c) => c.size)).toEqual([3, 2]);
      expect(page.hasNextPage).toBe(true);
      const next = await world.log.checkpoints(2, 2);
      expect(next.rows.map((c) => c.size)).toEqual([1]);
      expect(next.hasNextPage).toBe(false);
    });

    it('refuses to sign a log that no longer extends the latest checkpoint (CONFLICT), signing nothing', async () => {
      const [first] = await append(world.db, 'halde-amf', 3);
      await world.log.publishCheckpoint();
      await tamper(
        world.db,
        `UPDATE "events" SET "hash" = '${'f'.repeat(64)}' WHERE "sequence" = ${first!.sequence}`,
      );
      await append(world.db, 'charte-cnml', 1);

      await expect(world.log.publishCheckpoint()).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/does not extend checkpoint 3/) as unknown as string,
      });
      expect(await world.log.countCheckpoints()).toBe(1);
    });

    it('answers NOT_FOUND for a checkpoint never signed', async () => {
      await expect(world.log.checkpointAt(7)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses to run with another signing key than the one the checkpoints were signed with', async () => {
      await append(world.db, 'halde-amf', 1);
      await world.log.publishCheckpoint();
      await expect(world.log.assertSigningKey()).resolves.toBeUndefined();

      const other = new LogService(
        world.db,
        loadOrCreateAuditKey(join(world.dir, 'other-key.pem')),
        world.clock,
        ORIGIN,
      );
      await expect(other.assertSigningKey()).rejects.toThrow(
        /signed with key .* give every instance the same audit key file/,
      );
    });
  });

  describe('proofs', () => {
    it("proves an event's place in a checkpoint, and refuses events it does not cover", async () => {
      await append(world.db, 'halde-amf', 4);
      await append(world.db, 'charte-cnml', 3);
      const checkpoint = await world.log.publishCheckpoint();
      await append(world.db, 'halde-amf', 1);

      const proof = await world.log.eventProof('halde-amf', 3, checkpoint.size);
      expect(proof.logIndex).toBe(2);
      expect(proof.checkpoint).toEqual(checkpoint);
      expect(
        verifyInclusion(proof.leafHash, proof.logIndex, checkpoint.size, proof.proof, checkpoint.root),
      ).toBe(true);
      expect(
        verifyInclusion(proof.leafHash, proof.logIndex + 1, checkpoint.size, proof.proof, checkpoint.root),
      ).toBe(false);

      await expect(world.log.eventProof('halde-amf', 5, checkpoint.size)).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'event 5 (log index 7) is not in checkpoint 7',
      });
      await expect(world.log.eventProof('halde-amf', 9, checkpoint.size)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(world.log.eventProof('halde-amf', 1, 6)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('proves that a later log extends an earlier one, and refuses sizes outside the log', async () => {
      await append(world.db, 'halde-amf', 3);
      const earlier = await world.log.publishCheckpoint();
      await append(world.db, 'charte-cnml', 4);
      const later = await world.log.publishCheckpoint();

      const proof = await world.log.consistencyProof(earlier.size, later.size);
      expect(proof).toEqual(
        expect.objectContaining({ fromSize: 3, toSize: 7, fromRoot: earlier.root, toRoot: later.root }),
      );
      expect(verifyConsistency(3, 7, earlier.root, later.root, proof.proof)).toBe(true);

      for (const [from, to] of [
        [4, 3],
        [-1, 3],
        [0, 8],
        [1.5, 3],
      ] as const) {
        await expect(world.log.consistencyProof(from, to)).rejects.toMatchObject({
          code: 'BAD_USER_INPUT',
          message: 'need 0 ≤ fromSize ≤ toSize ≤ 7 (the log size)',
        });
      }
    });
  });

  describe('verifyAgainstCheckpoints', () => {
    it('finds nothing wrong with an untouched log, and keeps what it read to compare later', async () => {
      const rows = await append(world.db, 'halde-amf', 3);
      await world.log.publishCheckpoint();
      await append(world.db, 'halde-amf', 2);

      expect(await world.log.verifyAgainstCheckpoints()).toBeNull();
      expect(world.log.witnessedHash(2)).toBe(rows[1]!.hash);
      expect(world.log.witnessedHash(6)).toBeUndefined();
      // Later checks read only what was appended since.
      await append(world.db, 'charte-cnml', 1);
      await world.log.publishCheckpoint();
      expect(await world.log.verifyAgainstCheckpoints()).toBeNull();
      expect(world.log.witnessedHash(6)).toBe((await leafHashes(world.db))[5]);
    });

    it('names the first missing log index when an event was deleted', async () => {
      const rows = await append(world.db, 'halde-amf', 5);
      await tamper(world.db, `DELETE FROM "events" WHERE "sequence" = ${rows[2]!.sequence}`);

      expect(await world.log.verifyAgainstCheckpoints()).toEqual({
        logIndex: 2,
        reason: 'log index 2 is missing (found sequence 4)',
      });
    });

    it('names a hole below what it had already read', async () => {
      const rows = await append(world.db, 'halde-amf', 5);
      expect(await world.log.verifyAgainstCheckpoints()).toBeNull();
      await tamper(world.db, `DELETE FROM "events" WHERE "sequence" = ${rows[1]!.sequence}`);

      expect(await world.log.verifyAgainstCheckpoints()).toEqual({
        logIndex: 1,
        reason: 'log index 1 is missing (found sequence 3)',
      });
    });

    it('checks again after a commit made outside this server, between two checks that found nothing', async () => {
      const rows = await append(world.db, 'halde-amf', 5);
      expect(await world.log.verifyAgainstCheckpoints()).toBeNull();
      expect(await world.log.verifyAgainstCheckpoints()).toBeNull();
      // Another process on the same store: its own connections, none of this server's.
      const outside = await openDatabase(databaseTargetOf(world.store));
      try {
        await tamper(outside, `DELETE FROM "events" WHERE "sequence" = ${rows[1]!.sequence}`);
      } finally {
        await outside.close();
      }

      expect(await world.log.verifyAgainstCheckpoints()).toEqual({
        logIndex: 1,
        reason: 'log index 1 is missing (found sequence 3)',
      });
    });

    it('names a tail cut below what it had read, and keeps reporting it', async () => {
      await append(world.db, 'halde-amf', 5);
      expect(await world.log.verifyAgainstCheckpoints()).toBeNull();
      await tamper(world.db, 'DELETE FROM "events" WHERE "sequence" > 3');

      const failure = {
        logIndex: 3,
        reason: 'log has 3 events but 5 were seen before: its tail was removed',
      };
      expect(await world.log.verifyAgainstCheckpoints()).toEqual(failure);
      // The log grows back to its length: the failure stays reported until restart.
      await append(world.db, 'halde-amf', 2);
      expect(await world.log.verifyAgainstCheckpoints()).toEqual(failure);
    });

    it('names a tail cut after a checkpoint was signed, on a first check', async () => {
      await append(world.db, 'halde-amf', 5);
      await world.log.publishCheckpoint();
      await tamper(world.db, 'DELETE FROM "events" WHERE "sequence" > 2');

      expect(await world.log.verifyAgainstCheckpoints()).toEqual({
        logIndex: 2,
        reason: 'log has 2 events but checkpoint 5 was signed: its tail was removed',
      });
    });

    it('names a rewritten log whose prefix no longer has the signed root', async () => {
      const rows = await append(world.db, 'halde-amf', 4);
      await world.log.publishCheckpoint();
      await tamper(
        world.db,
        `UPDATE "events" SET "hash" = '${'0'.repeat(64)}' WHERE "sequence" = ${rows[3]!.sequence}`,
      );

      expect(await world.log.verifyAgainstCheckpoints()).toEqual({
        logIndex: null,
        reason: 'the first 4 events no longer match signed checkpoint 4: the log was rewritten',
      });
    });

    it('names a checkpoint whose signature does not hold', async () => {
      await append(world.db, 'halde-amf', 2);
      const checkpoint = await world.log.publishCheckpoint();
      const forged = Buffer.from(checkpoint.signature, 'base64');
      forged[0] = forged[0]! ^ 0xff;
      await world.db.write((m) =>
        m.query(`UPDATE "checkpoints" SET "signature" = '${forged.toString('base64')}' WHERE "size" = 2`),
      );

      expect(await world.log.verifyAgainstCheckpoints()).toEqual({
        logIndex: null,
        reason: 'checkpoint 2 has an invalid signature',
      });
    });
  });
});
