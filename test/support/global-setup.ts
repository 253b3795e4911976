import { randomBytes } from 'node:crypto';
import { admin, POSTGRES_ADMIN_URL, TEST_RUN_ENV } from './postgres';
import { testDialect } from './test-store';

/**
 * Jest global setup of the e2e project. On PostgreSQL (`CONVENTIO_TEST_DATABASE=postgres`) it
 * fails the run at once when the server is not reachable, rather than in every suite, and names
 * this run's test databases (see TEST_RUN_ENV) so that the teardown finds its leftovers. On
 * SQLite it does nothing.
 */
export default async function globalSetup(): Promise<void> {
  if (testDialect() !== 'postgres') return;
  try {
    await admin(async (client) => {
      await client.query('SELECT 1');
    });
  } catch (error) {
    throw new Error(
      `CONVENTIO_TEST_DATABASE=postgres, but ${(error as Error).message}\n` +
        `Start PostgreSQL at ${POSTGRES_ADMIN_URL}, or set TEST_POSTGRES_URL to a database on a running server.`,
    );
  }
  process.env[TEST_RUN_ENV] = randomBytes(6).toString('hex');
}
