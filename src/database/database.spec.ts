import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase as Database } from './sqlite-database';
import { TokenRow } from './entities';

describe('Database.write', () => {
  let dir: string;
  let db: Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-db-'));
    db = await Database.open(join(dir, 'conventio.sqlite'));
  });

  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const token = (id: string) => ({
    id,
    name: id,
    role: 'auditor',
    partyId: null,
    secretHash: `hash-${id}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    revokedAt: null,
  });

  it('commits concurrent writes together, each visible once its promise resolves', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `t${i}`);
    await Promise.all(
      ids.map((id) =>
        db
          .write(async (m) => {
            await m.insert(TokenRow, token(id));
          })
          .then(async () => expect(await db.read.findOneBy(TokenRow, { id })).not.toBeNull()),
      ),
    );
    expect(await db.read.count(TokenRow)).toBe(50);
  });

  it('rolls back a failing write alone: the others in the same commit are kept', async () => {
    const results = await Promise.allSettled([
      db.write((m) => m.insert(TokenRow, token('kept-1'))),
      db.write(async (m) => {
        await m.insert(TokenRow, token('lost'));
        throw new Error('refused');
      }),
      db.write((m) => m.insert(TokenRow, token('kept-2'))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await db.read.find(TokenRow)).map((t) => t.id).sort()).toEqual(['kept-1', 'kept-2']);
  });

  it('sees the earlier writes of the same commit, in queue order', async () => {
    const seen: number[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        db.write(async (m) => {
          seen.push(await m.count(TokenRow));
          await m.insert(TokenRow, token(`t${n}`));
        }),
      ),
    );
    expect(seen).toEqual([0, 1, 2]);
  });

  it('never shows a reader a write before it is committed', async () => {
    let observed: TokenRow | null = null;
    await db.write(async (m) => {
      await m.insert(TokenRow, token('pending'));
      observed = await db.read.findOneBy(TokenRow, { id: 'pending' });
    });
    expect(observed).toBeNull();
    expect(await db.read.findOneBy(TokenRow, { id: 'pending' })).not.toBeNull();
  });
});
