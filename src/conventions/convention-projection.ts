import { EntityManager } from 'typeorm';
import { sameJson } from '../common/same-json';
import { isPostgres } from '../database/database';
import { insertRows, sql } from '../database/sql';
import { EventBatch, LeadingWrite } from '../events/event-log.repository';
import { CommitmentView, ConventionView } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { CommitmentRecord, commitmentRowId, ConventionRecord, UNDATED } from './records';

/** Writes the convention projections (conventions, commitments and their party rows) from the machine's view. */
export class ConventionProjection {
  /**
   * Writes the projection of a convention after its `version`-th event. Only commitments
   * whose view changed are rewritten; they are returned, with their owners, and the
   * convention's row as written.
   */
  async project(
    manager: EntityManager,
    definition: ConventionDefinition,
    view: ConventionView,
    /** The stored snapshot, as JSON text (`storedSnapshotJson`). */
    snapshotJson: string,
    version: number,
    previous: CommitmentView[] | null,
    at: string,
    batch: EventBatch,
    pending: PendingProjections,
  ): Promise<{ convention: ConventionRecord; commitments: { id: string; owners: string[] }[] }> {
    const row = conventionRow(definition, view, snapshotJson, version, at);
    if (previous === null) await insertConvention(manager, definition, row);
    const changed: { id: string; owners: string[] }[] = [];
    const updated: CommitmentUpdate[] = [];
    const before = new Map((previous ?? []).map((c) => [c.id, c]));
    for (const [position, commitment] of view.commitments.entries()) {
      const previousView = before.get(commitment.id);
      // Compared in place: stringifying every view twice was a tenth of a transition's time.
      if (previousView && sameJson(previousView, commitment)) continue;
      countStatusMove(batch, commitment, previousView?.status);
      const id = commitmentRowId(view.id, commitment.id);
      changed.push({ id, owners: [...commitment.owners] });
      const update = { id, view: JSON.stringify(commitment), ...commitmentFields(commitment) };
      if (previousView) updated.push(update);
      else await insertCommitment(manager, view.id, position, commitment, update);
    }
    if (previous !== null) pending.add(row, updated);
    return { convention: row, commitments: changed };
  }

  /**
   * Writes the updates the write held back (`PendingProjections`), at its end. On SQLite each runs
   * here. On PostgreSQL each convention's rows but the last one's are one statement each; the last
   * one's are returned as the leading part of the statement that appends the write's events
   * (`EventLogRepository.appendStaged`), so a one-convention write projects and appends in one
   * round trip.
   */
  async flush(manager: EntityManager, pending: PendingProjections): Promise<LeadingWrite | null> {
    const all = pending.take();
    if (!isPostgres(manager)) {
      for (const { row, commitments } of all) await updateSqlite(manager, row, commitments);
      return null;
    }
    const last = all.pop();
    for (const { row, commitments } of all) {
      await sql(manager, UPDATE_PROJECTION_POSTGRES, projectionParams(row, commitments));
    }
    return last
      ? {
          ctes: PROJECTION_CTES_POSTGRES,
          params: projectionParams(last.row, last.commitments),
          written: PROJECTION_WRITES,
        }
      : null;
  }
}

/** A convention's row and its changed commitments, as a write last projected them. */
interface HeldProjection {
  row: ConventionRecord;
  commitments: CommitmentUpdate[];
}

/**
 * The projection updates of one write, held until its end (`ConventionProjection.flush`): a
 * convention projected by several events of a write (a transition and the deadlines it made due,
 * a clock move's firings) has its rows written once, as its last event left them. Every update
 * sets whole columns, so the last one of a row is the row; nothing in a write reads these rows
 * back from the store (the writer reads a convention it already projected from its own record,
 * `WriteState.projected`). New rows (a creation's, an amendment's commitments) are inserted at once.
 */
export class PendingProjections {
  private readonly held = new Map<
    string,
    { row: ConventionRecord; commitments: Map<string, CommitmentUpdate> }
  >();

  add(row: ConventionRecord, commitments: CommitmentUpdate[]): void {
    let entry = this.held.get(row.id);
    if (entry) entry.row = row;
    else this.held.set(row.id, (entry = { row, commitments: new Map() }));
    for (const update of commitments) entry.commitments.set(update.id, update);
  }

  /** The held updates in the order their conventions were first projected, and none kept. */
  take(): HeldProjection[] {
    const all = [...this.held.values()].map(({ row, commitments }) => ({
      row,
      commitments: [...commitments.values()],
    }));
    this.held.clear();
    return all;
  }
}

/** A convention's row as its view and stored snapshot (JSON text) after its `version`-th event give it. */
export function conventionRow(
  definition: ConventionDefinition,
  view: ConventionView,
  snapshotJson: string,
  version: number,
  at: string,
): ConventionRecord {
  const { commitments: _commitments, ...conventionView } = view;
  return {
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
    snapshot: snapshotJson,
  };
}

/** Inserts a new convention's row and its parties. */
async function insertConvention(
  manager: EntityManager,
  definition: ConventionDefinition,
  row: ConventionRecord,
): Promise<void> {
  await insertRows<ConventionRecord>(manager, 'conventions', [row]);
  await insertRows(
    manager,
    'convention_parties',
    definition.parties.map((p) => ({ conventionId: row.id, partyId: p.id })),
  );
}

/** A commitment's projected columns, as its row and its owners' rows keep them. */
interface CommitmentUpdate {
  id: string;
  view: string;
  status: string;
  dueOn: string;
}

function commitmentFields(commitment: CommitmentView): { status: string; dueOn: string } {
  return { status: commitment.status, dueOn: commitment.dueOn ?? UNDATED };
}

const UPDATE_CONVENTION_SET = `UPDATE "conventions" SET "title" = ?, "status" = ?, "version" = ?, "updated_at" = ?,
    "effective_on" = ?, "notice_deadline" = ?, "termination_effective_on" = ?, "view" = ?, "snapshot" = ?
  WHERE "id" = ?`;

/**
 * PostgreSQL: the convention's row, its changed commitments and their owners' rows, as the
 * leading data-modifying WITH queries of a statement (a round trip costs PostgreSQL more than
 * these updates do, see bench/README.md). The commitments come as arrays, so the text is the same
 * whatever their number. Each data-modifying WITH runs to completion whether or not the statement
 * reads its output, and none of them touches another's rows.
 *
 * The ids are given a second time as `= ANY(…)` on each table's key: joined only to the unnested
 * rows, whose count the planner cannot see, the tables were read whole (a hash join over a
 * sequential scan of every commitment and owner row, dead versions included: 1.8 ms of a
 * transition's 3.5 ms of PostgreSQL time at 2,000 commitments, and growing with the store).
 *
 * The owners' rows are reached through the commitments' update (its RETURNING), which the planner
 * expects to be one row: a convention's write keeps one plan for any values (`WriteOptions.byKey`),
 * made without the arrays' lengths, and with the owners joined to the unnested rows alone that plan
 * read the owners' table whole until it was analysed (projection-plan.medium-spec.ts).
 */
export const PROJECTION_CTES_POSTGRES = `"changed" AS (
    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS "c" ("id", "view", "status", "due_on")
  ), "commitment" AS (
    UPDATE "commitments" AS "m" SET "view" = "c"."view", "status" = "c"."status", "due_on" = "c"."due_on"
    FROM "changed" AS "c" WHERE "m"."id" = ANY(?::text[]) AND "m"."id" = "c"."id" RETURNING "m"."id"
  ), "owners" AS (
    UPDATE "commitment_owners" AS "o" SET "status" = "c"."status", "due_on" = "c"."due_on"
    FROM "changed" AS "c" JOIN "commitment" AS "u" ON "u"."id" = "c"."id"
    WHERE "o"."commitment_id" = ANY(?::text[]) AND "o"."commitment_id" = "u"."id" RETURNING 1
  ), "convention" AS (
    ${UPDATE_CONVENTION_SET} RETURNING 1
  )`;

/** The data-modifying WITH queries of `PROJECTION_CTES_POSTGRES` (`LeadingWrite.written`). */
const PROJECTION_WRITES = ['commitment', 'owners', 'convention'];

/** The projection of one convention alone, in one statement (PostgreSQL). */
export const UPDATE_PROJECTION_POSTGRES = `WITH ${PROJECTION_CTES_POSTGRES} SELECT 1`;

/** The parameters of `PROJECTION_CTES_POSTGRES`, in its order. */
function projectionParams(row: ConventionRecord, commitments: CommitmentUpdate[]): unknown[] {
  const column = <K extends keyof CommitmentUpdate>(key: K) => commitments.map((c) => c[key]);
  const ids = column('id');
  return [ids, column('view'), column('status'), column('dueOn'), ids, ids, ...conventionValues(row)];
}

function conventionValues(row: ConventionRecord): unknown[] {
  return [
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
  ];
}

/** SQLite, which has no data-modifying WITH and no round trip to save: one statement per row. */
async function updateSqlite(
  manager: EntityManager,
  row: ConventionRecord,
  commitments: CommitmentUpdate[],
): Promise<void> {
  await sql(manager, UPDATE_CONVENTION_SET, conventionValues(row));
  for (const { id, view, status, dueOn } of commitments) {
    await sql(manager, 'UPDATE "commitments" SET "view" = ?, "status" = ?, "due_on" = ? WHERE "id" = ?', [
      view,
      status,
      dueOn,
      id,
    ]);
    await sql(
      manager,
      'UPDATE "commitment_owners" SET "status" = ?, "due_on" = ? WHERE "commitment_id" = ?',
      [status, dueOn, id],
    );
  }
}

/** Moves each owner's count from the commitment's former status to its new one. */
function countStatusMove(batch: EventBatch, commitment: CommitmentView, was: string | undefined): void {
  if (was === commitment.status) return;
  for (const partyId of commitment.owners) {
    if (was !== undefined) batch.moveCount(partyId, was, -1);
    batch.moveCount(partyId, commitment.status, 1);
  }
}

/** A commitment new to the projection (a creation's, an amendment's): its row and its owners' rows. */
async function insertCommitment(
  manager: EntityManager,
  conventionId: string,
  position: number,
  commitment: CommitmentView,
  { id, view, status, dueOn }: CommitmentUpdate,
): Promise<void> {
  await insertRows<CommitmentRecord>(manager, 'commitments', [
    { id, conventionId, key: commitment.id, position, view, status, dueOn },
  ]);
  await insertRows(
    manager,
    'commitment_owners',
    commitment.owners.map((partyId) => ({ commitmentId: id, partyId, status, dueOn })),
  );
}
