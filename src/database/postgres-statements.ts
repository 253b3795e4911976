import type { ClientBase, QueryResult } from 'pg';
import {
  EntityManager,
  QueryFailedError,
  QueryRunner,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

/**
 * `sql()` on PostgreSQL: each statement text is sent as a *named* prepared statement, parsed and
 * analysed once per connection, where TypeORM sends every statement unnamed, parsed and planned
 * each time (pgbench on the 13 statements of a markCommitmentDone: 1.30 ms of PostgreSQL CPU per
 * transaction unnamed, 0.82 ms prepared; bench/README.md, 2026-12-04).
 *
 * Callers see exactly what `manager.query` gives them: the rows, or `[rows, affected]` for an
 * UPDATE or a DELETE; failures wrapped in TypeORM's `QueryFailedError` with the driver's `code`
 * (which `PostgresDatabase.isWriteConflict` reads); each statement reported to the data source's
 * logger (`SQL_STATS=1` counts them there).
 *
 * It imports only `pg`'s types: the embedded mode never loads the driver.
 */

/**
 * Most texts given a name, process-wide. A named statement is held by each connection that ran
 * it, for the connection's life, so this also bounds what one PostgreSQL backend holds for us.
 * The write path and the token lookup use a few dozen texts; texts whose shape follows a row
 * count (`insertRows`, `IN (…)` lists) could take the rest, and beyond the cap texts run unnamed.
 */
export const MAX_NAMED_STATEMENTS = 256;

/** A text gets a name at its second use: a text run once (a large batch, a rare list) never holds one. */
const NAME_AT_USE = 2;

/** Texts still unnamed that are remembered (for their uses and their `$n` form); forgotten all at once beyond. */
const MAX_UNNAMED_TEXTS = 1024;

/** Prefix of our statements' names, as `pg_prepared_statements` shows them. */
export const STATEMENT_NAME_PREFIX = 'conventio_';

interface Statement {
  /** The text with PostgreSQL's `$n` placeholders. */
  readonly text: string;
  name: string | undefined;
  uses: number;
}

const statements = new Map<string, Statement>();
let named = 0;
let unnamed = 0;
let lastName = 0;

function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

function statementOf(text: string): Statement {
  let statement = statements.get(text);
  if (statement === undefined) {
    if (unnamed >= MAX_UNNAMED_TEXTS) forgetUnnamed();
    statement = { text: numbered(text), name: undefined, uses: 0 };
    statements.set(text, statement);
    unnamed += 1;
  }
  if (statement.name === undefined && ++statement.uses >= NAME_AT_USE && named < MAX_NAMED_STATEMENTS) {
    statement.name = `${STATEMENT_NAME_PREFIX}${++lastName}`;
    named += 1;
    unnamed -= 1;
  }
  return statement;
}

function forgetUnnamed(): void {
  for (const [text, statement] of statements) {
    if (statement.name === undefined) statements.delete(text);
  }
  unnamed = 0;
}

/**
 * PostgreSQL's answer when a prepared statement's result columns changed type under it (a
 * migration altered a column it reads, run by another instance while this one holds the
 * statement): the statement fails on every use, on every connection that prepared it. Matched
 * on the code and the routine, which are not translated (the message may be).
 */
export function isStalePlan(error: unknown): boolean {
  const driverError = (error instanceof QueryFailedError ? error.driverError : error) as
    { code?: unknown; routine?: unknown } | undefined;
  return driverError?.code === '0A000' && driverError.routine === 'RevalidateCachedQuery';
}

/** Runs one statement (`?` placeholders) on PostgreSQL, named once seen twice; see the module's comment. */
export async function postgresQuery<T>(
  manager: EntityManager,
  text: string,
  params: unknown[],
): Promise<T[]> {
  // A subscriber would expect TypeORM's query events: leave such a data source to TypeORM.
  if (manager.connection.subscribers.length) {
    return manager.query(statementOf(text).text, params) as Promise<T[]>;
  }
  const own = manager.queryRunner;
  if (own) return (await run(own, statementOf(text), params)) as T[];
  // Outside a transaction, a connection of the pool for this statement, as `manager.query` takes one.
  const runner = manager.connection.createQueryRunner();
  try {
    return (await run(runner, statementOf(text), params)) as T[];
  } finally {
    await runner.release();
  }
}

async function run(runner: QueryRunner, statement: Statement, params: unknown[]): Promise<unknown> {
  if (runner.isReleased) throw new QueryRunnerProviderAlreadyReleasedError();
  try {
    return await execute(runner, statement, params);
  } catch (error) {
    if (!isStalePlan(error) || statement.name === undefined) throw error;
    // A new name, process-wide: every connection parses the text again against the new schema,
    // and the old statement stays unused until its connection closes (one per such migration).
    statement.name = `${STATEMENT_NAME_PREFIX}${++lastName}`;
    // In a transaction the failure aborted it: the caller's write is retried as a lost race
    // (`isWriteConflict`). Outside one, the statement runs again at once.
    if (runner.isTransactionActive) throw error;
    return execute(runner, statement, params);
  }
}

/** What `PostgresQueryRunner.query` does around the driver's call, with the statement's name. */
async function execute(runner: QueryRunner, statement: Statement, params: unknown[]): Promise<unknown> {
  if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
  const client = (await runner.connect()) as ClientBase;
  const { logger, options } = runner.connection;
  logger.logQuery(statement.text, params, runner);
  const slowAfter = options.maxQueryExecutionTime;
  const started = slowAfter ? performance.now() : 0;
  let raw: QueryResult;
  try {
    raw = await client.query({ name: statement.name, text: statement.text, values: params });
  } catch (error) {
    logger.logQueryError(error as Error, statement.text, params, runner);
    throw new QueryFailedError(statement.text, params, error as Error);
  }
  if (slowAfter) {
    const took = performance.now() - started;
    if (took > slowAfter) logger.logQuerySlow(took, statement.text, params, runner);
  }
  // TypeORM's shape: the affected count beside the rows for UPDATE and DELETE only.
  return raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows;
}
