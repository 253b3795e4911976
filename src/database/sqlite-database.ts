import { closeSync, fdatasync, openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import { ensurePrivateFile, PRIVATE_FILE_MODE } from '../common/private-files';
import { Database, DEFAULT_SQLITE_CACHE_MB } from './database';
import { ENTITIES } from './entities';
import { SQLITE_MIGRATIONS } from './migrations';
import { observeCommitGroup, observeWritePhase } from '../common/metrics';
import { sqlStatsLogger } from './sql-stats';
import { sqliteStatement } from './sqlite-statements';

type SqliteConnection = { pragma(source: string): unknown };

interface PendingWrite<T> {
  work: (manager: EntityManager) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  /** performance.now() when it was queued: the write-phase metrics (not the domain's clock). */
  queuedAt: number;
}

/** Writes that may share one commit. */
const MAX_GROUP = 64;

/** Flushes a file's data to the disk (fdatasync), on libuv's thread pool. */
export type FileSync = (fd: number) => Promise<void>;

const fdatasyncOffThread: FileSync = promisify(fdatasync);

/**
 * Makes what the write-ahead log holds durable. Each caller gets a promise that resolves after
 * an fdatasync of the `-wal` file that *started after the call*, so it covers every commit
 * written before it. Callers arriving while one runs share the next one: one disk flush serves
 * every commit that reached the log meanwhile.
 */
export class WalSync {
  private running: Promise<void> | null = null;
  private following: Promise<void> | null = null;

  constructor(
    private readonly fd: number,
    private readonly syncFile: FileSync = fdatasyncOffThread,
  ) {}

  sync(): Promise<void> {
    if (!this.running) return this.start();
    this.following ??= this.running.then(
      () => this.startFollowing(),
      () => this.startFollowing(),
    );
    return this.following;
  }

  private startFollowing(): Promise<void> {
    this.following = null;
    return this.start();
  }

  close(): void {
    closeSync(this.fd);
  }

  private start(): Promise<void> {
    const flush = this.syncFile(this.fd);
    this.running = flush;
    const done = () => {
      if (this.running === flush) this.running = null;
    };
    flush.then(done, done);
    return flush;
  }
}

/**
 * The embedded store: one SQLite file in WAL mode, opened twice. The writer connection runs
 * every write transaction, one at a time, started with BEGIN IMMEDIATE. The reader connection
 * serves queries and, thanks to WAL, only ever sees committed transactions — never a write in
 * progress on the writer.
 *
 * Durability: SQLite itself runs with synchronous=NORMAL (in WAL mode: no flush at COMMIT; the
 * log is flushed before each checkpoint and the database file after it), and a write is
 * acknowledged only after an fdatasync of the log that started after its COMMIT (`WalSync`):
 * the same guarantee as synchronous=FULL, whose flush would block the event loop for the
 * whole disk flush, while this one runs on libuv's thread pool and the next group of writes
 * runs meanwhile. What this gives up: a reader may see a commit a few milliseconds before it
 * is on disk (lost only if the machine itself crashes in that window, never the process).
 */
export class SqliteDatabase implements Database {
  private constructor(
    readonly writer: DataSource,
    readonly reader: DataSource,
    private readonly wal: WalSync | null,
  ) {}

  static async open(
    path: string,
    options: { syncFile?: FileSync; cacheMB?: number } = {},
  ): Promise<SqliteDatabase> {
    if (path !== ':memory:') ensurePrivateFile(path);
    // Negative: a size in KiB rather than a count of pages, whatever the page size.
    const cacheSize = `cache_size = -${(options.cacheMB ?? DEFAULT_SQLITE_CACHE_MB) * 1024}`;
    const writer = new DataSource({
      type: 'better-sqlite3',
      database: path,
      entities: ENTITIES,
      migrations: SQLITE_MIGRATIONS,
      migrationsTransactionMode: 'all',
      enableWAL: true,
      timeout: 5000,
      ...sqlStatsLogger(),
      prepareDatabase: (db: SqliteConnection) => {
        db.pragma('synchronous = NORMAL');
        db.pragma(cacheSize);
      },
    });
    await writer.initialize();
    await writer.runMigrations();
    const reader = new DataSource({
      type: 'better-sqlite3',
      database: path,
      entities: ENTITIES,
      enableWAL: true,
      timeout: 5000,
      ...sqlStatsLogger(),
      prepareDatabase: (db: SqliteConnection) => {
        db.pragma(cacheSize);
      },
    });
    await reader.initialize();
    if (path === ':memory:') return new SqliteDatabase(writer, reader, null);
    // The log exists from the first write on; 'a' creates it (empty: no frames) if not yet.
    const wal = openSync(`${path}-wal`, 'a', PRIVATE_FILE_MODE);
    return new SqliteDatabase(writer, reader, new WalSync(wal, options.syncFile));
  }

  /**
   * Runs `work` in a write transaction, after every write queued before it, and resolves only
   * once the COMMIT that contains it is on disk. Writes share commits (group commit): the
   * first write of a turn of the event loop waits for the end of that turn, so every request
   * read in the same turn joins its group, and writes that queue up while a group runs join the
   * next. Each runs in its own savepoint, so one that fails is rolled back alone and the others
   * still commit.
   */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve, reject, queuedAt: performance.now() } as PendingWrite<unknown>);
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private pending: PendingWrite<unknown>[] = [];
  private flushing = false;
  /** Groups committed whose disk flush is still running. */
  private readonly flushes = new Set<Promise<void>>();

  private async flush(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_GROUP);
        await this.commitGroup(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Runs one group in one transaction; its writes are settled once the commit is durable. The
   * transaction's own statements run straight on the writer's connection, as `sql` does (a
   * cached prepared statement, not TypeORM's query runner), and every write's savepoint has
   * the same name: each is released or rolled back before the next is taken, so three texts
   * stay prepared whatever the size of the group.
   */
  private async commitGroup(batch: PendingWrite<unknown>[]): Promise<void> {
    const runner = this.writer.createQueryRunner();
    const run = (text: string) => sqliteStatement(runner.manager, text, []);
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const startedAt = performance.now();
    let committedAt = startedAt;
    for (const job of batch) observeWritePhase('queued', (startedAt - job.queuedAt) / 1000);
    try {
      await run('BEGIN IMMEDIATE');
      for (const job of batch) {
        await run('SAVEPOINT "write"');
        try {
          outcomes.push({ ok: true, value: await job.work(runner.manager) });
          await run('RELEASE "write"');
        } catch (error) {
          await run('ROLLBACK TO "write"');
          await run('RELEASE "write"');
          outcomes.push({ ok: false, error });
        }
      }
      await run('COMMIT');
      observeCommitGroup(batch.length);
      committedAt = performance.now();
      for (let i = 0; i < batch.length; i++)
        observeWritePhase('transaction', (committedAt - startedAt) / 1000);
    } catch (error) {
      await run('ROLLBACK').catch(() => undefined);
      for (const job of batch) job.reject(error);
      return;
    } finally {
      await runner.release();
    }
    const settle = () =>
      batch.forEach((job, index) => {
        const outcome = outcomes[index]!;
        if (outcome.ok) job.resolve(outcome.value);
        else job.reject(outcome.error);
      });
    if (!this.wal || !outcomes.some((o) => o.ok)) return settle();
    // The next group may run while this one's flush is on its way; nothing is answered before it.
    const durable = this.wal.sync().then(
      () => {
        const seconds = (performance.now() - committedAt) / 1000;
        for (let i = 0; i < batch.length; i++) observeWritePhase('durable', seconds);
        settle();
      },
      (error: unknown) => {
        console.error('the write-ahead log could not be flushed to disk:', error);
        for (const job of batch) job.reject(new Error('the write could not be made durable'));
      },
    );
    this.flushes.add(durable);
    void durable.finally(() => this.flushes.delete(durable));
  }

  get read(): EntityManager {
    return this.reader.manager;
  }

  /** One writer connection runs one transaction at a time: two writers never race here. */
  isWriteConflict(): boolean {
    return false;
  }

  /** One process owns the file's writes: start-up work needs no lock of its own. */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async close(): Promise<void> {
    while (this.flushing || this.pending.length || this.flushes.size) {
      await new Promise((r) => setTimeout(r, 5));
    }
    if (this.reader.isInitialized) await this.reader.destroy();
    if (this.writer.isInitialized) await this.writer.destroy();
    this.wal?.close();
  }
}
