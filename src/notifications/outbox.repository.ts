import { EntityManager, In } from 'typeorm';
import { inList, selectColumns, selectIn, sql, updateReturning } from '../database/sql';
import { leaseRows, skipLocked } from '../database/leases';
import { OutboxAttemptRow, OutboxRow } from '../database/notification.entities';

export const OUTBOX_STATUSES = ['PENDING', 'SENT', 'DEAD', 'UNDELIVERABLE', 'HELD', 'DIGESTED'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export type NewMessage = Omit<
  OutboxRow,
  'id' | 'attempts' | 'lastError' | 'claimedBy' | 'claimedUntil' | 'sentAt'
>;

const COLUMNS = [
  'key',
  'channel',
  'kind',
  'convention_id',
  'party_id',
  'recipient',
  'recipient_id',
  'subject',
  'body',
  'dated_at',
  'status',
  'attempts',
  'available_at',
  'created_at',
] as const;

/** The only place that reads and writes the outbox and its attempts. */
export class OutboxRepository {
  /** Adds messages; one whose key exists already is left as it is (the same reason, told once). */
  async add(manager: EntityManager, messages: readonly NewMessage[]): Promise<void> {
    if (!messages.length) return;
    const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
    const values = messages.flatMap((m) => [
      m.key,
      m.channel,
      m.kind,
      m.conventionId,
      m.partyId,
      m.recipient,
      m.recipientId,
      m.subject,
      m.body,
      m.datedAt,
      m.status,
      0,
      m.availableAt,
      m.createdAt,
    ]);
    await sql(
      manager,
      `INSERT INTO "outbox" (${COLUMNS.map((c) => `"${c}"`).join(', ')})
       VALUES ${messages.map(() => tuple).join(', ')} ON CONFLICT ("key") DO NOTHING`,
      values,
    );
  }

  /**
   * Claims up to `limit` messages ready at `now` (wall clock) for `owner` until `leaseUntil`,
   * skipping rows another instance holds: a live lease, or a row locked right now (FOR UPDATE
   * SKIP LOCKED on PostgreSQL).
   */
  async claim(
    manager: EntityManager,
    claim: { now: string; leaseUntil: string; owner: string; limit: number; channels: readonly string[] },
  ): Promise<OutboxRow[]> {
    if (!claim.channels.length) return [];
    const channels = inList(manager, 'channel', claim.channels, 'text');
    const claimed = await sql<{ id: number }>(
      manager,
      `SELECT "id" FROM "outbox"
       WHERE "status" = 'PENDING' AND "available_at" <= ? AND ${channels.text}
         AND ("claimed_until" IS NULL OR "claimed_until" < ?)
       ORDER BY "available_at" ASC, "id" ASC LIMIT ?${skipLocked(manager)}`,
      [claim.now, channels.param, claim.now, claim.limit],
    );
    if (!claimed.length) return [];
    const ids = claimed.map((r) => r.id);
    await leaseRows(manager, 'outbox', ids, { owner: claim.owner, until: claim.leaseUntil });
    return selectIn(
      manager,
      selectColumns(manager, OutboxRow),
      'outbox',
      'id',
      ids,
      'integer',
      'ORDER BY "id" ASC',
    );
  }

  /**
   * Records an attempt by `owner` and the message's new state. Nothing is recorded when the
   * claim was lost meanwhile (its lease expired and another instance took the message).
   */
  async settle(
    manager: EntityManager,
    id: number,
    owner: string,
    outcome: { at: string; error: string | null; status: OutboxStatus; availableAt: string },
  ): Promise<boolean> {
    const settled = await updateReturning<{ id: number }>(
      manager,
      `UPDATE "outbox" SET "status" = ?, "attempts" = "attempts" + 1, "available_at" = ?, "last_error" = ?,
         "claimed_by" = NULL, "claimed_until" = NULL, "sent_at" = ?
       WHERE "id" = ? AND "claimed_by" = ? RETURNING "id"`,
      [
        outcome.status,
        outcome.availableAt,
        outcome.error,
        outcome.status === 'SENT' ? outcome.at : null,
        id,
        owner,
      ],
    );
    if (settled.length === 0) return false;
    await sql(
      manager,
      `INSERT INTO "outbox_attempts" ("message_id", "attempted_at", "instance", "error") VALUES (?, ?, ?, ?)`,
      [id, outcome.at, owner, outcome.error],
    );
    return true;
  }

  /** A dead message goes back to PENDING with a fresh count; its past attempts are kept. */
  async retry(manager: EntityManager, id: number, now: string): Promise<boolean> {
    const result = await manager.update(
      OutboxRow,
      { id, status: In(['DEAD', 'UNDELIVERABLE']) },
      { status: 'PENDING', attempts: 0, availableAt: now, lastError: null },
    );
    return (result.affected ?? 0) > 0;
  }

  /** E-mail kept while no SMTP was configured goes out once one is. */
  async releaseUndeliverableEmail(manager: EntityManager, now: string): Promise<void> {
    await manager.update(
      OutboxRow,
      { channel: 'EMAIL', status: 'UNDELIVERABLE' },
      { status: 'PENDING', availableAt: now, lastError: null },
    );
  }

  async page(
    manager: EntityManager,
    filter: { status?: string | null; channel?: string | null; conventionId?: string | null },
    afterId: number,
    limit: number,
  ): Promise<{ rows: OutboxRow[]; hasNextPage: boolean; totalCount: number }> {
    const query = manager.createQueryBuilder(OutboxRow, 'o');
    if (filter.status) query.andWhere('o.status = :status', { status: filter.status });
    if (filter.channel) query.andWhere('o.channel = :channel', { channel: filter.channel });
    if (filter.conventionId)
      query.andWhere('o.convention_id = :conventionId', { conventionId: filter.conventionId });
    const totalCount = await query.clone().getCount();
    const rows = await query
      .andWhere('o.id > :afterId', { afterId })
      .orderBy('o.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, totalCount };
  }

  /** Contacts with held notices dated before `before`. */
  async heldRecipients(manager: EntityManager, before: string): Promise<string[]> {
    const rows = await sql<{ recipient_id: string }>(
      manager,
      `SELECT DISTINCT "recipient_id" FROM "outbox" WHERE "status" = 'HELD' AND "dated_at" < ? ORDER BY "recipient_id"`,
      [before],
    );
    return rows.map((r) => r.recipient_id);
  }

  async held(manager: EntityManager, recipientId: string, before: string): Promise<OutboxRow[]> {
    return sql<OutboxRow>(
      manager,
      `SELECT ${selectColumns(manager, OutboxRow)} FROM "outbox"
       WHERE "status" = 'HELD' AND "recipient_id" = ? AND "dated_at" < ? ORDER BY "dated_at", "id"`,
      [recipientId, before],
    );
  }

  async markDigested(manager: EntityManager, ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    const list = inList(manager, 'id', ids, 'integer');
    await sql(manager, `UPDATE "outbox" SET "status" = 'DIGESTED' WHERE ${list.text} AND "status" = 'HELD'`, [
      list.param,
    ]);
  }

  async byIds(manager: EntityManager, ids: readonly number[]): Promise<OutboxRow[]> {
    return selectIn(manager, selectColumns(manager, OutboxRow), 'outbox', 'id', ids, 'integer');
  }

  async attemptsOf(manager: EntityManager, ids: readonly number[]): Promise<OutboxAttemptRow[]> {
    const select = selectColumns(manager, OutboxAttemptRow);
    return selectIn(manager, select, 'outbox_attempts', 'message_id', ids, 'integer', 'ORDER BY "id" ASC');
  }

  async countByStatus(manager: EntityManager): Promise<Record<string, number>> {
    const rows = await manager
      .createQueryBuilder(OutboxRow, 'o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('o.status')
      .getRawMany<{ status: string; n: string | number }>();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
