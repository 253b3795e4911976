import { EntityManager } from 'typeorm';
import { StoredEvent } from '../events/stored-event';
import { Actor } from '../machines/actor';
import { ConventionContext } from '../machines/convention.context';
import { ConventionStatus } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { PlannedReminder } from '../machines/reminders';

/** An accepted event as the writer staged it, before the log numbers it. */
export interface StagedEvent {
  row: Omit<StoredEvent, 'sequence'>;
  actor: Actor;
  payload: Record<string, unknown>;
}

/**
 * What else an accepted event writes in its own transaction (messages, reminders): the writer
 * calls it after projecting, so it commits or rolls back with the event. The notifications
 * implement it; the write pipeline knows only this.
 */
export interface EventObserver {
  onEvent(
    manager: EntityManager,
    definition: ConventionDefinition,
    context: ConventionContext,
    event: StagedEvent,
    statusBefore: ConventionStatus | null,
    statusAfter: ConventionStatus,
    plan: PlannedReminder[],
  ): Promise<void>;
}
