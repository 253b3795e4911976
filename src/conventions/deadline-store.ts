import { EntityManager } from 'typeorm';
import { DeadlineRecord } from './deadline-record';
import { PlannedDeadline } from '../machines/deadlines';

/** A pending row of a plan (a deadline or a reminder): what a re-plan compares with its plan. */
export interface PendingPlan {
  id: number;
  key: string;
}

/**
 * A plan against its pending rows: the ids of the rows it no longer implies (to cancel), and the
 * planned items that have no pending row (to plan, unless their key was settled before).
 */
export function comparePlan<T extends { key: string }>(
  plan: readonly T[],
  pending: readonly PendingPlan[],
): { stale: number[]; fresh: T[] } {
  const planned = new Set(plan.map((item) => item.key));
  const pendingKeys = new Set(pending.map((row) => row.key));
  return {
    stale: pending.filter((row) => !planned.has(row.key)).map((row) => row.id),
    fresh: plan.filter((item) => !pendingKeys.has(item.key)),
  };
}

/** A convention's pending deadlines and pending reminders, as one statement read them. */
export interface PendingPlans {
  deadlines: PendingPlan[];
  /** Empty when they were not asked for (no notifications). */
  reminders: PendingPlan[];
}

/** A pending row as the statements read it: `plan` 'D' for a deadline, 'R' for a reminder. */
export interface PendingRow {
  plan: string;
  id: number | string;
  key: string;
}

/** The rows of `DeadlineStore.pendingPlans`'s statement, or of a write's first read, split by plan. */
export function pendingPlansOf(rows: readonly PendingRow[]): PendingPlans {
  const plans: PendingPlans = { deadlines: [], reminders: [] };
  for (const row of rows) {
    (row.plan === 'D' ? plans.deadlines : plans.reminders).push({ id: Number(row.id), key: row.key });
  }
  return plans;
}

/**
 * What a write needs of the deadlines: re-plan them from the machine's state, find the next one
 * due, settle one it fired. The scheduler's repository provides it; declared here so that the
 * writer does not depend on the scheduler, which depends on the writer.
 */
export interface DeadlineStore {
  /**
   * The pending deadlines of a convention and, when asked, its pending reminders: both are
   * re-planned after each event, and reading them together is one round trip fewer per event.
   */
  pendingPlans(manager: EntityManager, conventionId: string, withReminders: boolean): Promise<PendingPlans>;
  /** Makes the pending deadlines (`pending`, read under the stream lock) match the plan. */
  sync(
    manager: EntityManager,
    conventionId: string,
    planned: PlannedDeadline[],
    at: string,
    pending: PendingPlan[],
  ): Promise<void>;
  nextDue(manager: EntityManager, conventionId: string, now: string): Promise<DeadlineRecord | null>;
  settle(manager: EntityManager, id: number, status: 'FIRED' | 'REFUSED', at: string): Promise<void>;
}
