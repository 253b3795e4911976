import { EntityManager } from 'typeorm';
import { IdempotencyRow } from '../database/entities';

/** Results of mutations sent with an idempotency key, per token. */
export class IdempotencyRepository {
  async find(manager: EntityManager, actorId: string, key: string): Promise<IdempotencyRow | null> {
    return manager.findOne(IdempotencyRow, { where: { actorId, key } });
  }

  /** Fails with a unique violation when the key was taken meanwhile (another instance, same retry). */
  async save(manager: EntityManager, row: IdempotencyRow): Promise<void> {
    await manager.insert(IdempotencyRow, row);
  }
}
