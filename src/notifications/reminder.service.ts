import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { ConventionRepository } from '../conventions/convention.repository';
import { Database } from '../database/database';
import { EventLogRepository } from '../events/event-log.repository';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { Notifier } from './notifier';
import { ReminderRepository } from './reminder.repository';

/**
 * Releases due reminders into the outbox, each in its own transaction under its convention's
 * stream lock: a transition that moves or cancels a reminder and its release never interleave,
 * and a reminder is released once whoever gets there first.
 */
export class ReminderService {
  constructor(
    private readonly db: Database,
    private readonly reminders: ReminderRepository,
    private readonly conventions: ConventionRepository,
    private readonly eventLog: EventLogRepository,
    private readonly registry: DefinitionRegistry,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  async nextDue(now: string): Promise<{ id: number; dueAt: string } | null> {
    return this.reminders.nextDue(this.db.read, now);
  }

  /** Whether a reminder is due by `until` as `manager` sees it: in a transaction, its own plans too. */
  async anyDueIn(manager: EntityManager, until: string): Promise<boolean> {
    return (await this.reminders.nextDue(manager, until)) !== null;
  }

  async release(id: number): Promise<boolean> {
    return this.db.write(async (manager) => {
      const seen = await this.reminders.findPending(manager, id);
      if (!seen) return false;
      await this.eventLog.lockStream(manager, seen.conventionId);
      const reminder = await this.reminders.findPending(manager, id);
      const convention = reminder && (await this.conventions.load(manager, reminder.conventionId));
      if (!reminder || !convention) return false;
      const definition = this.registry.byReference(
        `${convention.definitionId}@${convention.definitionVersion}`,
      );
      if (!definition) throw new Error(`definition ${convention.definitionId} is not published`);
      await this.notifier.release(manager, definition, reminder, this.clock.nowIso());
      return true;
    });
  }

  /** Releases every reminder due now (the domain clock); returns how many. */
  async releaseDue(): Promise<number> {
    let released = 0;
    let last: number | null = null;
    for (;;) {
      const next = await this.nextDue(this.clock.nowIso());
      // The same row again means it could not be released: left for the next round.
      if (!next || next.id === last) return released;
      last = next.id;
      if (await this.release(next.id)) released++;
    }
  }
}
