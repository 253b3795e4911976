import { EntityManager } from 'typeorm';
import { comparePlan, PendingPlan } from '../conventions/deadline-store';
import { PlannedReminder } from '../machines/reminders';
import { ReminderRow } from '../database/notification.entities';
import { selectColumns, sql } from '../database/sql';
import { cancelPlanned, plannedByKeys } from '../database/planned-rows';

/**
 * A new pending reminder. Every statement here is written out with the same text for every row:
 * TypeORM's better-sqlite3 driver wrote ids and whole numbers into the text, a new statement each
 * time (bench/README.md, "Findings (2026-12-06, morning: a catch-up's longest wait)").
 */
const INSERT_REMINDER = `INSERT INTO "reminders"
  ("key", "convention_id", "kind", "subject", "target_on", "days_before", "due_at", "parties", "facts", "status", "created_at", "settled_at")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, NULL)`;

/** Planned reminders: kept in step with their convention's state in the transaction of each event. */
export class ReminderRepository {
  /**
   * Makes the pending reminders of a convention match its plan: ones no longer implied are
   * cancelled, new ones inserted unless already due at `at` (a reminder is never sent late), and
   * a key already released is never planned again. `pending` is what the write read of them
   * with the convention's pending deadlines (`DeadlineStore.pendingPlans`), under its stream lock.
   */
  async sync(
    manager: EntityManager,
    conventionId: string,
    plan: PlannedReminder[],
    at: string,
    pending: PendingPlan[],
  ): Promise<void> {
    const { stale, fresh: unplanned } = comparePlan(plan, pending);
    await cancelPlanned(manager, 'reminders', stale, at);
    const fresh = unplanned.filter((r) => r.dueAt >= at);
    if (!fresh.length) return;
    const known = await plannedByKeys(
      manager,
      'reminders',
      fresh.map((r) => r.key),
    );
    const byKey = new Map(known.map((row) => [row.key, row]));
    for (const reminder of fresh) {
      const existing = byKey.get(reminder.key);
      if (existing?.status === 'CANCELLED') {
        await sql(
          manager,
          `UPDATE "reminders" SET "status" = 'PENDING', "settled_at" = NULL WHERE "id" = ?`,
          [existing.id],
        );
      } else if (!existing) {
        await sql(manager, INSERT_REMINDER, [
          reminder.key,
          conventionId,
          reminder.kind,
          reminder.subject,
          reminder.targetOn,
          reminder.daysBefore,
          reminder.dueAt,
          JSON.stringify(reminder.parties),
          JSON.stringify(reminder.facts),
          at,
        ]);
      }
    }
  }

  /** The earliest pending reminder due at `now`. */
  async nextDue(manager: EntityManager, now: string): Promise<ReminderRow | null> {
    const [row] = await sql<ReminderRow>(
      manager,
      `SELECT ${selectColumns(manager, ReminderRow)} FROM "reminders"
       WHERE "status" = 'PENDING' AND "due_at" <= ? ORDER BY "due_at" ASC, "id" ASC LIMIT 1`,
      [now],
    );
    return row ?? null;
  }

  async findPending(manager: EntityManager, id: number): Promise<ReminderRow | null> {
    const [row] = await sql<ReminderRow>(
      manager,
      `SELECT ${selectColumns(manager, ReminderRow)} FROM "reminders" WHERE "id" = ? AND "status" = 'PENDING'`,
      [id],
    );
    return row ?? null;
  }

  async markReleased(manager: EntityManager, id: number, at: string): Promise<void> {
    await sql(manager, `UPDATE "reminders" SET "status" = 'RELEASED', "settled_at" = ? WHERE "id" = ?`, [
      at,
      id,
    ]);
  }

  async pendingOf(manager: EntityManager, conventionId: string): Promise<ReminderRow[]> {
    return manager.find(ReminderRow, { where: { conventionId, status: 'PENDING' }, order: { dueAt: 'ASC' } });
  }
}
