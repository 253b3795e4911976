import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { Database } from './database';
import { ENTITIES } from './entities';
import { SQLITE_MIGRATIONS } from './migrations';
import { sqlStatsLogger } from './sql-stats';

type SqliteConnection = { pragma(source: string): unknown };

interface PendingWrite<T> {
  work: (manager: EntityManager) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** Writes that may share one commit. */
const MAX_GROUP = 64;

/**
 * The embedded store: one SQLite file in WAL mode, opened twice. The writer connection runs
 * every write transaction, one at a time, started with BEGIN IMMEDIATE and committed with
 * synchronous=FULL before anything is acknowledged. The reader connection serves queries
 * and, thanks to WAL, only ever sees committed transactions — never a write in progress on
 * the writer.
 */
export class SqliteDatabase implements Database {
  private constructor(
    readonly writer: DataSource,
    readonly reader: DataSource,
  ) {}

  static async open(path: string): Promise<SqliteDatabase> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
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
        db.pragma('synchronous = FULL');
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
    });
    await reader.initialize();
    return new SqliteDatabase(writer, reader);
  }

  /**
   * Runs `work` in a write transaction, after every write queued before it, and resolves only
   * once the COMMIT that contains it has returned (synchronous=FULL: on disk). Writes that
   * queue up while one commit is in flight share the next commit (group commit): each runs in
   * its own savepoint, so one that fails is rolled back alone and the others still commit.
   */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve, reject } as PendingWrite<unknown>);
      if (!this.flushing) void this.flush();
    });
  }

  private pending: PendingWrite<unknown>[] = [];
  private flushing = false;

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_GROUP);
        await this.commitGroup(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commitGroup(batch: PendingWrite<unknown>[]): Promise<void> {
    const runner = this.writer.createQueryRunner();
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await runner.query('BEGIN IMMEDIATE');
      for (const [index, job] of batch.entries()) {
        const savepoint = `write_${index}`;
        await runner.query(`SAVEPOINT ${savepoint}`);
        try {
          outcomes.push({ ok: true, value: await job.work(runner.manager) });
          await runner.query(`RELEASE ${savepoint}`);
        } catch (error) {
          await runner.query(`ROLLBACK TO ${savepoint}`);
          await runner.query(`RELEASE ${savepoint}`);
          outcomes.push({ ok: false, error });
        }
      }
      await runner.query('COMMIT');
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      for (const job of batch) job.reject(error);
      return;
    } finally {
      await runner.release();
    }
    batch.forEach((job, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
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
    while (this.flushing || this.pending.length) await new Promise((r) => setTimeout(r, 5));
    if (this.reader.isInitialized) await this.reader.destroy();
    if (this.writer.isInitialized) await this.writer.destroy();
  }
}
