import type { ConventionView } from '../machines/convention.view';

/**
 * The convention projections as the domain reads them: plain records, whatever table or
 * entity class stores them.
 */

/** A convention after its last projected event. */
export interface ConventionRecord {
  id: string;
  definitionId: string;
  definitionVersion: number;
  title: string;
  status: string;
  /** Stream version of the last event projected. */
  version: number;
  createdAt: string;
  updatedAt: string;
  effectiveOn: string | null;
  noticeDeadline: string | null;
  terminationEffectiveOn: string | null;
  /** The convention view (without commitments) as JSON. */
  view: string;
  /** XState persisted snapshot, to restore the machine without replaying. */
  snapshot: string;
}

/**
 * What a write leaves out of the convention's row it reads under its stream lock: the view (some
 * 2.3 kB of JSON, 5–7 µs to read on SQLite), which a write never reads (it projects a new one
 * from the machine).
 */
export const WRITE_OMITS = ['view'] as const satisfies readonly (keyof ConventionRecord)[];

/** A convention's row as a write reads it. */
export type WriteRow = Omit<ConventionRecord, (typeof WRITE_OMITS)[number]>;

/** One commitment of a convention. */
export interface CommitmentRecord {
  /** `<conventionId>:<commitment key>`. */
  id: string;
  conventionId: string;
  key: string;
  position: number;
  status: string;
  dueOn: string | null;
  /** The commitment view as JSON. */
  view: string;
}

/** Sort key of an undated commitment in the `due_on` columns: after every real date. */
export const UNDATED = '9999-12-31';

export function commitmentRowId(conventionId: string, key: string): string {
  return `${conventionId}:${key}`;
}

/** The row the projection stores for one commitment of `view` (null when it has none of that id). */
export function commitmentRow(view: ConventionView, commitmentId: string): CommitmentRecord | null {
  const position = view.commitments.findIndex((c) => commitmentRowId(view.id, c.id) === commitmentId);
  const commitment = view.commitments[position];
  if (!commitment) return null;
  return {
    id: commitmentId,
    conventionId: view.id,
    key: commitment.id,
    position,
    status: commitment.status,
    dueOn: commitment.dueOn ?? UNDATED,
    view: JSON.stringify(commitment),
  };
}
