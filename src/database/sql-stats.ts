import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'typeorm';

/**
 * Opt-in SQL statement counting (`SQL_STATS=1`), for tests and benchmarks that check how many
 * statements a request runs (no N+1). Off by default: the data sources get no logger and the
 * GraphQL server no plugin, so nothing of this runs in production.
 *
 * Each request gets its own counter in an AsyncLocalStorage, set by the GraphQL context
 * factory, so every statement the request causes, on the reader or the writer connection,
 * finds it; a plugin writes the count into `extensions.sqlStatements` of the response, and the
 * waits for the database into `extensions.sqlRoundTrips`: on PostgreSQL a statement pipelined
 * behind another (a transaction's START with its first statement, its COMMIT with its last)
 * is answered in the other's round trip; on SQLite, in-process, each statement is one call.
 */
export function sqlStatsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SQL_STATS === '1';
}

interface Counter {
  statements: number;
  /** Statements sent behind another without waiting for its answer (`ridesAlong`). */
  riding: number;
}

const current = new AsyncLocalStorage<Counter>();
const COUNTER = Symbol('sqlStatements');

/**
 * Wraps the GraphQL context factory: when enabled, each request starts its own counter before
 * the factory runs (before any `await`, so the store reaches the code that runs the
 * operation), and the counter rides on the context, where the plugin finds it.
 */
export function countingSqlStatements<A extends unknown[], T extends object>(
  factory: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  if (!sqlStatsEnabled()) return factory;
  return (...args) => {
    const counter: Counter = { statements: 0, riding: 0 };
    current.enterWith(counter);
    return factory(...args).then((context) => Object.assign(context, { [COUNTER]: counter }));
  };
}

/** Counts, for the current request, a statement answered in another's round trip (pipelined). */
export function ridesAlong(): void {
  const counter = current.getStore();
  if (counter) counter.riding += 1;
}

/** A TypeORM logger that only counts the statements run for the current request. */
export class SqlStatementCounter implements Logger {
  logQuery(): void {
    const counter = current.getStore();
    if (counter) counter.statements += 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** Data source options: the counting logger when enabled, nothing otherwise. */
export function sqlStatsLogger(): { logger?: Logger } {
  return sqlStatsEnabled() ? { logger: new SqlStatementCounter() } : {};
}

/** When enabled, a plugin that writes the count into `extensions.sqlStatements` of each response. */
export function sqlStatsPlugins(): ApolloServerPlugin[] {
  if (!sqlStatsEnabled()) return [];
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const counter = (contextValue as { [COUNTER]?: Counter })[COUNTER];
          if (!counter || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            sqlStatements: counter.statements,
            sqlRoundTrips: counter.statements - counter.riding,
          };
        },
      };
    },
  };
  return [plugin];
}
