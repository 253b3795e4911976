import { EntityManager } from 'typeorm';
import { isPostgres } from './database';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations';

/** Migrations of this release not yet recorded as run in the store (TypeORM's `migrations` table). */
export async function pendingMigrations(manager: EntityManager): Promise<string[]> {
  const known = isPostgres(manager) ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS;
  const rows = (await manager.query('SELECT "name" FROM "migrations"')) as { name: string }[];
  const run = new Set(rows.map((row) => row.name));
  return known.map((migration) => migration.name).filter((name) => !run.has(name));
}
