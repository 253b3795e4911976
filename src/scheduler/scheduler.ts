import { Clock } from '../common/clock';
import { Database } from '../database/database';
import { DeadlineRecord } from '../conventions/deadline-record';
import { DeadlineFiring } from './deadline-firing';
import { DeadlineRepository } from './deadline.repository';

/** Deadlines claimed in one go. */
const CLAIM_BATCH = 50;

/**
 * Fires due deadlines as system events, at start-up (what fell due while every instance was
 * down fires once) and on an interval. With several instances, each claims a batch of due
 * rows for a lease and fires the deadlines of those conventions; rows held under a live lease
 * are left to their instance, and the claims of an instance that died expire with their lease.
 * Firing itself is exactly-once whoever does it (stream lock + PENDING check in the event's
 * transaction), so a lease only keeps instances from doing the same work.
 */
export class Scheduler {
  constructor(
    private readonly db: Database,
    private readonly deadlines: DeadlineRepository,
    private readonly firing: DeadlineFiring,
    /** The domain clock: what is due. */
    private readonly clock: Clock,
    /** Real time, shared by the instances: how long a claim lasts, whatever the domain clock says. */
    private readonly wallClock: Clock,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  async fireDue(): Promise<DeadlineRecord[]> {
    const fired: DeadlineRecord[] = [];
    for (;;) {
      const wallNow = this.wallClock.now();
      const claimed = await this.db.write((manager) =>
        this.deadlines.claimDue(manager, {
          now: this.clock.nowIso(),
          wallNow: wallNow.toISOString(),
          leaseUntil: new Date(wallNow.getTime() + this.leaseMs).toISOString(),
          owner: this.owner,
          limit: CLAIM_BATCH,
        }),
      );
      if (!claimed.length) return fired;
      for (const conventionId of new Set(claimed.map((row) => row.conventionId))) {
        try {
          fired.push(...(await this.firing.fireDue(conventionId)));
        } catch (error) {
          // Left claimed: retried once the lease ends, by whichever instance gets there first.
          console.error(`scheduler: deadlines of convention ${conventionId}:`, error);
        }
      }
    }
  }
}
