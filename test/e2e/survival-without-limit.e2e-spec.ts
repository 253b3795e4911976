import { rmSync } from 'node:fs';
import { DEADLINES, REOPEN } from '../support/living-convention';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, over HTTP (CLOCK=manual): survival without a limit. « L'obligation de
 * confidentialité demeure en vigueur après le terme, sans limitation de durée »
 * (test/fixtures/definitions/clause-survival-unlimited.yaml, `survives: unlimited`). A two-year
 * convention from 15 January 2020 expires on 15 January 2022; its confidentiality, confirmed by
 * both parties, stays in effect for good: no SURVIVAL_END, `survivesUntil` null and
 * `survivesWithoutLimit`, reopened by a party in 2031 and confirmed again; the five-year
 * archives beside it end in 2027.
 */

const FIXTURE = 'clause-survival-unlimited';

const COMMITMENTS = `query($id: ID!) { convention(id: $id) { status termination { on cause }
  commitments { key status survivesUntil survivesWithoutLimit terms { survives } } } }`;

interface CommitmentData {
  key: string;
  status: string;
  survivesUntil: string | null;
  survivesWithoutLimit: boolean;
  terms: { survives: string | null };
}
interface ConventionData {
  convention: {
    status: string;
    termination: { on: string; cause: string } | null;
    commitments: CommitmentData[];
  };
}

describe('survival without a limit, over several years', () => {
  let workflowsDir: string;
  let world: World;
  let convention: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-survival-unlimited-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2020-01-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    convention = await world.given.signed(FIXTURE, { on: '2020-01-15T09:00:00Z' });
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async () =>
    (await world.server.ok<ConventionData>(world.auditor, COMMITMENTS, { id: convention.id })).convention;
  const commitment = async (key: string) => (await read()).commitments.find((c) => c.key === key)!;
  const deadlines = async () =>
    (
      await world.server.ok<{ deadlines: { kind: string; dueOn: string; subject: string | null }[] }>(
        world.auditor,
        DEADLINES,
        { id: convention.id },
      )
    ).deadlines.map(({ kind, subject, dueOn }) => ({ kind, subject, dueOn }));

  it('reads the clause in force before the end: unlimited, with nothing survived yet', async () => {
    await world.as('association-a').marksDone(`${convention.id}:confidentiality`);
    await world.as('association-b').marksDone(`${convention.id}:confidentiality`);

    expect(await commitment('confidentiality')).toEqual({
      key: 'confidentiality',
      status: 'FULFILLED',
      survivesUntil: null,
      survivesWithoutLimit: false,
      terms: { survives: 'unlimited' },
    });
  });

  it('keeps the confidentiality in effect for good once the convention expired on 15 January 2022', async () => {
    await world.when.clockReaches('2022-01-15T12:00:00Z');

    const ended = await read();
    expect(ended).toMatchObject({ status: 'TERMINATED', termination: { on: '2022-01-15', cause: 'EXPIRY' } });
    expect(ended.commitments.find((c) => c.key === 'confidentiality')).toMatchObject({
      status: 'FULFILLED',
      survivesUntil: null,
      survivesWithoutLimit: true,
    });
    expect(ended.commitments.find((c) => c.key === 'archives')).toMatchObject({
      status: 'IN_EFFECT',
      survivesUntil: '2027-01-14',
      survivesWithoutLimit: false,
    });
    expect(await deadlines()).toEqual([{ kind: 'SURVIVAL_END', subject: 'archives', dueOn: '2027-01-15' }]);
  });

  it('ends the five-year archives in 2027, and plans nothing for the confidentiality', async () => {
    await world.when.clockReaches('2031-03-01T12:00:00Z');

    expect((await commitment('archives')).status).toBe('FULFILLED');
    expect(await commitment('confidentiality')).toMatchObject({
      status: 'FULFILLED',
      survivesWithoutLimit: true,
    });
    expect(await deadlines()).toEqual([]);
  });

  it('lets a party reopen it in 2031 and both confirm it again, with a history that verifies', async () => {
    const reopened = await world
      .as('association-b')
      .does<{ reopenCommitment: { commitment: { status: string } } }>(REOPEN, {
        c: `${convention.id}:confidentiality`,
        r: 'Divulgation constatée',
      });
    expect(reopened.reopenCommitment.commitment.status).toBe('IN_EFFECT');

    await world.as('association-a').marksDone(`${convention.id}:confidentiality`);
    await world.as('association-b').marksDone(`${convention.id}:confidentiality`);

    expect(await commitment('confidentiality')).toMatchObject({
      status: 'FULFILLED',
      survivesWithoutLimit: true,
    });
    expect((await read()).status).toBe('TERMINATED');
    await world.then.soundHistory(convention.id);
  });
});
