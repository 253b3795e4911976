import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { isPostgres } from './database';
import { postgresQuery } from './postgres-statements';
import { sqliteStatement } from './sqlite-statements';

/**
 * One SQL statement written once for both databases, with `?` placeholders (numbered `$n` on
 * PostgreSQL). The write path of a transition and the token lookup of every request use it
 * instead of the query builder: they run on every request, and building, escaping and
 * hydrating through the builder cost more than the statements themselves.
 */
export function sql<T = Record<string, unknown>>(
  manager: EntityManager,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  // PostgreSQL: named prepared statements (postgres-statements.ts); SQLite: straight on
  // better-sqlite3 with a cached prepared statement (sqlite-statements.ts).
  if (isPostgres(manager)) return postgresQuery<T>(manager, text, params);
  if (manager.connection.options.type === 'better-sqlite3') return sqliteStatement<T>(manager, text, params);
  return manager.query(text, params) as Promise<T[]>;
}

/**
 * The rows an `UPDATE … RETURNING` returns, on both stores: `sql()` gives a PostgreSQL UPDATE as
 * TypeORM does, `[rows, affected]`, and SQLite's as its rows.
 */
export async function updateReturning<T>(
  manager: EntityManager,
  text: string,
  params: unknown[],
): Promise<T[]> {
  const result = await sql<unknown>(manager, text, params);
  return (isPostgres(manager) ? (result as unknown as [T[], number])[0] : result) as T[];
}

/**
 * A number that changes whenever a commit reached the store since `manager` last read it, where
 * the store tells it in one cheap statement: SQLite's `PRAGMA data_version`, which changes when
 * another connection (the server's writer, another process, a hand-run sqlite3) commits to the
 * file, and only then; the read connection never writes. Null on PostgreSQL, which keeps no such
 * number: a caller reads again.
 */
export async function committedChangesMark(manager: EntityManager): Promise<number | null> {
  if (manager.connection.options.type !== 'better-sqlite3') return null;
  const [row] = await sqliteStatement<{ data_version: number }>(manager, 'PRAGMA data_version', []);
  return row?.data_version ?? null;
}

/** `?, ?, …`: `n` placeholders, for `IN (…)`. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/**
 * `"column" IN (…)` with the whole list as one parameter: the same text whatever the list's length,
 * so one prepared statement serves every call (SQLite: the elements of a JSON array; PostgreSQL:
 * `= ANY` of an array of `type`). TypeORM's `In(…)` writes one placeholder per element on SQLite,
 * and its better-sqlite3 driver writes whole numbers into the text itself (`"id" IN (42)`): every
 * call there was a new statement, prepared once and left to the garbage collector, which finalizes
 * thousands of them at once in a full collection (bench/README.md, "Findings (2026-12-06, morning:
 * a catch-up's longest wait)").
 */
export function inList(
  manager: EntityManager,
  column: string,
  values: readonly (string | number)[],
  type: 'text' | 'integer',
): { text: string; param: unknown } {
  if (isPostgres(manager)) return { text: `"${column}" = ANY(?::${type}[])`, param: [...values] };
  return { text: `"${column}" IN (SELECT "value" FROM json_each(?))`, param: JSON.stringify(values) };
}

/**
 * `SELECT <select> FROM "<table>" WHERE "<column>" IN (…) <rest>`: the rows whose column is one of
 * `values`, in one prepared statement whatever their number (`inList`); none, and no statement,
 * for an empty list. `rest` follows the condition (an ORDER BY).
 */
export async function selectIn<T>(
  manager: EntityManager,
  select: string,
  table: string,
  column: string,
  values: readonly (string | number)[],
  type: 'text' | 'integer',
  rest = '',
): Promise<T[]> {
  if (!values.length) return [];
  const list = inList(manager, column, values, type);
  return sql<T>(manager, `SELECT ${select} FROM "${table}" WHERE ${list.text}${rest && ` ${rest}`}`, [
    list.param,
  ]);
}

const selectLists = new Map<EntityTarget<ObjectLiteral>, Map<string, string>>();

/**
 * `"column" AS "property"` for every column of an entity (but the properties in `omit`), from its
 * TypeORM metadata: rows read with `sql` have the entity's shape, and the column names are
 * written only in `entities.ts`. With `alias`, each column is the alias's (`"m"."column"`), for a
 * statement that joins another table with columns of the same names.
 */
export function selectColumns(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  omit: readonly string[] = [],
  alias?: string,
): string {
  let lists = selectLists.get(entity);
  if (lists === undefined) {
    lists = new Map();
    selectLists.set(entity, lists);
  }
  const key = `${alias ?? ''}|${omit.join(',')}`;
  let list = lists.get(key);
  if (list === undefined) {
    const prefix = alias ? `"${alias}".` : '';
    list = manager.connection
      .getMetadata(entity)
      .columns.filter((column) => !omit.includes(column.propertyName))
      .map((column) => `${prefix}"${column.databaseName}" AS "${column.propertyName}"`)
      .join(', ');
    lists.set(key, list);
  }
  return list;
}

/**
 * Most bound parameters in one statement: SQLite's limit (SQLITE_MAX_VARIABLE_NUMBER, 32,766
 * since 3.32); PostgreSQL allows 65,535, so one bound serves both.
 */
export const MAX_PARAMETERS = 32_766;

/**
 * Inserts rows of an entity, as few statements as the parameter limit allows, in order; each
 * row gives every column of the entity.
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: T[],
): Promise<void> {
  if (!rows.length) return;
  const metadata = manager.connection.getMetadata(entity);
  const names = metadata.columns.map((column) => `"${column.databaseName}"`).join(', ');
  const tuple = `(${metadata.columns.map(() => '?').join(', ')})`;
  const perStatement = Math.floor(MAX_PARAMETERS / metadata.columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.flatMap((row) =>
      metadata.columns.map((column) => row[column.propertyName] as unknown),
    );
    await sql(
      manager,
      `INSERT INTO "${metadata.tableName}" (${names}) VALUES ${chunk.map(() => tuple).join(', ')}`,
      values,
    );
  }
}
