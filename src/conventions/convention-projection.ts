import { EntityManager } from 'typeorm';
import { sameJson } from '../common/same-json';
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
    await writeConvention(manager, definition, row, previous === null);
    const changed: { id: string; owners: string[] }[] = [];
    const before = new Map((previous ?? []).map((c) => [c.id, c]));
    for (const [position, commitment] of view.commitments.entries()) {
      const previousView = before.get(commitment.id);
      // Compared in place: stringifying every view twice was a tenth of a transition's time.
      if (previousView && sameJson(previousView, commitment)) continue;
      countStatusMove(batch, commitment, previousView?.status);
      const id = commitmentRowId(view.id, commitment.id);
      changed.push({ id, owners: [...commitment.owners] });
      await writeCommitment(manager, view.id, id, position, commitment, previousView === undefined);
    }
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

/** Inserts a new convention's row and its parties, or updates the row of a convention already projected. */
async function writeConvention(
  manager: EntityManager,
  definition: ConventionDefinition,
  row: ConventionRecord,
  isNew: boolean,
): Promise<void> {
  if (isNew) {
    await insertRows<ConventionRecord>(manager, 'conventions', [row]);
    await insertRows(
      manager,
      'convention_parties',
      definition.parties.map((p) => ({ conventionId: row.id, partyId: p.id })),
    );
    return;
  }
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

/** Moves each owner's count from the commitment's former status to its new one. */
function countStatusMove(batch: EventBatch, commitment: CommitmentView, was: string | undefined): void {
  if (was === commitment.status) return;
  for (const partyId of commitment.owners) {
    if (was !== undefined) batch.moveCount(partyId, was, -1);
    batch.moveCount(partyId, commitment.status, 1);
  }
}

async function writeCommitment(
  manager: EntityManager,
  conventionId: string,
  id: string,
  position: number,
  commitment: CommitmentView,
  isNew: boolean,
): Promise<void> {
  const json = JSON.stringify(commitment);
  const fields = { status: commitment.status, dueOn: commitment.dueOn ?? UNDATED };
  if (isNew) {
    await insertRows<CommitmentRecord>(manager, 'commitments', [
      { id, conventionId, key: commitment.id, position, view: json, ...fields },
    ]);
    await insertRows(
      manager,
      'commitment_owners',
      commitment.owners.map((partyId) => ({ commitmentId: id, partyId, ...fields })),
    );
    return;
  }
  await sql(manager, 'UPDATE "commitments" SET "view" = ?, "status" = ?, "due_on" = ? WHERE "id" = ?', [
    json,
    fields.status,
    fields.dueOn,
    id,
  ]);
  await sql(manager, 'UPDATE "commitment_owners" SET "status" = ?, "due_on" = ? WHERE "commitment_id" = ?', [
    fields.status,
    fields.dueOn,
    id,
  ]);
}
