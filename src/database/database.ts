import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { sqlStatsLogger } from './sql-stats';

type SqliteConnection = { pragma(source: string): unknown };

/**
 * The embedded store: one SQLite file in WAL mode, opened twice. The writer connection runs
 * every write transaction, one at a time, started with BEGIN IMMEDIATE and committed with
 * synchronous=FULL before anything is acknowledged. The reader connection serves queries
 * and, thanks to WAL, only ever sees committed transactions — never a write in progress on
 * the writer.
 */
export class Database {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly writer: DataSource,
    readonly reader: DataSource,
  ) {}

  static async open(path: string): Promise<Database> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const writer = new DataSource({
      type: 'better-sqlite3',
      database: path,
      entities: ENTITIES,
      migrations: MIGRATIONS,
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
    return new Database(writer, reader);
  }

  /**
   * Runs `work` in one write transaction, after every write queued before it. The result is
   * returned only once COMMIT has returned; on any error the transaction is rolled back.
   */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.transaction(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.writer.createQueryRunner();
    try {
      await runner.query('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = await work(runner.manager);
      } catch (error) {
        await runner.query('ROLLBACK');
        throw error;
      }
      await runner.query('COMMIT');
      return result;
    } finally {
      await runner.release();
    }
  }

  get read(): EntityManager {
    return this.reader.manager;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    if (this.reader.isInitialized) await this.reader.destroy();
    if (this.writer.isInitialized) await this.writer.destroy();
  }
}
