import { rmSync } from 'node:fs';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, rules v3, over HTTP (CLOCK=manual): periods counted as French texts count them.
 * - HALDE–AMF (seed 000), a term 24 June 2010 – 23 June 2011 with three months' notice: the last
 *   day to give notice is 23 March 2011 (v2: 24 March). Notice given that day ends the convention
 *   on 24 June, with the term; a convention without notice is renewed on 24 March.
 * - A report « avant le 30 avril de chaque année » is due on 29 April, overdue on the 30th.
 * - A one-year convention from 1 January 2021 with a final report « dans les quatre mois suivant
 *   l'échéance »: its last day is 31 December 2021, the report is due on 30 April 2022 (v2: 1
 *   May) and VIOLATED on 1 May.
 */

const FIXTURE = 'clause-due-each-year-before';
const ENDING = 'clause-due-from-end';

const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status noticeDeadline notice { givenOn effectiveOn } termination { on cause }
  commitments { key status dueOn occurrences { startsOn dueOn status } } } }`;
const HISTORY = `query($id: ID!) { history(conventionId: $id, first: 5) { edges { node { machineVersion } } } }`;

interface ConventionData {
  convention: {
    status: string;
    noticeDeadline: string | null;
    notice: { givenOn: string; effectiveOn: string } | null;
    termination: { on: string; cause: string } | null;
    commitments: {
      key: string;
      status: string;
      dueOn: string | null;
      occurrences: { startsOn: string; dueOn: string; status: string }[];
    }[];
  };
}

describe('rules v3 over HTTP: the last day of a period', () => {
  let workflowsDir: string;
  let world: World;
  /** HALDE–AMF, notice given by the AMF on 23 March 2011. */
  let noticed: StoryConvention;
  /** HALDE–AMF, no notice. */
  let renewed: StoryConvention;
  /** The yearly report fixture, in force from 1 January 2021. */
  let reports: StoryConvention;
  /** One year from 1 January 2021, no renewal: it expires after 31 December 2021. */
  let ending: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-rules-v3-', [FIXTURE, ENDING]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-20T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    noticed = await world.given.signed('halde-amf', { on: '2010-06-24T09:00:00Z' });
    renewed = await world.given.signed('halde-amf');
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async (convention: StoryConvention) =>
    (await world.server.ok<ConventionData>(world.auditor, CONVENTION, { id: convention.id })).convention;
  const commitment = async (convention: StoryConvention, key: string) =>
    (await read(convention)).commitments.find((c) => c.key === key);

  it('creates conventions under the current rules version, 4, which keeps the changes of version 3', async () => {
    const history = await world.server.ok<{ history: { edges: { node: { machineVersion: number } }[] } }>(
      world.auditor,
      HISTORY,
      { id: noticed.id },
    );
    const versions = history.history.edges.map((e) => e.node.machineVersion);
    expect(versions.length).toBeGreaterThanOrEqual(3);
    expect(new Set(versions)).toEqual(new Set([4]));
  });

  it('sets the last day to give three months of notice to 23 March 2011, whose notice ends on 23 June', async () => {
    expect((await read(noticed)).noticeDeadline).toBe('2011-03-23');

    await world.when.clockReaches('2011-03-23T17:00:00Z');
    const given = await world.as('amf').givesNotice(noticed.id, 'fin du partenariat');

    expect(given.giveNotice.convention).toEqual({ status: 'ACTIVE', terminationEffectiveOn: '2011-06-24' });
    expect((await read(noticed)).notice).toEqual({ givenOn: '2011-03-23', effectiveOn: '2011-06-24' });
  });

  it('renews the convention without notice on 24 March, not a day later', async () => {
    const fired = await world.when.clockReaches('2011-03-24T12:00:00Z');

    expect(fired.filter((d) => d.kind === 'NOTICE_DEADLINE').map((d) => d.dueOn)).toEqual(['2011-03-24']);
    expect((await read(renewed)).status).toBe('RENEWED');
    expect((await read(noticed)).status).toBe('ACTIVE');
  });

  it('ends the noticed convention on 24 June 2011, with its term (NOTICE)', async () => {
    await world.when.clockReaches('2011-06-23T12:00:00Z');
    expect((await read(noticed)).status).toBe('ACTIVE');

    await world.when.clockReaches('2011-06-24T12:00:00Z');

    expect(await read(noticed)).toMatchObject({
      status: 'TERMINATED',
      termination: { on: '2011-06-24', cause: 'NOTICE' },
    });
    expect((await read(renewed)).status).toBe('ACTIVE');
    await world.then.soundHistory(noticed.id);
    await world.then.soundHistory(renewed.id);
  });

  it('makes the yearly report « avant le 30 avril » due on 29 April', async () => {
    reports = await world.given.signed(FIXTURE, { on: '2021-01-01T09:00:00Z' });
    ending = await world.given.signed(ENDING);

    expect((await commitment(reports, 'annual-activity-report'))?.occurrences).toEqual([
      { startsOn: '2021-01-01', dueOn: '2021-04-29', status: 'IN_EFFECT' },
    ]);
    await world.when.clockReaches('2021-04-30T12:00:00Z');
    expect((await commitment(reports, 'annual-activity-report'))?.occurrences).toEqual([
      { startsOn: '2021-01-01', dueOn: '2021-04-29', status: 'VIOLATED' },
      { startsOn: '2021-04-30', dueOn: '2022-04-29', status: 'IN_EFFECT' },
    ]);
  });

  it('ends the one-year convention from 1 January 2021 on 1 January 2022: its échéance is 31 December', async () => {
    await world.when.clockReaches('2022-01-01T12:00:00Z');

    expect((await read(ending)).termination).toEqual({ on: '2022-01-01', cause: 'EXPIRY' });
    expect(await commitment(ending, 'final-report')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2022-04-30',
    });
  });

  it("keeps the final report « dans les quatre mois suivant l'échéance » due through 30 April 2022, VIOLATED on 1 May", async () => {
    await world.when.clockReaches('2022-04-30T20:00:00Z');
    expect((await commitment(ending, 'final-report'))?.status).toBe('IN_EFFECT');

    const fired = await world.when.clockReaches('2022-05-01T12:00:00Z');

    expect(fired.filter((d) => d.kind === 'COMMITMENT_DUE').map((d) => d.dueOn)).toEqual(['2022-05-01']);
    expect((await commitment(ending, 'final-report'))?.status).toBe('VIOLATED');
    await world.then.soundHistory(ending.id);
    await world.then.soundHistory(reports.id);
  });
});
