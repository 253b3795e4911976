import { EntityManager } from 'typeorm';
import { isPostgres } from './database';
import { inList, sql } from './sql';

/** The tables whose rows an instance claims for a while before working on them: deadlines, the outbox. */
export type LeasedTable = 'deadlines' | 'outbox';

/**
 * What ends the SELECT that picks rows to claim: on PostgreSQL, rows another transaction has
 * locked right now are skipped rather than waited for; SQLite has one writer at a time.
 */
export function skipLocked(manager: EntityManager): string {
  return isPostgres(manager) ? ' FOR UPDATE SKIP LOCKED' : '';
}

/** Claims rows for `owner` until `until` (wall clock), in one statement whatever their number. */
export async function leaseRows(
  manager: EntityManager,
  table: LeasedTable,
  ids: readonly number[],
  lease: { owner: string; until: string },
): Promise<void> {
  const list = inList(manager, 'id', ids, 'integer');
  await sql(manager, `UPDATE "${table}" SET "claimed_by" = ?, "claimed_until" = ? WHERE ${list.text}`, [
    lease.owner,
    lease.until,
    list.param,
  ]);
}
