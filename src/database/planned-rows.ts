import { EntityManager } from 'typeorm';
import { inList, sql } from './sql';

/**
 * The tables of planned rows, re-planned after each event of their convention: deadlines and
 * reminders. Both keep a row's `id`, its deterministic `key`, its `status` and when it was settled.
 */
export type PlanTable = 'deadlines' | 'reminders';

/** Cancels the pending rows a plan no longer implies, in one statement whatever their number. */
export async function cancelPlanned(
  manager: EntityManager,
  table: PlanTable,
  ids: readonly number[],
  at: string,
): Promise<void> {
  if (!ids.length) return;
  const list = inList(manager, 'id', ids, 'integer');
  await sql(manager, `UPDATE "${table}" SET "status" = 'CANCELLED', "settled_at" = ? WHERE ${list.text}`, [
    at,
    list.param,
  ]);
}

/** The rows of these keys, whatever their status (a key settled before is never planned again). */
export function plannedByKeys(
  manager: EntityManager,
  table: PlanTable,
  keys: readonly string[],
): Promise<{ id: number; key: string; status: string }[]> {
  const list = inList(manager, 'key', keys, 'text');
  return sql(manager, `SELECT "id", "key", "status" FROM "${table}" WHERE ${list.text}`, [list.param]);
}
