import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/** Where the tests look for a PostgreSQL server when `TEST_POSTGRES_URL` is not set. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The PostgreSQL server the tests use: a connection to an existing database from which fresh
 * ones are created and dropped. Read on each use: when nothing answers there, the global setup
 * starts an embedded server and points `TEST_POSTGRES_URL` at it (embedded-postgres.ts).
 */
export function postgresAdminUrl(): string {
  return process.env.TEST_POSTGRES_URL || DEFAULT_POSTGRES_URL;
}

/** Prefix of every database a test creates, so that leftovers of a killed run can be found. */
export const TEST_DATABASE_PREFIX = 'conventio_test_';

/**
 * Set by the e2e suite's global setup to a few hex digits of its own: every database the run
 * creates starts with `conventio_test_<run>`, so its teardown drops what that run left (a killed
 * test) and nothing of a run going on beside it.
 */
export const TEST_RUN_ENV = 'CONVENTIO_TEST_RUN';

function runPrefix(): string {
  const run = process.env[TEST_RUN_ENV] ?? '';
  return /^[0-9a-f]*$/.test(run) ? `${TEST_DATABASE_PREFIX}${run}` : TEST_DATABASE_PREFIX;
}

/** object_in_use: CREATE DATABASE … TEMPLATE while a session is still connected to the template. */
const OBJECT_IN_USE = '55006';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Runs `work` on a connection to the admin database; an unreachable server fails naming TEST_POSTGRES_URL. */
export async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: postgresAdminUrl() });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${postgresAdminUrl()} (set TEST_POSTGRES_URL): ${(error as Error).message}`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * CREATE DATABASE, a few times over while the template is still in use: the backend of a
 * client that just disconnected from it may take a moment to exit.
 */
async function createDatabase(client: Client, name: string, template?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt >= 50) throw error;
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  }
}

/**
 * A new database, empty or a copy of `template` (which must have no connection); `drop()`
 * removes it, ending any connection still open to it.
 */
export async function createTestDatabase(template?: string): Promise<TestDatabase> {
  const name = `${runPrefix()}${randomBytes(6).toString('hex')}`;
  await admin((client) => createDatabase(client, name, template));
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Replaces database `name` by a fresh copy of `template`, ending any connection to `name`. */
export async function recreateDatabase(name: string, template: string): Promise<void> {
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await createDatabase(client, name, template);
  });
}

/** Drops every test database whose name starts with `prefix`; returns their names. */
export async function dropTestDatabases(prefix: string): Promise<string[]> {
  if (!prefix.startsWith(TEST_DATABASE_PREFIX)) throw new Error(`not a test database prefix: ${prefix}`);
  return admin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname',
      [prefix],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.map((r) => r.datname);
  });
}

/** Runs statements against one test database (for checks the API does not offer). */
export async function withDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The directory of the Unix socket the server at `url` listens on, as this machine sees it: the
 * first of its `unix_socket_directories` holding the socket of the URL's port; null when none
 * does (a server elsewhere, or one without a socket). `?host=<directory>` in a URL makes
 * node-postgres connect through it.
 */
export async function unixSocketDirectory(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url });
  await client.connect();
  let directories: string;
  try {
    const { rows } = await client.query<{ unix_socket_directories: string }>('SHOW unix_socket_directories');
    directories = rows[0]!.unix_socket_directories;
  } finally {
    await client.end();
  }
  const port = new URL(url).port || '5432';
  return (
    directories
      .split(',')
      .map((directory) => directory.trim())
      .find((directory) => directory.startsWith('/') && existsSync(join(directory, `.s.PGSQL.${port}`))) ??
    null
  );
}
