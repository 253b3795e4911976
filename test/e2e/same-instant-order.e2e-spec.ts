import { rmSync } from 'node:fs';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, bug 1, over HTTP: monthly commitments of a convention renewed tacitly, with notice at
 * the anniversary, go on in the next term. On the renewal date the notice deadline, the last
 * month's due date and the term end fall at one instant; the renewal is decided first.
 */

const FIXTURE = 'clause-monthly-tacit-anniversary';
const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status term { number startsOn endsOn }
  commitments { key dueOn status occurrences { index startsOn dueOn status } } } }`;

interface ConventionData {
  convention: {
    status: string;
    term: { number: number; startsOn: string; endsOn: string | null } | null;
    commitments: {
      key: string;
      dueOn: string | null;
      status: string;
      occurrences: { index: number; startsOn: string; dueOn: string; status: string }[];
    }[];
  };
}

describe('recurring commitments across a tacit renewal at the anniversary (over HTTP)', () => {
  let workflowsDir: string;
  let world: World;
  let convention: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-same-instant-', [FIXTURE]);
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
    (await world.server.ok<ConventionData>(world.auditor, CONVENTION, { id: convention.id })).convention;

  it('decides the renewal before the last month closes, and opens the first month of term 2', async () => {
    expect((await read()).term).toEqual({ number: 1, startsOn: '2020-01-15', endsOn: '2021-01-14' });
    await world.when.clockReaches('2021-01-14T12:00:00Z');

    const fired = await world.when.clockReaches('2021-01-15T12:00:00Z');

    expect(fired.map((d) => `${d.kind} ${d.dueOn}`)).toEqual([
      'NOTICE_DEADLINE 2021-01-15',
      'COMMITMENT_DUE 2021-01-15',
      'TERM_END 2021-01-15',
    ]);
    const after = await read();
    expect(after.status).toBe('ACTIVE');
    expect(after.term).toEqual({ number: 2, startsOn: '2021-01-15', endsOn: '2022-01-14' });
    const [report] = after.commitments;
    expect(report).toMatchObject({ key: 'monthly-report', status: 'IN_EFFECT', dueOn: '2021-02-14' });
    expect(report?.occurrences).toHaveLength(13);
    expect(report?.occurrences.at(-1)).toEqual({
      index: 13,
      startsOn: '2021-01-15',
      dueOn: '2021-02-14',
      status: 'IN_EFFECT',
    });
  });

  it('takes the confirmation of the new month', async () => {
    await world.when.clockReaches('2021-01-20T10:00:00Z');

    await world.when.representative('association-a').marksDone(`${convention.id}:monthly-report`);

    const report = (await read()).commitments[0];
    expect(report?.occurrences.at(-1)).toMatchObject({ index: 13, status: 'FULFILLED' });
  });

  it('goes on into the second month of term 2, with a history that verifies', async () => {
    await world.when.clockReaches('2021-02-16T10:00:00Z');

    const report = (await read()).commitments[0];
    expect(report?.occurrences).toHaveLength(14);
    expect(report?.occurrences.at(-1)).toMatchObject({ startsOn: '2021-02-15', status: 'IN_EFFECT' });
    await world.then.soundHistory(convention.id);
  });
});
