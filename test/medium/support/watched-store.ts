import { SqlStatementCounter } from '../../../src/database/sql-stats';
import { MediumStore, MediumStoreOptions, openMediumStore } from './medium-store';

/**
 * A medium store whose every statement, the query builder's and `sql()`'s alike, is handed to
 * `onStatement` with its text: the store is opened with the counting logger of SQL_STATS=1,
 * whose `logQuery` (called with the statement's text first) is watched. `jest.restoreAllMocks()`
 * stops the watch.
 */
export async function openWatchedStore(
  options: MediumStoreOptions,
  onStatement: (text: string) => void,
): Promise<MediumStore> {
  jest.spyOn(SqlStatementCounter.prototype, 'logQuery').mockImplementation((...args: unknown[]) => {
    onStatement(String(args[0]));
  });
  const before = process.env.SQL_STATS;
  process.env.SQL_STATS = '1';
  try {
    return await openMediumStore(options);
  } finally {
    if (before === undefined) delete process.env.SQL_STATS;
    else process.env.SQL_STATS = before;
  }
}
