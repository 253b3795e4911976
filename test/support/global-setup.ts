import { randomBytes } from 'node:crypto';
import { admin, TEST_RUN_ENV } from './postgres';
import { ensurePostgres } from './postgres-fallback';
import { testDialect } from './test-store';

/**
 * Jest global setup of the e2e and cluster projects. On PostgreSQL (`CONVENTIO_TEST_DATABASE=postgres`)
 * it finds a server — TEST_POSTGRES_URL, or an embedded one started when nothing answers there — and
 * checks it at once, rather than in every suite; then names this run's test databases (see
 * TEST_RUN_ENV) so that the teardown finds its leftovers. On SQLite it does nothing.
 */
export default async function globalSetup(): Promise<void> {
  if (testDialect() !== 'postgres') return;
  const url = await ensurePostgres();
  try {
    await admin(async (client) => {
      await client.query('SELECT 1');
    });
  } catch (error) {
    throw new Error(
      `CONVENTIO_TEST_DATABASE=postgres, but ${(error as Error).message}\n` +
        `Set TEST_POSTGRES_URL to a database on a running server that lets its user create databases (now: ${url}).`,
    );
  }
  process.env[TEST_RUN_ENV] ??= randomBytes(6).toString('hex');
}
