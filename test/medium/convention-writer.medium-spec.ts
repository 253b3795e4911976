import { ConventionChange } from '../../src/changes/change-feed';
import { DomainError } from '../../src/common/domain-error';
import { Database } from '../../src/database/database';
import { DeadlineRecord } from '../../src/conventions/deadline-record';
import { MAX_EVENTS_PER_WRITE } from '../../src/conventions/write-state';
import { admin, MediumStore, openMediumStore, representative } from './support/medium-store';

const amf = representative('amf');
const halde = representative('halde');
const key = (k: string, fingerprint = 'f1') => ({ idempotency: { key: k, fingerprint } });

/** The code of the DomainError `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.code;
}

/** A row with its machine snapshot parsed: a re-read snapshot may list its keys in another order. */
function comparable<T extends { snapshot: string } | null>(row: T) {
  return row && { ...row, snapshot: JSON.parse(row.snapshot) as unknown };
}

/** Fails the commit of the next `times` writes after their work ran, as a lost race does. */
class LostRace extends Error {}
function losingRaces(times: number) {
  const state = { left: times, attempts: 0 };
  const wrap = (db: Database): Database => ({
    read: db.read,
    isWriteConflict: (error) => error instanceof LostRace || db.isWriteConflict(error),
    exclusively: (work) => db.exclusively(work),
    close: () => db.close(),
    write: (work, options) =>
      db.write(async (manager) => {
        state.attempts += 1;
        const result = await work(manager);
        if (state.left > 0) {
          state.left -= 1;
          throw new LostRace('another instance wrote this stream meanwhile');
        }
        return result;
      }, options),
  });
  return { state, wrap };
}

describe('ConventionWriter on a real SQLite store', () => {
  let store: MediumStore;

  afterEach(async () => {
    await store?.dispose();
  });

  const created = async () => (await store.service.create({ actor: admin, workflowId: 'halde-amf-2010' })).id;

  describe('a command', () => {
    beforeEach(async () => {
      store = await openMediumStore();
    });

    it('appends one event, projects the convention and publishes the change after the commit', async () => {
      const id = await created();
      const published: ConventionChange[] = [];
      store.changes.subscribe((change) => published.push(change));

      const row = await store.service.sign({ actor: amf, conventionId: id });

      expect(row).toMatchObject({ id, version: 2, status: 'DRAFT' });
      expect((await store.events(id)).map((e) => [e.version, e.type, e.actorUserId])).toEqual([
        [1, 'CONVENTION_CREATED', 'admin'],
        [2, 'SIGNATURE_GIVEN', 'rep-amf'],
      ]);
      expect(await store.conventions.load(store.db.read, id)).toEqual(row);
      expect(published).toEqual([expect.objectContaining({ conventionId: id, version: 2 })]);
    });

    it('that the machine refuses writes nothing and answers its code', async () => {
      const id = await created();
      await store.service.sign({ actor: amf, conventionId: id });
      const before = await store.conventions.load(store.db.read, id);
      const deadlines = await store.db.read.count('deadlines');

      expect(await refusal(store.service.sign({ actor: amf, conventionId: id }))).toBe('INVALID_TRANSITION');
      expect(await refusal(store.service.giveNotice({ actor: admin, conventionId: id, reason: 'fin' }))).toBe(
        'FORBIDDEN',
      );

      expect(await store.events(id)).toHaveLength(2);
      expect(await store.conventions.load(store.db.read, id)).toEqual(before);
      expect(await store.db.read.count('deadlines')).toBe(deadlines);
    });

    it('fires in the same write what it made due: the effective date of the last signature', async () => {
      const id = await created();
      await store.service.sign({ actor: amf, conventionId: id });

      const row = await store.service.sign({ actor: halde, conventionId: id });

      expect(row).toMatchObject({ version: 4, status: 'ACTIVE' });
      const events = await store.events(id);
      expect(events.map((e) => e.type).slice(2)).toEqual(['SIGNATURE_GIVEN', 'EFFECTIVE_DATE_REACHED']);
      expect(events[3]).toMatchObject({ actorUserId: 'scheduler', occurredAt: events[2]!.occurredAt });
      const fired = await store.db.read.find<DeadlineRecord>('deadlines', {
        where: { conventionId: id, status: 'FIRED' },
      });
      expect(fired.map((d) => d.kind)).toEqual(['EFFECTIVE_DATE']);
    });

    it('appends at most MAX_EVENTS_PER_WRITE events and leaves the rest to a catch-up after its commit', async () => {
      // Agreed to start 12 years back: its effective date, then yearly evaluations and renewals, are all due.
      const id = (
        await store.service.create({ actor: admin, workflowId: 'halde-amf-2010', effectiveOn: '1998-06-24' })
      ).id;
      await store.service.sign({ actor: amf, conventionId: id });

      const row = await store.service.sign({ actor: halde, conventionId: id });

      expect(row.version).toBe(2 + MAX_EVENTS_PER_WRITE);
      for (let waited = 0; waited < 100; waited++) {
        const pending = await store.deadlines.due(store.db.read, store.clock.nowIso(), 1, id);
        if (!pending.length) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await store.deadlines.due(store.db.read, store.clock.nowIso(), 1, id)).toEqual([]);
      expect((await store.events(id)).length).toBeGreaterThan(2 + MAX_EVENTS_PER_WRITE);
    });
  });

  describe('a keyed command', () => {
    beforeEach(async () => {
      store = await openMediumStore();
    });

    it('retried, answers its first answer re-read at its version, even after later changes, and appends nothing', async () => {
      const id = await created();
      const first = await store.service.sign({ actor: amf, conventionId: id, ...key('sign-1') });
      await store.service.sign({ actor: halde, conventionId: id });
      const events = await store.allEvents();

      const retried = await store.service.sign({ actor: amf, conventionId: id, ...key('sign-1') });

      expect(comparable(retried)).toEqual(comparable(first));
      expect(retried).toMatchObject({ version: 2, status: 'DRAFT' });
      expect(await store.allEvents()).toBe(events);
    });

    it('retried, answers the commitment it was about as it stood then', async () => {
      const id = await created();
      await store.service.sign({ actor: amf, conventionId: id });
      await store.service.sign({ actor: halde, conventionId: id });
      const command = {
        actor: amf,
        commitmentId: `${id}:amf-relays-information`,
        note: 'relayé',
        evidenceUrl: null,
        ...key('mark-1'),
      };
      const first = await store.service.markCommitmentDone(command);
      await store.service.giveNotice({ actor: halde, conventionId: id, reason: 'fin' });

      const retried = await store.service.markCommitmentDone(command);

      expect(comparable(retried.convention)).toEqual(comparable(first.convention));
      expect(retried.commitment).toEqual(first.commitment);
      expect(retried.commitment).toMatchObject({ status: 'FULFILLED', key: 'amf-relays-information' });
    });

    it('with another input under the same key is a CONFLICT that writes nothing', async () => {
      const id = await created();
      await store.service.sign({ actor: amf, conventionId: id, ...key('k') });
      const events = await store.allEvents();

      expect(
        await refusal(store.service.giveNotice({ actor: amf, conventionId: id, reason: 'x', ...key('k') })),
      ).toBe('CONFLICT');
      expect(await refusal(store.service.sign({ actor: amf, conventionId: id, ...key('k', 'f2') }))).toBe(
        'CONFLICT',
      );
      expect(await store.allEvents()).toBe(events);
    });

    it('keeps a created convention under its key: a retried creation creates nothing', async () => {
      const first = await store.service.create({ actor: admin, workflowId: 'halde-amf-2010', ...key('c') });
      const retried = await store.service.create({ actor: admin, workflowId: 'halde-amf-2010', ...key('c') });
      expect(retried).toEqual(first);
      expect(await store.allEvents()).toBe(1);
    });
  });

  describe('a write that loses a race', () => {
    it('runs once more on fresh state and appends its event once', async () => {
      const race = losingRaces(0);
      store = await openMediumStore({ wrap: race.wrap });
      const id = await created();
      await store.service.sign({ actor: amf, conventionId: id });
      race.state.left = 1;
      race.state.attempts = 0;

      const row = await store.service.sign({ actor: halde, conventionId: id });

      expect(race.state.attempts).toBe(2);
      expect(row).toMatchObject({ version: 4, status: 'ACTIVE' });
      expect((await store.events(id)).map((e) => e.version)).toEqual([1, 2, 3, 4]);
    });

    it('twice answers CONFLICT and writes nothing', async () => {
      const race = losingRaces(0);
      store = await openMediumStore({ wrap: race.wrap });
      const id = await created();
      race.state.left = 2;

      expect(await refusal(store.service.sign({ actor: amf, conventionId: id }))).toBe('CONFLICT');
      expect(await store.events(id)).toHaveLength(1);
      // The actor the lost attempts advanced was forgotten: the same signature is accepted now.
      expect(await store.service.sign({ actor: amf, conventionId: id })).toMatchObject({ version: 2 });
    });
  });
});
