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
    const { commitments, ...conventionView } = view;
    const changed: { id: string; owners: string[] }[] = [];
    const row: ConventionRecord = {
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
      await insertRows<ConventionRecord>(manager, 'conventions', [row]);
      await insertRows(
        manager,
        'convention_parties',
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
        await insertRows<CommitmentRecord>(manager, 'commitments', [
          { id, conventionId: view.id, key: commitment.id, position, view: json, ...fields },
        ]);
        await insertRows(
          manager,
          'commitment_owners',
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
}
