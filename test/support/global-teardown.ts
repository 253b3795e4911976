import { dropTestDatabases, TEST_DATABASE_PREFIX, TEST_RUN_ENV } from './postgres';
import { stopEmbeddedPostgres } from './postgres-fallback';
import { testDialect } from './test-store';

const DONE = Symbol.for('conventio.testTeardownDone');

/**
 * Jest global teardown of the e2e and cluster projects, on PostgreSQL only: drops every database
 * this run created and did not drop itself (a test killed by its timeout, a failed `beforeAll`),
 * then stops the embedded server if the setup had to start one.
 */
export default async function globalTeardown(): Promise<void> {
  const run = process.env[TEST_RUN_ENV];
  if (testDialect() !== 'postgres' || !run) return;
  // Both projects name this teardown; the first one does the work.
  const holder = globalThis as { [DONE]?: boolean };
  if (holder[DONE]) return;
  holder[DONE] = true;
  try {
    const left = await dropTestDatabases(`${TEST_DATABASE_PREFIX}${run}`);
    if (left.length)
      console.warn(`dropped ${left.length} test database(s) this run left: ${left.join(', ')}`);
  } finally {
    await stopEmbeddedPostgres();
  }
}
