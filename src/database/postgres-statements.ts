import type { ClientBase, QueryResult } from 'pg';
import {
  EntityManager,
  QueryFailedError,
  QueryRunner,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { ridesAlong } from './sql-stats';

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

/** The text with PostgreSQL's `$1`, `$2`… in place of `sql()`'s `?` placeholders, in order. */
export function numbered(text: string): string {
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
  if (ended.has(runner)) throw new Error(TRANSACTION_ENDED);
  try {
    return await execute(runner, statement, params);
  } catch (error) {
    if (!renamedIfStale(statement, error)) throw error;
    // In a transaction the failure aborted it: the caller's write is retried as a lost race
    // (`isWriteConflict`). Outside one, the statement runs again at once.
    if (runner.isTransactionActive) throw error;
    return execute(runner, statement, params);
  }
}

/**
 * A statement prepared before a migration changed its result's columns gets a new name,
 * process-wide: every connection parses the text again against the new schema, and the old
 * statement stays unused until its connection closes (one per such migration).
 */
function renamedIfStale(statement: Statement, error: unknown): boolean {
  if (!isStalePlan(error) || statement.name === undefined) return false;
  statement.name = `${STATEMENT_NAME_PREFIX}${++lastName}`;
  return true;
}

/** What `PostgresQueryRunner.query` does around the driver's call, with the statement's name. */
async function execute(runner: QueryRunner, statement: Statement, params: unknown[]): Promise<unknown> {
  if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
  const client = (await runner.connect()) as ClientBase;
  return shaped(await send(runner, client, statement, params));
}

/**
 * Hands the statement to the driver at once (the order of `send` calls is the order on the
 * wire) and answers its result, or its failure wrapped as TypeORM wraps it, logged as TypeORM
 * logs it (a slow statement too).
 */
function send(
  runner: QueryRunner,
  client: ClientBase,
  statement: Statement,
  params: unknown[],
): Promise<QueryResult> {
  const { logger, options } = runner.connection;
  logger.logQuery(statement.text, params, runner);
  const slowAfter = options.maxQueryExecutionTime;
  const started = slowAfter ? performance.now() : 0;
  return client.query({ name: statement.name, text: statement.text, values: params }).then(
    (raw) => {
      if (slowAfter) {
        const took = performance.now() - started;
        if (took > slowAfter) logger.logQuerySlow(took, statement.text, params, runner);
      }
      return raw;
    },
    (error: Error) => {
      logger.logQueryError(error, statement.text, params, runner);
      throw new QueryFailedError(statement.text, params, error);
    },
  );
}

/** TypeORM's shape: the affected count beside the rows for UPDATE and DELETE only. */
function shaped(raw: QueryResult): unknown {
  return raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows;
}

// Transactions in fewer round trips ---------------------------------------------------------

/**
 * The pool's connections pipeline (`pipeline: true`, `PostgresDatabase`): a statement handed to
 * one goes on the wire at once, without waiting for the answers to those before it, which come
 * back in order. A transaction's START then rides with its first statement, and its COMMIT with
 * its last, so a write of two statements waits for PostgreSQL twice, not four times.
 */
function pipelines(runner: QueryRunner, client: ClientBase): boolean {
  // A subscriber would expect TypeORM's transaction events: such a data source keeps TypeORM's.
  return (
    (client as ClientBase & { pipeline?: boolean }).pipeline === true && !runner.connection.subscribers.length
  );
}

/** What TypeORM's own `startTransaction`, `commitTransaction` and `rollbackTransaction` read and write. */
function recordTransaction(runner: QueryRunner, active: boolean): void {
  const record = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  record.isTransactionActive = active;
  record.transactionDepth = active ? 1 : 0;
}

/** Runners whose COMMIT went out behind their last statement (`postgresQueryThenCommit`). */
const ended = new WeakSet<QueryRunner>();

const TRANSACTION_ENDED =
  'this transaction has ended: its COMMIT went out with its last statement, and a statement now would run outside it';

/**
 * Refuses every later statement on the runner: `sql()`'s (`run` reads `ended`) and TypeORM's own
 * (`manager.query`, `insert`, `find`…, which all go through the runner's `query`). A write's
 * runner serves that write alone, and releasing it runs no statement.
 */
function endTransaction(runner: QueryRunner): void {
  ended.add(runner);
  runner.query = (() => Promise.reject(new Error(TRANSACTION_ENDED))) as QueryRunner['query'];
}

/**
 * For this transaction only: each statement's plan is made once per connection and reused,
 * whatever its parameters (PostgreSQL reverts the setting at the transaction's end).
 */
export const GENERIC_PLANS = 'SET LOCAL plan_cache_mode = force_generic_plan';

/**
 * Opens the runner's transaction: on a pipelining connection START TRANSACTION goes out now and
 * is not waited for, so the work's first statement follows it on the wire, and PostgreSQL
 * answers both in one round trip. TypeORM's record of the transaction is kept as its
 * `startTransaction` keeps it (active, at depth 1), so its commit and rollback serve it as one
 * of its own.
 *
 * With `genericPlans`, START carries `GENERIC_PLANS` in the same simple query (one message, no
 * round trip of its own): a write whose statements all find their rows by key would otherwise
 * have PostgreSQL plan some of them anew at every call, the projection's and the append's among
 * them, where one plan serves every call.
 *
 * Answers START's failure, if any, as `started`, which the caller reads before committing. START
 * fails only when its connection does, and then so does every statement behind it.
 */
export async function beginTransaction(
  runner: QueryRunner,
  options: { genericPlans?: boolean } = {},
): Promise<{ started: Promise<unknown> }> {
  const client = (await runner.connect()) as ClientBase;
  if (!pipelines(runner, client)) {
    await runner.startTransaction();
    if (options.genericPlans) await runner.query(GENERIC_PLANS);
    return { started: Promise.resolve(null) };
  }
  recordTransaction(runner, true);
  const start = options.genericPlans ? `START TRANSACTION; ${GENERIC_PLANS}` : 'START TRANSACTION';
  runner.connection.logger.logQuery(start, [], runner);
  ridesAlong();
  const started = client.query(start).then(
    () => null,
    (error: Error) => new QueryFailedError(start, [], error),
  );
  return { started };
}

/**
 * The transaction's last statement, with its COMMIT sent right behind it on a pipelining
 * connection (one round trip for both): answers the statement's rows once the COMMIT is
 * answered too, that is once the write is durable. When the statement fails, PostgreSQL answers
 * the COMMIT behind it with a ROLLBACK, and the statement's failure is thrown; when the COMMIT
 * fails (a conflict found at commit), its failure is. Either way the transaction is over: a
 * statement on this manager afterwards, through `sql()` or TypeORM, throws rather than run
 * outside it.
 *
 * Without a pipelining connection, or outside a transaction, the statement runs, then the COMMIT.
 */
export async function postgresQueryThenCommit<T>(
  manager: EntityManager,
  text: string,
  params: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('postgresQueryThenCommit needs a transaction');
  const client = (await runner.connect()) as ClientBase;
  if (!pipelines(runner, client)) {
    const rows = await postgresQuery<T>(manager, text, params);
    await runner.commitTransaction();
    endTransaction(runner);
    return rows;
  }
  const statement = statementOf(text);
  const answer = send(runner, client, statement, params);
  runner.connection.logger.logQuery('COMMIT', [], runner);
  ridesAlong();
  const commit = client.query('COMMIT');
  const [result, committed] = await Promise.allSettled([answer, commit]);
  recordTransaction(runner, false);
  endTransaction(runner);
  if (result.status === 'rejected') {
    renamedIfStale(statement, result.reason);
    throw result.reason;
  }
  if (committed.status === 'rejected') {
    const error = committed.reason as Error;
    runner.connection.logger.logQueryError(error, 'COMMIT', [], runner);
    throw new QueryFailedError('COMMIT', [], error);
  }
  // A COMMIT in a transaction that failed unseen answers ROLLBACK: not a commit, whatever the rows say.
  if (committed.value.command !== 'COMMIT') {
    throw new Error(`the transaction was not committed: PostgreSQL answered ${committed.value.command}`);
  }
  return shaped(result.value) as T[];
}
