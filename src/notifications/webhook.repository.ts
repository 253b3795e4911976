import { EntityManager, In } from 'typeorm';
import { WebhookEndpointRow } from '../database/notification.entities';

/**
 * The only place that reads and writes webhook endpoints, but for the write path's read of the
 * parties' recipients (`recipients.ts`, with their contacts in one statement).
 */
export class WebhookRepository {
  async add(manager: EntityManager, row: WebhookEndpointRow): Promise<void> {
    await manager.insert(WebhookEndpointRow, row);
  }

  async remove(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.delete(WebhookEndpointRow, { id });
    return (result.affected ?? 0) > 0;
  }

  async list(manager: EntityManager, partyId: string | null): Promise<WebhookEndpointRow[]> {
    return manager.find(WebhookEndpointRow, {
      where: partyId ? { partyId } : {},
      order: { partyId: 'ASC', createdAt: 'ASC' },
    });
  }

  async byIds(manager: EntityManager, ids: readonly string[]): Promise<WebhookEndpointRow[]> {
    if (!ids.length) return [];
    return manager.find(WebhookEndpointRow, { where: { id: In([...ids]) } });
  }
}
