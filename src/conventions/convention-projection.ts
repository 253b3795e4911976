import { EntityManager } from 'typeorm';
import { sameJson } from '../common/same-json';
import { isPostgres } from '../database/database';
import { insertRows, sql } from '../database/sql';
import { EventBatch } from '../events/event-log.repository';
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
    snapshot: unknown,
    version: number,
    previous: CommitmentView[] | null,
    at: string,
    batch: EventBatch,
  ): Promise<{ convention: ConventionRecord; commitments: { id: string; owners: string[] }[] }> {
    const row = conventionRow(definition, view, snapshot, version, at);
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
    if (previous !== null) await updateProjection(manager, row, updated);
    return { convention: row, commitments: changed };
  }
}

function conventionRow(
  definition: ConventionDefinition,
  view: ConventionView,
  snapshot: unknown,
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
    snapshot: JSON.stringify(snapshot),
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

const UPDATE_CONVENTION = `UPDATE "conventions" SET "title" = ?, "status" = ?, "version" = ?, "updated_at" = ?,
    "effective_on" = ?, "notice_deadline" = ?, "termination_effective_on" = ?, "view" = ?, "snapshot" = ?
  WHERE "id" = ?`;

/**
 * PostgreSQL: the convention's row, its changed commitments and their owners' rows in one
 * statement (a round trip costs PostgreSQL more than these updates do, see bench/README.md).
 * The commitments come as arrays, so the text is the same whatever their number. Each
 * data-modifying WITH runs to completion whether or not the statement reads its output, and
 * none of them touches another's rows.
 *
 * The ids are given a second time as `= ANY(…)` on each table's key: joined only to the unnested
 * rows, whose count the planner cannot see, the tables were read whole (a hash join over a
 * sequential scan of every commitment and owner row, dead versions included: 1.8 ms of a
 * transition's 3.5 ms of PostgreSQL time at 2,000 commitments, and growing with the store).
 */
export const UPDATE_PROJECTION_POSTGRES = `WITH "changed" AS (
    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS "c" ("id", "view", "status", "due_on")
  ), "commitment" AS (
    UPDATE "commitments" AS "m" SET "view" = "c"."view", "status" = "c"."status", "due_on" = "c"."due_on"
    FROM "changed" AS "c" WHERE "m"."id" = ANY(?::text[]) AND "m"."id" = "c"."id"
  ), "owners" AS (
    UPDATE "commitment_owners" AS "o" SET "status" = "c"."status", "due_on" = "c"."due_on"
    FROM "changed" AS "c" WHERE "o"."commitment_id" = ANY(?::text[]) AND "o"."commitment_id" = "c"."id"
  )
  ${UPDATE_CONVENTION}`;

/**
 * Updates a convention's row and its changed commitments with their owners' rows: one statement
 * on PostgreSQL; on SQLite, which has no data-modifying WITH and no round trip to save, one per row.
 */
async function updateProjection(
  manager: EntityManager,
  row: ConventionRecord,
  commitments: CommitmentUpdate[],
): Promise<void> {
  const conventionValues = [
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
  if (isPostgres(manager)) {
    const column = <K extends keyof CommitmentUpdate>(key: K) => commitments.map((c) => c[key]);
    const ids = column('id');
    await sql(manager, UPDATE_PROJECTION_POSTGRES, [
      ids,
      column('view'),
      column('status'),
      column('dueOn'),
      ids,
      ids,
      ...conventionValues,
    ]);
    return;
  }
  await sql(manager, UPDATE_CONVENTION, conventionValues);
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
