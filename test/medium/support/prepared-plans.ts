import { EntityManager } from 'typeorm';
import { STATEMENT_NAME_PREFIX } from '../../../src/database/postgres-statements';

/**
 * One of our named prepared statements on a PostgreSQL connection (`pg_prepared_statements`), with
 * how many times it ran on a plan made for its values (custom) or on the one plan kept (generic).
 */
export interface PreparedPlans {
  name: string;
  statement: string;
  generic: number;
  custom: number;
}

/** Our named prepared statements on the manager's connection, in the order they were prepared. */
export async function plansOn(manager: EntityManager): Promise<PreparedPlans[]> {
  const rows = await manager.query<
    { name: string; statement: string; generic: string | number; custom: string | number }[]
  >(
    `SELECT "name", "statement", "generic_plans" AS "generic", "custom_plans" AS "custom"
     FROM pg_prepared_statements WHERE "name" LIKE $1 ORDER BY "prepare_time"`,
    [`${STATEMENT_NAME_PREFIX}%`],
  );
  return rows.map((row) => ({ ...row, generic: Number(row.generic), custom: Number(row.custom) }));
}
