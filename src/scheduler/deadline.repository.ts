import { EntityManager, In } from 'typeorm';
import { selectColumns, selectIn, sql } from '../database/sql';
import { leaseRows, skipLocked } from '../database/leases';
import { cancelPlanned, plannedByKeys } from '../database/planned-rows';
import { DeadlineRecord } from '../conventions/deadline-record';
import {
  comparePlan,
  DeadlineStore,
  PendingPlan,
  PendingPlans,
  pendingPlansOf,
  PendingRow,
} from '../conventions/deadline-store';
import { deadlineRank, PlannedDeadline } from '../machines/deadlines';
import { ReadableBy } from '../conventions/read-access';
import { readableCondition } from '../conventions/readable-condition';

export type DeadlineStatus = 'PENDING' | 'FIRED' | 'CANCELLED' | 'REFUSED';

// PostgreSQL's `conventio_lock_and_load` reads the same rows for a write's first event (migration
// 1765300000000-lock-and-load-pending; lock-and-load.medium-spec.ts compares the two).
const PENDING_DEADLINES = `SELECT 'D' AS "plan", "id", "key" FROM "deadlines"
  WHERE "convention_id" = ? AND "status" = 'PENDING'`;
const PENDING_DEADLINES_AND_REMINDERS = `${PENDING_DEADLINES}
  UNION ALL SELECT 'R' AS "plan", "id", "key" FROM "reminders"
  WHERE "convention_id" = ? AND "status" = 'PENDING'`;

/**
 * A new pending deadline. Written out: TypeORM's insert read each row's `rank` back afterwards, in a
 * statement with the row's id written into its text.
 */
const INSERT_DEADLINE = `INSERT INTO "deadlines"
  ("key", "convention_id", "kind", "subject", "due_on", "due_at", "rank", "event_type", "payload", "status", "created_at", "settled_at")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, NULL)`;

/** Durable deadlines: planned and cancelled in the transaction of the event that implies them. */
export class DeadlineRepository implements DeadlineStore {
  /**
   * The pending deadlines of a convention, and its pending reminders when asked, in one
   * statement: the write re-plans both after each event, in this order, and nothing between
   * the two syncs writes reminders, so the reminders read here are still the pending ones when
   * their sync comes (`EventRecorder`). The reminders' table is the notifications' (their
   * repository writes it); only this read of the write path spans both.
   */
  async pendingPlans(
    manager: EntityManager,
    conventionId: string,
    withReminders: boolean,
  ): Promise<PendingPlans> {
    const rows = await sql<PendingRow>(
      manager,
      withReminders ? PENDING_DEADLINES_AND_REMINDERS : PENDING_DEADLINES,
      withReminders ? [conventionId, conventionId] : [conventionId],
    );
    return pendingPlansOf(rows);
  }

  /**
   * Makes the pending deadlines of a convention match its plan: new ones are inserted,
   * ones no longer implied are cancelled. A key already fired or refused is never planned
   * again, which is what makes firing idempotent. `pending` is what `pendingPlans` read of them
   * in this transaction, under the convention's stream lock.
   */
  async sync(
    manager: EntityManager,
    conventionId: string,
    plan: PlannedDeadline[],
    at: string,
    pending: PendingPlan[],
  ): Promise<void> {
    const { stale, fresh } = comparePlan(plan, pending);
    await cancelPlanned(manager, 'deadlines', stale, at);
    if (!fresh.length) return;
    const known = await plannedByKeys(
      manager,
      'deadlines',
      fresh.map((d) => d.key),
    );
    const byKey = new Map(known.map((row) => [row.key, row]));
    for (const deadline of fresh) {
      const existing = byKey.get(deadline.key);
      if (existing?.status === 'CANCELLED') {
        // Planned again: with today's rank (a row cancelled before the order changed keeps its old one).
        await sql(
          manager,
          `UPDATE "deadlines" SET "status" = 'PENDING', "settled_at" = NULL, "rank" = ? WHERE "id" = ?`,
          [deadlineRank(deadline.kind), existing.id],
        );
      } else if (!existing) {
        await sql(manager, INSERT_DEADLINE, [
          deadline.key,
          conventionId,
          deadline.kind,
          deadline.subject,
          deadline.dueOn,
          deadline.dueAt,
          deadlineRank(deadline.kind),
          deadline.eventType,
          JSON.stringify(deadline.payload),
          at,
        ]);
      }
    }
  }

  /**
   * Pending deadlines due at `now`, earliest first (same-instant ties by rank). Asked after every
   * transition (through `nextDue`): written out rather than built.
   */
  async due(
    manager: EntityManager,
    now: string,
    limit: number,
    conventionId?: string,
  ): Promise<DeadlineRecord[]> {
    return sql<DeadlineRecord>(
      manager,
      `SELECT ${selectColumns(manager, 'deadlines')} FROM "deadlines"
       WHERE "status" = 'PENDING' AND "due_at" <= ?${conventionId ? ' AND "convention_id" = ?' : ''}
       ORDER BY "due_at" ASC, "rank" ASC, "id" ASC LIMIT ?`,
      conventionId ? [now, conventionId, limit] : [now, limit],
    );
  }

  /** The earliest pending deadline of one convention due at `now`. */
  async nextDue(manager: EntityManager, conventionId: string, now: string): Promise<DeadlineRecord | null> {
    const [next] = await this.due(manager, now, 1, conventionId);
    return next ?? null;
  }

  /**
   * Claims up to `limit` due deadlines for `owner` until `leaseUntil`, skipping rows another
   * instance holds (a live lease, or a row locked right now: FOR UPDATE SKIP LOCKED on
   * PostgreSQL). A claim only spreads the work: whoever fires a deadline does it under the
   * convention's stream lock and only while the row is still PENDING, so an expired claim
   * taken over by another instance can never fire twice.
   */
  async claimDue(
    manager: EntityManager,
    claim: { now: string; wallNow: string; leaseUntil: string; owner: string; limit: number },
  ): Promise<Pick<DeadlineRecord, 'id' | 'conventionId'>[]> {
    const rows = await sql<Pick<DeadlineRecord, 'id' | 'conventionId'>>(
      manager,
      `SELECT "id", "convention_id" AS "conventionId" FROM "deadlines"
       WHERE "status" = 'PENDING' AND "due_at" <= ? AND ("claimed_until" IS NULL OR "claimed_until" < ?)
       ORDER BY "due_at" ASC, "rank" ASC, "id" ASC LIMIT ?${skipLocked(manager)}`,
      [claim.now, claim.wallNow, claim.limit],
    );
    if (!rows.length) return [];
    await leaseRows(
      manager,
      'deadlines',
      rows.map((r) => r.id),
      { owner: claim.owner, until: claim.leaseUntil },
    );
    return rows;
  }

  async findPending(manager: EntityManager, id: number): Promise<DeadlineRecord | null> {
    const [row] = await sql<DeadlineRecord>(
      manager,
      `SELECT ${selectColumns(manager, 'deadlines')} FROM "deadlines" WHERE "id" = ? AND "status" = 'PENDING'`,
      [id],
    );
    return row ?? null;
  }

  /** Deadlines by id, in the order asked (a clock move's answer, re-read on a retry). */
  async byIds(manager: EntityManager, ids: readonly number[]): Promise<DeadlineRecord[]> {
    const rows = await selectIn<DeadlineRecord>(
      manager,
      selectColumns(manager, 'deadlines'),
      'deadlines',
      'id',
      ids,
      'integer',
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async settle(manager: EntityManager, id: number, status: DeadlineStatus, at: string): Promise<void> {
    await sql(manager, 'UPDATE "deadlines" SET "status" = ?, "settled_at" = ? WHERE "id" = ?', [
      status,
      at,
      id,
    ]);
  }

  async pendingOf(manager: EntityManager, conventionIds: readonly string[]): Promise<DeadlineRecord[]> {
    if (!conventionIds.length) return [];
    return manager.find<DeadlineRecord>('deadlines', {
      where: { conventionId: In([...conventionIds]), status: 'PENDING' },
      order: { dueAt: 'ASC', rank: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Pending deadlines, earliest first, of one party's conventions and/or one convention, of the
   * conventions `readableBy` may read (all when absent).
   */
  async upcoming(
    manager: EntityManager,
    filter: { partyId?: string; conventionId?: string; before?: string; readableBy?: ReadableBy },
    limit: number,
  ): Promise<DeadlineRecord[]> {
    const query = manager.createQueryBuilder<DeadlineRecord>('deadlines', 'd').where("d.status = 'PENDING'");
    if (filter.partyId) {
      query.innerJoin(
        'convention_parties',
        'cp',
        'cp.convention_id = d.convention_id AND cp.party_id = :partyId',
        {
          partyId: filter.partyId,
        },
      );
    }
    if (filter.conventionId)
      query.andWhere('d.convention_id = :conventionId', { conventionId: filter.conventionId });
    if (filter.before) query.andWhere('d.due_on < :before', { before: filter.before });
    readableCondition(query, 'd.convention_id', filter.partyId, filter.readableBy);
    return query
      .orderBy('d.due_at', 'ASC')
      .addOrderBy('d.rank', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}
