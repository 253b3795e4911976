import { Brackets, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Page } from '../common/page';
import { isPostgres } from '../database/database';
import { selectColumns, selectIn, sql } from '../database/sql';
import { STREAM_LOCKS } from '../events/event-log.repository';
import { ReadableBy } from './read-access';
import { readableClause, readableCondition } from './readable-condition';
import { CommitmentRecord, ConventionRecord, WRITE_OMITS, WriteRow } from './records';
import { PendingPlans, pendingPlansOf, PendingRow } from './deadline-store';
import { PartyRecipients } from './event-observer';

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

/** Which definition, at which version, a convention follows. */
export type DefinitionRef = Pick<ConventionRecord, 'id' | 'definitionId' | 'definitionVersion'>;

/** A convention's row with the heads of its stream and of the log, as a write reads them. */
export interface LoadedForWrite {
  row: WriteRow;
  /** The hash of the stream's last event; null only for a stream with none. */
  headHash: string | null;
  /** The instant of the log's last event; null for an empty log. */
  logLastAt: string | null;
  /**
   * The convention's pending deadlines (and reminders, when asked), read under its lock in the
   * same round trip: on PostgreSQL with `lock` only; absent otherwise (the write reads them apart).
   */
  pending?: PendingPlans;
  /**
   * The contacts and webhook endpoints of the convention's parties, read in the same round trip
   * when asked (`withRecipients`): on PostgreSQL with `lock` only; absent otherwise.
   */
  recipients?: PartyRecipients;
}

/** Reads of the convention projections: one convention, lists and counts. */
export class ConventionRepository {
  /** One convention's row, every column (one plain statement), or null. */
  async load(manager: EntityManager, id: string): Promise<ConventionRecord | null> {
    const [row] = await sql<ConventionRecord>(
      manager,
      `SELECT ${selectColumns(manager, 'conventions')} FROM "conventions" WHERE "id" = ?`,
      [id],
    );
    return row ?? null;
  }

  /**
   * What a write reads first, in one statement: the convention's row, the hash of its stream's
   * last event (what the next event chains to) and the instant of the log's last event (time
   * never runs backwards in the log). Read under the stream lock: with `lock`, the read takes it
   * first, in the same round trip on PostgreSQL (the function of migrations
   * `1765200000000-lock-and-load` to `1765400000000-lock-and-load-recipients`, whose read sees what
   * a writer it waited for committed), and brings the pending deadlines (and reminders
   * `withReminders`) the write re-plans after its event, and the contacts and webhook endpoints of
   * the convention's parties (`withRecipients`) its messages go to; on SQLite the single writer
   * connection is the lock. Without, the caller holds it already.
   */
  async loadForWrite(
    manager: EntityManager,
    id: string,
    {
      lock,
      withReminders = false,
      withRecipients = false,
    }: { lock: boolean; withReminders?: boolean; withRecipients?: boolean },
  ): Promise<LoadedForWrite | null> {
    type Found = WriteRow & {
      headHash: string | null;
      logLastAt: string | null;
      pending?: PendingRow[];
      recipients?: PartyRecipients | null;
    };
    const [found] =
      lock && isPostgres(manager)
        ? await sql<Found>(manager, 'SELECT * FROM "conventio_lock_and_load"(?, ?, ?, ?)', [
            STREAM_LOCKS,
            id,
            withReminders,
            withRecipients,
          ])
        : await sql<Found>(
            manager,
            `SELECT ${selectColumns(manager, 'conventions', WRITE_OMITS)},
               (SELECT e."hash" FROM "events" e WHERE e."stream_id" = c."id" ORDER BY e."version" DESC LIMIT 1) AS "headHash",
               (SELECT l."occurred_at" FROM "events" l ORDER BY l."sequence" DESC LIMIT 1) AS "logLastAt"
             FROM "conventions" c WHERE c."id" = ?`,
            [id],
          );
    if (!found) return null;
    const { headHash, logLastAt, pending, recipients, ...row } = found;
    return {
      row,
      headHash,
      logLastAt,
      ...(pending ? { pending: pendingPlansOf(pending) } : {}),
      ...(recipients ? { recipients } : {}),
    };
  }

  /**
   * Several conventions' rows, every column, in one prepared statement whatever the number of ids
   * (`inList`): the query builder wrote one placeholder per id, a new statement for each length.
   */
  async findConventions(manager: EntityManager, ids: readonly string[]): Promise<ConventionRecord[]> {
    return selectIn(manager, selectColumns(manager, 'conventions'), 'conventions', 'id', ids, 'text');
  }

  /**
   * The definition each of several conventions follows, without the rest of their rows: a page of
   * commitments needs only that of its conventions, whose views and snapshots are ~5 kB a row.
   */
  async definitionRefs(manager: EntityManager, ids: readonly string[]): Promise<DefinitionRef[]> {
    const select = '"id", "definition_id" AS "definitionId", "definition_version" AS "definitionVersion"';
    return selectIn(manager, select, 'conventions', 'id', ids, 'text');
  }

  async listConventions(
    manager: EntityManager,
    filter: ConventionFilter,
    first: number,
    after: { createdAt: string; id: string } | null,
  ): Promise<Page<ConventionRecord>> {
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
  ): SelectQueryBuilder<ConventionRecord> {
    const query = manager.createQueryBuilder<ConventionRecord>('conventions', 'c');
    if (filter.partyId) {
      query.innerJoin('convention_parties', 'cp', 'cp.convention_id = c.id AND cp.party_id = :partyId', {
        partyId: filter.partyId,
      });
    }
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.workflowId) query.andWhere('c.definition_id = :workflowId', { workflowId: filter.workflowId });
    readableCondition(query, 'c.id', filter.partyId, filter.readableBy);
    return query;
  }

  async findCommitment(manager: EntityManager, id: string): Promise<CommitmentRecord | null> {
    const [row] = await sql<CommitmentRecord>(
      manager,
      `SELECT ${selectColumns(manager, 'commitments')} FROM "commitments" WHERE "id" = ?`,
      [id],
    );
    return row ?? null;
  }

  /** One convention's commitments, in their order (one plain statement: verifyHistory reads it). */
  async commitmentsOfConvention(manager: EntityManager, conventionId: string): Promise<CommitmentRecord[]> {
    return sql<CommitmentRecord>(
      manager,
      `SELECT ${selectColumns(manager, 'commitments')} FROM "commitments" WHERE "convention_id" = ? ORDER BY "position" ASC`,
      [conventionId],
    );
  }

  /** Commitments of several conventions in one prepared statement (for the DataLoader). */
  async commitmentsOf(manager: EntityManager, conventionIds: readonly string[]): Promise<CommitmentRecord[]> {
    const select = selectColumns(manager, 'commitments');
    return selectIn(
      manager,
      select,
      'commitments',
      'convention_id',
      conventionIds,
      'text',
      'ORDER BY "convention_id", "position"',
    );
  }

  /**
   * A page of commitments in due-date order, one prepared statement per combination of filters
   * (the page and its cursor are parameters): the query builder built, escaped and hydrated it
   * anew at every page.
   */
  async listCommitments(
    manager: EntityManager,
    filter: CommitmentFilter,
    first: number,
    after: { dueOn: string; id: string } | null,
  ): Promise<Page<CommitmentRecord>> {
    const { from, conditions, params, on } = this.selectedCommitments(filter);
    // Undated commitments carry the UNDATED sort key: plain columns, so an index gives the order.
    const dueKey = `${on}."due_on"`;
    const idKey = filter.partyId ? '"o"."commitment_id"' : '"m"."id"';
    if (after) {
      conditions.push(`(${dueKey} > ? OR (${dueKey} = ? AND ${idKey} > ?))`);
      params.push(after.dueOn, after.dueOn, after.id);
    }
    const rows = await sql<CommitmentRecord>(
      manager,
      `SELECT ${selectColumns(manager, 'commitments', [], 'm')} FROM ${from} ${whereOf(conditions)}
         ORDER BY ${dueKey} ASC, ${idKey} ASC LIMIT ?`,
      [...params, first + 1],
    );
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  async countCommitments(manager: EntityManager, filter: CommitmentFilter): Promise<number> {
    // The counts below hold every commitment of the party: right only when the reader sees them all.
    const unrestricted = !filter.readableBy || filter.readableBy.partyId === filter.partyId;
    // A party's count by status is kept up to date by every write: one row, whatever the store's size.
    if (unrestricted && filter.partyId && !filter.conventionId && !filter.dueBefore) {
      const query = manager
        .createQueryBuilder('commitment_counts', 'k')
        .select('COALESCE(SUM(k.n), 0)', 'n')
        .where('k.party_id = :partyId', { partyId: filter.partyId });
      if (filter.status) query.andWhere('k.status = :status', { status: filter.status });
      return Number((await query.getRawOne<{ n: number | string }>())?.n ?? 0);
    }
    // With a due date, one range of its owner rows (status and due date are copied there);
    // getCount() would count DISTINCT over the join instead.
    if (unrestricted && filter.partyId && !filter.conventionId) {
      const query = manager
        .createQueryBuilder('commitment_owners', 'o')
        .select('COUNT(*)', 'n')
        .where('o.party_id = :partyId', { partyId: filter.partyId });
      if (filter.status) query.andWhere('o.status = :status', { status: filter.status });
      if (filter.dueBefore) query.andWhere('o.due_on < :dueBefore', { dueBefore: filter.dueBefore });
      return Number((await query.getRawOne<{ n: number }>())?.n ?? 0);
    }
    // Each commitment joins at most one owner row of the party (its key): COUNT(*) counts commitments.
    const { from, conditions, params } = this.selectedCommitments(filter);
    const [row] = await sql<{ n: number | string }>(
      manager,
      `SELECT COUNT(*) AS "n" FROM ${from} ${whereOf(conditions)}`,
      params,
    );
    return Number(row?.n ?? 0);
  }

  /**
   * The commitments `filter` selects, for a statement to complete: its FROM with the owner rows
   * joined when a party is given, its conditions (`?` placeholders, `params` in their order), and
   * the alias whose status and due date the conditions and the order use.
   */
  private selectedCommitments(filter: CommitmentFilter): {
    from: string;
    conditions: string[];
    params: unknown[];
    on: '"o"' | '"m"';
  } {
    // With a party, filter on the owner rows (status and due date copied there, one index range).
    const on = filter.partyId ? '"o"' : '"m"';
    let from = '"commitments" "m"';
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.partyId) {
      from += ' INNER JOIN "commitment_owners" "o" ON "o"."commitment_id" = "m"."id" AND "o"."party_id" = ?';
      params.push(filter.partyId);
    }
    if (filter.status) {
      conditions.push(`${on}."status" = ?`);
      params.push(filter.status);
    }
    if (filter.dueBefore) {
      conditions.push(`${on}."due_on" < ?`);
      params.push(filter.dueBefore);
    }
    if (filter.conventionId) {
      conditions.push('"m"."convention_id" = ?');
      params.push(filter.conventionId);
    }
    // A party owns commitments only in conventions it is a party to.
    const readable = readableClause('"m"."convention_id"', filter.partyId, filter.readableBy);
    if (readable) {
      conditions.push(readable.text);
      params.push(...readable.params);
    }
    return { from, conditions, params, on };
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

/** `WHERE` and the conditions joined by AND, or nothing without any. */
function whereOf(conditions: readonly string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}
