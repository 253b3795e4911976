import { Config } from '../config';
import { ChangeFeed } from './change-feed';
import { InProcessChangeFeed } from './in-process-change-feed';

/** The embedded mode delivers in-process; PostgreSQL carries changes between instances. */
export async function createChangeFeed(config: Config): Promise<ChangeFeed> {
  if (!config.databaseUrl) return new InProcessChangeFeed();
  const { PostgresChangeFeed } = await import('./postgres-change-feed');
  return PostgresChangeFeed.connect(config.databaseUrl);
}
