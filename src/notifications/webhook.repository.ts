import { EntityManager, In } from 'typeorm';
import { WebhookEndpointRow } from '../database/notification.entities';
import { placeholders, selectColumns, sql } from '../database/sql';

/** The only place that reads and writes webhook endpoints. */
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

  /** Read by every event: written out rather than built (see `sql`). */
  async ofParties(manager: EntityManager, partyIds: readonly string[]): Promise<WebhookEndpointRow[]> {
    if (!partyIds.length) return [];
    return sql<WebhookEndpointRow>(
      manager,
      `SELECT ${selectColumns(manager, WebhookEndpointRow)} FROM "webhook_endpoints"
       WHERE "party_id" IN (${placeholders(partyIds.length)}) ORDER BY "id" ASC`,
      [...partyIds],
    );
  }

  async byIds(manager: EntityManager, ids: readonly string[]): Promise<WebhookEndpointRow[]> {
    if (!ids.length) return [];
    return manager.find(WebhookEndpointRow, { where: { id: In([...ids]) } });
  }
}
