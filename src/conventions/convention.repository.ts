import { Brackets, EntityManager, SelectQueryBuilder } from 'typeorm';
import { canonicalJson } from '../common/canonical-json';
import { sameJson } from '../common/same-json';
import { isPostgres } from '../database/database';
import { insertRows, selectColumns, sql } from '../database/sql';
import {
  CommitmentCountRow,
  CommitmentOwnerRow,
  CommitmentRow,
  ConventionPartyRow,
  ConventionRow,
  EventRow,
} from '../database/entities';
import { eventHash, GENESIS_HASH } from '../audit/event-hash';
import { Actor } from '../machines/actor';
import { CommitmentView, ConventionView } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { ReadableBy } from './read-access';
import { readableCondition } from './readable-condition';

/** What the service hands over to be appended: the hash and sequence are the store's. */
export interface NewEvent {
  streamId: string;
  version: number;
  type: string;
  payload: Record<string, unknown>;
  actor: Actor;
  occurredAt: string;
  definitionRef: string;
  machineVersion: number;
  idempotencyKey: string | null;
}

export interface ConventionFilter {
  status?: string;
  partyId?: string;
  workflowId?: string;
  /** Only what this reader may read; absent, everything. */
  readableBy?: ReadableBy;
}

export interface CommitmentFilter {
  conventionId?: string;
  partyId?: string;
  status?: string;
  dueBefore?: string;
  /** Only what this reader may read; absent, everything. */
  readableBy?: ReadableBy;
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

/** Sort key of an undated commitment in the `due_on` columns: after every real date. */
export const UNDATED = '9999-12-31';

export function commitmentRowId(conventionId: string, key: string): string {
  return `${conventionId}:${key}`;
}

/**
 * PostgreSQL advisory lock namespaces (the two-key form): 1 = one convention's stream (keyed by
 * a hash of its id: a collision only makes two writers wait for each other), 2 = the global
 * log order. 3 is the start-up lock of `PostgresDatabase`.
 */
const STREAM_LOCKS = 1;
const LOG_LOCK = 2;

/**
 * The events of one write transaction, hashed as they come, and the commitment counts they
 * move: written together at its end.
 */
export class EventBatch {
  readonly rows: Omit<EventRow, 'sequence'>[] = [];
  private readonly heads = new Map<string, { version: number; hash: string }>();
  /** Change of each party's count per status, keyed `party\tstatus`. */
  readonly counts = new Map<string, number>();

  moveCount(partyId: string, status: string, delta: number): void {
    const key = `${partyId}\t${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + delta);
  }

  head(streamId: string): { version: number; hash: string } | undefined {
    return this.heads.get(streamId);
  }

  add(row: Omit<EventRow, 'sequence'>): void {
    this.rows.push(row);
    this.heads.set(row.streamId, { version: row.version, hash: row.hash });
  }
}

/** The only place that reads and writes the event log and the convention projections. */
export class ConventionRepository {
  async load(manager: EntityManager, id: string): Promise<ConventionRow | null> {
    const [row] = await sql<ConventionRow>(
      manager,
      `SELECT ${selectColumns(manager, ConventionRow)} FROM "conventions" WHERE "id" = ?`,
      [id],
    );
    return row ?? null;
  }

  /** The instant of the log's last event (by global sequence), or null for an empty log. */
  async lastOccurredAt(manager: EntityManager): Promise<string | null> {
    const [row] = await sql<{ at: string }>(
      manager,
      'SELECT "occurred_at" AS "at" FROM "events" ORDER BY "sequence" DESC LIMIT 1',
    );
    return row?.at ?? null;
  }

  /**
   * Serialises, until the end of the transaction, every writer of one convention: a second
   * writer waits, then reads the state the first committed. On SQLite the single writer
   * connection already runs one transaction at a time.
   */
  async lockStream(manager: EntityManager, streamId: string): Promise<void> {
    if (isPostgres(manager)) {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STREAM_LOCKS, streamId]);
    }
  }

  /**
   * Hashes an event into the transaction's batch: it chains to the stream's last event, in the
   * batch or else in the store (read under the stream lock). Nothing is written yet.
   */
  async stage(manager: EntityManager, batch: EventBatch, event: NewEvent): Promise<void> {
    const previous =
      batch.head(event.streamId) ??
      (
        await sql<{ hash: string; version: number }>(
          manager,
          'SELECT "hash", "version" FROM "events" WHERE "stream_id" = ? ORDER BY "version" DESC LIMIT 1',
          [event.streamId],
        )
      )[0];
    const expected = (previous?.version ?? 0) + 1;
    if (event.version !== expected) {
      throw new Error(`stream ${event.streamId}: appending version ${event.version}, expected ${expected}`);
    }
    const prevHash = previous?.hash ?? GENESIS_HASH;
    const { userId, name, role, partyId } = event.actor;
    const hash = eventHash(prevHash, {
      streamId: event.streamId,
      version: event.version,
      type: event.type,
      payload: event.payload,
      actor: { userId, name, role, partyId },
      occurredAt: event.occurredAt,
      definitionRef: event.definitionRef,
      machineVersion: event.machineVersion,
      idempotencyKey: event.idempotencyKey,
    });
    batch.add({
      streamId: event.streamId,
      version: event.version,
      type: event.type,
      payload: canonicalJson(event.payload),
      actorUserId: userId,
      actorName: name,
      actorRole: role,
      actorPartyId: partyId,
      occurredAt: event.occurredAt,
      definitionRef: event.definitionRef,
      machineVersion: event.machineVersion,
      idempotencyKey: event.idempotencyKey,
      prevHash,
      hash,
    });
  }

  /**
   * Appends the batch as the transaction's last statements, with the next global sequences:
   * dense and in commit order. On PostgreSQL a transaction-scoped lock is held from here to
   * the commit, so the next writer reads MAX after this commit and no reader ever sees event
   * n + 1 while event n is still invisible; appending last keeps that window to one insert
   * and the commit. (On SQLite the single writer connection already orders everything.)
   */
  async appendStaged(manager: EntityManager, batch: EventBatch): Promise<void> {
    if (!batch.rows.length) return;
    if (isPostgres(manager)) await manager.query('SELECT pg_advisory_xact_lock($1, 0)', [LOG_LOCK]);
    const [last] = await sql<{ last: number | string | null }>(
      manager,
      'SELECT MAX("sequence") AS "last" FROM "events"',
    );
    const first = Number(last?.last ?? 0) + 1;
    await insertRows(
      manager,
      EventRow,
      batch.rows.map((row, index) => ({ ...row, sequence: first + index })),
    );
    // Under the log lock on PostgreSQL: these hot rows are changed by one transaction at a time anyway.
    for (const [key, delta] of batch.counts) {
      if (delta === 0) continue;
      const [partyId, status] = key.split('\t') as [string, string];
      await sql(
        manager,
        `INSERT INTO "commitment_counts" ("party_id", "status", "n") VALUES (?, ?, ?)
         ON CONFLICT ("party_id", "status") DO UPDATE SET "n" = "commitment_counts"."n" + excluded."n"`,
        [partyId, status, delta],
      );
    }
  }

  /**
   * Writes the projection of a convention after its `version`-th event. Only commitments
   * whose view changed are rewritten; they are returned, with their owners, and the
   * convention's row as written.
   */
  async project(
    manager: EntityManager,
    definition: ConventionDefinition,
    view: ConventionView,
    snapshot: unknown,
    version: number,
    previous: CommitmentView[] | null,
    at: string,
    batch: EventBatch,
  ): Promise<{ convention: ConventionRow; commitments: { id: string; owners: string[] }[] }> {
    const { commitments, ...conventionView } = view;
    const changed: { id: string; owners: string[] }[] = [];
    const row: ConventionRow = {
      id: view.id,
      definitionId: definition.id,
      definitionVersion: definition.version,
      title: view.title,
      status: view.status,
      version,
      createdAt: view.createdAt,
      updatedAt: at,
      effectiveOn: view.effectiveOn,
      noticeDeadline: view.noticeDeadline,
      terminationEffectiveOn: view.notice?.effectiveOn ?? null,
      view: JSON.stringify(conventionView),
      snapshot: JSON.stringify(snapshot),
    };
    if (previous === null) {
      await manager.insert(ConventionRow, row);
      await manager.insert(
        ConventionPartyRow,
        definition.parties.map((p) => ({ conventionId: view.id, partyId: p.id })),
      );
    } else {
      await sql(
        manager,
        `UPDATE "conventions" SET "title" = ?, "status" = ?, "version" = ?, "updated_at" = ?,
           "effective_on" = ?, "notice_deadline" = ?, "termination_effective_on" = ?, "view" = ?, "snapshot" = ?
         WHERE "id" = ?`,
        [
          row.title,
          row.status,
          row.version,
          row.updatedAt,
          row.effectiveOn,
          row.noticeDeadline,
          row.terminationEffectiveOn,
          row.view,
          row.snapshot,
          row.id,
        ],
      );
    }
    const before = new Map((previous ?? []).map((c) => [c.id, c]));
    for (const [position, commitment] of commitments.entries()) {
      const previousView = before.get(commitment.id);
      // Compared in place: stringifying every view twice was a tenth of a transition's time.
      if (previousView && sameJson(previousView, commitment)) continue;
      const json = JSON.stringify(commitment);
      const was = previousView?.status;
      if (was !== commitment.status) {
        for (const partyId of commitment.owners) {
          if (was !== undefined) batch.moveCount(partyId, was, -1);
          batch.moveCount(partyId, commitment.status, 1);
        }
      }
      const id = commitmentRowId(view.id, commitment.id);
      changed.push({ id, owners: [...commitment.owners] });
      const fields = { status: commitment.status, dueOn: commitment.dueOn ?? UNDATED };
      if (!previousView) {
        await manager.insert(CommitmentRow, {
          id,
          conventionId: view.id,
          key: commitment.id,
          position,
          view: json,
          ...fields,
        });
        await manager.insert(
          CommitmentOwnerRow,
          commitment.owners.map((partyId) => ({ commitmentId: id, partyId, ...fields })),
        );
      } else {
        await sql(manager, 'UPDATE "commitments" SET "view" = ?, "status" = ?, "due_on" = ? WHERE "id" = ?', [
          json,
          fields.status,
          fields.dueOn,
          id,
        ]);
        await sql(
          manager,
          'UPDATE "commitment_owners" SET "status" = ?, "due_on" = ? WHERE "commitment_id" = ?',
          [fields.status, fields.dueOn, id],
        );
      }
    }
    return { convention: row, commitments: changed };
  }

  // Reads -------------------------------------------------------------------------------

  async findConvention(manager: EntityManager, id: string): Promise<ConventionRow | null> {
    return manager.findOne(ConventionRow, { where: { id }, select: this.conventionColumns() });
  }

  async findConventions(manager: EntityManager, ids: readonly string[]): Promise<ConventionRow[]> {
    if (!ids.length) return [];
    return manager
      .createQueryBuilder(ConventionRow, 'c')
      .select(this.selectConvention('c'))
      .where('c.id IN (:...ids)', { ids })
      .getMany();
  }

  async listConventions(
    manager: EntityManager,
    filter: ConventionFilter,
    first: number,
    after: { createdAt: string; id: string } | null,
  ): Promise<Page<ConventionRow>> {
    const query = this.conventionQuery(manager, filter).select(this.selectConvention('c'));
    if (after) {
      query.andWhere(
        new Brackets((q) =>
          q
            .where('c.created_at > :createdAt', after)
            .orWhere('(c.created_at = :createdAt AND c.id > :id)', after),
        ),
      );
    }
    const rows = await query
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  async countConventions(manager: EntityManager, filter: ConventionFilter): Promise<number> {
    return this.conventionQuery(manager, filter).getCount();
  }

  private conventionQuery(
    manager: EntityManager,
    filter: ConventionFilter,
  ): SelectQueryBuilder<ConventionRow> {
    const query = manager.createQueryBuilder(ConventionRow, 'c');
    if (filter.partyId) {
      query.innerJoin(ConventionPartyRow, 'cp', 'cp.convention_id = c.id AND cp.party_id = :partyId', {
        partyId: filter.partyId,
      });
    }
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.workflowId) query.andWhere('c.definition_id = :workflowId', { workflowId: filter.workflowId });
    readableCondition(query, 'c.id', filter.partyId, filter.readableBy);
    return query;
  }

  async findCommitment(manager: EntityManager, id: string): Promise<CommitmentRow | null> {
    const [row] = await sql<CommitmentRow>(
      manager,
      `SELECT ${selectColumns(manager, CommitmentRow)} FROM "commitments" WHERE "id" = ?`,
      [id],
    );
    return row ?? null;
  }

  /** Commitments of several conventions in one statement (for the DataLoader). */
  async commitmentsOf(manager: EntityManager, conventionIds: readonly string[]): Promise<CommitmentRow[]> {
    if (!conventionIds.length) return [];
    return manager
      .createQueryBuilder(CommitmentRow, 'm')
      .where('m.convention_id IN (:...conventionIds)', { conventionIds })
      .orderBy('m.convention_id')
      .addOrderBy('m.position')
      .getMany();
  }

  async listCommitments(
    manager: EntityManager,
    filter: CommitmentFilter,
    first: number,
    after: { dueOn: string; id: string } | null,
  ): Promise<Page<CommitmentRow>> {
    // Undated commitments sort last; the same key orders the page and the cursor.
    // Undated commitments carry the UNDATED sort key: plain columns, so an index gives the order.
    const dueKey = filter.partyId ? 'o.due_on' : 'm.due_on';
    const idKey = filter.partyId ? 'o.commitment_id' : 'm.id';
    const query = this.commitmentQuery(manager, filter);
    if (after) {
      query.andWhere(
        new Brackets((q) =>
          q.where(`${dueKey} > :dueOn`, after).orWhere(`(${dueKey} = :dueOn AND ${idKey} > :id)`, after),
        ),
      );
    }
    const rows = await query
      .orderBy(dueKey, 'ASC')
      .addOrderBy(idKey, 'ASC')
      .limit(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  async countCommitments(manager: EntityManager, filter: CommitmentFilter): Promise<number> {
    // The counts below hold every commitment of the party: right only when the reader sees them all.
    const unrestricted = !filter.readableBy || filter.readableBy.partyId === filter.partyId;
    // A party's count by status is kept up to date by every write: one row, whatever the store's size.
    if (unrestricted && filter.partyId && !filter.conventionId && !filter.dueBefore) {
      const query = manager
        .createQueryBuilder(CommitmentCountRow, 'k')
        .select('COALESCE(SUM(k.n), 0)', 'n')
        .where('k.party_id = :partyId', { partyId: filter.partyId });
      if (filter.status) query.andWhere('k.status = :status', { status: filter.status });
      return Number((await query.getRawOne<{ n: number | string }>())?.n ?? 0);
    }
    // With a due date, one range of its owner rows (status and due date are copied there);
    // getCount() would count DISTINCT over the join instead.
    if (unrestricted && filter.partyId && !filter.conventionId) {
      const query = manager
        .createQueryBuilder(CommitmentOwnerRow, 'o')
        .select('COUNT(*)', 'n')
        .where('o.party_id = :partyId', { partyId: filter.partyId });
      if (filter.status) query.andWhere('o.status = :status', { status: filter.status });
      if (filter.dueBefore) query.andWhere('o.due_on < :dueBefore', { dueBefore: filter.dueBefore });
      return Number((await query.getRawOne<{ n: number }>())?.n ?? 0);
    }
    return this.commitmentQuery(manager, filter).getCount();
  }

  private commitmentQuery(
    manager: EntityManager,
    filter: CommitmentFilter,
  ): SelectQueryBuilder<CommitmentRow> {
    const query = manager.createQueryBuilder(CommitmentRow, 'm');
    // With a party, filter on the owner rows (status and due date copied there, one index range).
    const on = filter.partyId ? 'o' : 'm';
    if (filter.partyId) {
      query.innerJoin(CommitmentOwnerRow, 'o', 'o.commitment_id = m.id AND o.party_id = :partyId', {
        partyId: filter.partyId,
      });
    }
    if (filter.status) query.andWhere(`${on}.status = :status`, { status: filter.status });
    if (filter.dueBefore) query.andWhere(`${on}.due_on < :dueBefore`, { dueBefore: filter.dueBefore });
    if (filter.conventionId)
      query.andWhere('m.convention_id = :conventionId', { conventionId: filter.conventionId });
    // A party owns commitments only in conventions it is a party to.
    readableCondition(query, 'm.convention_id', filter.partyId, filter.readableBy);
    return query;
  }

  async history(
    manager: EntityManager,
    streamId: string,
    first: number,
    afterVersion: number,
  ): Promise<Page<EventRow>> {
    const rows = await manager
      .createQueryBuilder(EventRow, 'e')
      .where('e.stream_id = :streamId AND e.version > :afterVersion', { streamId, afterVersion })
      .orderBy('e.version', 'ASC')
      .limit(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  async countEvents(manager: EntityManager, streamId: string): Promise<number> {
    return manager.count(EventRow, { where: { streamId } });
  }

  async stream(manager: EntityManager, streamId: string, occurredUpTo?: string): Promise<EventRow[]> {
    const query = manager
      .createQueryBuilder(EventRow, 'e')
      .where('e.stream_id = :streamId', { streamId })
      .orderBy('e.version', 'ASC');
    if (occurredUpTo) query.andWhere('e.occurred_at <= :occurredUpTo', { occurredUpTo });
    return query.getMany();
  }

  async allStreamIds(manager: EntityManager): Promise<string[]> {
    const rows = await manager.find(ConventionRow, { select: { id: true }, order: { createdAt: 'ASC' } });
    return rows.map((r) => r.id);
  }

  private conventionColumns() {
    return {
      id: true,
      definitionId: true,
      definitionVersion: true,
      title: true,
      status: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      effectiveOn: true,
      noticeDeadline: true,
      terminationEffectiveOn: true,
      view: true,
      snapshot: true,
    } as const;
  }

  private selectConvention(alias: string): string[] {
    return Object.keys(this.conventionColumns()).map((column) => `${alias}.${column}`);
  }
}
