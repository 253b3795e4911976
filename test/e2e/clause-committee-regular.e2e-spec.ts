import { rmSync } from 'node:fs';
import { errorCode } from '../support/graphql-client';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, « un comité de suivi […] se réunit régulièrement », over HTTP (CLOCK=manual), three
 * years of test/fixtures/definitions/clause-committee-regular.yaml (in force from 15 January
 * 2020, renewed tacitly each year): the follow-up committee's meetings are recorded as evidence
 * (quorum of two, a second member's record completing one), they fulfil no commitment, nothing
 * falls due for it and nothing is VIOLATED, while the technical committee beside it (once a year)
 * has its missed year VIOLATED; the workflow shows `cadence: "regularly"` with no `atLeast`; the
 * history verifies.
 */

const FIXTURE = 'clause-committee-regular';
const RECORD = `mutation($id: ID!, $committee: String!, $heldOn: String!, $parties: [ID!]!) {
  recordMeeting(input: { conventionId: $id, committee: $committee, heldOn: $heldOn, attendingParties: $parties }) {
    convention { id } } }`;
const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status allowedActions
  meetings { committee heldOn attendingParties recordedBy confirmedBy quorate commitmentKey }
  commitments { key status occurrences { status } }
  upcomingDeadlines { kind subject } } }`;
const WORKFLOW = `query($id: ID!) { workflow(id: $id) { committees { id cadence atLeast quorum parties } } }`;

interface ConventionData {
  convention: {
    status: string;
    allowedActions: string[];
    meetings: {
      committee: string;
      heldOn: string;
      attendingParties: string[];
      recordedBy: string;
      confirmedBy: string[] | null;
      quorate: boolean | null;
      commitmentKey: string | null;
    }[];
    commitments: { key: string; status: string; occurrences: { status: string }[] }[];
    upcomingDeadlines: { kind: string; subject: string | null }[];
  };
}

describe('a committee that meets « régulièrement » over HTTP', () => {
  let workflowsDir: string;
  let world: World;
  let convention: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-committee-regular-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2020-01-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    convention = await world.given.signed(FIXTURE, { on: '2020-01-15T09:00:00Z' });
    await world.when.clockReaches('2020-01-15T12:00:00Z');
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async (token?: string) =>
    (await world.server.ok<ConventionData>(token ?? world.auditor, CONVENTION, { id: convention.id }))
      .convention;
  const record = async (partyId: string, heldOn: string, parties: string[]) =>
    world.server.graphql(await world.tokenOf(partyId), RECORD, {
      id: convention.id,
      committee: 'follow-up',
      heldOn,
      parties,
    });

  it('shows the committee with cadence "regularly", no atLeast, and its quorum', async () => {
    const { workflow } = await world.server.ok<{
      workflow: {
        committees: { id: string; cadence: string; atLeast: number | null; quorum: string | null }[];
      };
    }>(world.auditor, WORKFLOW, { id: FIXTURE });

    expect(workflow.committees).toEqual([
      {
        id: 'follow-up',
        cadence: 'regularly',
        atLeast: null,
        quorum: '2',
        parties: ['association-a', 'association-b', 'association-c'],
      },
      {
        id: 'technical',
        cadence: 'P1Y',
        atLeast: 1,
        quorum: null,
        parties: ['association-a', 'association-b'],
      },
    ]);
  });

  it('records a meeting short of its quorum, then completed by another member’s record, fulfilling nothing', async () => {
    await world.when.clockReaches('2020-03-11T09:00:00Z');
    expect((await read(await world.tokenOf('association-c'))).allowedActions).toContain('RECORD_MEETING');

    expect((await record('association-a', '2020-03-10', ['association-a'])).errors).toBeUndefined();
    expect((await read()).meetings).toEqual([
      expect.objectContaining({ quorate: false, commitmentKey: null, confirmedBy: [] }),
    ]);
    expect((await record('association-c', '2020-03-10', ['association-c'])).errors).toBeUndefined();

    const data = await read();
    expect(data.meetings).toEqual([
      {
        committee: 'follow-up',
        heldOn: '2020-03-10',
        attendingParties: ['association-a', 'association-c'],
        recordedBy: 'association-a',
        confirmedBy: ['association-c'],
        quorate: true,
        commitmentKey: null,
      },
    ]);
    expect(data.commitments.find((c) => c.key === 'technical-meeting')?.occurrences).toEqual([
      { status: 'IN_EFFECT' },
    ]);
  });

  it('refuses the same party recording it twice, and a meeting before the convention took effect', async () => {
    const twice = await record('association-a', '2020-03-10', ['association-a']);
    const before = await record('association-b', '2020-01-14', ['association-b']);

    expect(errorCode(twice)).toBe('INVALID_TRANSITION');
    expect(errorCode(before)).toBe('INVALID_TRANSITION');
    expect((await read()).meetings).toHaveLength(1);
  });

  it('plans nothing for it over three years: nothing VIOLATED but the technical committee’s missed years', async () => {
    await world.when.clockReaches('2021-09-20T09:00:00Z');
    expect(
      (await record('association-b', '2021-09-20', ['association-a', 'association-b'])).errors,
    ).toBeUndefined();
    await world.when.clockReaches('2023-01-16T09:00:00Z');

    const data = await read();
    expect(data.status).toBe('ACTIVE');
    expect(data.meetings.map((m) => [m.heldOn, m.quorate, m.commitmentKey])).toEqual([
      ['2020-03-10', true, null],
      ['2021-09-20', true, null],
    ]);
    expect(data.upcomingDeadlines.map((d) => d.subject).filter((subject) => subject !== null)).toEqual([
      'technical-meeting',
    ]);
    expect(
      data.commitments.find((c) => c.key === 'technical-meeting')?.occurrences.map((o) => o.status),
    ).toEqual(['VIOLATED', 'VIOLATED', 'VIOLATED', 'IN_EFFECT']);
    expect(data.commitments.find((c) => c.key === 'contact-person')?.status).toBe('IN_EFFECT');
    await world.then.soundHistory(convention.id);
  });
});
