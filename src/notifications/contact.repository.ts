import { EntityManager, In } from 'typeorm';
import { ContactRow } from '../database/notification.entities';
import { placeholders, selectColumns, sql } from '../database/sql';

/**
 * The only place that reads and writes contacts, but for the write path's read of the parties'
 * recipients (`recipients.ts`, with their webhook endpoints in one statement).
 */
export class ContactRepository {
  async add(manager: EntityManager, row: ContactRow): Promise<void> {
    await manager.insert(ContactRow, row);
  }

  async remove(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.delete(ContactRow, { id });
    return (result.affected ?? 0) > 0;
  }

  async find(manager: EntityManager, partyId: string, email: string): Promise<ContactRow | null> {
    return manager.findOne(ContactRow, { where: { partyId, email } });
  }

  async list(manager: EntityManager, partyId: string | null): Promise<ContactRow[]> {
    return manager.find(ContactRow, {
      where: partyId ? { partyId } : {},
      order: { partyId: 'ASC', email: 'ASC' },
    });
  }

  /** Read by each reminder's release: written out rather than built (see `sql`). */
  async ofParties(manager: EntityManager, partyIds: readonly string[]): Promise<ContactRow[]> {
    if (!partyIds.length) return [];
    return sql<ContactRow>(
      manager,
      `SELECT ${selectColumns(manager, ContactRow)} FROM "contacts"
       WHERE "party_id" IN (${placeholders(partyIds.length)}) ORDER BY "id" ASC`,
      [...partyIds],
    );
  }

  async byIds(manager: EntityManager, ids: readonly string[]): Promise<ContactRow[]> {
    if (!ids.length) return [];
    return manager.find(ContactRow, { where: { id: In([...ids]) } });
  }

  async partiesWithContacts(manager: EntityManager): Promise<Set<string>> {
    const rows = await manager
      .createQueryBuilder(ContactRow, 'c')
      .select('DISTINCT c.party_id', 'partyId')
      .getRawMany<{ partyId: string }>();
    return new Set(rows.map((r) => r.partyId));
  }
}
