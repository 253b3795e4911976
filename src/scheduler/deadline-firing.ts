import { performance } from 'node:perf_hooks';
import { ConventionWriter } from '../conventions/convention-writer';
import { MAX_EVENTS_PER_WRITE } from '../conventions/write-state';
import { DeadlineRecord } from '../conventions/deadline-record';
import { DeadlineRepository } from './deadline.repository';

/**
 * A step of a catch-up (not a command's own commit) also stops once it has run this long (real
 * time, not the domain clock): on a busy machine 8 firings can hold the event loop for
 * hundreds of milliseconds.
 */
export const STEP_BUDGET_MS = 25;

/** Lets the requests that arrived meanwhile run before the next step of a long catch-up. */
export function yieldToOthers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Fires deadlines as system events through the writer, each under its convention's stream
 * lock and only while still PENDING, so whoever fires one (a command's own write, the
 * scheduler, another instance) fires it once.
 */
export class DeadlineFiring {
  constructor(
    private readonly writer: ConventionWriter,
    private readonly deadlines: DeadlineRepository,
  ) {}

  /**
   * Fires one deadline in its own transaction. Firing a deadline that is no longer pending is
   * a no-op; one the machine refuses is settled as REFUSED.
   */
  async fireDeadline(deadlineId: number): Promise<'FIRED' | 'REFUSED' | 'SKIPPED'> {
    return this.writer.writing(async (manager, write) => {
      const seen = await this.deadlines.findPending(manager, deadlineId);
      if (!seen) return 'SKIPPED';
      await this.writer.lock(manager, seen.conventionId);
      // Read again under the lock: another instance may have fired it meanwhile.
      const deadline = await this.deadlines.findPending(manager, deadlineId);
      if (!deadline) return 'SKIPPED';
      return this.writer.fireIn(manager, write, deadline);
    });
  }

  /**
   * Fires, earliest first, every deadline of one convention that is due now, in steps of at
   * most MAX_EVENTS_PER_WRITE, each step its own transaction. Each is chosen under the stream
   * lock, so instances racing on the same convention fire its deadlines in due order and each once.
   */
  async fireDue(conventionId: string): Promise<DeadlineRecord[]> {
    const fired: DeadlineRecord[] = [];
    for (;;) {
      const step = await this.writer.writing(async (manager, write) => {
        const started = performance.now();
        await this.writer.lock(manager, conventionId);
        const now = await this.writer.now(manager, null);
        const done: DeadlineRecord[] = [];
        for (let n = 0; n < MAX_EVENTS_PER_WRITE && performance.now() - started < STEP_BUDGET_MS; n++) {
          const deadline = await this.deadlines.nextDue(manager, conventionId, now);
          if (!deadline) return { done, more: false };
          if ((await this.writer.fireIn(manager, write, deadline)) === 'FIRED') done.push(deadline);
        }
        return { done, more: true };
      });
      fired.push(...step.done);
      if (!step.more) return fired;
      await yieldToOthers();
    }
  }
}
