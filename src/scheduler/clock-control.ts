import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { Clock, MovableClock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AdvanceClockCommand } from '../conventions/commands';
import { ConventionWriter } from '../conventions/convention-writer';
import { keyedRequest } from '../conventions/idempotency-gate';
import { MAX_EVENTS_PER_WRITE } from '../conventions/write-state';
import { Database } from '../database/database';
import { DeadlineRecord } from '../conventions/deadline-record';
import { FIRST_DAY, isInstantInWindow, LAST_DAY } from '../machines/date-window';
import { ReminderService } from '../notifications/reminder.service';
import { STEP_BUDGET_MS, yieldToOthers } from './deadline-firing';
import { DeadlineRepository } from './deadline.repository';

/** What a step of a clock move fired, and whether deadlines remain before the target. */
interface Step {
  done: DeadlineRecord[];
  more: boolean;
}

/**
 * Moves a manual clock forward (`CLOCK=manual`, for demos and tests), firing on the way, in due
 * order and each at its own due instant, every deadline that falls due, including ones planned
 * by earlier firings; reminders go out at their own instants too.
 */
export class ClockControl {
  constructor(
    private readonly db: Database,
    private readonly writer: ConventionWriter,
    private readonly deadlines: DeadlineRepository,
    private readonly clock: Clock,
    /** Released at their instants on the way; none when null. */
    private readonly reminders: ReminderService | null = null,
  ) {}

  /** Returns what fired. The system clock cannot be moved: BAD_USER_INPUT. */
  async advanceClock(command: AdvanceClockCommand): Promise<DeadlineRecord[]> {
    const { actor, to } = command;
    if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'only an admin may move the clock');
    const clock = this.clock.movable();
    if (!clock) {
      throw new DomainError(
        'BAD_USER_INPUT',
        'the clock is the system clock; start the server with CLOCK=manual',
      );
    }
    const target = DateTime.fromISO(to, { setZone: true });
    if (!target.isValid || !isInstantInWindow(to)) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `to must be an ISO-8601 instant from ${FIRST_DAY} to ${LAST_DAY}, got "${to}"`,
      );
    }
    const until = target.toJSDate().toISOString();
    // The firings go in steps, each its own transaction; the answer is kept once they all are done.
    const request = keyedRequest(actor, 'advanceClock', command.idempotency);
    const replayed = request && (await this.writer.gate.answered(this.db.read, request));
    if (replayed) {
      if (replayed.kind !== 'clock')
        throw new Error(`idempotency key "${request.key}" answered a transition`);
      return this.deadlines.byIds(this.db.read, replayed.firedDeadlineIds);
    }
    if (until < clock.nowIso()) {
      throw new DomainError('BAD_USER_INPUT', `the clock moves forward only; it is ${clock.nowIso()}`);
    }
    const fired = await this.fireUntil(clock, until);
    if (request) {
      const answer = { kind: 'clock' as const, firedDeadlineIds: fired.map((d) => d.id) };
      await this.db.write((manager) => this.writer.gate.keep(manager, request, answer));
    }
    return fired;
  }

  /** In steps of at most MAX_EVENTS_PER_WRITE deadlines, each step one transaction. */
  private async fireUntil(clock: MovableClock, until: string): Promise<DeadlineRecord[]> {
    const fired: DeadlineRecord[] = [];
    for (let more = true; more; await yieldToOthers()) {
      const [upcoming] = await this.deadlines.due(this.db.read, until, 1);
      await this.releaseReminders(clock, upcoming?.dueAt ?? until);
      const step = await this.step(clock, until);
      fired.push(...step.done);
      more = step.more;
    }
    await this.releaseReminders(clock, until);
    clock.advanceTo(new Date(until));
    return fired;
  }

  private async step(clock: MovableClock, until: string): Promise<Step> {
    return this.writer.writing(async (manager, write) => {
      const started = performance.now();
      const done: DeadlineRecord[] = [];
      for (let n = 0; n < MAX_EVENTS_PER_WRITE && performance.now() - started < STEP_BUDGET_MS; n++) {
        const [next] = await this.deadlines.due(manager, until, 1);
        if (!next) return { done, more: false };
        // A reminder the step itself planned before this deadline goes out first: next step.
        if (n > 0 && this.reminders && (await this.reminders.anyDueIn(manager, next.dueAt)))
          return { done, more: true };
        clock.advanceTo(new Date(next.dueAt));
        await this.writer.lock(manager, next.conventionId);
        // Read again under the lock: another instance may have fired it meanwhile.
        const deadline = await this.deadlines.findPending(manager, next.id);
        if (deadline && (await this.writer.fireIn(manager, write, deadline)) === 'FIRED') done.push(next);
      }
      return { done, more: true };
    });
  }

  /** Reminders go out at their own instants, before a deadline due at the same one. */
  private async releaseReminders(clock: MovableClock, until: string): Promise<void> {
    const reminders = this.reminders;
    for (let last = -1; reminders;) {
      const reminder = await reminders.nextDue(until);
      // The same one again could not be released: left for the dispatcher's next round.
      if (!reminder || reminder.id === last) return;
      last = reminder.id;
      if (reminder.dueAt > clock.nowIso()) clock.advanceTo(new Date(reminder.dueAt));
      await reminders.release(reminder.id);
    }
  }
}
