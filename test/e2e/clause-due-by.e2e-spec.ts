import { rmSync } from 'node:fs';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, « au plus tard le 31 décembre 2025 », over HTTP (CLOCK=manual), three years of a
 * convention (test/fixtures/definitions/clause-due-by.yaml, in force from 15 January 2024 to
 * 14 January 2027): the study is still owed on the evening of 31 December 2025 in Paris and
 * VIOLATED at midnight, then stays VIOLATED when the convention expires instead of being merely
 * TERMINATED; an amendment moves the toolkit's date, read on `Commitment.terms`; the history
 * verifies.
 */

const FIXTURE = 'clause-due-by';
const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status termination { on cause }
  commitments { key status dueOn terms { due dueFrom dueBy } } } }`;
const WORKFLOW = `query($id: ID!) { workflow(id: $id) { commitments { key shape due dueFrom dueBy } } }`;
const POSTPONE = `mutation($id: ID!) {
  proposeAmendment(input: { conventionId: $id, summary: "Avenant n° 1 : report de la boîte à outils",
    changes: { changeCommitments: [{ id: "toolkit", dueBy: "2026-09-30" }] } }) { convention { amendments { id } } } }`;

interface ConventionData {
  convention: {
    status: string;
    termination: { on: string; cause: string } | null;
    commitments: {
      key: string;
      status: string;
      dueOn: string | null;
      terms: { due: string | null; dueFrom: string | null; dueBy: string | null };
    }[];
  };
}

describe('dueBy over HTTP: a study due « au plus tard le 31 décembre 2025 »', () => {
  let workflowsDir: string;
  let world: World;
  let convention: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-due-by-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2024-01-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    convention = await world.given.signed(FIXTURE, { on: '2024-01-15T09:00:00Z' });
    await world.when.clockReaches('2024-01-15T12:00:00Z');
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async () =>
    (await world.server.ok<ConventionData>(world.auditor, CONVENTION, { id: convention.id })).convention;
  const commitment = async (key: string) => (await read()).commitments.find((c) => c.key === key);

  it('shows the date on the workflow and on the terms of each commitment', async () => {
    const { workflow } = await world.server.ok<{
      workflow: {
        commitments: { key: string; shape: string; due: null; dueFrom: null; dueBy: string | null }[];
      };
    }>(world.auditor, WORKFLOW, { id: FIXTURE });
    expect(workflow.commitments).toEqual([
      { key: 'contact-person', shape: 'STANDING', due: null, dueFrom: null, dueBy: null },
      { key: 'study', shape: 'ONE_OFF', due: null, dueFrom: null, dueBy: '2025-12-31' },
      { key: 'toolkit', shape: 'ONE_OFF', due: null, dueFrom: null, dueBy: '2026-06-30' },
    ]);
    expect((await read()).status).toBe('ACTIVE');
    expect(await commitment('study')).toEqual({
      key: 'study',
      status: 'IN_EFFECT',
      dueOn: '2025-12-31',
      terms: { due: null, dueFrom: null, dueBy: '2025-12-31' },
    });
  });

  it('moves the toolkit to 30 September 2026 by amendment: the new version is due then', async () => {
    await world.when.clockReaches('2025-06-02T08:00:00Z');
    await world.as('association-a').does(POSTPONE, { id: convention.id });
    await world.as('association-a').signsAmendment(convention.id);
    await world.as('association-b').signsAmendment(convention.id);
    await world.when.clockReaches('2025-06-03T08:00:00Z');

    expect(await commitment('toolkit.v2')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2026-09-30',
      terms: { dueBy: '2026-09-30' },
    });
    expect(await commitment('toolkit')).toMatchObject({ terms: { dueBy: '2026-06-30' } });
  });

  it('still owes the study at 23:30 in Paris on 31 December 2025', async () => {
    const fired = await world.when.clockReaches('2025-12-31T22:30:00Z');

    expect(fired.filter((d) => d.kind === 'COMMITMENT_DUE')).toEqual([]);
    expect((await commitment('study'))?.status).toBe('IN_EFFECT');
  });

  it('makes the study VIOLATED at midnight in Paris, 1 January 2026', async () => {
    const fired = await world.when.clockReaches('2025-12-31T23:30:00Z');

    expect(fired.filter((d) => d.kind === 'COMMITMENT_DUE').map((d) => d.dueOn)).toEqual(['2026-01-01']);
    expect((await commitment('study'))?.status).toBe('VIOLATED');
    expect((await read()).status).toBe('ACTIVE');
  });

  it('keeps the study VIOLATED when the convention expires in January 2027, the rest TERMINATED or FULFILLED', async () => {
    await world.when.clockReaches('2026-09-30T10:00:00Z');
    await world.as('association-a').marksDone(`${convention.id}:toolkit.v2`);
    await world.when.clockReaches('2027-01-14T12:00:00Z');
    expect((await read()).status).toBe('ACTIVE');

    await world.when.clockReaches('2027-01-15T12:00:00Z');

    const ended = await read();
    expect(ended).toMatchObject({ status: 'TERMINATED', termination: { on: '2027-01-15', cause: 'EXPIRY' } });
    expect(Object.fromEntries(ended.commitments.map((c) => [c.key, c.status]))).toEqual({
      'contact-person': 'TERMINATED',
      study: 'VIOLATED',
      // The version the amendment replaced.
      toolkit: 'WAIVED',
      'toolkit.v2': 'FULFILLED',
    });
    await world.then.soundHistory(convention.id);
  });
});
