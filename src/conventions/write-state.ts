import { ConventionChange } from '../changes/change-feed';
import { CommitmentRecord, ConventionRecord } from './records';
import { ConventionEvent } from '../machines/convention.events';
import { ConventionContext } from '../machines/convention.machine';
import { ConventionView } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { EventBatch } from '../events/event-log.repository';
import { PartyRecipients, WriteObserver } from './event-observer';
import { PendingPlans } from './deadline-store';
import { PendingProjections } from './convention-projection';

/** An event without who and when: the writer adds them. */
export type EventBody = ConventionEvent extends infer E
  ? E extends ConventionEvent
    ? Omit<E, 'actor' | 'at'>
    : never
  : never;

/** An event, or how to build it from the convention as it stands inside the transaction. */
export type EventSource =
  EventBody | ((context: ConventionContext, definition: ConventionDefinition) => EventBody);

/** What a transition answers: the convention after it, and the commitment it was about. */
export interface TransitionResult {
  convention: ConventionRecord;
  commitment: CommitmentRecord | null;
}

/** Changes of one write, per convention, published once it committed. */
export type ChangeLog = Map<string, ConventionChange>;

/** What one write transaction did, for after its commit (or its failure). */
export interface WriteState {
  changes: ChangeLog;
  /** Conventions whose cached actor the write advanced. */
  touched: Set<string>;
  /** The events to append, hashed and chained, in order. */
  events: EventBatch;
  /**
   * Each convention's row as this write last projected it: what its store row is once the write's
   * held updates are written (`projections`), and what a later event of the write starts from.
   */
  projected: Map<string, ConventionRecord>;
  /** The projection updates held until the write's end (written with its events). */
  projections: PendingProjections;
  /** Each convention's view as this write last projected it (the answer's commitment comes from it). */
  views: Map<string, ConventionView>;
  /**
   * Each convention's earliest planned deadline instant after this write's last event (null:
   * none planned): its pending deadlines are a subset of that plan, so none is due before it.
   */
  earliestPlanned: Map<string, string | null>;
  /** Conventions with deadlines still due once this write reached its bound. */
  catchUp: Set<string>;
  /**
   * A convention's pending deadlines and reminders as the write's first read brought them (under
   * the stream lock, PostgreSQL): taken by the re-plan of its first event, which saves a read;
   * the events fired after it read their own (each re-plan changes them).
   */
  pendingRead: Map<string, PendingPlans>;
  /**
   * The contacts and endpoints of a convention's parties as the write's first read brought them
   * (PostgreSQL): nothing in a write changes them, so they serve each of its events.
   */
  recipientsRead: Map<string, PartyRecipients>;
  /** The notifications' observer of this write, made at its first accepted event. */
  observer?: WriteObserver;
}

export function newWriteState(): WriteState {
  return {
    changes: new Map(),
    touched: new Set(),
    events: new EventBatch(),
    projected: new Map(),
    projections: new PendingProjections(),
    views: new Map(),
    earliestPlanned: new Map(),
    catchUp: new Set(),
    pendingRead: new Map(),
    recipientsRead: new Map(),
  };
}

/** The pending plans the write's first read brought for `conventionId`, once (see `pendingRead`). */
export function takePending(write: WriteState, conventionId: string): PendingPlans | undefined {
  const pending = write.pendingRead.get(conventionId);
  write.pendingRead.delete(conventionId);
  return pending;
}

/**
 * Most events one write appends. A command whose effect makes more deadlines due (an effective
 * date years back) commits with at most this many; the rest fire after it in steps, each its
 * own transaction, with the event loop free between them, so no other request waits long
 * behind a catch-up.
 */
export const MAX_EVENTS_PER_WRITE = 8;

export function noteChange(
  changes: ChangeLog,
  definition: ConventionDefinition,
  conventionId: string,
  version: number,
  commitments: { id: string; owners: string[] }[],
): void {
  const change = changes.get(conventionId) ?? {
    conventionId,
    version,
    partyIds: definition.parties.map((p) => p.id),
    commitments: [],
  };
  change.version = version;
  for (const commitment of commitments) {
    if (!change.commitments.some((c) => c.id === commitment.id)) change.commitments.push(commitment);
  }
  changes.set(conventionId, change);
}
