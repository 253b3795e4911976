import { EntityManager } from 'typeorm';
import { IdempotencyRow } from '../database/entities';
import { selectColumns, sql } from '../database/sql';

/** Answers of mutations sent with an idempotency key, per token. */
export class IdempotencyRepository {
  async find(manager: EntityManager, actorId: string, key: string): Promise<IdempotencyRow | null> {
    const [row] = await sql<IdempotencyRow>(
      manager,
      `SELECT ${selectColumns(manager, IdempotencyRow)} FROM "idempotency_keys" WHERE "actor_id" = ? AND "key" = ?`,
      [actorId, key],
    );
    return row ?? null;
  }

  /** Fails with a unique violation when the key was taken meanwhile (another instance, same retry). */
  async save(manager: EntityManager, row: IdempotencyRow): Promise<void> {
    await manager.insert(IdempotencyRow, row);
  }
}
