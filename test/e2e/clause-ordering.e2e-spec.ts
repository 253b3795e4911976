import { rmSync } from 'node:fs';
import { errorCode } from '../support/graphql-client';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, « la validation des livrables intervient dans un délai d'un mois à compter de leur
 * remise », over HTTP (CLOCK=manual), three years of two conventions of
 * test/fixtures/definitions/clause-ordering.yaml (in force from 15 January 2024 to 14 January
 * 2027): the validation waits, SCHEDULED, for the delivery (nothing due, MARK_DONE refused with
 * the reason); delivered late in the evening of 29 November 2024 in Paris, it is due on 29
 * December and VIOLATED at midnight; in the other convention, validated in time, it is FULFILLED
 * and the publication that comes after it is owed with no deadline; both histories verify.
 */

const FIXTURE = 'clause-ordering';
const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status termination { on cause }
  commitments { key status startedOn dueOn waitingFor terms { due dueFrom after } } } }`;
const WORKFLOW = `query($id: ID!) { workflow(id: $id) { commitments { key due dueFrom after } } }`;
const ALLOWED = `query($id: ID!) { convention(id: $id) { commitments { key allowedActions } } }`;
const MARK = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c }) { commitment { status } } }`;

interface CommitmentData {
  key: string;
  status: string;
  startedOn: string | null;
  dueOn: string | null;
  waitingFor: string | null;
  terms: { due: string | null; dueFrom: string | null; after: string | null };
}

interface ConventionData {
  convention: {
    status: string;
    termination: { on: string; cause: string } | null;
    commitments: CommitmentData[];
  };
}

describe('after over HTTP: a validation due one month after the delivery', () => {
  let workflowsDir: string;
  let world: World;
  let late: StoryConvention;
  let onTime: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-ordering-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2024-01-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    late = await world.given.signed(FIXTURE, { on: '2024-01-15T09:00:00Z' });
    onTime = await world.given.signed(FIXTURE, { on: '2024-01-15T09:00:00Z' });
    await world.when.clockReaches('2024-01-15T12:00:00Z');
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async (convention: StoryConvention) =>
    (await world.server.ok<ConventionData>(world.auditor, CONVENTION, { id: convention.id })).convention;
  const commitment = async (convention: StoryConvention, key: string) =>
    (await read(convention)).commitments.find((c) => c.key === key);
  const markDone = async (party: string, convention: StoryConvention, key: string) =>
    world.server.graphql(await world.tokenOf(party), MARK, { c: `${convention.id}:${key}` });

  it('shows the order on the workflow and on the terms of each commitment', async () => {
    const { workflow } = await world.server.ok<{
      workflow: {
        commitments: { key: string; due: string | null; dueFrom: string | null; after: string | null }[];
      };
    }>(world.auditor, WORKFLOW, { id: FIXTURE });
    expect(workflow.commitments).toEqual([
      { key: 'contact-person', due: null, dueFrom: null, after: null },
      { key: 'delivery', due: 'P1Y', dueFrom: 'start', after: null },
      { key: 'validation', due: 'P1M', dueFrom: 'after', after: 'delivery' },
      { key: 'publication', due: null, dueFrom: null, after: 'validation' },
    ]);
    expect(await commitment(late, 'delivery')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2025-01-15' });
    expect(await commitment(late, 'validation')).toEqual({
      key: 'validation',
      status: 'SCHEDULED',
      startedOn: null,
      dueOn: null,
      waitingFor: 'delivery',
      terms: { due: 'P1M', dueFrom: 'after', after: 'delivery' },
    });
    expect(await commitment(late, 'publication')).toMatchObject({
      status: 'SCHEDULED',
      waitingFor: 'validation',
    });
  });

  it('refuses to mark the validation done while it waits, and changes nothing', async () => {
    const { convention } = await world.server.ok<{
      convention: { commitments: { key: string; allowedActions: string[] }[] };
    }>(await world.tokenOf('commune-b'), ALLOWED, { id: late.id });
    expect(convention.commitments.find((c) => c.key === 'validation')?.allowedActions).toEqual([]);

    const [refusal] = await world.then.refused('INVALID_TRANSITION', late.id, () =>
      markDone('commune-b', late, 'validation'),
    );
    expect(refusal?.errors?.[0]?.message).toBe(
      'cannot mark this commitment done: commitment validation is waiting for delivery: it is owed only once delivery is fulfilled',
    );
    expect((await commitment(late, 'validation'))?.status).toBe('SCHEDULED');
  });

  it('opens the validation when the deliverables are delivered, at 23:30 in Paris on 29 November 2024', async () => {
    await world.when.clockReaches('2024-11-29T22:30:00Z');
    expect(errorCode(await markDone('association-a', late, 'delivery'))).toBeUndefined();

    expect(await commitment(late, 'delivery')).toMatchObject({ status: 'FULFILLED' });
    expect(await commitment(late, 'validation')).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2024-11-29',
      dueOn: '2024-12-29',
      waitingFor: null,
    });
    expect(await commitment(late, 'publication')).toMatchObject({
      status: 'SCHEDULED',
      waitingFor: 'validation',
    });
  });

  it('makes the validation not done in time VIOLATED at midnight in Paris, 30 December 2024', async () => {
    const before = await world.when.clockReaches('2024-12-29T22:30:00Z');
    expect(before.filter((d) => d.kind === 'COMMITMENT_DUE')).toEqual([]);
    expect((await commitment(late, 'validation'))?.status).toBe('IN_EFFECT');

    const fired = await world.when.clockReaches('2024-12-29T23:30:00Z');

    // The validation's deadline (the other convention's delivery is due in January).
    expect(fired.filter((d) => d.kind === 'COMMITMENT_DUE').map((d) => d.dueOn)).toEqual(['2024-12-30']);
    expect((await commitment(late, 'validation'))?.status).toBe('VIOLATED');
    expect((await commitment(late, 'publication'))?.status).toBe('SCHEDULED');
    expect((await read(late)).status).toBe('ACTIVE');
  });

  it('in the other convention, validated in time: FULFILLED, then the publication is owed with no deadline', async () => {
    await world.when.clockReaches('2025-01-06T09:00:00Z');
    await world.as('association-a').marksDone(`${onTime.id}:delivery`);
    expect(await commitment(onTime, 'validation')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2025-02-06',
    });

    await world.when.clockReaches('2025-02-06T16:00:00Z');
    await world.as('commune-b').marksDone(`${onTime.id}:validation`);
    await world.when.clockReaches('2025-02-10T09:00:00Z');

    expect((await commitment(onTime, 'validation'))?.status).toBe('FULFILLED');
    expect(await commitment(onTime, 'publication')).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2025-02-06',
      dueOn: null,
      waitingFor: null,
    });
    await world.as('association-a').marksDone(`${onTime.id}:publication`);
    await world.as('commune-b').marksDone(`${onTime.id}:publication`);
    expect((await commitment(onTime, 'publication'))?.status).toBe('FULFILLED');
  });

  it('ends both conventions in January 2027; what waited for a missed validation is TERMINATED; both histories verify', async () => {
    await world.when.clockReaches('2027-01-15T12:00:00Z');

    const ended = await read(late);
    expect(ended).toMatchObject({ status: 'TERMINATED', termination: { on: '2027-01-15', cause: 'EXPIRY' } });
    expect(Object.fromEntries(ended.commitments.map((c) => [c.key, c.status]))).toEqual({
      'contact-person': 'TERMINATED',
      delivery: 'FULFILLED',
      validation: 'VIOLATED',
      publication: 'TERMINATED',
    });
    expect(Object.fromEntries((await read(onTime)).commitments.map((c) => [c.key, c.status]))).toEqual({
      'contact-person': 'TERMINATED',
      delivery: 'FULFILLED',
      validation: 'FULFILLED',
      publication: 'FULFILLED',
    });
    await world.then.soundHistory(late.id);
    await world.then.soundHistory(onTime.id);
  });
});
