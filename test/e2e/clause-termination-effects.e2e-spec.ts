import { rmSync } from 'node:fs';
import { expectPartyCountsToMatchPages } from '../support/commitment-counts';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, effects of termination, over HTTP (CLOCK=manual), two conventions of
 * test/fixtures/definitions/clause-termination-effects.yaml in force from 1 February 2024 for
 * three years: « en cas de résiliation pour inexécution, le bénéficiaire reversera les sommes
 * non utilisées dans un délai de deux mois » (`onlyIfEndedBy: [breach]`) and « un rapport final
 * dans les quatre mois suivant la fin de la convention, quelle qu'en soit la cause ».
 *
 * - `breached`: the interim report due 1 February 2025 is missed, the Département serves a formal
 *   notice on 10 February (cure by 10 March); uncured, the convention ends for breach on 11 March
 *   2025, its last day in force 10 March: the repayment arises, due 10 May 2025, and is VIOLATED
 *   when missed; the final report is due 10 July and marked done.
 * - `expired`: the interim report is delivered, the convention expires on 1 February 2027: the
 *   repayment never arises (LAPSED: no deadline, MARK_DONE refused), the final report is due
 *   31 May 2027 and marked done.
 *
 * Both histories verify.
 */

const FIXTURE = 'clause-termination-effects';
const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status termination { on cause }
  formalNotices { commitmentKey cureBy status }
  upcomingDeadlines { kind subject dueOn }
  commitments { key status startedOn dueOn overdue awaitingConfirmationFrom allowedActions terms { dueFrom due onlyIfEndedBy } } } }`;
const NOTICE = `mutation($c: ID!) { serveFormalNotice(input: { commitmentId: $c, reason: "compte rendu intermédiaire non remis" }) {
  commitment { status } } }`;
const MARK = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Reversement effectué" }) {
  commitment { status } } }`;

interface CommitmentData {
  key: string;
  status: string;
  startedOn: string | null;
  dueOn: string | null;
  overdue: boolean;
  awaitingConfirmationFrom: string[];
  allowedActions: string[];
  terms: { dueFrom: string | null; due: string | null; onlyIfEndedBy: string[] | null };
}
interface ConventionData {
  convention: {
    status: string;
    termination: { on: string; cause: string } | null;
    formalNotices: { commitmentKey: string; cureBy: string; status: string }[];
    upcomingDeadlines: { kind: string; subject: string | null; dueOn: string }[];
    commitments: CommitmentData[];
  };
}

describe('onlyIfEndedBy over HTTP: a repayment owed only after a termination for breach', () => {
  let workflowsDir: string;
  let world: World;
  let breached: StoryConvention;
  let expired: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-termination-effects-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2024-01-20T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    breached = await world.given.signed(FIXTURE, { on: '2024-02-01T09:00:00Z' });
    expired = await world.given.signed(FIXTURE);
    await world.when.clockReaches('2024-02-01T12:00:00Z');
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async (convention: StoryConvention, partyId = 'association') =>
    (await world.server.ok<ConventionData>(await world.tokenOf(partyId), CONVENTION, { id: convention.id }))
      .convention;
  const commitment = async (convention: StoryConvention, key: string) =>
    (await read(convention)).commitments.find((c) => c.key === key) as CommitmentData;

  it('shows the repayment SCHEDULED in force, as the final report, with the causes it arises on', async () => {
    expect((await read(breached)).status).toBe('ACTIVE');
    expect(await commitment(breached, 'repayment')).toEqual({
      key: 'repayment',
      status: 'SCHEDULED',
      startedOn: null,
      dueOn: null,
      overdue: false,
      awaitingConfirmationFrom: ['association'],
      allowedActions: [],
      terms: { dueFrom: 'end', due: 'P2M', onlyIfEndedBy: ['breach'] },
    });
    expect(await commitment(breached, 'final-report')).toMatchObject({
      status: 'SCHEDULED',
      dueOn: null,
      allowedActions: [],
      terms: { dueFrom: 'end', due: 'P4M', onlyIfEndedBy: null },
    });
  });

  it('the interim report: delivered under one convention, missed under the other (VIOLATED on 2 February 2025)', async () => {
    await world.when.clockReaches('2024-12-16T10:00:00Z');
    await world.as('association').marksDone(`${expired.id}:interim-report`);

    await world.when.clockReaches('2025-02-01T22:00:00Z');
    expect(await commitment(breached, 'interim-report')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2025-02-01',
    });

    await world.when.clockReaches('2025-02-02T10:00:00Z');

    expect((await commitment(breached, 'interim-report')).status).toBe('VIOLATED');
    expect((await commitment(expired, 'interim-report')).status).toBe('FULFILLED');
  });

  it('ends for breach on 11 March 2025, the formal notice uncured: the repayment arises, due 10 May 2025', async () => {
    await world.when.clockReaches('2025-02-10T10:00:00Z');
    await world.as('departement').does(NOTICE, { c: `${breached.id}:interim-report` });
    await world.when.clockReaches('2025-03-10T21:00:00Z');
    expect((await read(breached)).status).toBe('ACTIVE');

    await world.when.clockReaches('2025-03-11T10:00:00Z');

    const ended = await read(breached);
    expect(ended).toMatchObject({
      status: 'TERMINATED',
      termination: { on: '2025-03-11', cause: 'BREACH' },
      formalNotices: [{ commitmentKey: 'interim-report', cureBy: '2025-03-10', status: 'UNCURED' }],
    });
    expect(ended.commitments.find((c) => c.key === 'repayment')).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2025-03-11',
      dueOn: '2025-05-10',
      overdue: false,
      allowedActions: ['MARK_DONE'],
    });
    expect(ended.commitments.find((c) => c.key === 'final-report')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2025-07-10',
    });
    expect(ended.upcomingDeadlines).toEqual([
      { kind: 'COMMITMENT_DUE', subject: 'repayment', dueOn: '2025-05-11' },
      { kind: 'COMMITMENT_DUE', subject: 'final-report', dueOn: '2025-07-11' },
    ]);
    expect((await read(expired)).status).toBe('ACTIVE');
  });

  it('makes the unpaid repayment VIOLATED on 11 May 2025; the final report is marked done in July', async () => {
    const fired = await world.when.clockReaches('2025-05-11T10:00:00Z');
    expect(fired.filter((d) => d.kind === 'COMMITMENT_DUE').map((d) => d.dueOn)).toEqual(['2025-05-11']);
    expect(await commitment(breached, 'repayment')).toMatchObject({
      status: 'VIOLATED',
      awaitingConfirmationFrom: [],
      allowedActions: [],
    });

    await world.when.clockReaches('2025-07-04T10:00:00Z');
    await world.as('association').marksDone(`${breached.id}:final-report`);

    await world.when.clockReaches('2025-07-12T10:00:00Z');
    const after = await read(breached);
    expect(Object.fromEntries(after.commitments.map((c) => [c.key, c.status]))).toEqual({
      'use-of-funds': 'TERMINATED',
      'interim-report': 'VIOLATED',
      repayment: 'VIOLATED',
      'final-report': 'FULFILLED',
    });
    expect(after.upcomingDeadlines).toEqual([]);
    await world.then.soundHistory(breached.id);
  });

  it('expires on 1 February 2027: the repayment never arises (LAPSED), the final report is due 31 May 2027', async () => {
    await world.when.clockReaches('2027-01-31T12:00:00Z');
    expect((await read(expired)).status).toBe('ACTIVE');

    await world.when.clockReaches('2027-02-01T12:00:00Z');

    const ended = await read(expired);
    expect(ended).toMatchObject({ status: 'TERMINATED', termination: { on: '2027-02-01', cause: 'EXPIRY' } });
    expect(ended.commitments.find((c) => c.key === 'repayment')).toMatchObject({
      status: 'LAPSED',
      startedOn: null,
      dueOn: null,
      overdue: false,
      awaitingConfirmationFrom: [],
      allowedActions: [],
      terms: { onlyIfEndedBy: ['breach'] },
    });
    expect(ended.commitments.find((c) => c.key === 'final-report')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2027-05-31',
      allowedActions: ['MARK_DONE'],
    });
    expect(ended.upcomingDeadlines).toEqual([
      { kind: 'COMMITMENT_DUE', subject: 'final-report', dueOn: '2027-06-01' },
    ]);
  });

  it('refuses marking the LAPSED repayment done (INVALID_TRANSITION, saying why), and records nothing', async () => {
    const [refusal] = await world.then.refused('INVALID_TRANSITION', expired.id, () =>
      world.as('association').tries(MARK, { c: `${expired.id}:repayment` }),
    );

    expect(refusal?.errors?.[0]?.message).toContain(
      'commitment repayment never arose: it arises only if the convention ends by breach, and it ended by expiry',
    );
    expect((await commitment(expired, 'repayment')).status).toBe('LAPSED');
  });

  it('closes with the final report done; the repayment stays LAPSED and nothing falls due for it', async () => {
    await world.when.clockReaches('2027-05-20T10:00:00Z');
    await world.as('association').marksDone(`${expired.id}:final-report`);

    const fired = await world.when.clockReaches('2028-01-01T10:00:00Z');

    expect(fired.filter((d) => d.kind === 'COMMITMENT_DUE')).toEqual([]);
    const after = await read(expired);
    expect(Object.fromEntries(after.commitments.map((c) => [c.key, c.status]))).toEqual({
      'use-of-funds': 'TERMINATED',
      'interim-report': 'FULFILLED',
      repayment: 'LAPSED',
      'final-report': 'FULFILLED',
    });
    expect(after.upcomingDeadlines).toEqual([]);
    const lapsed = await world.server.ok<{ commitments: { totalCount: number } }>(
      world.auditor,
      'query { commitments(filter: { status: LAPSED }) { totalCount } }',
    );
    expect(lapsed.commitments.totalCount).toBe(1);
    await expectPartyCountsToMatchPages(world.server, world.auditor, ['association', 'departement']);
    await world.then.soundHistory(expired.id);
  });
});
