import { rmSync } from 'node:fs';
import { errorCode } from '../support/graphql-client';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, bug 5 fixed under rules v2, over HTTP (CLOCK=manual), on seed 002 (CGET – Défenseur
 * des droits): « le comité technique se réunira au moins deux fois par an ».
 * - One meeting recorded by each of its two attending parties is one meeting: the year with
 *   that meeting only ends VIOLATED (v1 counted it twice and the year passed).
 * - The same party recording the same meeting twice is refused (INVALID_TRANSITION).
 * - « un comité de pilotage rassemblant annuellement les signataires », written with
 *   `quorum: all` (test/fixtures/definitions/clause-committee-quorum.yaml): a steering meeting
 *   attended by one signatory alone is recorded (quorate: false) and fulfils nothing, until the
 *   other signatory's record completes the attendance.
 */

const SEED = 'cget-defenseur-des-droits-2015';
const FIXTURE = 'clause-committee-quorum';
const BOTH = ['cget', 'defenseur-des-droits'];

const RECORD = `mutation($id: ID!, $committee: String!, $heldOn: String!, $parties: [ID!]!) {
  recordMeeting(input: { conventionId: $id, committee: $committee, heldOn: $heldOn, attendingParties: $parties }) {
    convention { id } } }`;
const CONVENTION = `query($id: ID!) { convention(id: $id) {
  meetings { committee heldOn attendingParties recordedBy confirmedBy quorate }
  commitments { key occurrences { index status fulfilmentCount } } } }`;
const WORKFLOW = `query($id: ID!) { workflow(id: $id) { committees { id quorum } } }`;

interface ConventionData {
  convention: {
    meetings: {
      committee: string;
      heldOn: string;
      attendingParties: string[];
      recordedBy: string;
      confirmedBy: string[] | null;
      quorate: boolean | null;
    }[];
    commitments: { key: string; occurrences: { index: number; status: string; fulfilmentCount: number }[] }[];
  };
}

describe('rules v2 over HTTP: committee meetings counted once, and a committee quorum (bug 5)', () => {
  let workflowsDir: string;
  let world: World;
  let plain: StoryConvention;
  let withQuorum: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-meetings-v2-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2015-11-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    plain = await world.given.signed(SEED, { on: '2015-11-17T09:00:00Z' });
    withQuorum = await world.given.signed(FIXTURE, { on: '2015-11-17T09:00:00Z' });
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async (convention: StoryConvention) =>
    (await world.server.ok<ConventionData>(world.auditor, CONVENTION, { id: convention.id })).convention;
  const occurrence = (data: ConventionData['convention'], key: string) =>
    data.commitments.find((c) => c.key === key)?.occurrences[0];
  const record = async (
    partyId: string,
    convention: StoryConvention,
    committee: string,
    heldOn: string,
    parties: string[],
  ) =>
    world.server.graphql(await world.tokenOf(partyId), RECORD, {
      id: convention.id,
      committee,
      heldOn,
      parties,
    });

  it('shows the quorum on the workflow: all on steering, none on technical', async () => {
    const { workflow } = await world.server.ok<{
      workflow: { committees: { id: string; quorum: string | null }[] };
    }>(world.auditor, WORKFLOW, { id: FIXTURE });
    expect(workflow.committees).toEqual([
      { id: 'technical', quorum: null },
      { id: 'steering', quorum: 'all' },
    ]);
  });

  it('counts one technical meeting recorded by each of its two parties once, and refuses a party recording it twice', async () => {
    await world.when.clockReaches('2016-03-12T10:00:00Z');
    expect(errorCode(await record('cget', plain, 'technical', '2016-03-10', BOTH))).toBeUndefined();
    expect(
      errorCode(await record('defenseur-des-droits', plain, 'technical', '2016-03-10', BOTH)),
    ).toBeUndefined();

    const again = await record('cget', plain, 'technical', '2016-03-10', BOTH);
    expect(errorCode(again)).toBe('INVALID_TRANSITION');
    expect(again.errors?.[0]?.message).toContain('cget already recorded the technical meeting of 2016-03-10');

    const data = await read(plain);
    expect(data.meetings).toEqual([
      {
        committee: 'technical',
        heldOn: '2016-03-10',
        attendingParties: BOTH,
        recordedBy: 'cget',
        confirmedBy: ['defenseur-des-droits'],
        quorate: true,
      },
    ]);
    expect(occurrence(data, 'technical-committee-meetings')).toMatchObject({
      status: 'IN_EFFECT',
      fulfilmentCount: 1,
    });
  });

  it('records a steering meeting attended by one signatory alone without fulfilling it, then fulfils it once the other completes the attendance', async () => {
    await world.when.clockReaches('2016-06-21T10:00:00Z');
    expect(errorCode(await record('cget', withQuorum, 'steering', '2016-06-20', ['cget']))).toBeUndefined();

    let data = await read(withQuorum);
    expect(data.meetings).toEqual([
      expect.objectContaining({ attendingParties: ['cget'], quorate: false, confirmedBy: [] }),
    ]);
    expect(occurrence(data, 'steering-committee-meeting')).toMatchObject({
      status: 'IN_EFFECT',
      fulfilmentCount: 0,
    });

    await world.when.clockReaches('2016-06-22T10:00:00Z');
    expect(
      errorCode(
        await record('defenseur-des-droits', withQuorum, 'steering', '2016-06-20', ['defenseur-des-droits']),
      ),
    ).toBeUndefined();

    data = await read(withQuorum);
    expect(data.meetings).toEqual([
      expect.objectContaining({
        attendingParties: BOTH,
        quorate: true,
        confirmedBy: ['defenseur-des-droits'],
      }),
    ]);
    expect(occurrence(data, 'steering-committee-meeting')).toMatchObject({
      status: 'FULFILLED',
      fulfilmentCount: 1,
    });
  });

  it('ends the first year with one technical meeting VIOLATED (at least two a year), and both histories verify', async () => {
    await world.when.clockReaches('2016-11-18T10:00:00Z');

    expect(occurrence(await read(plain), 'technical-committee-meetings')).toMatchObject({
      index: 1,
      status: 'VIOLATED',
      fulfilmentCount: 1,
    });
    await world.then.soundHistory(plain.id);
    await world.then.soundHistory(withQuorum.id);
  });
});
