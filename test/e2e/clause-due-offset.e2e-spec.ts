import { rmSync } from 'node:fs';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, « l'association transmet chaque mois, au plus tard le 10, le relevé des actions du
 * mois précédent », over HTTP (CLOCK=manual), two years of a convention
 * (test/fixtures/definitions/clause-due-offset.yaml, in force from 1 January 2024 to 31 December
 * 2025): January's statement is owed from 1 January to 10 February and given on 5 February it
 * counts for January; February's, missed, is still owed at 23:30 in Paris on 10 March and
 * VIOLATED at midnight; December 2025's is still owed after the convention ends, until 10
 * January 2026; the history verifies.
 */

const FIXTURE = 'clause-due-offset';
const STATEMENT = `query($id: ID!) { convention(id: $id) {
  status termination { on cause }
  commitments { key status dueOn terms { every dueAfterPeriod }
    occurrences { index periodStartsOn periodEndsOn startsOn dueOn status fulfilmentCount } } } }`;
const WORKFLOW = `query($id: ID!) { workflow(id: $id) { commitments { key shape every dueAfterPeriod } } }`;

interface OccurrenceData {
  index: number;
  periodStartsOn: string;
  periodEndsOn: string;
  startsOn: string;
  dueOn: string;
  status: string;
  fulfilmentCount: number;
}
interface ConventionData {
  convention: {
    status: string;
    termination: { on: string; cause: string } | null;
    commitments: {
      key: string;
      status: string;
      dueOn: string | null;
      terms: { every: string | null; dueAfterPeriod: string | null };
      occurrences: OccurrenceData[];
    }[];
  };
}

describe('dueAfterPeriod over HTTP: each month, the statement of the previous month by the 10th', () => {
  let workflowsDir: string;
  let world: World;
  let convention: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-due-offset-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2023-12-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    convention = await world.given.signed(FIXTURE, { on: '2023-12-15T09:00:00Z' });
    await world.when.clockReaches('2024-01-01T12:00:00Z');
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async () =>
    (await world.server.ok<ConventionData>(world.auditor, STATEMENT, { id: convention.id })).convention;
  const statement = async () =>
    (await read()).commitments.find(
      (c) => c.key === 'monthly-statement',
    ) as ConventionData['convention']['commitments'][number];
  const occurrence = async (index: number) => (await statement()).occurrences.find((o) => o.index === index);
  const marksDone = () => world.as('association').marksDone(`${convention.id}:monthly-statement`);

  it('shows the offset on the workflow and in the terms', async () => {
    const { workflow } = await world.server.ok<{
      workflow: {
        commitments: { key: string; shape: string; every: string | null; dueAfterPeriod: string | null }[];
      };
    }>(world.auditor, WORKFLOW, { id: FIXTURE });
    expect(workflow.commitments).toEqual([
      { key: 'monthly-statement', shape: 'RECURRING', every: 'P1M', dueAfterPeriod: 'P10D' },
      { key: 'yearly-report', shape: 'RECURRING', every: 'P1Y', dueAfterPeriod: null },
      { key: 'premises', shape: 'STANDING', every: null, dueAfterPeriod: null },
    ]);
    expect((await statement()).terms).toEqual({ every: 'P1M', dueAfterPeriod: 'P10D' });
  });

  it("opens January's statement on 1 January, covering January, due on 10 February", async () => {
    expect((await read()).status).toBe('ACTIVE');
    const current = await statement();
    expect(current).toMatchObject({ status: 'IN_EFFECT', dueOn: '2024-02-10' });
    expect(current.occurrences).toEqual([
      {
        index: 1,
        periodStartsOn: '2024-01-01',
        periodEndsOn: '2024-01-31',
        startsOn: '2024-01-01',
        dueOn: '2024-02-10',
        status: 'IN_EFFECT',
        fulfilmentCount: 0,
      },
    ]);
  });

  it("counts the statement given on 5 February for January, and opens February's on the 11th", async () => {
    await world.when.clockReaches('2024-02-05T09:00:00Z');
    await marksDone();
    expect(await occurrence(1)).toMatchObject({ status: 'FULFILLED', fulfilmentCount: 1 });

    const fired = await world.when.clockReaches('2024-02-11T08:00:00Z');

    expect(fired.filter((d) => d.kind === 'COMMITMENT_DUE').map((d) => d.dueOn)).toEqual(['2024-02-11']);
    expect(await occurrence(1)).toMatchObject({ status: 'FULFILLED' });
    expect(await occurrence(2)).toEqual({
      index: 2,
      periodStartsOn: '2024-02-01',
      periodEndsOn: '2024-02-29',
      startsOn: '2024-02-11',
      dueOn: '2024-03-10',
      status: 'IN_EFFECT',
      fulfilmentCount: 0,
    });
  });

  it("still owes February's statement at 23:30 in Paris on 10 March, VIOLATED at midnight", async () => {
    const before = await world.when.clockReaches('2024-03-10T22:30:00Z');
    expect(before.filter((d) => d.kind === 'COMMITMENT_DUE')).toEqual([]);
    expect((await occurrence(2))?.status).toBe('IN_EFFECT');

    const fired = await world.when.clockReaches('2024-03-10T23:30:00Z');

    expect(fired.filter((d) => d.kind === 'COMMITMENT_DUE').map((d) => d.dueOn)).toEqual(['2024-03-11']);
    expect((await occurrence(2))?.status).toBe('VIOLATED');
    expect(await occurrence(3)).toMatchObject({
      periodStartsOn: '2024-03-01',
      startsOn: '2024-03-11',
      dueOn: '2024-04-10',
    });
    expect((await read()).status).toBe('ACTIVE');
  });

  it('runs two years, one statement a month, each due on the 10th of the next', async () => {
    await world.when.clockReaches('2025-03-05T09:00:00Z');
    await marksDone();
    await world.when.clockReaches('2025-12-31T12:00:00Z');

    const { occurrences } = await statement();
    expect(occurrences).toHaveLength(24);
    expect(occurrences.filter((o) => o.status === 'IN_EFFECT').map((o) => o.index)).toEqual([24]);
    // February 2025 (a common year), given on 5 March.
    expect(occurrences[13]).toMatchObject({
      periodStartsOn: '2025-02-01',
      periodEndsOn: '2025-02-28',
      dueOn: '2025-03-10',
      status: 'FULFILLED',
    });
    expect(occurrences.every((o) => o.dueOn.endsWith('-10'))).toBe(true);
  });

  it("still owes December's statement after the convention expires, until 10 January 2026", async () => {
    await world.when.clockReaches('2026-01-01T12:00:00Z');

    const ended = await read();
    expect(ended).toMatchObject({ status: 'TERMINATED', termination: { on: '2026-01-01', cause: 'EXPIRY' } });
    expect(Object.fromEntries(ended.commitments.map((c) => [c.key, c.status]))).toEqual({
      'monthly-statement': 'IN_EFFECT',
      'yearly-report': 'TERMINATED',
      premises: 'TERMINATED',
    });
    expect(await statement()).toMatchObject({ dueOn: '2026-01-10' });
    expect(await occurrence(24)).toMatchObject({
      periodStartsOn: '2025-12-01',
      periodEndsOn: '2025-12-31',
      startsOn: '2025-12-11',
      dueOn: '2026-01-10',
      status: 'IN_EFFECT',
    });

    await world.when.clockReaches('2026-01-05T09:00:00Z');
    await marksDone();
    expect((await occurrence(24))?.status).toBe('FULFILLED');

    const fired = await world.when.clockReaches('2026-01-11T08:00:00Z');
    expect(fired.filter((d) => d.kind === 'COMMITMENT_DUE').map((d) => d.dueOn)).toEqual(['2026-01-11']);
    const closed = await statement();
    expect(closed.status).toBe('TERMINATED');
    expect(closed.occurrences).toHaveLength(24);
    await world.then.soundHistory(convention.id);
  });
});
