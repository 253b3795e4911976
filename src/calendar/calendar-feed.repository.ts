import { Brackets, EntityManager, IsNull } from 'typeorm';
import { ConventionRecord } from '../conventions/records';
import { selectColumns, sql } from '../database/sql';
import { CalendarFeedRow } from '../database/calendar-feed.entity';

export interface PartyState {
  conventions: number;
  versions: number;
  lastChange: string | null;
}

export type ConventionViewRow = Pick<
  ConventionRecord,
  'id' | 'definitionId' | 'definitionVersion' | 'version' | 'view'
>;

export interface FeedPage {
  rows: CalendarFeedRow[];
  hasNextPage: boolean;
}

/** The `calendar_feeds` table: the only place feeds are read and written. */
export class CalendarFeedRepository {
  async insert(manager: EntityManager, row: CalendarFeedRow): Promise<void> {
    await manager.insert(CalendarFeedRow, row);
  }

  async find(manager: EntityManager, id: string): Promise<CalendarFeedRow | null> {
    return manager.findOne(CalendarFeedRow, { where: { id } });
  }

  /** The active feed whose key has this hash: every feed request asks, so it is written out. */
  async findActiveByKeyHash(manager: EntityManager, keyHash: string): Promise<CalendarFeedRow | null> {
    const [row] = await sql<CalendarFeedRow>(
      manager,
      `SELECT ${selectColumns(manager, CalendarFeedRow)} FROM "calendar_feeds"
       WHERE "key_hash" = ? AND "revoked_at" IS NULL`,
      [keyHash],
    );
    return row ?? null;
  }

  /**
   * What changes whenever a feed of the party could: every write to a convention appends an
   * event (its version grows, and the deadlines it plans or fires are settled in the same
   * transaction), and a new convention adds one to the count.
   */
  async partyState(manager: EntityManager, partyId: string): Promise<PartyState> {
    const [row] = await sql<{ n: number | string; versions: number | string | null; at: string | null }>(
      manager,
      `SELECT COUNT(*) AS "n", SUM(c."version") AS "versions", MAX(c."updated_at") AS "at"
       FROM "conventions" c JOIN "convention_parties" cp ON cp."convention_id" = c."id"
       WHERE cp."party_id" = ?`,
      [partyId],
    );
    // PostgreSQL answers COUNT and SUM as text (bigint, numeric).
    return {
      conventions: Number(row?.n ?? 0),
      versions: Number(row?.versions ?? 0),
      lastChange: row?.at ?? null,
    };
  }

  /** What a feed shows of conventions: their definition and view, not their (larger) snapshot. */
  async conventionViews(manager: EntityManager, ids: readonly string[]): Promise<ConventionViewRow[]> {
    if (!ids.length) return [];
    return manager
      .createQueryBuilder<ConventionRecord>('conventions', 'c')
      .select(['c.id', 'c.definitionId', 'c.definitionVersion', 'c.version', 'c.view'])
      .where('c.id IN (:...ids)', { ids })
      .getMany();
  }

  /** Oldest first, revoked ones included (an admin sees what was ended and when). */
  async list(
    manager: EntityManager,
    partyId: string | null,
    first: number,
    after: { createdAt: string; id: string } | null,
  ): Promise<FeedPage> {
    const query = manager.createQueryBuilder(CalendarFeedRow, 'f');
    if (partyId) query.where('f.party_id = :partyId', { partyId });
    if (after) {
      query.andWhere(
        new Brackets((q) =>
          q
            .where('f.created_at > :createdAt', after)
            .orWhere('(f.created_at = :createdAt AND f.id > :id)', after),
        ),
      );
    }
    const rows = await query
      .orderBy('f.created_at', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .limit(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  /** Returns false when there is no such active feed. */
  async revoke(manager: EntityManager, id: string, at: string): Promise<boolean> {
    const result = await manager.update(CalendarFeedRow, { id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }
}
