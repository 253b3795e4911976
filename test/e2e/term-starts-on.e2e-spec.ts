import { rmSync } from 'node:fs';
import { errorCode } from '../support/conventio-process';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, over HTTP (CLOCK=manual): a start date in the definition. « La présente convention
 * prend effet le 1er janvier 2025 » (test/fixtures/definitions/clause-starts-on.yaml,
 * `term.startsOn: "2025-01-01"`): created with no date, signed in November 2024, the convention
 * waits for 1 January 2025, renews each 1 January, and ends at the end of 2027 on a notice; one
 * signed in March 2025 counts from 1 January. createConvention refuses another `effectiveOn`.
 */

const FIXTURE = 'clause-starts-on';

const CREATE = `mutation($w: ID!, $on: String) {
  createConvention(input: { workflowId: $w, effectiveOn: $on }) { convention { id status } } }`;
const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status effectiveOn term { number startsOn endsOn } noticeDeadline termination { on cause }
  rules { term { kind duration startsOn } }
  commitments { key startedOn dueOn } } }`;

interface ConventionData {
  convention: {
    status: string;
    effectiveOn: string | null;
    term: { number: number; startsOn: string; endsOn: string | null } | null;
    noticeDeadline: string | null;
    termination: { on: string; cause: string } | null;
    rules: { term: { kind: string; duration: string | null; startsOn: string | null } };
    commitments: { key: string; startedOn: string | null; dueOn: string | null }[];
  };
}

describe('a start date in the definition, over several years', () => {
  let workflowsDir: string;
  let world: World;
  /** Signed on 20 November 2024, before it takes effect. */
  let early: StoryConvention;
  /** Signed on 12 March 2025, after. */
  let late: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-starts-on-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2024-11-04T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async (convention: StoryConvention) =>
    (await world.server.ok<ConventionData>(world.auditor, CONVENTION, { id: convention.id })).convention;

  it('refuses an effectiveOn that contradicts the definition (BAD_USER_INPUT), and takes the same date', async () => {
    const refused = await world.server.graphql(world.admin, CREATE, { w: FIXTURE, on: '2025-02-01' });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('term.startsOn');

    const same = await world.server.ok<{ createConvention: { convention: { status: string } } }>(
      world.admin,
      CREATE,
      { w: FIXTURE, on: '2025-01-01' },
    );
    expect(same.createConvention.convention.status).toBe('DRAFT');
  });

  it('signed in November 2024, waits for 1 January 2025', async () => {
    early = await world.given.signed(FIXTURE, { on: '2024-11-20T10:00:00Z' });

    expect(await read(early)).toMatchObject({
      status: 'SIGNED',
      effectiveOn: '2025-01-01',
      term: null,
      rules: { term: { kind: 'fixed', duration: 'P1Y', startsOn: '2025-01-01' } },
    });

    await world.when.clockReaches('2024-12-31T20:00:00Z');
    expect((await read(early)).status).toBe('SIGNED');
    await world.when.clockReaches('2025-01-01T08:00:00Z');
    expect(await read(early)).toMatchObject({
      status: 'ACTIVE',
      term: { number: 1, startsOn: '2025-01-01', endsOn: '2025-12-31' },
      noticeDeadline: '2025-09-30',
    });
  });

  it('signed on 12 March 2025, counts its term and commitments from 1 January', async () => {
    late = await world.given.signed(FIXTURE, { on: '2025-03-12T10:00:00Z' });

    const convention = await read(late);
    expect(convention).toMatchObject({
      status: 'ACTIVE',
      effectiveOn: '2025-01-01',
      term: { number: 1, startsOn: '2025-01-01', endsOn: '2025-12-31' },
    });
    expect(convention.commitments.find((c) => c.key === 'joint-guide')).toEqual({
      key: 'joint-guide',
      startedOn: '2025-01-01',
      dueOn: '2025-07-01',
    });
  });

  it('renews both on 1 January 2026 and 2027', async () => {
    await world.when.clockReaches('2027-01-01T12:00:00Z');
    for (const convention of [early, late]) {
      expect((await read(convention)).term).toEqual({
        number: 3,
        startsOn: '2027-01-01',
        endsOn: '2027-12-31',
      });
    }
  });

  it('ends the early one at the end of 2027 on a notice given on 30 September, with a history that verifies', async () => {
    await world.when.clockReaches('2027-09-30T10:00:00Z');
    await world.as('association-a').givesNotice(early.id, 'fin du partenariat');

    await world.when.clockReaches('2028-01-02T12:00:00Z');

    expect(await read(early)).toMatchObject({
      status: 'TERMINATED',
      termination: { on: '2027-12-31', cause: 'NOTICE' },
    });
    expect((await read(late)).term).toEqual({ number: 4, startsOn: '2028-01-01', endsOn: '2028-12-31' });
    await world.then.soundHistory(early.id);
    await world.then.soundHistory(late.id);
  });
});
