import { types } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Database, WriteOptions } from './database';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations';
import { beginTransaction, isStalePlan } from './postgres-statements';
import { sqlStatsLogger } from './sql-stats';

// Log sequences and counts are bigint; they stay far below 2^53, so read them as numbers.
types.setTypeParser(types.builtins.INT8, (value: string) => Number(value));

/**
 * Held while one instance migrates and publishes definitions, so that N instances may start at
 * once (advisory lock namespace 3; see the repository for 1 and 2).
 */
const START_UP_LOCK = 3;

/** unique_violation, serialization_failure, deadlock_detected. */
const CONFLICT_CODES = new Set(['23505', '40001', '40P01']);

/**
 * The scale-out store: one PostgreSQL database shared by any number of API instances. Each
 * write is one transaction on a pooled connection (READ COMMITTED); PostgreSQL commits with
 * `synchronous_commit = on`, so a resolved write is on disk. Both are set for each connection
 * when it opens, whatever the server's defaults, so no transaction spends a round trip on
 * them. Writers of one convention are serialised by a per-stream advisory lock taken by the
 * repository inside the transaction; the global log order is given in the write's last
 * statement, with its COMMIT behind it. The connections pipeline: START goes out with a write's
 * first statement and, where the write ends with `postgresQueryThenCommit`, COMMIT with its
 * last, so a transition of two statements waits for PostgreSQL twice.
 */
const SESSION_SETTINGS = '-c default_transaction_isolation=read\\ committed -c synchronous_commit=on';

export class PostgresDatabase implements Database {
  private constructor(private readonly source: DataSource) {}

  static async open(url: string, poolSize: number): Promise<PostgresDatabase> {
    const source = new DataSource({
      type: 'postgres',
      url,
      entities: ENTITIES,
      migrations: POSTGRES_MIGRATIONS,
      migrationsTransactionMode: 'all',
      // Pipelining: a transaction's START and COMMIT ride with its first and last statements.
      extra: { max: poolSize, application_name: 'conventio', options: SESSION_SETTINGS, pipeline: true },
      ...sqlStatsLogger(),
    });
    await source.initialize();
    const db = new PostgresDatabase(source);
    try {
      await db.exclusively(() => source.runMigrations());
    } catch (error) {
      await source.destroy();
      throw error;
    }
    return db;
  }

  async write<T>(work: (manager: EntityManager) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const runner = this.source.createQueryRunner();
    try {
      // READ COMMITTED, the connection's setting: naming it here would cost a statement. START
      // goes out with the work's first statement.
      const { started } = await beginTransaction(runner, { genericPlans: options.byKey === true });
      const value = await work(runner.manager);
      const failed = await started;
      if (failed) throw failed;
      // The work's last statement may have taken the COMMIT with it (`postgresQueryThenCommit`).
      if (runner.isTransactionActive) await runner.commitTransaction();
      return value;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  get read(): EntityManager {
    return this.source.manager;
  }

  /** Runs `work` while holding the store-wide start-up lock (a session advisory lock). */
  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.source.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1, 0)', [START_UP_LOCK]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, 0)', [START_UP_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Also a statement prepared before a migration changed its result's columns (another instance
   * migrated meanwhile): it has been renamed, and the write runs again with it parsed anew.
   */
  isWriteConflict(error: unknown): boolean {
    if (!(error instanceof QueryFailedError)) return false;
    const code = (error.driverError as { code?: unknown } | undefined)?.code;
    return (typeof code === 'string' && CONFLICT_CODES.has(code)) || isStalePlan(error);
  }

  async close(): Promise<void> {
    if (this.source.isInitialized) await this.source.destroy();
  }
}
