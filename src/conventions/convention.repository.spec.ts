import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH } from '../audit/event-hash';
import { EventRow } from '../database/entities';
import { MAX_PARAMETERS } from '../database/sql';
import { SqliteDatabase } from '../database/sqlite-database';
import { SYSTEM_ACTOR } from '../machines/actor';
import { ConventionRepository, EventBatch } from './convention.repository';

describe('ConventionRepository.appendStaged', () => {
  let dir: string;
  let db: SqliteDatabase;
  const repository = new ConventionRepository();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-append-'));
    db = await SqliteDatabase.open(join(dir, 'conventio.sqlite'));
  });

  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function append(streamId: string, count: number): Promise<void> {
    await db.write(async (manager) => {
      const batch = new EventBatch();
      for (let version = 1; version <= count; version++) {
        await repository.stage(manager, batch, {
          streamId,
          version,
          type: 'NOTICE_DEADLINE_PASSED',
          payload: { n: version },
          actor: SYSTEM_ACTOR,
          occurredAt: new Date(Date.UTC(2000, 0, 1) + version * 60_000).toISOString(),
          definitionRef: 'halde-amf-2010@1',
          machineVersion: 1,
          idempotencyKey: null,
        });
      }
      await repository.appendStaged(manager, batch);
    });
  }

  it('appends more events than one statement can bind, dense, in order and chained', async () => {
    const columns = db.read.connection.getMetadata(EventRow).columns.length;
    const count = Math.ceil(MAX_PARAMETERS / columns) * 2 + 7;
    expect(count * columns).toBeGreaterThan(MAX_PARAMETERS * 2);

    await append('s1', count);

    const rows = await db.read.find(EventRow, { order: { sequence: 'ASC' } });
    expect(rows).toHaveLength(count);
    expect(rows.map((r) => r.sequence)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
  });

  it('continues the global sequence after a large append', async () => {
    await append('s1', 2_500);
    await append('s2', 3);
    const last = await db.read.find(EventRow, { where: { streamId: 's2' }, order: { sequence: 'ASC' } });
    expect(last.map((r) => r.sequence)).toEqual([2_501, 2_502, 2_503]);
    expect(await repository.lastOccurredAt(db.read)).toBe(last[2]!.occurredAt);
  });
});
