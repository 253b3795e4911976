import { rmSync } from 'node:fs';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, « la commune B règle la facture au plus tard le dernier jour du deuxième mois suivant
 * sa réception », over HTTP (CLOCK=manual), two years of two conventions of
 * test/fixtures/definitions/clause-month-end.yaml (signed 16 December 2024, in force from
 * 1 January 2025 to 31 December 2026): an invoice received on 10 March makes the payment due on
 * 31 May (not 10 May), VIOLATED at midnight in Paris; one received on 31 December is due on the
 * last day of February and paid in time; each quarter's statement is due on the last day of the
 * second month after it (31 August for the second quarter); both histories verify.
 */

const FIXTURE = 'clause-month-end';
const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status
  commitments { key status startedOn dueOn terms { due dueAtMonthEnd }
    occurrences { periodEndsOn dueOn status } } } }`;

interface CommitmentData {
  key: string;
  status: string;
  startedOn: string | null;
  dueOn: string | null;
  terms: { due: string | null; dueAtMonthEnd: boolean };
  occurrences: { periodEndsOn: string; dueOn: string; status: string }[];
}

describe('dueAtMonthEnd over HTTP: a payment due on the last day of the second month after the invoice', () => {
  let workflowsDir: string;
  let world: World;
  let late: StoryConvention;
  let onTime: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-month-end-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2024-12-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    late = await world.given.signed(FIXTURE, { on: '2024-12-16T09:00:00Z' });
    onTime = await world.given.signed(FIXTURE, { on: '2024-12-16T09:00:00Z' });
    await world.when.clockReaches('2025-01-01T12:00:00Z');
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const commitment = async (convention: StoryConvention, key: string) =>
    (
      await world.server.ok<{ convention: { commitments: CommitmentData[] } }>(world.auditor, CONVENTION, {
        id: convention.id,
      })
    ).convention.commitments.find((c) => c.key === key) as CommitmentData;

  it('makes the payment of an invoice received on 10 March due on 31 May, and shows the clause in its terms', async () => {
    await world.when.clockReaches('2025-03-10T10:00:00Z');
    await world.as('association-a').marksDone(`${late.id}:invoice`);

    expect(await commitment(late, 'payment')).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2025-03-10',
      dueOn: '2025-05-31',
      terms: { due: 'P2M', dueAtMonthEnd: true },
    });
  });

  it('makes the unpaid invoice VIOLATED at midnight in Paris, 1 June 2025, not before', async () => {
    // The first quarter's statement, given on 20 May (due on 31 May).
    await world.when.clockReaches('2025-05-20T09:00:00Z');
    await world.as('association-a').marksDone(`${late.id}:quarterly-statement`);
    await world.when.clockReaches('2025-05-31T21:30:00Z');
    expect((await commitment(late, 'payment')).status).toBe('IN_EFFECT');
    await world.when.clockReaches('2025-05-31T22:30:00Z');
    expect((await commitment(late, 'payment')).status).toBe('VIOLATED');
  });

  it('makes each quarter due on the last day of the second month after it: the second quarter on 31 August', async () => {
    await world.when.clockReaches('2025-06-02T09:00:00Z');
    const statement = await commitment(late, 'quarterly-statement');
    expect(statement.occurrences).toEqual([
      { periodEndsOn: '2025-03-31', dueOn: '2025-05-31', status: 'FULFILLED' },
      { periodEndsOn: '2025-06-30', dueOn: '2025-08-31', status: 'IN_EFFECT' },
    ]);
  });

  it('in the other convention, an invoice received on 31 December is due on 28 February 2026 and paid in time', async () => {
    await world.when.clockReaches('2025-12-31T10:00:00Z');
    await world.as('association-a').marksDone(`${onTime.id}:invoice`);
    expect(await commitment(onTime, 'payment')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2026-02-28' });

    await world.when.clockReaches('2026-02-27T15:00:00Z');
    await world.as('commune-b').marksDone(`${onTime.id}:payment`);
    await world.when.clockReaches('2026-03-02T09:00:00Z');
    expect((await commitment(onTime, 'payment')).status).toBe('FULFILLED');
  });

  it('ends both conventions on 1 January 2027; both histories verify', async () => {
    await world.when.clockReaches('2027-01-01T12:00:00Z');

    expect((await commitment(late, 'payment')).status).toBe('VIOLATED');
    expect((await commitment(onTime, 'payment')).status).toBe('FULFILLED');
    await world.then.soundHistory(late.id);
    await world.then.soundHistory(onTime.id);
  });
});
