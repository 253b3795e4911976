import { EntityManager, In, LessThanOrEqual } from 'typeorm';
import { comparePlan, PendingPlan } from '../conventions/deadline-store';
import { PlannedReminder } from '../machines/reminders';
import { ReminderRow } from '../database/notification.entities';

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
    if (stale.length) {
      await manager.update(ReminderRow, { id: In(stale) }, { status: 'CANCELLED', settledAt: at });
    }
    const fresh = unplanned.filter((r) => r.dueAt >= at);
    if (!fresh.length) return;
    const known = await manager.find(ReminderRow, {
      where: { key: In(fresh.map((r) => r.key)) },
      select: { id: true, key: true, status: true },
    });
    const byKey = new Map(known.map((row) => [row.key, row]));
    for (const reminder of fresh) {
      const existing = byKey.get(reminder.key);
      if (existing?.status === 'CANCELLED') {
        await manager.update(ReminderRow, { id: existing.id }, { status: 'PENDING', settledAt: null });
      } else if (!existing) {
        await manager.insert(ReminderRow, {
          key: reminder.key,
          conventionId,
          kind: reminder.kind,
          subject: reminder.subject,
          targetOn: reminder.targetOn,
          daysBefore: reminder.daysBefore,
          dueAt: reminder.dueAt,
          parties: JSON.stringify(reminder.parties),
          facts: JSON.stringify(reminder.facts),
          status: 'PENDING',
          createdAt: at,
          settledAt: null,
        });
      }
    }
  }

  /** The earliest pending reminder due at `now`. */
  async nextDue(manager: EntityManager, now: string): Promise<ReminderRow | null> {
    const [row] = await manager.find(ReminderRow, {
      where: { status: 'PENDING', dueAt: LessThanOrEqual(now) },
      order: { dueAt: 'ASC', id: 'ASC' },
      take: 1,
    });
    return row ?? null;
  }

  async findPending(manager: EntityManager, id: number): Promise<ReminderRow | null> {
    return manager.findOne(ReminderRow, { where: { id, status: 'PENDING' } });
  }

  async markReleased(manager: EntityManager, id: number, at: string): Promise<void> {
    await manager.update(ReminderRow, { id }, { status: 'RELEASED', settledAt: at });
  }

  async pendingOf(manager: EntityManager, conventionId: string): Promise<ReminderRow[]> {
    return manager.find(ReminderRow, { where: { conventionId, status: 'PENDING' }, order: { dueAt: 'ASC' } });
  }
}
