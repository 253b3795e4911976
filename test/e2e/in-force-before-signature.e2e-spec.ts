import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, rules v4, over HTTP (CLOCK=manual): a convention in force before its signature
 * (test/fixtures/definitions/clause-in-force-before-signature.yaml). Created on 20 March 2024
 * with `effectiveOn: 2024-01-01`, signed by the Ville on 2 April and by the association on
 * 15 April: nothing is VIOLATED at signing; what fell due before 15 May (a month after the
 * signature, `term.graceAfterSignature: P1M`) is listed late, due on 15 May; the association
 * records January, February and March one after the other and the first quarter, April is left
 * to pass VIOLATED at midnight on 15 May, May is due at its own end. The history verifies, online
 * and offline. Run on SQLite, and on PostgreSQL with CONVENTIO_TEST_DATABASE=postgres.
 */

const FIXTURE = 'clause-in-force-before-signature';
const CREATE = `mutation($w: ID!, $on: String) {
  createConvention(input: { workflowId: $w, effectiveOn: $on }) { convention { id status } } }`;
const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status effectiveOn term { startsOn endsOn } rules { term { graceAfterSignature } }
  commitments { key status dueOn late dueUnderTermsOn
    occurrences { index startsOn dueOn late dueUnderTermsOn status } } } }`;

interface Occurrence {
  index: number;
  startsOn: string;
  dueOn: string;
  late: boolean;
  dueUnderTermsOn: string | null;
  status: string;
}
interface ConventionData {
  convention: {
    status: string;
    effectiveOn: string | null;
    term: { startsOn: string; endsOn: string | null } | null;
    rules: { term: { graceAfterSignature: string | null } };
    commitments: {
      key: string;
      status: string;
      dueOn: string | null;
      late: boolean;
      dueUnderTermsOn: string | null;
      occurrences: Occurrence[];
    }[];
  };
}

/** An occurrence as [startsOn, dueOn, status, late]. */
const brief = (o: Occurrence) => [o.startsOn, o.dueOn, o.status, o.late];

describe('a convention in force before its signature (rules v4), over HTTP', () => {
  let workflowsDir: string;
  let world: World;
  let convention: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-in-force-before-signature-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2024-03-20T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async () =>
    (await world.server.ok<ConventionData>(world.auditor, CONVENTION, { id: convention.id })).convention;
  const commitment = async (key: string) => (await read()).commitments.find((c) => c.key === key)!;
  const markDone = (key: string) => world.as('association').marksDone(`${convention.id}:${key}`);

  it('created on 20 March 2024 in effect from 1 January, signed on 2 and 15 April: nothing VIOLATED at signing', async () => {
    const created = await world.server.ok<{
      createConvention: { convention: { id: string; status: string } };
    }>(world.admin, CREATE, { w: FIXTURE, on: '2024-01-01' });
    convention = { id: created.createConvention.convention.id, workflowId: FIXTURE };
    await world.when.clockReaches('2024-04-02T08:00:00Z');
    await world.as('ville').signs(convention.id);
    await world.when.clockReaches('2024-04-15T08:00:00Z');
    await world.as('association').signs(convention.id);

    const signed = await read();
    expect(signed).toMatchObject({
      status: 'ACTIVE',
      effectiveOn: '2024-01-01',
      term: { startsOn: '2024-01-01', endsOn: '2025-12-31' },
      rules: { term: { graceAfterSignature: 'P1M' } },
    });
    expect(signed.commitments.map((c) => c.status)).not.toContain('VIOLATED');
    const history = await world.then.soundHistory(convention.id);
    expect(history.map((e) => e.type)).not.toContain('COMMITMENT_DUE_PASSED');
  });

  it('lists what fell due before the signature as late, due on 15 May (a month after it)', async () => {
    expect(await commitment('action-programme')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2024-05-15',
      late: true,
      dueUnderTermsOn: '2024-03-01',
    });
    const monthly = await commitment('monthly-attendance');
    expect(monthly).toMatchObject({ dueOn: '2024-05-15', late: true, dueUnderTermsOn: '2024-01-31' });
    expect(monthly.occurrences).toEqual([
      {
        index: 1,
        startsOn: '2024-01-01',
        dueOn: '2024-05-15',
        late: true,
        dueUnderTermsOn: '2024-01-31',
        status: 'IN_EFFECT',
      },
    ]);
    expect((await commitment('quarterly-accounts')).occurrences.map(brief)).toEqual([
      ['2024-01-01', '2024-05-15', 'IN_EFFECT', true],
    ]);
    expect(await commitment('annual-grant')).toMatchObject({
      dueOn: '2024-06-29',
      late: false,
      dueUnderTermsOn: null,
    });
  });

  it('lets the association record January, February and March one after the other, then the first quarter', async () => {
    for (const day of ['2024-04-22', '2024-04-23', '2024-04-24']) {
      await world.when.clockReaches(`${day}T09:00:00Z`);
      await markDone('monthly-attendance');
    }
    const monthly = await commitment('monthly-attendance');
    expect(monthly.occurrences.map(brief)).toEqual([
      ['2024-01-01', '2024-05-15', 'FULFILLED', true],
      ['2024-02-01', '2024-05-15', 'FULFILLED', true],
      ['2024-03-01', '2024-05-15', 'FULFILLED', true],
      ['2024-04-01', '2024-05-15', 'IN_EFFECT', true],
    ]);
    expect(monthly).toMatchObject({ status: 'IN_EFFECT', late: true, dueUnderTermsOn: '2024-04-30' });

    await markDone('quarterly-accounts');
    const quarterly = await commitment('quarterly-accounts');
    expect(quarterly.occurrences.map(brief)).toEqual([
      ['2024-01-01', '2024-05-15', 'FULFILLED', true],
      ['2024-04-01', '2024-06-30', 'IN_EFFECT', false],
    ]);
    expect(quarterly).toMatchObject({ dueOn: '2024-06-30', late: false });
  });

  it('takes the programme on the evening of 15 May in Paris; April, left unrecorded, is VIOLATED at midnight', async () => {
    await world.when.clockReaches('2024-05-15T21:30:00Z');
    await markDone('action-programme');
    expect(await commitment('action-programme')).toMatchObject({ status: 'FULFILLED', late: true });

    await world.when.clockReaches('2024-05-16T08:00:00Z');

    const monthly = await commitment('monthly-attendance');
    expect(monthly.occurrences.map(brief)).toEqual([
      ['2024-01-01', '2024-05-15', 'FULFILLED', true],
      ['2024-02-01', '2024-05-15', 'FULFILLED', true],
      ['2024-03-01', '2024-05-15', 'FULFILLED', true],
      ['2024-04-01', '2024-05-15', 'VIOLATED', true],
      ['2024-05-01', '2024-05-31', 'IN_EFFECT', false],
    ]);
    expect(monthly).toMatchObject({ dueOn: '2024-05-31', late: false, dueUnderTermsOn: null });
    expect((await read()).status).toBe('ACTIVE');
    await world.then.soundHistory(convention.id);
  });

  it('replays offline: the exported log verifies under rules v4', async () => {
    const url = world.server.url.replace(/\/graphql$/, '/audit/export');
    const response = await fetch(url, { headers: { authorization: `Bearer ${world.auditor}` } });
    expect(response.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'conventio-in-force-before-signature-export-'));
    try {
      const path = join(dir, 'log.ndjson');
      writeFileSync(path, await response.text());
      const { verifyExport } = (await import(
        join(__dirname, '../../dist/src/audit/offline-verifier.js')
      )) as typeof import('../../src/audit/offline-verifier');
      const report = await verifyExport(path, { threads: 0 });
      expect(report).toMatchObject({ ok: true, problem: null, conventions: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
