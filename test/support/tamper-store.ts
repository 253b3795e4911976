import Sqlite from 'better-sqlite3';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, recreateDatabase, TestDatabase } from './postgres';
import { TestStore } from './test-store';

/** One statement of the attacker's, with `$1…` placeholders, run in the tampering transaction. */
export interface TamperSql {
  run(sql: string, params?: unknown[]): Promise<void>;
}

/**
 * A store edited directly, as an attacker with write access to it would: the SQLite file with
 * its append-only triggers dropped, or the PostgreSQL database with them disabled (the attacker
 * owns the database). Every method expects the server stopped, but `tamper` with `inPlace`,
 * which edits the store as it is under a running server.
 */
export interface TamperableStore {
  /** Keeps the current state as the pristine one; returns every event row in log order. */
  keepPristine(): Promise<Record<string, unknown>[]>;
  /**
   * Restores the pristine state (unless `inPlace`), removes the append-only protection, runs
   * `tamper` in one transaction.
   */
  tamper(tamper: (db: TamperSql) => Promise<void>, options?: { inPlace?: boolean }): Promise<void>;
  dispose(): Promise<void>;
}

/** `dir` holds the pristine copy of a SQLite file. */
export function tamperableStore(store: TestStore, dir: string): TamperableStore {
  return store.dialect === 'sqlite'
    ? new SqliteTamperable(store.path, join(dir, 'pristine.sqlite'))
    : new PostgresTamperable(store);
}

class SqliteTamperable implements TamperableStore {
  constructor(
    private readonly path: string,
    private readonly pristine: string,
  ) {}

  async keepPristine(): Promise<Record<string, unknown>[]> {
    const db = new Sqlite(this.path);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      const rows = db.prepare('SELECT * FROM events ORDER BY sequence').all() as Record<string, unknown>[];
      copyFileSync(this.path, this.pristine);
      return rows;
    } finally {
      db.close();
    }
  }

  async tamper(tamper: (db: TamperSql) => Promise<void>, options: { inPlace?: boolean } = {}): Promise<void> {
    if (!options.inPlace) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.path}${suffix}`, { force: true });
      copyFileSync(this.pristine, this.path);
    }
    const db = new Sqlite(this.path, { timeout: 5000 });
    try {
      db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
      db.exec('BEGIN');
      try {
        await tamper({
          // `$n` becomes the named parameter `@pn`: better-sqlite3 binds no numbered ones.
          run: async (sql, params = []) => {
            db.prepare(sql.replace(/\$(\d+)/g, '@p$1')).run(
              Object.fromEntries(params.map((value, i) => [`p${i + 1}`, value])),
            );
          },
        });
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      db.close();
    }
  }

  async dispose(): Promise<void> {}
}

class PostgresTamperable implements TamperableStore {
  /** A copy of the database, never connected to: the template each case starts from. */
  private pristine: TestDatabase | null = null;

  constructor(private readonly store: TestStore) {}

  private async connected<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.store.url! });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  async keepPristine(): Promise<Record<string, unknown>[]> {
    const rows = await this.connected(
      async (client) =>
        (await client.query<Record<string, unknown>>('SELECT * FROM events ORDER BY sequence')).rows,
    );
    this.pristine = await createTestDatabase(this.store.name!);
    // bigint comes back as a string from pg: the log index is a number in the SQLite rows too.
    return rows.map((row) => ({ ...row, sequence: Number(row.sequence) }));
  }

  async tamper(tamper: (db: TamperSql) => Promise<void>, options: { inPlace?: boolean } = {}): Promise<void> {
    if (!this.pristine) throw new Error('keepPristine() first');
    if (!options.inPlace) await recreateDatabase(this.store.name!, this.pristine.name);
    await this.connected(async (client) => {
      await client.query('BEGIN');
      try {
        // USER: the triggers the schema created (the append-only ones), not the system's.
        await client.query('ALTER TABLE events DISABLE TRIGGER USER');
        await tamper({
          run: async (sql, params = []) => {
            await client.query(sql, params);
          },
        });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    });
  }

  async dispose(): Promise<void> {
    await this.pristine?.drop();
  }
}
