import { SystemClock } from '../../src/common/clock';
import { DomainError } from '../../src/common/domain-error';
import { MAX_EVENTS_PER_WRITE } from '../../src/conventions/write-state';
import { Database } from '../../src/database/database';
import { DeadlineRecord } from '../../src/conventions/deadline-record';
import { ClockControl } from '../../src/scheduler/clock-control';
import { Scheduler } from '../../src/scheduler/scheduler';
import { admin, MediumStore, openMediumStore, representative } from './support/medium-store';

const amf = representative('amf');
const halde = representative('halde');

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

/** Counts the events each committed write appended (the writes here run one after the other). */
function countingWrites() {
  const perWrite: number[] = [];
  const wrap = (db: Database): Database => ({
    read: db.read,
    isWriteConflict: (error) => db.isWriteConflict(error),
    exclusively: (work) => db.exclusively(work),
    close: () => db.close(),
    write: async (work, options) => {
      const before = await db.read.count('events');
      const result = await db.write(work, options);
      perWrite.push((await db.read.count('events')) - before);
      return result;
    },
  });
  return { perWrite, wrap };
}

describe('the scheduler and the clock on a real SQLite store', () => {
  let store: MediumStore;

  afterEach(async () => {
    await store?.dispose();
  });

  /** HALDE–AMF signed on 24 June 2010: ACTIVE, its notice deadline and term end planned. */
  const active = async () => {
    const { id } = await store.service.create({ actor: admin, workflowId: 'halde-amf-2010' });
    await store.service.sign({ actor: amf, conventionId: id });
    await store.service.sign({ actor: halde, conventionId: id });
    return id;
  };

  const pending = (conventionId: string) =>
    store.db.read.find<DeadlineRecord>('deadlines', {
      where: { conventionId, status: 'PENDING' },
      order: { dueAt: 'ASC', rank: 'ASC' },
    });

  describe('firing due deadlines', () => {
    beforeEach(async () => {
      store = await openMediumStore();
    });

    it('fires what fell due, earliest first, each at its own instant, and leaves the rest pending', async () => {
      const id = await active();
      const planned = await pending(id);
      const [first, second] = planned;
      expect(first!.dueAt < second!.dueAt).toBe(true);
      store.clock.advanceTo(new Date(second!.dueAt));

      const fired = await store.firing.fireDue(id);

      const due = planned.filter((d) => d.dueAt <= second!.dueAt);
      expect(fired.map((d) => d.key)).toEqual(due.map((d) => d.key));
      const appended = (await store.events(id)).slice(4);
      expect(appended.map((e) => [e.type, e.occurredAt])).toEqual(due.map((d) => [d.eventType, d.dueAt]));
      expect((await pending(id)).map((d) => d.key)).not.toContain(first!.key);
      expect(await store.firing.fireDue(id)).toEqual([]);
    });

    it('through the scheduler: claims due deadlines, fires each once, and nothing twice', async () => {
      const id = await active();
      const [first] = await pending(id);
      store.clock.advanceTo(new Date(first!.dueAt));
      const scheduler = new Scheduler(
        store.db,
        store.deadlines,
        store.firing,
        store.clock,
        new SystemClock(),
        'instance-a',
        60_000,
      );

      const fired = await scheduler.fireDue();

      expect(fired.map((d) => d.key)).toEqual([first!.key]);
      expect(await scheduler.fireDue()).toEqual([]);
      expect(await store.firing.fireDeadline(first!.id)).toBe('SKIPPED');
    });
  });

  describe('advanceClock', () => {
    it('refuses on the system clock, to a non-admin, and backwards; moves nothing', async () => {
      store = await openMediumStore();
      const systemClock = new ClockControl(store.db, store.writer, store.deadlines, new SystemClock());
      expect(await refusal(systemClock.advanceClock({ actor: admin, to: '2030-01-01T00:00:00Z' }))).toEqual({
        code: 'BAD_USER_INPUT',
        message: 'the clock is the system clock; start the server with CLOCK=manual',
      });
      const now = store.clock.nowIso();
      const control = store.clockControl;
      expect((await refusal(control.advanceClock({ actor: amf, to: '2030-01-01T00:00:00Z' }))).code).toBe(
        'FORBIDDEN',
      );
      expect((await refusal(control.advanceClock({ actor: admin, to: '2001-01-01T00:00:00Z' }))).code).toBe(
        'BAD_USER_INPUT',
      );
      expect((await refusal(control.advanceClock({ actor: admin, to: 'tomorrow' }))).code).toBe(
        'BAD_USER_INPUT',
      );
      expect(store.clock.nowIso()).toBe(now);
    });

    it('fires years of deadlines in due order, in steps of at most MAX_EVENTS_PER_WRITE events', async () => {
      const writes = countingWrites();
      store = await openMediumStore({ wrap: writes.wrap });
      const ids = [await active(), await active()];
      writes.perWrite.length = 0;

      const fired = await store.clockControl.advanceClock({ actor: admin, to: '2016-06-24T09:00:00Z' });

      expect(store.clock.nowIso()).toBe('2016-06-24T09:00:00.000Z');
      expect(fired.length).toBeGreaterThan(2 * MAX_EVENTS_PER_WRITE);
      const dueAts = fired.map((d) => d.dueAt);
      expect(dueAts).toEqual([...dueAts].sort());
      expect(Math.max(...writes.perWrite)).toBeLessThanOrEqual(MAX_EVENTS_PER_WRITE);
      expect(writes.perWrite.reduce((a, b) => a + b, 0)).toBe(fired.length);
      for (const id of ids) {
        const due = await store.deadlines.due(store.db.read, store.clock.nowIso(), 1, id);
        expect(due).toEqual([]);
      }
    });

    it('keyed, answers a retry with the deadlines it fired, re-read, and fires nothing more', async () => {
      store = await openMediumStore();
      const id = await active();
      const command = {
        actor: admin,
        to: '2011-06-24T09:00:00Z',
        idempotency: { key: 'move-1', fingerprint: 'f' },
      };
      const first = await store.clockControl.advanceClock(command);
      const events = (await store.events(id)).length;

      const retried = await store.clockControl.advanceClock(command);

      expect(first.length).toBeGreaterThan(0);
      expect(retried.map((d) => [d.id, d.kind, d.dueAt])).toEqual(first.map((d) => [d.id, d.kind, d.dueAt]));
      expect(await store.events(id)).toHaveLength(events);
    });
  });
});
