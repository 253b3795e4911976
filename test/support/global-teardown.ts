import { dropTestDatabases, TEST_DATABASE_PREFIX, TEST_RUN_ENV } from './postgres';
import { testDialect } from './test-store';

/**
 * Jest global teardown of the e2e project, on PostgreSQL only: drops every database this run
 * created and did not drop itself (a test killed by its timeout, a failed `beforeAll`).
 */
export default async function globalTeardown(): Promise<void> {
  const run = process.env[TEST_RUN_ENV];
  if (testDialect() !== 'postgres' || !run) return;
  const left = await dropTestDatabases(`${TEST_DATABASE_PREFIX}${run}`);
  if (left.length) console.warn(`dropped ${left.length} test database(s) this run left: ${left.join(', ')}`);
}
