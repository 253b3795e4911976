import { EntityManager } from 'typeorm';
import { Actor } from '../machines/actor';
import { ConventionActor, rulesVersionOf } from '../machines/convention.engine';
import { storedSnapshotJson } from '../machines/stored-snapshot-json';
import { CONVENTION_CREATED, ConventionEventType } from '../machines/convention.events';
import { CommitmentView, ConventionStatus, conventionView } from '../machines/convention.view';
import { plannedDeadlines } from '../machines/deadlines';
import { ConventionDefinition, definitionRef } from '../machines/definition';
import { plannedReminders } from '../machines/reminders';
import { EventObserver } from './event-observer';
import { canonicalJson } from '../common/canonical-json';
import { EventLogRepository } from '../events/event-log.repository';
import { actorColumns } from '../events/stored-event';
import { ConventionProjection } from './convention-projection';
import { DeadlineStore } from './deadline-store';
import { noteChange, takePending, WriteState } from './write-state';

/** An accepted event, as it is staged. */
export interface AcceptedEvent {
  type: ConventionEventType | typeof CONVENTION_CREATED;
  payload: Record<string, unknown>;
  actor: Actor;
  at: string;
  version: number;
  idempotencyKey: string | null;
}

export interface RecordOptions {
  manager: EntityManager;
  write: WriteState;
  definition: ConventionDefinition;
  /** The machine after the event. */
  machine: ConventionActor;
  /** The commitments before the event; null for a creation. */
  before: CommitmentView[] | null;
  statusBefore: ConventionStatus | null;
  event: AcceptedEvent;
}

/**
 * Writes what an accepted event changed: projects the machine's new state, re-plans its
 * deadlines, stages the event (the transaction's events are appended at its very end, see the
 * writer) and writes the messages it causes.
 */
export class EventRecorder {
  constructor(
    private readonly eventLog: EventLogRepository,
    private readonly projection: ConventionProjection,
    private readonly deadlines: DeadlineStore,
    private readonly notifier: EventObserver | null,
  ) {}

  async record({
    manager,
    write,
    definition,
    machine,
    before,
    statusBefore,
    event,
  }: RecordOptions): Promise<void> {
    const snapshot = machine.getSnapshot();
    if (snapshot.status === 'error') throw new Error(`machine error: ${String(snapshot.error)}`);
    const conventionId = snapshot.context.conventionId;
    const view = conventionView(definition, snapshot);
    const { convention, commitments: changed } = await this.projection.project(
      manager,
      definition,
      view,
      storedSnapshotJson(definition, machine),
      event.version,
      before,
      event.at,
      write.events,
      write.projections,
    );
    const plan = plannedDeadlines(definition, snapshot);
    // Brought by the write's first read when it could (PostgreSQL), for its first event only.
    const pending =
      takePending(write, conventionId) ??
      (await this.deadlines.pendingPlans(manager, conventionId, this.notifier !== null));
    await this.deadlines.sync(manager, conventionId, plan, event.at, pending.deadlines);
    write.earliestPlanned.set(
      conventionId,
      plan.reduce<string | null>((a, d) => (a === null || d.dueAt < a ? d.dueAt : a), null),
    );
    await this.eventLog.stage(manager, write.events, {
      streamId: conventionId,
      version: event.version,
      type: event.type,
      payload: canonicalJson(event.payload),
      ...actorColumns(event.actor),
      occurredAt: event.at,
      definitionRef: definitionRef(definition),
      // The convention's own rules version, for its whole life (rules-version.ts).
      machineVersion: rulesVersionOf(machine),
      idempotencyKey: event.idempotencyKey,
    });
    if (this.notifier) {
      const rows = write.events.rows;
      write.observer ??= this.notifier.forWrite();
      await write.observer.onEvent({
        manager,
        definition,
        context: snapshot.context,
        event: { row: rows[rows.length - 1]!, actor: event.actor, payload: event.payload },
        statusBefore,
        statusAfter: view.status,
        plan: plannedReminders(definition, snapshot),
        // Read with the deadlines above: nothing since (the deadlines' sync, the staging) writes reminders.
        pendingReminders: pending.reminders,
        recipients: write.recipientsRead.get(conventionId),
      });
    }
    noteChange(write.changes, definition, conventionId, event.version, changed);
    write.projected.set(conventionId, convention);
    write.views.set(conventionId, view);
  }
}
