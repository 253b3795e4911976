import { EntityManager } from 'typeorm';
import { Page } from '../common/page';
import { isPostgres } from '../database/database';
import { postgresQueryThenCommit } from '../database/postgres-statements';
import { insertRows, selectColumns, sql } from '../database/sql';
import { GENESIS_HASH, storedEventHash } from './event-hash';
import { ChainedEvent, StoredEvent, UnchainedEvent } from './stored-event';

/** The table of the log, named here: no entity class travels outside the database layer. */
const EVENTS = 'events';

/**
 * PostgreSQL advisory lock namespaces (the two-key form): 1 = one convention's stream (keyed by
 * a hash of its id: a collision only makes two writers wait for each other). 2 = the global
 * log order, taken by `conventio_append` in a write's last statement, whose COMMIT is already on
 * its way (migration `1765500000000-append-in-last-statement`). 3 is the start-up lock of
 * `PostgresDatabase`.
 */
export const STREAM_LOCKS = 1;

/**
 * Writes of the same transaction that ride in the append's statement on PostgreSQL: data-modifying
 * WITH queries (`name AS (…)`, comma-separated, with `?` placeholders) and their parameters.
 */
export interface LeadingWrite {
  ctes: string;
  params: unknown[];
  /**
   * The names of its data-modifying queries, each `RETURNING` a row per row written: the append
   * reads them before it takes the log-order lock, so they are written first. (Unread, they would
   * run after the statement's main query, the lock held meanwhile.)
   */
  written: string[];
}

/**
 * `select` (a SELECT without FROM) run once the leading write's data-modifying queries have
 * written every row: their counts are a one-time condition of the statement's only row, which
 * PostgreSQL checks before it computes that row.
 */
function afterWrites(select: string, lead: LeadingWrite): string {
  if (!lead.written.length) return select;
  const rows = lead.written.map((name) => `(SELECT count(*) FROM "${name}")`).join(' + ');
  return `${select} FROM (SELECT ${rows} AS "rows") AS "lead" WHERE "lead"."rows" >= 0`;
}

/**
 * The event with every text well-formed: a lone UTF-16 surrogate (a name or a key sent with one)
 * becomes U+FFFD, as UTF-8 writes it anyway. The hash is then of the text each store keeps:
 * PostgreSQL's JSON refuses a lone surrogate, and SQLite kept bytes that read back otherwise.
 */
function wellFormed(event: UnchainedEvent): UnchainedEvent {
  const texts = Object.entries(event).filter(
    ([, value]) => typeof value === 'string' && !(value as WellFormable).isWellFormed(),
  );
  if (!texts.length) return event;
  return {
    ...event,
    ...Object.fromEntries(texts.map(([key, value]) => [key, (value as WellFormable).toWellFormed()])),
  };
}

/** ES2024's string methods (Node 20 has them; the project's TypeScript library is ES2023). */
type WellFormable = string & { isWellFormed(): boolean; toWellFormed(): string };

/** The batch's count changes that are not zero: `[party, status, delta]`. */
function countChanges(batch: EventBatch): [string, string, number][] {
  return [...batch.counts]
    .filter(([, delta]) => delta !== 0)
    .map(([key, delta]) => [...(key.split('\t') as [string, string]), delta]);
}

/**
 * The events of one write transaction, hashed as they come, and the commitment counts they
 * move: written together at its end.
 */
export class EventBatch {
  readonly rows: ChainedEvent[] = [];
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

  /**
   * The stream's last stored event, read by the caller under the stream lock, so that staging
   * its next event reads nothing more. The batch's own events of the stream come after it.
   */
  knowStoredHead(streamId: string, head: { version: number; hash: string }): void {
    if (!this.heads.has(streamId)) this.heads.set(streamId, head);
  }

  add(row: ChainedEvent): void {
    this.rows.push(row);
    this.heads.set(row.streamId, { version: row.version, hash: row.hash });
  }
}

/** The only place that writes the event log, and where its streams are read. */
export class EventLogRepository {
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
      await sql(manager, 'SELECT pg_advisory_xact_lock(?, hashtext(?))', [STREAM_LOCKS, streamId]);
    }
  }

  /**
   * Hashes an event into the transaction's batch: it chains to the stream's last event, in the
   * batch or else in the store (read under the stream lock). Nothing is written yet.
   */
  async stage(manager: EntityManager, batch: EventBatch, event: UnchainedEvent): Promise<void> {
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
    const stored = wellFormed(event);
    batch.add({ ...stored, prevHash, hash: storedEventHash(prevHash, stored) });
  }

  /**
   * Appends the batch, the write's last work, with the next global sequences: dense and in
   * commit order.
   *
   * SQLite: the single writer connection already orders every transaction, so the batch takes
   * MAX + 1 onwards and is inserted here; the group's commit follows.
   *
   * PostgreSQL: one statement, the transaction's last, and its COMMIT right behind it in the same
   * round trip (`postgresQueryThenCommit`): the leading write, then `conventio_append`, which
   * takes the log-order lock, reads MAX(sequence) once it has it, inserts the events after it and
   * applies the count changes (migration `1765500000000-append-in-last-statement`). PostgreSQL
   * holds that lock from there to the end of the commit without waiting for us: no lock on the
   * log order is held across a round trip. A statement on the manager afterwards fails. A batch
   * with no event and no leading write writes nothing, and the transaction's commit is the
   * caller's as before.
   */
  async appendStaged(
    manager: EntityManager,
    batch: EventBatch,
    lead: LeadingWrite | null = null,
  ): Promise<void> {
    if (lead && !isPostgres(manager)) throw new Error('a leading write needs PostgreSQL');
    if (isPostgres(manager)) return this.appendWithCommit(manager, batch, lead);
    if (!batch.rows.length) return;
    const [last] = await sql<{ last: number | string | null }>(
      manager,
      'SELECT MAX("sequence") AS "last" FROM "events"',
    );
    const first = Number(last?.last ?? 0) + 1;
    await insertRows<StoredEvent>(
      manager,
      EVENTS,
      batch.rows.map((row, index) => ({ ...row, sequence: first + index })),
    );
    const counts = countChanges(batch);
    if (counts.length) {
      await sql(
        manager,
        `INSERT INTO "commitment_counts" ("party_id", "status", "n") VALUES ${counts.map(() => '(?, ?, ?)').join(', ')}
         ON CONFLICT ("party_id", "status") DO UPDATE SET "n" = "commitment_counts"."n" + excluded."n"`,
        counts.flat(),
      );
    }
  }

  /** The leading write and the batch's append in one statement, the COMMIT behind it (PostgreSQL). */
  private async appendWithCommit(
    manager: EntityManager,
    batch: EventBatch,
    lead: LeadingWrite | null,
  ): Promise<void> {
    if (!batch.rows.length && !lead) return;
    let append = 'SELECT 1';
    const params: unknown[] = [...(lead?.params ?? [])];
    if (batch.rows.length) {
      const columns = this.eventColumns(manager);
      const events = batch.rows.map((row) => {
        const named: Record<string, unknown> = {};
        for (const [name, property] of columns) named[name] = row[property];
        return named;
      });
      const counts = countChanges(batch).map(([party_id, status, delta]) => ({ party_id, status, delta }));
      append = 'SELECT "conventio_append"(?::jsonb, ?::jsonb)';
      params.push(JSON.stringify(events), JSON.stringify(counts));
    }
    await postgresQueryThenCommit(
      manager,
      lead ? `WITH ${lead.ctes} ${afterWrites(append, lead)}` : append,
      params,
    );
  }

  /** The log's columns but its sequence, `[column, property]`, from the entity (names are written only in entities.ts). */
  private eventColumns(manager: EntityManager): [string, keyof ChainedEvent][] {
    this.columns ??= manager.connection
      .getMetadata(EVENTS)
      .columns.filter((column) => column.propertyName !== 'sequence')
      .map((column) => [column.databaseName, column.propertyName as keyof ChainedEvent]);
    return this.columns;
  }

  private columns: [string, keyof ChainedEvent][] | null = null;

  // Reads -------------------------------------------------------------------------------

  async history(
    manager: EntityManager,
    streamId: string,
    first: number,
    afterVersion: number,
  ): Promise<Page<StoredEvent>> {
    const rows = await sql<StoredEvent>(
      manager,
      `SELECT ${selectColumns(manager, EVENTS)} FROM "events"
       WHERE "stream_id" = ? AND "version" > ? ORDER BY "version" ASC LIMIT ?`,
      [streamId, afterVersion, first + 1],
    );
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  async countEvents(manager: EntityManager, streamId: string): Promise<number> {
    const [row] = await sql<{ n: number | string }>(
      manager,
      'SELECT COUNT(*) AS "n" FROM "events" WHERE "stream_id" = ?',
      [streamId],
    );
    return Number(row?.n ?? 0);
  }

  /** A stream in version order, up to an instant when one is given. */
  async stream(manager: EntityManager, streamId: string, occurredUpTo?: string): Promise<StoredEvent[]> {
    const columns = selectColumns(manager, EVENTS);
    return occurredUpTo
      ? sql<StoredEvent>(
          manager,
          `SELECT ${columns} FROM "events" WHERE "stream_id" = ? AND "occurred_at" <= ? ORDER BY "version" ASC`,
          [streamId, occurredUpTo],
        )
      : sql<StoredEvent>(
          manager,
          `SELECT ${columns} FROM "events" WHERE "stream_id" = ? ORDER BY "version" ASC`,
          [streamId],
        );
  }

  /** Every stream, oldest convention first. */
  async allStreamIds(manager: EntityManager): Promise<string[]> {
    const rows = await sql<{ id: string }>(
      manager,
      'SELECT "id" FROM "conventions" ORDER BY "created_at" ASC',
    );
    return rows.map((r) => r.id);
  }
}
