import { rmSync } from 'node:fs';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, « la subvention annuelle est versée si le rapport de l'année précédente a été
 * remis », over HTTP (CLOCK=manual), 2024-2026 (test/fixtures/definitions/clause-conditional-
 * recurring.yaml): the grant of 2024 is owed (no previous report) and paid; the report of 2024
 * is missed, so the grant of 2025 is NOT_OWED, not VIOLATED; the report of 2025 is delivered, so
 * the unpaid grant of 2026 is VIOLATED; the history verifies.
 */

const FIXTURE = 'clause-conditional-recurring';
const WORKFLOW = `query($id: ID!) { workflow(id: $id) { commitments { key condition { fulfilled occurrence } } } }`;
const CONVENTION = `query($id: ID!) { convention(id: $id) { status
  commitments { key terms { condition { fulfilled occurrence } } occurrences { startsOn status } } } }`;

interface ConventionData {
  convention: {
    status: string;
    commitments: {
      key: string;
      terms: { condition: { fulfilled: string; occurrence: string } | null };
      occurrences: { startsOn: string; status: string }[];
    }[];
  };
}

describe('if over HTTP: a yearly grant owed only after the previous year’s report', () => {
  let workflowsDir: string;
  let world: World;
  let convention: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-conditional-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2023-12-20T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    convention = await world.given.signed(FIXTURE, { on: '2024-01-01T09:00:00Z' });
    await world.when.clockReaches('2024-01-01T12:00:00Z');
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const occurrences = async (key: string) => {
    const { convention: c } = await world.server.ok<ConventionData>(world.auditor, CONVENTION, {
      id: convention.id,
    });
    return c.commitments.find((x) => x.key === key)?.occurrences.map((o) => [o.startsOn, o.status]);
  };

  it('shows the condition on the workflow and in the terms', async () => {
    const { workflow } = await world.server.ok<{
      workflow: {
        commitments: { key: string; condition: { fulfilled: string; occurrence: string } | null }[];
      };
    }>(world.auditor, WORKFLOW, { id: FIXTURE });
    expect(workflow.commitments).toEqual([
      { key: 'annual-report', condition: null },
      { key: 'annual-grant', condition: { fulfilled: 'annual-report', occurrence: 'previous' } },
    ]);
    const { convention: c } = await world.server.ok<ConventionData>(world.auditor, CONVENTION, {
      id: convention.id,
    });
    expect(c.commitments.find((x) => x.key === 'annual-grant')?.terms.condition).toEqual({
      fulfilled: 'annual-report',
      occurrence: 'previous',
    });
  });

  it('owes the 2024 grant, then makes the 2025 grant NOT_OWED after the 2024 report was missed', async () => {
    await world.when.clockReaches('2024-06-01T10:00:00Z');
    await world.as('commune-b').marksDone(`${convention.id}:annual-grant`);
    await world.when.clockReaches('2025-11-15T10:00:00Z');
    await world.as('association-a').marksDone(`${convention.id}:annual-report`);
    await world.when.clockReaches('2026-01-01T12:00:00Z');

    expect(await occurrences('annual-report')).toEqual([
      ['2024-01-01', 'VIOLATED'],
      ['2025-01-01', 'FULFILLED'],
      ['2026-01-01', 'IN_EFFECT'],
    ]);
    expect(await occurrences('annual-grant')).toEqual([
      ['2024-01-01', 'FULFILLED'],
      ['2025-01-01', 'NOT_OWED'],
      ['2026-01-01', 'IN_EFFECT'],
    ]);
  });

  it('makes the unpaid 2026 grant VIOLATED after the 2025 report was delivered; the history verifies', async () => {
    await world.when.clockReaches('2027-01-01T12:00:00Z');

    expect(await occurrences('annual-grant')).toEqual([
      ['2024-01-01', 'FULFILLED'],
      ['2025-01-01', 'NOT_OWED'],
      ['2026-01-01', 'VIOLATED'],
    ]);
    await world.then.soundHistory(convention.id);
  });
});
