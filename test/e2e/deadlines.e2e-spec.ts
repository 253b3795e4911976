import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openRuntime, Runtime } from '../../src/app/runtime';
import { ManualClock } from '../../src/common/clock';
import { configFromEnv } from '../../src/config';
import { StoredEvent } from '../../src/events/stored-event';
import { DeadlineRecord } from '../../src/conventions/deadline-record';
import { Actor } from '../../src/machines/actor';
import { ConventioProcess } from '../support/conventio-process';
import { createTestStore, TestStore, testDialect } from '../support/test-store';

const ROOT = resolve(__dirname, '../..');
const admin: Actor = { userId: 'admin', name: 'Administrateur', role: 'admin', partyId: null };
const rep = (partyId: string): Actor => ({
  userId: `rep-${partyId}`,
  name: partyId,
  role: 'representative',
  partyId,
});

describe(`durable deadlines on a real store (${testDialect() === 'postgres' ? 'PostgreSQL' : 'SQLite file'})`, () => {
  let dir: string;
  let store: TestStore;
  let runtime: Runtime;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-deadlines-'));
    store = await createTestStore(dir);
    runtime = await openRuntime({
      ...configFromEnv({}),
      ...store.config,
      workflowsDir: join(ROOT, 'workflows'),
      clock: 'manual',
      clockStart: '2010-06-24T09:00:00.000Z',
    });
  });

  afterEach(async () => {
    await runtime?.close();
    await store?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const signedHaldeAmf = async () => {
    const created = await runtime.conventions.create({ actor: admin, workflowId: 'halde-amf-2010' });
    await runtime.conventions.sign({ actor: rep('amf'), conventionId: created.id });
    return runtime.conventions.sign({ actor: rep('halde'), conventionId: created.id });
  };

  const events = (streamId: string) => runtime.db.read.find<StoredEvent>('events', { where: { streamId } });

  it('fires a deadline once: firing it again is a no-op that appends nothing', async () => {
    const convention = await signedHaldeAmf();
    expect(convention.status).toBe('ACTIVE');
    const [noticeDeadline] = await runtime.db.read.find<DeadlineRecord>('deadlines', {
      where: { conventionId: convention.id, kind: 'NOTICE_DEADLINE', status: 'PENDING' },
    });
    expect(noticeDeadline?.key).toBe(`${convention.id}:NOTICE_DEADLINE:-:2011-03-24`);
    (runtime.clock as ManualClock).advanceTo(new Date('2011-03-25T12:00:00Z'));
    const before = (await events(convention.id)).length;

    const outcomes = await Promise.all([
      runtime.firing.fireDeadline(noticeDeadline!.id),
      runtime.firing.fireDeadline(noticeDeadline!.id),
    ]);
    expect(outcomes.sort()).toEqual(['FIRED', 'SKIPPED']);
    expect(await runtime.firing.fireDeadline(noticeDeadline!.id)).toBe('SKIPPED');

    const after = await events(convention.id);
    expect(after).toHaveLength(before + 1);
    expect(after.filter((e) => e.type === 'NOTICE_DEADLINE_PASSED')).toHaveLength(1);
    const settled = await runtime.db.read.findOneBy<DeadlineRecord>('deadlines', { id: noticeDeadline!.id });
    expect(settled?.status).toBe('FIRED');
  });

  it('never plans a fired deadline again: its deterministic key stays settled', async () => {
    const convention = await signedHaldeAmf();
    (runtime.clock as ManualClock).advanceTo(new Date('2011-03-25T12:00:00Z'));
    await runtime.firing.fireDue(convention.id);
    const rows = await runtime.db.read.find<DeadlineRecord>('deadlines', {
      where: { conventionId: convention.id },
    });
    const keys = rows.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(rows.filter((r) => r.kind === 'NOTICE_DEADLINE').map((r) => r.status)).toEqual(['FIRED']);
  });

  it('settles a deadline the machine no longer accepts as REFUSED, appending nothing', async () => {
    const convention = await signedHaldeAmf();
    const [termEnd] = await runtime.db.read.find<DeadlineRecord>('deadlines', {
      where: { conventionId: convention.id, kind: 'TERM_END', status: 'PENDING' },
    });
    // Forced early: the machine checks the date itself, whatever the scheduler believes.
    await runtime.db.write((m) =>
      m.update<DeadlineRecord>('deadlines', { id: termEnd!.id }, { dueAt: '2010-06-24T00:00:00.000Z' }),
    );
    const before = (await events(convention.id)).length;
    expect(await runtime.firing.fireDeadline(termEnd!.id)).toBe('REFUSED');
    expect(await events(convention.id)).toHaveLength(before);
  });
});

describe('deadlines that fall due while the server is down', () => {
  it('fire exactly once at start-up, in order, and not again at the next start', async () => {
    const server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2010-06-24T08:00:00Z' });
    try {
      const [adminToken, auditor, amf, halde] = await Promise.all([
        server.token('admin', 'Administrateur'),
        server.token('auditor', 'Cour des comptes'),
        server.token('representative', 'AMF', 'amf'),
        server.token('representative', 'HALDE', 'halde'),
      ]);
      const created = await server.ok<{ createConvention: { convention: { id: string } } }>(
        adminToken,
        'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
      );
      const id = created.createConvention.convention.id;
      const sign =
        'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
      await server.ok(amf, sign, { id });
      await server.ok(halde, sign, { id });

      const history = async () =>
        (
          await server.ok<{ history: { edges: { node: { type: string; occurredAt: string } }[] } }>(
            auditor,
            'query($id: ID!) { history(conventionId: $id, first: 100) { edges { node { type occurredAt } } } }',
            { id },
          )
        ).history.edges.map((e) => e.node);

      await server.stop();
      // Down for more than a year: the notice deadline and the end of term 1 passed meanwhile.
      await server.boot({ CLOCK_START: '2011-07-01T08:00:00Z' });
      const afterRestart = await history();
      const timeEvents = afterRestart.filter(
        (e) => e.type !== 'CONVENTION_CREATED' && e.type !== 'SIGNATURE_GIVEN',
      );
      expect(timeEvents.map((e) => e.type)).toEqual([
        'EFFECTIVE_DATE_REACHED',
        'NOTICE_DEADLINE_PASSED',
        'EVALUATION_DUE_PASSED',
        'TERM_ENDED',
      ]);
      // Each is recorded at the instant it fell due, not at the restart.
      expect(timeEvents[1]?.occurredAt).toBe('2011-03-23T23:00:00.000Z');
      const state = await server.ok<{ convention: { status: string; term: { number: number } } }>(
        auditor,
        'query($id: ID!) { convention(id: $id) { status term { number } } }',
        { id },
      );
      expect(state.convention).toEqual({ status: 'ACTIVE', term: { number: 2 } });

      await server.stop();
      await server.boot({ CLOCK_START: '2011-07-02T08:00:00Z' });
      expect(await history()).toEqual(afterRestart);
    } finally {
      await server.dispose();
    }
    // Three server starts and four CLI runs: generous on a loaded two-core machine.
  }, 120_000);
});
