import type { Database, Statement } from 'better-sqlite3';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

/**
 * `sql` on SQLite without TypeORM's query runner: the statement runs on the better-sqlite3
 * connection of the manager's data source, prepared once per text and connection.
 *
 * Why (issue 17): TypeORM's `query` on better-sqlite3 wraps each statement in
 * `DataSource.query`, the runner's release, the subscriber broadcaster (before and after, with
 * its own promises), a `QueryResult`, two clock reads for slow-query logging and half a dozen
 * awaits: 1–2 µs of CPU per statement, about a third of what an indexed lookup or a one-row
 * update costs through it (`npm run bench:sqlite-statements`). And its statement cache is a
 * FIFO of 100 per connection, shared with the query builder, so even a statement run on every
 * request is dropped and prepared again once 100 others came after it.
 *
 * What callers get stays the same: the rows for a statement that returns rows; for one that
 * does not, what TypeORM returns (the last inserted rowid, which no caller reads); failures as
 * TypeORM's `QueryFailedError` (query, parameters, better-sqlite3's error as `driverError`);
 * statements counted by the data source's logger when it has one (`SQL_STATS=1`, sql-stats.ts).
 *
 * Connection and transaction semantics are TypeORM's: each data source has one connection,
 * which its one query runner uses too, so a statement made with a write transaction's manager
 * runs on the writer inside that transaction, and one made with the read manager on the
 * reader. The statement runs when `sql` is called rather than a few microtasks later; either
 * way better-sqlite3 runs it whole, synchronously, between two turns of other work.
 */

/**
 * Statements kept per connection. The write path and the token lookup use a few dozen texts;
 * the rest (IN lists and multi-row inserts, whose text grows with their rows) come and go, and
 * the least recently used of them is dropped first, so the hot ones stay prepared.
 */
export const STATEMENTS_PER_CONNECTION = 200;

const cached = new WeakMap<Database, Map<string, Statement>>();

/** The better-sqlite3 connection of a data source (TypeORM's driver holds one). */
export function connectionOf(source: DataSource): Database {
  return (source.driver as unknown as { databaseConnection: Database }).databaseConnection;
}

/** The prepared statement of `text` on `db`, prepared on first use (throws as `prepare` does). */
export function preparedStatement(db: Database, text: string): Statement {
  let statements = cached.get(db);
  if (statements === undefined) {
    statements = new Map();
    cached.set(db, statements);
  }
  let statement = statements.get(text);
  if (statement !== undefined) {
    // Most recently used last: Map keeps insertion order, so the first key is the one to drop.
    statements.delete(text);
  } else {
    statement = db.prepare(text);
    if (statements.size >= STATEMENTS_PER_CONNECTION) {
      statements.delete(statements.keys().next().value!);
    }
  }
  statements.set(text, statement);
  return statement;
}

/**
 * better-sqlite3 binds no booleans: 1 and 0, as TypeORM's runner does. Anything else it cannot
 * bind (a Date) fails as it does through TypeORM. The array is copied only when it must change.
 */
function bindable(params: unknown[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    if (typeof params[i] === 'boolean') {
      return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
    }
  }
  return params;
}

export function sqliteStatement<T>(manager: EntityManager, text: string, params: unknown[]): Promise<T[]> {
  const source = manager.connection;
  const values = bindable(params);
  // Only a configured logger (the statement counter of SQL_STATS=1) hears of statements.
  const logged = source.options.logger !== undefined || Boolean(source.options.logging);
  if (logged) source.logger.logQuery(text, values);
  try {
    const statement = preparedStatement(connectionOf(source), text);
    // An array binds as the anonymous parameters, in order: no spread of up to 32,766 values.
    if (statement.reader) return Promise.resolve(statement.all(values) as T[]);
    return Promise.resolve(statement.run(values).lastInsertRowid as unknown as T[]);
  } catch (error) {
    if (logged) source.logger.logQueryError(error as Error, text, values);
    return Promise.reject(new QueryFailedError(text, values, error as Error));
  }
}
