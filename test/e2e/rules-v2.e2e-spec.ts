import { rmSync } from 'node:fs';
import { errorCode } from '../support/graphql-client';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, bugs 6 and 3 fixed under rules v2, over HTTP (CLOCK=manual): a new convention is
 * created under the current version (3, which keeps them), every event of its history says so,
 * and its history verifies.
 * - bug 6: a force-majeure suspension of six months at most, from 1 March, may last until
 *   1 September included; still suspended on 2 September, the convention terminates.
 * - bug 3: a confidentiality that survives five years keeps its survival once confirmed: an
 *   owner may reopen it after the end, until its survival ends, not after.
 * - bug 2: a deliverable of `term.endsWhenFulfilled` amended into `key.v2` still completes it.
 */

const FIXTURES = ['clause-force-majeure', 'clause-survival'];

const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status suspension { since limitOn } termination { on cause }
  commitments { key status survivesUntil allowedActions } } }`;
const HISTORY = `query($id: ID!) { history(conventionId: $id, first: 100) {
  edges { node { version type machineVersion } } } }`;
const SUSPEND = `mutation($id: ID!) { suspendConvention(input: { conventionId: $id, reason: "inondation des locaux" }) {
  convention { status } } }`;
const RESUME = `mutation($id: ID!) { resumeConvention(input: { conventionId: $id }) { convention { status } } }`;
const REOPEN = `mutation($c: ID!) { reopenCommitment(input: { commitmentId: $c, reason: "fuite" }) {
  commitment { status } } }`;

interface ConventionData {
  convention: {
    status: string;
    suspension: { since: string; limitOn: string | null } | null;
    termination: { on: string; cause: string } | null;
    commitments: { key: string; status: string; survivesUntil: string | null; allowedActions: string[] }[];
  };
}

describe('rules v2 over HTTP: boundaries (bug 6) and survival once confirmed (bug 3)', () => {
  let workflowsDir: string;
  let world: World;
  /** Suspended on 1 March 2020 and resumed on 1 September, its last day allowed. */
  let resumed: StoryConvention;
  /** Suspended on 1 March 2020 and never resumed. */
  let lapsed: StoryConvention;
  /** Confidentiality confirmed by both owners in March 2020; expires on 15 January 2021. */
  let surviving: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-rules-v2-', FIXTURES);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2020-01-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    resumed = await world.given.signed('clause-force-majeure', { on: '2020-01-15T09:00:00Z' });
    lapsed = await world.given.signed('clause-force-majeure');
    surviving = await world.given.signed('clause-survival');
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async (convention: StoryConvention) =>
    (await world.server.ok<ConventionData>(world.auditor, CONVENTION, { id: convention.id })).convention;
  const as = (partyId: string) => world.tokenOf(partyId);

  it('creates new conventions under the current rules version, 4, which keeps the changes of version 2', async () => {
    const history = await world.server.ok<{
      history: { edges: { node: { version: number; type: string; machineVersion: number } }[] };
    }>(world.auditor, HISTORY, { id: resumed.id });

    expect(history.history.edges[0]?.node).toEqual({
      version: 1,
      type: 'CONVENTION_CREATED',
      machineVersion: 4,
    });
    expect(new Set(history.history.edges.map((e) => e.node.machineVersion))).toEqual(new Set([4]));
  });

  it('bug 6: keeps a suspension going on its limit day, 1 September, and lets a party resume that day', async () => {
    await world.when.clockReaches('2020-03-01T10:00:00Z');
    for (const convention of [resumed, lapsed]) {
      await world.server.ok(await as('association-a'), SUSPEND, { id: convention.id });
    }
    expect((await read(lapsed)).suspension).toEqual({ since: '2020-03-01', limitOn: '2020-09-01' });

    const fired = await world.when.clockReaches('2020-09-01T12:00:00Z');

    expect(fired.filter((d) => d.kind === 'SUSPENSION_LIMIT')).toEqual([]);
    expect((await read(lapsed)).status).toBe('SUSPENDED');
    await world.server.ok(await as('association-b'), RESUME, { id: resumed.id });
    expect((await read(resumed)).status).toBe('ACTIVE');
  });

  it('bug 6: terminates the convention still suspended on 2 September (FORCE_MAJEURE)', async () => {
    const fired = await world.when.clockReaches('2020-09-02T12:00:00Z');

    expect(fired.filter((d) => d.kind === 'SUSPENSION_LIMIT').map((d) => d.dueOn)).toEqual(['2020-09-02']);
    expect(await read(lapsed)).toMatchObject({
      status: 'TERMINATED',
      termination: { on: '2020-09-02', cause: 'FORCE_MAJEURE' },
    });
    expect((await read(resumed)).status).toBe('ACTIVE');
    await world.then.soundHistory(lapsed.id);
    await world.then.soundHistory(resumed.id);
  });

  const confidentiality = async () =>
    (
      await world.server.ok<ConventionData>(await as('association-a'), CONVENTION, { id: surviving.id })
    ).convention.commitments.find((c) => c.key === 'confidentiality');

  it('bug 3: a confidentiality confirmed by both owners keeps its survival after the end', async () => {
    await world.when.clockReaches('2020-09-10T10:00:00Z');
    await world.when.representative('association-a').marksDone(`${surviving.id}:confidentiality`);
    await world.when.representative('association-b').marksDone(`${surviving.id}:confidentiality`);
    expect((await confidentiality())?.status).toBe('FULFILLED');

    await world.when.clockReaches('2021-01-16T10:00:00Z');

    expect((await read(surviving)).status).toBe('TERMINATED');
    expect(await confidentiality()).toEqual({
      key: 'confidentiality',
      status: 'FULFILLED',
      survivesUntil: '2026-01-14',
      allowedActions: ['REOPEN'],
    });
  });

  it('bug 3: an owner reopens it during its survival, and both confirm it again', async () => {
    await world.when.clockReaches('2022-02-01T10:00:00Z');

    await world.server.ok(await as('association-a'), REOPEN, { c: `${surviving.id}:confidentiality` });
    expect((await confidentiality())?.status).toBe('IN_EFFECT');
    await world.when.representative('association-a').marksDone(`${surviving.id}:confidentiality`);
    await world.when.representative('association-b').marksDone(`${surviving.id}:confidentiality`);
    expect(await confidentiality()).toMatchObject({ status: 'FULFILLED', survivesUntil: '2026-01-14' });
  });

  it('bug 3: its survival ends on 15 January 2026; then it can no longer be reopened', async () => {
    const fired = await world.when.clockReaches('2026-01-16T10:00:00Z');

    expect(fired.filter((d) => d.kind === 'SURVIVAL_END').map((d) => `${d.dueOn}`)).toEqual(['2026-01-15']);
    expect((await confidentiality())?.allowedActions).toEqual([]);
    const refused = await world.server.graphql(await as('association-a'), REOPEN, {
      c: `${surviving.id}:confidentiality`,
    });
    expect(errorCode(refused)).toBe('INVALID_TRANSITION');
    await world.then.soundHistory(surviving.id);
  });
});

const PROPOSE = `mutation($id: ID!, $changes: AmendmentChangesInput!) {
  proposeAmendment(input: { conventionId: $id, summary: "Avenant n° 1", changes: $changes }) {
    convention { amendments { id status } } } }`;
const STATUS = `query($id: ID!) { convention(id: $id) {
  status termination { on cause } commitments { key status } } }`;

describe('rules v2 over HTTP: an amended deliverable still completes the convention (bug 2)', () => {
  const FIXTURE = 'clause-until-or-deliverables';
  let workflowsDir: string;
  let world: World;
  let convention: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-rules-v2-deliverables-', [FIXTURE]);
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
    (
      await world.server.ok<{
        convention: {
          status: string;
          termination: { on: string; cause: string } | null;
          commitments: { key: string; status: string }[];
        };
      }>(world.auditor, STATUS, { id: convention.id })
    ).convention;

  it('ends by completion once toolkit.v2 (amended from toolkit) and the final report are done', async () => {
    await world.when.clockReaches('2020-03-01T10:00:00Z');
    await world.server.ok(await world.tokenOf('association-a'), PROPOSE, {
      id: convention.id,
      changes: { changeCommitments: [{ id: 'toolkit', owners: ['association-a'] }] },
    });
    await world.when.representative('association-a').signsAmendment(convention.id);
    await world.when.representative('association-b').signsAmendment(convention.id);
    await world.when.clockReaches('2020-03-02T10:00:00Z');
    expect((await read()).commitments.find((c) => c.key === 'toolkit.v2')?.status).toBe('IN_EFFECT');

    await world.when.clockReaches('2020-04-01T10:00:00Z');
    await world.when.representative('association-b').marksDone(`${convention.id}:final-report`);
    await world.when.representative('association-a').marksDone(`${convention.id}:toolkit.v2`);

    expect(await read()).toMatchObject({
      status: 'TERMINATED',
      termination: { on: '2020-04-01', cause: 'COMPLETION' },
    });
    await world.then.soundHistory(convention.id);
  });
});
