import { rmSync } from 'node:fs';
import { errorCode } from '../support/graphql-client';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, bug 4 fixed under rules v2, over HTTP (CLOCK=manual): a formal notice on a standing
 * duty (« l'association B utilise les fonds exclusivement pour le projet »). Association A
 * reports the breach with its evidence, then serves formal notice (cure by 2 April); B cures
 * one convention by confirming its duty, not the other, which terminates for breach on 3 April.
 */

const FIXTURE = 'clause-breach-standing-duty';
const DUTY = 'funds-for-project-only';

const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status termination { on cause }
  breaches { commitmentKey reportedBy reportedOn description evidenceUrl }
  formalNotices { commitmentKey cureBy status }
  commitments { key status dueOn allowedActions } } }`;
const REPORT = `mutation($c: ID!, $k: String) { reportBreach(input: {
  commitmentId: $c, description: "fonds utilisés pour un autre projet",
  evidenceUrl: "https://example.org/releve.pdf", idempotencyKey: $k }) {
  commitment { key status } convention { version } } }`;
const NOTICE = `mutation($c: ID!) { serveFormalNotice(input: { commitmentId: $c, reason: "fonds détournés" }) {
  commitment { status } } }`;

interface ConventionData {
  convention: {
    status: string;
    termination: { on: string; cause: string } | null;
    breaches: Record<string, string>[];
    formalNotices: { commitmentKey: string; cureBy: string; status: string }[];
    commitments: { key: string; status: string; dueOn: string | null; allowedActions: string[] }[];
  };
}

describe('rules v2 over HTTP: a formal notice on a standing duty (bug 4)', () => {
  let workflowsDir: string;
  let world: World;
  let cured: StoryConvention;
  let uncured: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-breach-duty-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2020-01-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    cured = await world.given.signed(FIXTURE, { on: '2020-01-15T09:00:00Z' });
    uncured = await world.given.signed(FIXTURE);
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const as = (partyId: string) => world.tokenOf(partyId);
  const read = async (convention: StoryConvention, partyId = 'association-a') =>
    (await world.server.ok<ConventionData>(await as(partyId), CONVENTION, { id: convention.id })).convention;
  const duty = async (convention: StoryConvention, partyId = 'association-a') =>
    (await read(convention, partyId)).commitments.find((c) => c.key === DUTY);

  it('offers REPORT_BREACH to the creditor only; a formal notice is refused before a breach is reported', async () => {
    await world.when.clockReaches('2020-03-01T10:00:00Z');

    expect((await duty(cured))?.allowedActions).toEqual(['REPORT_BREACH']);
    expect((await duty(cured, 'association-b'))?.allowedActions).toEqual(['MARK_DONE']);
    const refused = await world.server.graphql(await as('association-a'), NOTICE, {
      c: `${cured.id}:${DUTY}`,
    });
    expect(errorCode(refused)).toBe('INVALID_TRANSITION');
    const byOwner = await world.server.graphql(await as('association-b'), REPORT, {
      c: `${cured.id}:${DUTY}`,
    });
    expect(errorCode(byOwner)).toBe('FORBIDDEN');
  });

  it('records the breach with its evidence (idempotent), the duty VIOLATED, then the formal notice', async () => {
    for (const convention of [cured, uncured]) {
      const first = await world.server.ok<{ reportBreach: { convention: { version: number } } }>(
        await as('association-a'),
        REPORT,
        { c: `${convention.id}:${DUTY}`, k: `report-${convention.id}` },
      );
      const retry = await world.server.ok<{ reportBreach: { convention: { version: number } } }>(
        await as('association-a'),
        REPORT,
        { c: `${convention.id}:${DUTY}`, k: `report-${convention.id}` },
      );
      expect(retry.reportBreach.convention.version).toBe(first.reportBreach.convention.version);
    }
    const reported = await read(cured);
    expect(reported.breaches).toEqual([
      {
        commitmentKey: DUTY,
        reportedBy: 'association-a',
        reportedOn: '2020-03-01',
        description: 'fonds utilisés pour un autre projet',
        evidenceUrl: 'https://example.org/releve.pdf',
      },
    ]);
    expect(reported.commitments.find((c) => c.key === DUTY)).toMatchObject({
      status: 'VIOLATED',
      allowedActions: ['SERVE_FORMAL_NOTICE'],
    });

    await world.when.clockReaches('2020-03-02T10:00:00Z');
    for (const convention of [cured, uncured]) {
      await world.server.ok(await as('association-a'), NOTICE, { c: `${convention.id}:${DUTY}` });
    }
    expect((await read(cured)).formalNotices).toEqual([
      { commitmentKey: DUTY, cureBy: '2020-04-02', status: 'OPEN' },
    ]);
    expect(await duty(cured, 'association-b')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2020-04-02',
      allowedActions: ['MARK_DONE'],
    });
  });

  it('cured by B’s confirmation on the last day, 2 April: the convention goes on', async () => {
    await world.when.clockReaches('2020-04-02T10:00:00Z');
    await world.when.representative('association-b').marksDone(`${cured.id}:${DUTY}`);

    await world.when.clockReaches('2020-04-03T10:00:00Z');

    const after = await read(cured);
    expect(after.status).toBe('ACTIVE');
    expect(after.formalNotices[0]?.status).toBe('CURED');
    expect(after.commitments.find((c) => c.key === DUTY)?.status).toBe('FULFILLED');
    await world.then.soundHistory(cured.id);
  });

  it('uncured: the duty is violated on 3 April and the convention terminates for breach', async () => {
    const after = await read(uncured);
    expect(after).toMatchObject({ status: 'TERMINATED', termination: { on: '2020-04-03', cause: 'BREACH' } });
    expect(after.formalNotices[0]?.status).toBe('UNCURED');
    expect(after.commitments.find((c) => c.key === DUTY)?.status).toBe('VIOLATED');
    await world.then.soundHistory(uncured.id);
  });
});
