import { EntityManager } from 'typeorm';
import { ContactRow, WebhookEndpointRow } from '../database/notification.entities';
import { StoredEvent } from '../events/stored-event';
import { Actor } from '../machines/actor';
import { ConventionContext } from '../machines/convention.context';
import { ConventionStatus } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { PlannedReminder } from '../machines/reminders';
import { PendingPlan } from './deadline-store';

/** An accepted event as the writer staged it, before the log numbers it. */
export interface StagedEvent {
  row: Omit<StoredEvent, 'sequence'>;
  actor: Actor;
  payload: Record<string, unknown>;
}

/** The contacts and the webhook endpoints of some parties, each in id order. */
export interface PartyRecipients {
  contacts: ContactRow[];
  webhooks: WebhookEndpointRow[];
}

/** One accepted event, with what its observer needs of the write. */
export interface ObservedEvent {
  manager: EntityManager;
  definition: ConventionDefinition;
  context: ConventionContext;
  event: StagedEvent;
  statusBefore: ConventionStatus | null;
  statusAfter: ConventionStatus;
  /** The reminders the machine's state implies after the event. */
  plan: PlannedReminder[];
  /** The convention's pending reminders, read with its pending deadlines just before. */
  pendingReminders: PendingPlan[];
  /**
   * The contacts and endpoints of every party of the convention, when the write's first read
   * brought them with its row (PostgreSQL); otherwise the observer reads those it needs.
   */
  recipients?: PartyRecipients;
}

/**
 * What else an accepted event writes in its own transaction (messages, reminders): the writer
 * calls it after projecting, so it commits or rolls back with the event. The notifications
 * implement it; the write pipeline knows only this.
 */
export interface EventObserver {
  /**
   * The observer of one write transaction (up to MAX_EVENTS_PER_WRITE events): what it reads
   * that no event of the write changes (the parties' contacts and webhook endpoints) it reads
   * once for the whole write.
   */
  forWrite(): WriteObserver;
}

export interface WriteObserver {
  onEvent(observed: ObservedEvent): Promise<void>;
}
