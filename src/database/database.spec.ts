import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { configFromEnv, databaseTarget } from '../config';
import { DEFAULT_SQLITE_CACHE_MB, openDatabase } from './database';
import { FileSync, SqliteDatabase as Database, WalSync } from './sqlite-database';
import { TokenRow } from './entities';

/** A row for the writes of these tests. */
const token = (id: string) => ({
  id,
  name: id,
  role: 'auditor',
  partyId: null,
  secretHash: `hash-${id}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  revokedAt: null,
});

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

describe('durability of SQLite writes', () => {
  let dir: string;
  let db: Database;
  /** Disk flushes asked for, each finished by the test. */
  let flushes: { fd: number; finish: (error?: Error) => void }[];

  const syncFile: FileSync = (fd) =>
    new Promise<void>((resolve, reject) => {
      flushes.push({ fd, finish: (error) => (error ? reject(error) : resolve()) });
    });

  const turn = () => new Promise((resolve) => setTimeout(resolve, 20));

  beforeEach(async () => {
    flushes = [];
    dir = mkdtempSync(join(tmpdir(), 'conventio-db-'));
    db = await Database.open(join(dir, 'conventio.sqlite'), { syncFile });
  });

  afterEach(async () => {
    for (const flush of flushes) flush.finish();
    const closing = db.close();
    // Flushes asked for while closing are finished too.
    const finishing = setInterval(() => flushes.forEach((f) => f.finish()), 5);
    await closing;
    clearInterval(finishing);
    rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledges a write only once the log flush that followed its commit has finished', async () => {
    let acknowledged = false;
    const write = db.write((m) => m.insert(TokenRow, token('t1'))).then(() => (acknowledged = true));
    await turn();
    // Committed (a reader sees it) but not acknowledged: its flush is still running.
    expect(await db.read.findOneBy(TokenRow, { id: 't1' })).not.toBeNull();
    expect(flushes).toHaveLength(1);
    expect(acknowledged).toBe(false);
    flushes[0]!.finish();
    await write;
    expect(acknowledged).toBe(true);
  });

  it('does not let a flush that started before a commit acknowledge it', async () => {
    const first = db.write((m) => m.insert(TokenRow, token('t1')));
    await turn();
    let secondAcknowledged = false;
    const second = db.write((m) => m.insert(TokenRow, token('t2'))).then(() => (secondAcknowledged = true));
    await turn();
    // The second commit reached the log while the first flush ran: it waits for another one.
    expect(flushes).toHaveLength(1);
    flushes[0]!.finish();
    await first;
    await turn();
    expect(secondAcknowledged).toBe(false);
    expect(flushes).toHaveLength(2);
    flushes[1]!.finish();
    await second;
    expect(secondAcknowledged).toBe(true);
  });

  it('serves every commit that reached the log during one flush with a single next flush', async () => {
    const first = db.write((m) => m.insert(TokenRow, token('t0')));
    await turn();
    const later: Promise<unknown>[] = [];
    for (let i = 1; i <= 5; i++) {
      later.push(db.write((m) => m.insert(TokenRow, token(`t${i}`))));
      await turn(); // each in its own group
    }
    expect(flushes).toHaveLength(1);
    flushes[0]!.finish();
    await first;
    await turn();
    expect(flushes).toHaveLength(2);
    flushes[1]!.finish();
    await Promise.all(later);
    expect(flushes).toHaveLength(2);
  });

  it('puts the writes that arrive in the same turn of the event loop in one commit and one flush', async () => {
    const writes = Array.from({ length: 20 }, (_, i) => db.write((m) => m.insert(TokenRow, token(`t${i}`))));
    await turn();
    expect(flushes).toHaveLength(1);
    flushes[0]!.finish();
    await Promise.all(writes);
    expect(await db.read.count(TokenRow)).toBe(20);
  });

  it('flushes the -wal file of the store', async () => {
    const write = db.write((m) => m.insert(TokenRow, token('t1')));
    await turn();
    const { fstatSync, statSync } = await import('node:fs');
    expect(fstatSync(flushes[0]!.fd).ino).toBe(statSync(join(dir, 'conventio.sqlite-wal')).ino);
    flushes[0]!.finish();
    await write;
  });

  it('answers an error, not success, when the flush fails', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const write = db.write((m) => m.insert(TokenRow, token('t1')));
    await turn();
    flushes[0]!.finish(new Error('EIO'));
    await expect(write).rejects.toThrow('the write could not be made durable');
    spy.mockRestore();
  });

  it('asks for no flush when every write of a group was rolled back', async () => {
    await expect(
      db.write(async (m) => {
        await m.insert(TokenRow, token('lost'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(flushes).toHaveLength(0);
  });
});

describe('WalSync', () => {
  it('runs one flush at a time and coalesces the callers that arrive meanwhile', async () => {
    const started: (() => void)[] = [];
    const sync = new WalSync(3, () => new Promise<void>((resolve) => started.push(resolve)));
    const a = sync.sync();
    const b = sync.sync();
    const c = sync.sync();
    expect(started).toHaveLength(1);
    started[0]!();
    await a;
    await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(2);
    started[1]!();
    await Promise.all([b, c]);
    expect(started).toHaveLength(2);
  });
});

describe('SQLite page cache (SQLITE_CACHE_MB)', () => {
  let dir: string;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'conventio-db-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** `PRAGMA cache_size` as each connection reports it (negative: KiB). */
  async function cacheSizes(env: NodeJS.ProcessEnv): Promise<{ writer: number; reader: number }> {
    const config = configFromEnv({ ...env, DATABASE_PATH: join(dir, 'conventio.sqlite') });
    const db = (await openDatabase(databaseTarget(config))) as Database;
    try {
      const read = async (source: DataSource) =>
        ((await source.query('PRAGMA cache_size')) as { cache_size: number }[])[0]!.cache_size;
      return { writer: await read(db.writer), reader: await read(db.reader) };
    } finally {
      await db.close();
    }
  }

  it('sets the size it is given on the writer and the reader alike', async () => {
    expect(await cacheSizes({ SQLITE_CACHE_MB: '3' })).toEqual({ writer: -3072, reader: -3072 });
  });

  it('sets the default on both connections when nothing is said', async () => {
    const kib = -DEFAULT_SQLITE_CACHE_MB * 1024;
    expect(await cacheSizes({})).toEqual({ writer: kib, reader: kib });
  });
});
