import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseTarget } from '../../src/database/database';
import { createTestDatabase, withDatabase } from './postgres';

/**
 * Which store the end-to-end suite runs on: the SQLite file (the default) or, with
 * `CONVENTIO_TEST_DATABASE=postgres` (`npm run test:pg`), a fresh PostgreSQL database per store.
 */
export type TestDialect = 'sqlite' | 'postgres';

export function testDialect(env: NodeJS.ProcessEnv = process.env): TestDialect {
  const value = env.CONVENTIO_TEST_DATABASE?.trim().toLowerCase() || 'sqlite';
  if (value === 'sqlite') return 'sqlite';
  if (value === 'postgres' || value === 'postgresql') return 'postgres';
  throw new Error(`CONVENTIO_TEST_DATABASE must be "sqlite" or "postgres", got "${value}"`);
}

/** A fresh, empty store for one server (or in-process runtime) and the CLI runs against it. */
export interface TestStore {
  readonly dialect: TestDialect;
  /** The SQLite file; also what `DATABASE_PATH` says in PostgreSQL mode, where nothing uses it. */
  readonly path: string;
  /** The PostgreSQL database's URL and name; null on SQLite. */
  readonly url: string | null;
  readonly name: string | null;
  /** The environment that selects this store for the server and the CLI. */
  readonly env: { DATABASE_PATH: string; DATABASE_URL?: string; AUDIT_KEY_PATH: string };
  /** The same for an in-process `openRuntime` (`Config` fields). */
  readonly config: { databasePath: string; databaseUrl: string | null; auditKeyPath: string };
  /** Drops the PostgreSQL database (the caller removes `dir`). */
  dispose(): Promise<void>;
}

/** What `openDatabase` opens for `store`: its PostgreSQL database with `poolSize` connections, or its file. */
export function databaseTargetOf(store: TestStore, poolSize = 4): DatabaseTarget {
  return store.url ? { kind: 'postgres', url: store.url, poolSize } : { kind: 'sqlite', path: store.path };
}

/**
 * A fresh store whose files (the SQLite file, the audit key) live in `dir`. In PostgreSQL mode
 * `DATABASE_URL` names a new database; `DATABASE_PATH` still points into `dir`, so that nothing
 * ever falls back to the working directory's `data/`.
 */
export async function createTestStore(dir: string, dialect: TestDialect = testDialect()): Promise<TestStore> {
  const path = join(dir, 'conventio.sqlite');
  const auditKeyPath = join(dir, 'audit-key.pem');
  if (dialect === 'sqlite') {
    return {
      dialect,
      path,
      url: null,
      name: null,
      // An empty DATABASE_URL: one set in the outer environment must not move the test to PostgreSQL.
      env: { DATABASE_PATH: path, DATABASE_URL: '', AUDIT_KEY_PATH: auditKeyPath },
      config: { databasePath: path, databaseUrl: null, auditKeyPath },
      dispose: async () => undefined,
    };
  }
  const database = await createTestDatabase();
  return {
    dialect,
    path,
    url: database.url,
    name: database.name,
    env: { DATABASE_PATH: path, DATABASE_URL: database.url, AUDIT_KEY_PATH: auditKeyPath },
    config: { databasePath: path, databaseUrl: database.url, auditKeyPath },
    dispose: () => database.drop(),
  };
}

/**
 * Everything the store holds, as bytes, for checks that a value is never stored: the SQLite
 * file with its write-ahead log, or on PostgreSQL the text of every row of every table.
 */
export async function storeContents(store: TestStore): Promise<Buffer> {
  if (store.dialect === 'sqlite') {
    return Buffer.concat(
      ['', '-wal']
        .filter((s) => existsSync(`${store.path}${s}`))
        .map((s) => readFileSync(`${store.path}${s}`)),
    );
  }
  return withDatabase(store.url!, async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const { rows } = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
      parts.push(...rows.map((r) => r.row));
    }
    return Buffer.from(parts.join('\n'));
  });
}
