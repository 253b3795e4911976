import { EntityManager } from 'typeorm';

/**
 * SQLite's page cache per connection, in MiB (SQLITE_CACHE_MB). better-sqlite3 builds SQLite with
 * 16,000 KiB; the operating system's page cache keeps the file anyway, and 4 MiB kept the read
 * targets at 100,005 commitments for 24 MB less resident (bench/README.md, "Findings (2026-12-04,
 * evening: memory)").
 */
export const DEFAULT_SQLITE_CACHE_MB = 4;

/** Where the store is: one SQLite file (the embedded default) or a PostgreSQL database. */
export type DatabaseTarget =
  | {
      kind: 'sqlite';
      path: string;
      /** SQLite's page cache of each of its two connections, in MiB (SQLITE_CACHE_MB). */
      cacheMB?: number;
    }
  | { kind: 'postgres'; url: string; poolSize: number };

/** What a write tells the store about its statements. */
export interface WriteOptions {
  /**
   * Every statement of the work finds its rows by key (a convention's id, its rows' ids, its
   * stream), so one plan per statement serves every call whatever the values. PostgreSQL then
   * plans each statement once per connection, instead of once per call as it otherwise may
   * (`plan_cache_mode = force_generic_plan` for this transaction only: bench/README.md,
   * "Findings (2026-12-06, late: planned once)"). SQLite plans a statement when it is prepared,
   * once, either way.
   */
  byKey?: boolean;
}

/**
 * The store as services see it: run a write transaction, read committed state. Which database
 * is underneath is known here and in repositories (locks, claims), nowhere else.
 */
export interface Database {
  /**
   * Runs `work` in one write transaction and resolves only once its COMMIT is durable. A
   * failure rolls back everything `work` wrote.
   */
  write<T>(work: (manager: EntityManager) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** Committed state only. */
  readonly read: EntityManager;
  /**
   * True for a failure caused by another writer racing this one (a unique key taken in the
   * meantime, a serialisation failure or a deadlock): running the work again on fresh state
   * may succeed.
   */
  isWriteConflict(error: unknown): boolean;
  /**
   * Runs start-up work that must not run twice at once (publishing definitions) while holding
   * a store-wide lock: several instances may start together.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** For the repositories' few dialect-specific statements (locks, claims, placeholders). */
export function isPostgres(manager: EntityManager): boolean {
  return manager.connection.options.type === 'postgres';
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  // Each driver is loaded only when used: the embedded mode never loads pg, and PostgreSQL never opens SQLite.
  if (target.kind === 'sqlite') {
    const { SqliteDatabase } = await import('./sqlite-database');
    return SqliteDatabase.open(target.path, { cacheMB: target.cacheMB });
  }
  const { PostgresDatabase } = await import('./postgres-database');
  return PostgresDatabase.open(target.url, target.poolSize);
}
