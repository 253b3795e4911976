import { ConventioProcess, errorCode, GraphQLResponse } from '../support/conventio-process';
import { expectPartyCountsToMatchPages } from '../support/commitment-counts';

/**
 * Conventions lived over several years on the manual clock: renewals, evaluations, committee
 * meetings, reopening, amendments, notice and expiry, each checked against the dates the
 * definitions imply, then audited and looked at in the past.
 */

interface DeadlineData {
  kind: string;
  dueOn: string;
  eventType?: string;
  subject?: string | null;
  conventionId?: string;
}

interface EvaluationData {
  number: number;
  termNumber: number;
  opensOn: string;
  dueOn: string | null;
  completedAt: string | null;
  overdue: boolean;
  overdueSince: string | null;
  pendingParties: string[];
}

interface OccurrenceData {
  index: number;
  startsOn: string;
  dueOn: string;
  status: string;
  fulfilmentCount: number;
}

interface CommitmentData {
  id: string;
  key: string;
  status: string;
  owners: string[];
  dueOn: string | null;
  overdue: boolean;
  amendmentId: string | null;
  startedOn: string | null;
  allowedActions: string[];
  confirmations: { partyId: string }[];
  occurrences: OccurrenceData[];
}

interface ConventionData {
  id: string;
  status: string;
  version: number;
  effectiveOn: string | null;
  noticeDeadline: string | null;
  terminationEffectiveOn: string | null;
  nextEvaluationDueOn: string | null;
  term: { number: number; startsOn: string; endsOn: string | null } | null;
  termination: { on: string; cause: string } | null;
  allowedActions: string[];
  evaluation: EvaluationData | null;
  pastEvaluations: EvaluationData[];
  upcomingDeadlines: DeadlineData[];
  meetings: {
    committee: string;
    heldOn: string;
    attendingParties: string[];
    commitmentKey: string;
    recordedBy: string;
    decisions: string[];
  }[];
  amendments: {
    id: string;
    kind: string;
    status: string;
    proposedBy: string;
    pendingSignatories: string[];
    settledAt: string | null;
    signatures: { signatoryId: string; partyId: string }[];
    diff: {
      added: string[];
      changed: { from: string; to: string }[];
      rules: string[];
      waived: string[];
    } | null;
  }[];
  commitments: CommitmentData[];
}

const EVALUATION_FIELDS = 'number termNumber opensOn dueOn completedAt overdue overdueSince pendingParties';

const CONVENTION_FIELDS = `id status version effectiveOn noticeDeadline terminationEffectiveOn nextEvaluationDueOn
  term { number startsOn endsOn } termination { on cause } allowedActions
  evaluation { ${EVALUATION_FIELDS} } pastEvaluations { ${EVALUATION_FIELDS} }
  upcomingDeadlines { kind dueOn eventType subject }
  meetings { committee heldOn attendingParties commitmentKey recordedBy decisions }
  amendments { id kind status proposedBy pendingSignatories settledAt signatures { signatoryId partyId }
    diff { added changed { from to } rules waived } }
  commitments { id key status owners dueOn overdue amendmentId startedOn allowedActions confirmations { partyId }
    occurrences { index startsOn dueOn status fulfilmentCount } }`;

/** Past states: no allowed actions or deadlines there, only what the events say. */
const PAST_FIELDS = `status noticeDeadline terminationEffectiveOn term { number startsOn endsOn } termination { on cause }
  evaluation { ${EVALUATION_FIELDS} } pastEvaluations { ${EVALUATION_FIELDS} }
  amendments { id status } commitments { key status occurrences { index dueOn status fulfilmentCount } }`;

type PastConvention = Pick<
  ConventionData,
  | 'status'
  | 'noticeDeadline'
  | 'terminationEffectiveOn'
  | 'term'
  | 'termination'
  | 'evaluation'
  | 'pastEvaluations'
> & {
  amendments: { id: string; status: string }[];
  commitments: { key: string; status: string; occurrences: Omit<OccurrenceData, 'startsOn'>[] }[];
};

interface HistoryNode {
  version: number;
  type: string;
  actor: { role: string; partyId: string | null };
  prevHash: string;
  hash: string;
}

interface AuditPage {
  history: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: HistoryNode }[];
  };
}

interface Verification {
  valid: boolean;
  eventCount: number;
  firstBadVersion: number | null;
  reason: string | null;
}

const CREATE =
  'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id status } } }';
const SIGN =
  'mutation($id: ID!, $s: ID) { signConvention(input: { conventionId: $id, signatoryId: $s }) { convention { status } } }';
const MARK = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Fait",
  evidenceUrl: "https://example.org/preuve" }) { commitment { status } } }`;
const REOPEN = `mutation($c: ID!, $r: String!) { reopenCommitment(input: { commitmentId: $c, reason: $r }) {
  commitment { status confirmations { partyId } } } }`;
const NOTICE = `mutation($id: ID!, $r: String!) { giveNotice(input: { conventionId: $id, reason: $r }) {
  convention { status terminationEffectiveOn } } }`;
const SUBMIT = `mutation($id: ID!, $a: [AssessmentInput!]!) { submitEvaluation(input: { conventionId: $id, assessments: $a,
  summary: "Bilan annuel" }) { convention { status } } }`;
const RECORD_MEETING = `mutation($id: ID!, $committee: String!, $heldOn: String!, $attending: [ID!]!) {
  recordMeeting(input: { conventionId: $id, committee: $committee, heldOn: $heldOn, attendingParties: $attending,
    minutesUrl: "https://example.org/compte-rendu", decisions: ["Priorités du trimestre arrêtées"] }) {
    convention { version } } }`;
const DEADLINES = `query($party: ID, $before: String, $id: ID) {
  deadlines(filter: { partyId: $party, before: $before, conventionId: $id }) { conventionId kind dueOn eventType subject } }`;

/** One convention on one server: the reads and checks every scenario below needs. */
class Scenario {
  conventionId = '';

  constructor(
    readonly server: ConventioProcess,
    readonly admin: string,
    readonly auditor: string,
  ) {}

  async create(workflowId: string): Promise<void> {
    const created = await this.server.ok<{
      createConvention: { convention: { id: string; status: string } };
    }>(this.admin, CREATE, { w: workflowId });
    expect(created.createConvention.convention.status).toBe('DRAFT');
    this.conventionId = created.createConvention.convention.id;
  }

  async convention(token = this.auditor): Promise<ConventionData> {
    return (
      await this.server.ok<{ convention: ConventionData }>(
        token,
        `query($id: ID!) { convention(id: $id) { ${CONVENTION_FIELDS} } }`,
        { id: this.conventionId },
      )
    ).convention;
  }

  async commitment(key: string, token = this.auditor): Promise<CommitmentData> {
    const found = (await this.convention(token)).commitments.find((c) => c.key === key);
    if (!found) throw new Error(`no commitment ${key}`);
    return found;
  }

  async eventCount(): Promise<number> {
    return (
      await this.server.ok<{ history: { totalCount: number } }>(
        this.auditor,
        'query($id: ID!) { history(conventionId: $id) { totalCount } }',
        { id: this.conventionId },
      )
    ).history.totalCount;
  }

  /** Every call must be refused with `code`, and the history must not grow. */
  async refused(code: string, ...calls: (() => Promise<GraphQLResponse<unknown>>)[]): Promise<void> {
    const before = await this.eventCount();
    for (const call of calls) {
      const result = await call();
      expect({ code: errorCode(result), message: result.errors?.[0]?.message }).toEqual(
        expect.objectContaining({ code }),
      );
    }
    expect(await this.eventCount()).toBe(before);
  }

  async deadlines(filter: { party?: string; before?: string; id?: string }): Promise<DeadlineData[]> {
    return (
      await this.server.ok<{ deadlines: DeadlineData[] }>(this.auditor, DEADLINES, {
        party: filter.party ?? null,
        before: filter.before ?? null,
        id: filter.id ?? null,
      })
    ).deadlines;
  }

  async at(instant: string): Promise<PastConvention> {
    return (
      await this.server.ok<{ conventionAt: { convention: PastConvention } }>(
        this.auditor,
        `query($id: ID!, $at: String!) { conventionAt(id: $id, at: $at) { convention { ${PAST_FIELDS} } } }`,
        { id: this.conventionId, at: instant },
      )
    ).conventionAt.convention;
  }

  /** The whole history, page by page: hash-chained, verified, and as long as the stream. */
  async audit(): Promise<HistoryNode[]> {
    const events: HistoryNode[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (;;) {
      const page: AuditPage = await this.server.ok<AuditPage>(
        this.auditor,
        `query($id: ID!, $after: String) { history(conventionId: $id, first: 100, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { version type actor { role partyId } prevHash hash } } } }`,
        { id: this.conventionId, after },
      );
      events.push(...page.history.edges.map((e) => e.node));
      totalCount = page.history.totalCount;
      if (!page.history.pageInfo.hasNextPage) break;
      after = page.history.pageInfo.endCursor;
    }
    const verification = await this.server.ok<{ verifyHistory: Verification }>(
      this.auditor,
      'query($id: ID!) { verifyHistory(conventionId: $id) { valid eventCount firstBadVersion reason } }',
      { id: this.conventionId },
    );
    expect(verification.verifyHistory).toEqual({
      valid: true,
      eventCount: totalCount,
      firstBadVersion: null,
      reason: null,
    });
    expect(events).toHaveLength(totalCount);
    events.forEach((event, i) => expect(event.version).toBe(i + 1));
    events.slice(1).forEach((event, i) => expect(event.prevHash).toBe(events[i]!.hash));
    return events;
  }
}

const deadline = ({ kind, dueOn }: DeadlineData) => ({ kind, dueOn });
const countOf = (events: { type: string }[], type: string) => events.filter((e) => e.type === type).length;

describe('HALDE–AMF (seed 000) over three years: two tacit renewals, yearly evaluations, notice', () => {
  let server: ConventioProcess;
  let s: Scenario;
  let halde: string;
  let amf: string;
  let criteria: string[];

  const assessments = () => criteria.map((criterion) => ({ criterion, rating: 'MET', comment: null }));
  const submit = (token: string) => server.graphql(token, SUBMIT, { id: s.conventionId, a: assessments() });
  const FULFILLED = [
    'halde-shares-information',
    'amf-relays-information',
    'exchange-and-diffuse-information',
  ];

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2010-06-20T08:00:00Z' });
    const [admin, auditor] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
    ]);
    [halde, amf] = await Promise.all([
      server.token('representative', 'Jeannette Bougrab', 'halde'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
    ]);
    s = new Scenario(server, admin, auditor);
    const workflow = await server.ok<{ workflow: { evaluation: { criteria: { id: string }[] } } }>(
      auditor,
      '{ workflow(id: "halde-amf-2010") { evaluation { criteria { id } } } }',
    );
    criteria = workflow.workflow.evaluation.criteria.map((c) => c.id);
  }, 30_000);

  afterAll(async () => {
    await server.dispose();
  });

  it('is in force from 24 June 2010 for a first term of twelve months', async () => {
    await s.create('halde-amf-2010');
    await server.advance(s.admin, '2010-06-24T09:00:00Z');
    await server.ok(amf, SIGN, { id: s.conventionId });
    await server.ok(halde, SIGN, { id: s.conventionId });

    const active = await s.convention();
    expect(active.status).toBe('ACTIVE');
    expect(active.effectiveOn).toBe('2010-06-24');
    expect(active.term).toEqual({ number: 1, startsOn: '2010-06-24', endsOn: '2011-06-23' });
    expect(active.noticeDeadline).toBe('2011-03-24');
    expect(active.nextEvaluationDueOn).toBe('2011-06-23');
    expect(active.evaluation).toEqual({
      number: 1,
      termNumber: 1,
      opensOn: '2010-06-24',
      dueOn: '2011-06-23',
      completedAt: null,
      overdue: false,
      overdueSince: null,
      pendingParties: ['halde', 'amf'],
    });
    // Each deadline is due the day after the last day it protects.
    expect(active.upcomingDeadlines.map(deadline)).toEqual([
      { kind: 'NOTICE_DEADLINE', dueOn: '2011-03-25' },
      { kind: 'EVALUATION_DUE', dueOn: '2011-06-24' },
      { kind: 'TERM_END', dueOn: '2011-06-24' },
    ]);
  });

  it("lists the coming notice deadline and term end among AMF's deadlines", async () => {
    const forAmf = await s.deadlines({ party: 'amf' });
    expect(forAmf).toEqual([
      {
        conventionId: s.conventionId,
        kind: 'NOTICE_DEADLINE',
        dueOn: '2011-03-25',
        eventType: 'NOTICE_DEADLINE_PASSED',
        subject: null,
      },
      {
        conventionId: s.conventionId,
        kind: 'EVALUATION_DUE',
        dueOn: '2011-06-24',
        eventType: 'EVALUATION_DUE_PASSED',
        subject: null,
      },
      {
        conventionId: s.conventionId,
        kind: 'TERM_END',
        dueOn: '2011-06-24',
        eventType: 'TERM_ENDED',
        subject: null,
      },
    ]);
    expect((await s.deadlines({ party: 'amf', before: '2011-06-01' })).map(deadline)).toEqual([
      { kind: 'NOTICE_DEADLINE', dueOn: '2011-03-25' },
    ]);
    expect(await s.deadlines({ party: 'cnml' })).toEqual([]);
  });

  it('has each party fulfil its standing commitments, refusing the other party', async () => {
    const key = (k: string) => `${s.conventionId}:${k}`;
    await server.advance(s.admin, '2010-09-15T10:00:00Z');
    await s.refused(
      'FORBIDDEN',
      () => server.graphql(amf, MARK, { c: key('halde-shares-information') }),
      () => server.graphql(halde, MARK, { c: key('amf-relays-information') }),
      () => server.graphql(s.auditor, MARK, { c: key('exchange-and-diffuse-information') }),
    );
    await server.ok(halde, MARK, { c: key('halde-shares-information') });
    await server.ok(amf, MARK, { c: key('amf-relays-information') });
    await server.ok(amf, MARK, { c: key('exchange-and-diffuse-information') });
    await server.ok(halde, MARK, { c: key('exchange-and-diffuse-information') });
    const statuses = Object.fromEntries((await s.convention()).commitments.map((c) => [c.key, c.status]));
    for (const fulfilled of FULFILLED) expect(statuses[fulfilled]).toBe('FULFILLED');
    expect(Object.values(statuses).filter((status) => status === 'IN_EFFECT')).toHaveLength(4);
  });

  it('records the first joint evaluation, then renews tacitly once 24 March 2011 has passed', async () => {
    await server.advance(s.admin, '2011-02-10T09:00:00Z');
    await server.ok(amf, SUBMIT, { id: s.conventionId, a: assessments() });
    await s.refused('INVALID_TRANSITION', () => submit(amf));
    await server.ok(halde, SUBMIT, { id: s.conventionId, a: assessments() });
    const evaluated = await s.convention();
    expect(evaluated.status).toBe('EVALUATED');
    expect(evaluated.evaluation).toEqual(
      expect.objectContaining({ number: 1, overdue: false, overdueSince: null, pendingParties: [] }),
    );
    expect(evaluated.evaluation?.completedAt).toMatch(/^2011-02-10T/);

    // Late on the last day notice could be given (Paris time): nothing has fired yet.
    expect(await server.advance(s.admin, '2011-03-24T21:30:00Z')).toEqual([]);
    expect((await s.convention()).noticeDeadline).toBe('2011-03-24');

    const fired = await server.advance(s.admin, '2011-03-25T09:00:00Z');
    expect(fired).toEqual([
      { kind: 'NOTICE_DEADLINE', dueOn: '2011-03-25', eventType: 'NOTICE_DEADLINE_PASSED' },
    ]);
    const renewed = await s.convention();
    expect(renewed.status).toBe('RENEWED');
    expect(renewed.term).toEqual({ number: 1, startsOn: '2010-06-24', endsOn: '2011-06-23' });
    expect(renewed.noticeDeadline).toBeNull();
    expect(renewed.upcomingDeadlines.map(deadline)).toEqual([{ kind: 'TERM_END', dueOn: '2011-06-24' }]);
  });

  it('starts term 2 on 24 June 2011, with a notice deadline of 24 March 2012', async () => {
    const fired = await server.advance(s.admin, '2011-06-24T09:00:00Z');
    expect(fired.map(deadline)).toEqual([{ kind: 'TERM_END', dueOn: '2011-06-24' }]);
    const second = await s.convention();
    expect(second.status).toBe('ACTIVE');
    expect(second.term).toEqual({ number: 2, startsOn: '2011-06-24', endsOn: '2012-06-23' });
    expect(second.noticeDeadline).toBe('2012-03-24');
    expect(second.nextEvaluationDueOn).toBe('2012-06-23');
    expect(second.evaluation).toEqual({
      number: 2,
      termNumber: 2,
      opensOn: '2011-06-24',
      dueOn: '2012-06-23',
      completedAt: null,
      overdue: false,
      overdueSince: null,
      pendingParties: ['halde', 'amf'],
    });
    expect(second.pastEvaluations).toEqual([
      expect.objectContaining({
        number: 1,
        termNumber: 1,
        overdue: false,
        overdueSince: null,
        pendingParties: [],
      }),
    ]);
    // Fulfilled standing commitments stay fulfilled across the renewal.
    for (const key of FULFILLED) {
      expect(second.commitments.find((c) => c.key === key)?.status).toBe('FULFILLED');
    }
  });

  it('renews again on 25 March 2012 while the second evaluation is still owed by the HALDE', async () => {
    const fired = await server.advance(s.admin, '2012-03-25T09:00:00Z');
    expect(fired.map(deadline)).toEqual([{ kind: 'NOTICE_DEADLINE', dueOn: '2012-03-25' }]);
    await server.advance(s.admin, '2012-05-15T09:00:00Z');
    await server.ok(amf, SUBMIT, { id: s.conventionId, a: assessments() });
    const renewed = await s.convention();
    expect(renewed.status).toBe('RENEWED');
    expect(renewed.evaluation).toEqual(
      expect.objectContaining({ number: 2, completedAt: null, overdue: false, pendingParties: ['halde'] }),
    );

    // The due date itself is not late.
    await server.advance(s.admin, '2012-06-23T12:00:00Z');
    const lastDay = await s.convention();
    expect(lastDay.evaluation?.overdue).toBe(false);
    expect(lastDay.upcomingDeadlines.map(deadline)).toEqual([
      { kind: 'EVALUATION_DUE', dueOn: '2012-06-24' },
      { kind: 'TERM_END', dueOn: '2012-06-24' },
    ]);
  });

  it('marks the second evaluation overdue after 23 June 2012 and keeps it in pastEvaluations in term 3', async () => {
    const fired = await server.advance(s.admin, '2012-06-24T09:00:00Z');
    // What the closing term owed is recorded before the term closes.
    expect(fired.map(deadline)).toEqual([
      { kind: 'EVALUATION_DUE', dueOn: '2012-06-24' },
      { kind: 'TERM_END', dueOn: '2012-06-24' },
    ]);
    const third = await s.convention();
    expect(third.status).toBe('ACTIVE');
    expect(third.term).toEqual({ number: 3, startsOn: '2012-06-24', endsOn: '2013-06-23' });
    expect(third.noticeDeadline).toBe('2013-03-24');
    expect(third.nextEvaluationDueOn).toBe('2013-06-23');
    expect(third.evaluation).toEqual(
      expect.objectContaining({ number: 3, termNumber: 3, dueOn: '2013-06-23', overdue: false }),
    );
    expect(third.pastEvaluations.map((e) => e.number)).toEqual([1, 2]);
    expect(third.pastEvaluations[1]).toEqual({
      number: 2,
      termNumber: 2,
      opensOn: '2011-06-24',
      dueOn: '2012-06-23',
      completedAt: null,
      overdue: true,
      overdueSince: '2012-06-24',
      pendingParties: ['halde'],
    });
  });

  it('records the third evaluation; AMF gives notice, which replaces the notice deadline by the termination', async () => {
    await server.advance(s.admin, '2013-01-10T09:00:00Z');
    await server.ok(halde, SUBMIT, { id: s.conventionId, a: assessments() });
    await server.ok(amf, SUBMIT, { id: s.conventionId, a: assessments() });
    expect((await s.convention()).status).toBe('EVALUATED');

    await server.advance(s.admin, '2013-02-01T10:00:00Z');
    expect((await s.deadlines({ party: 'amf' })).map(deadline)).toEqual([
      { kind: 'NOTICE_DEADLINE', dueOn: '2013-03-25' },
      { kind: 'TERM_END', dueOn: '2013-06-24' },
    ]);
    const reason = { id: s.conventionId, r: 'Fin du partenariat' };
    await s.refused(
      'FORBIDDEN',
      () => server.graphql(s.auditor, NOTICE, reason),
      () => server.graphql(s.admin, NOTICE, reason),
    );
    expect((await s.convention(amf)).allowedActions).toContain('GIVE_NOTICE');
    const given = await server.ok<{
      giveNotice: { convention: { status: string; terminationEffectiveOn: string } };
    }>(amf, NOTICE, reason);
    expect(given.giveNotice.convention).toEqual({
      status: 'EVALUATED',
      terminationEffectiveOn: '2013-05-01',
    });
    await s.refused(
      'INVALID_TRANSITION',
      () => server.graphql(halde, NOTICE, reason),
      () => server.graphql(amf, NOTICE, reason),
    );

    expect((await s.deadlines({ party: 'amf' })).map(deadline)).toEqual([
      { kind: 'TERMINATION', dueOn: '2013-05-01' },
      { kind: 'TERM_END', dueOn: '2013-06-24' },
    ]);
    const noticed = await s.convention();
    expect(noticed.terminationEffectiveOn).toBe('2013-05-01');
    expect(noticed.upcomingDeadlines.map(deadline)).toEqual([
      { kind: 'TERMINATION', dueOn: '2013-05-01' },
      { kind: 'TERM_END', dueOn: '2013-06-24' },
    ]);
  });

  it('terminates on 1 May 2013, closing the open commitments and every deadline', async () => {
    await server.advance(s.admin, '2013-04-30T20:00:00Z');
    expect((await s.convention()).status).toBe('EVALUATED');

    const fired = await server.advance(s.admin, '2013-05-01T00:00:00+02:00');
    expect(fired).toEqual([
      { kind: 'TERMINATION', dueOn: '2013-05-01', eventType: 'TERMINATION_TOOK_EFFECT' },
    ]);
    const ended = await s.convention(amf);
    expect(ended.status).toBe('TERMINATED');
    expect(ended.termination).toEqual({ on: '2013-05-01', cause: 'NOTICE' });
    expect(ended.terminationEffectiveOn).toBe('2013-05-01');
    expect(ended.term).toEqual({ number: 3, startsOn: '2012-06-24', endsOn: '2013-06-23' });
    expect(ended.noticeDeadline).toBeNull();
    expect(ended.nextEvaluationDueOn).toBeNull();
    expect(ended.allowedActions).toEqual([]);
    expect(ended.upcomingDeadlines).toEqual([]);
    expect(await s.deadlines({ party: 'amf' })).toEqual([]);
    for (const commitment of ended.commitments) {
      expect([commitment.key, commitment.status]).toEqual([
        commitment.key,
        FULFILLED.includes(commitment.key) ? 'FULFILLED' : 'TERMINATED',
      ]);
      expect(commitment.allowedActions).toEqual([]);
    }

    await s.refused(
      'INVALID_TRANSITION',
      () => server.graphql(amf, MARK, { c: `${s.conventionId}:good-practice-tools` }),
      () => server.graphql(halde, NOTICE, { id: s.conventionId, r: 'Encore' }),
      () => submit(halde),
    );
  });

  it('keeps a valid history and shows each year as it stood', async () => {
    const events = await s.audit();
    expect(countOf(events, 'SIGNATURE_GIVEN')).toBe(2);
    expect(countOf(events, 'EVALUATION_SUBMITTED')).toBe(5);
    expect(countOf(events, 'NOTICE_DEADLINE_PASSED')).toBe(2);
    expect(countOf(events, 'TERM_ENDED')).toBe(2);
    expect(countOf(events, 'EVALUATION_DUE_PASSED')).toBe(1);
    expect(events.at(-1)).toEqual(
      expect.objectContaining({ type: 'TERMINATION_TOOK_EFFECT', actor: { role: 'SYSTEM', partyId: null } }),
    );
    expect(events.find((e) => e.type === 'NOTICE_GIVEN')?.actor).toEqual({
      role: 'REPRESENTATIVE',
      partyId: 'amf',
    });

    const summary = async (instant: string) => {
      const past = await s.at(instant);
      return { status: past.status, term: past.term?.number ?? null, noticeDeadline: past.noticeDeadline };
    };
    expect(await summary('2010-06-23T12:00:00Z')).toEqual({
      status: 'DRAFT',
      term: null,
      noticeDeadline: null,
    });
    expect(await summary('2011-03-01T12:00:00Z')).toEqual({
      status: 'EVALUATED',
      term: 1,
      noticeDeadline: '2011-03-24',
    });
    expect(await summary('2011-05-01T12:00:00Z')).toEqual({
      status: 'RENEWED',
      term: 1,
      noticeDeadline: null,
    });
    expect(await summary('2012-01-01T12:00:00Z')).toEqual({
      status: 'ACTIVE',
      term: 2,
      noticeDeadline: '2012-03-24',
    });
    expect(await summary('2012-10-01T12:00:00Z')).toEqual({
      status: 'ACTIVE',
      term: 3,
      noticeDeadline: '2013-03-24',
    });

    // The second round, on its last day and once past it.
    const lastDay = await s.at('2012-06-23T12:00:00Z');
    expect(lastDay.status).toBe('RENEWED');
    expect(lastDay.evaluation).toEqual(
      expect.objectContaining({ number: 2, overdue: false, overdueSince: null }),
    );
    const afterwards = await s.at('2012-07-01T12:00:00Z');
    expect(afterwards.pastEvaluations[1]).toEqual(
      expect.objectContaining({ number: 2, overdue: true, overdueSince: '2012-06-24' }),
    );

    const noticed = await s.at('2013-03-01T12:00:00Z');
    expect([noticed.status, noticed.terminationEffectiveOn]).toEqual(['EVALUATED', '2013-05-01']);
    const ended = await s.at('2013-06-01T12:00:00Z');
    expect([ended.status, ended.termination]).toEqual(['TERMINATED', { on: '2013-05-01', cause: 'NOTICE' }]);
  });

  it("counts each party's commitments by status as its pages list them", async () => {
    await expectPartyCountsToMatchPages(server, s.auditor, ['halde', 'amf']);
  });
});

describe('Région Île-de-France–Acsé (seed 001) over three years: committees, reopening, expiry', () => {
  let server: ConventioProcess;
  let s: Scenario;
  let region: string;
  let acseDirector: string;
  let prefet: string;
  let outsider: string;
  let criteria: string[];

  const TECHNICAL = 'technical-committee-meeting';
  const STEERING = 'steering-committee-meeting';
  const VISIBILITY = 'joint-public-visibility';
  const BOTH = ['region-idf', 'acse'];
  const meeting = (token: string, committee: string, heldOn: string, attending = BOTH) =>
    server.graphql(token, RECORD_MEETING, { id: s.conventionId, committee, heldOn, attending });
  const record = async (token: string, committee: string, heldOn: string, attending = BOTH) =>
    server.ok(token, RECORD_MEETING, { id: s.conventionId, committee, heldOn, attending });
  const assessments = () => criteria.map((criterion) => ({ criterion, rating: 'MET', comment: null }));
  const key = (k: string) => `${s.conventionId}:${k}`;

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2008-07-01T08:00:00Z' });
    const [admin, auditor] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
    ]);
    [region, acseDirector, prefet, outsider] = await Promise.all([
      server.token('representative', 'Jean-Paul Huchon', 'region-idf'),
      server.token('representative', 'Dominique Dubois', 'acse'),
      server.token('representative', 'Daniel Canepa', 'acse'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
    ]);
    s = new Scenario(server, admin, auditor);
    const workflow = await server.ok<{ workflow: { evaluation: { criteria: { id: string }[] } } }>(
      auditor,
      '{ workflow(id: "region-idf-acse-2008") { evaluation { criteria { id } } } }',
    );
    criteria = workflow.workflow.evaluation.criteria.map((c) => c.id);
  }, 30_000);

  afterAll(async () => {
    await server.dispose();
  });

  it('is in force on 11 July 2008 for three years once its three signatories have signed', async () => {
    await s.create('region-idf-acse-2008');
    await server.advance(s.admin, '2008-07-09T09:00:00Z');
    await server.ok(region, SIGN, { id: s.conventionId });
    await server.advance(s.admin, '2008-07-10T09:00:00Z');
    await server.ok(acseDirector, SIGN, { id: s.conventionId, s: 'acse-directeur-general' });
    await server.advance(s.admin, '2008-07-11T09:00:00Z');
    await server.ok(prefet, SIGN, { id: s.conventionId, s: 'prefet-region-idf' });

    const active = await s.convention(region);
    expect(active.status).toBe('ACTIVE');
    expect(active.term).toEqual({ number: 1, startsOn: '2008-07-11', endsOn: '2011-07-10' });
    // No renewal, so no deadline to give notice against.
    expect(active.noticeDeadline).toBeNull();
    expect(active.allowedActions).toContain('RECORD_MEETING');
    const technical = active.commitments.find((c) => c.key === TECHNICAL)!;
    expect(technical.occurrences).toEqual([
      { index: 1, startsOn: '2008-07-11', dueOn: '2008-10-10', status: 'IN_EFFECT', fulfilmentCount: 0 },
    ]);
    expect(technical.dueOn).toBe('2008-10-10');
    expect(active.commitments.find((c) => c.key === STEERING)!.occurrences).toEqual([
      { index: 1, startsOn: '2008-07-11', dueOn: '2009-07-10', status: 'IN_EFFECT', fulfilmentCount: 0 },
    ]);
    expect(active.upcomingDeadlines.at(-1)).toEqual(
      expect.objectContaining({ kind: 'TERM_END', dueOn: '2011-07-11' }),
    );
  });

  it('refuses meetings recorded by a non-attending party, an outsider or the admin', async () => {
    await server.advance(s.admin, '2008-09-25T14:00:00Z');
    await s.refused(
      'FORBIDDEN',
      () => meeting(acseDirector, 'technical', '2008-09-25', ['region-idf']),
      () => meeting(region, 'technical', '2008-09-25', ['acse']),
      () => meeting(outsider, 'technical', '2008-09-25'),
      () => meeting(s.admin, 'technical', '2008-09-25'),
      () => meeting(s.auditor, 'technical', '2008-09-25'),
    );
    await s.refused(
      'BAD_USER_INPUT',
      () => meeting(region, 'budget', '2008-09-25'),
      () => meeting(region, 'technical', '25/09/2008'),
      () => meeting(region, 'technical', '2008-09-25', ['region-idf', 'halde']),
    );
    // Not held yet.
    await s.refused('INVALID_TRANSITION', () => meeting(region, 'technical', '2008-10-01'));
    expect((await s.commitment(TECHNICAL)).occurrences[0]!.status).toBe('IN_EFFECT');
  });

  it('fulfils the first quarter with a technical committee meeting, and the year with a steering one', async () => {
    const before = await s.eventCount();
    await record(region, 'technical', '2008-09-25');
    expect(await s.eventCount()).toBe(before + 1);
    const after = await s.convention();
    expect(after.meetings).toEqual([
      {
        committee: 'technical',
        heldOn: '2008-09-25',
        attendingParties: BOTH,
        commitmentKey: TECHNICAL,
        recordedBy: 'region-idf',
        decisions: ['Priorités du trimestre arrêtées'],
      },
    ]);
    expect(after.commitments.find((c) => c.key === TECHNICAL)!.occurrences).toEqual([
      { index: 1, startsOn: '2008-07-11', dueOn: '2008-10-10', status: 'FULFILLED', fulfilmentCount: 1 },
    ]);

    // A second meeting in the quarter is recorded too: « une fois par trimestre » sets no maximum.
    await server.advance(s.admin, '2008-10-02T14:00:00Z');
    await record(prefet, 'technical', '2008-10-02');
    await record(acseDirector, 'steering', '2008-10-02');
    const both = await s.convention();
    expect(both.commitments.find((c) => c.key === TECHNICAL)!.occurrences[0]).toEqual(
      expect.objectContaining({ status: 'FULFILLED', fulfilmentCount: 2 }),
    );
    expect(both.commitments.find((c) => c.key === STEERING)!.occurrences).toEqual([
      { index: 1, startsOn: '2008-07-11', dueOn: '2009-07-10', status: 'FULFILLED', fulfilmentCount: 1 },
    ]);
    expect(both.meetings.map((m) => [m.committee, m.heldOn, m.recordedBy])).toEqual([
      ['technical', '2008-09-25', 'region-idf'],
      ['technical', '2008-10-02', 'acse'],
      ['steering', '2008-10-02', 'acse'],
    ]);

    const fired = await server.advance(s.admin, '2008-10-11T09:00:00Z');
    expect(fired).toContainEqual({
      kind: 'COMMITMENT_DUE',
      dueOn: '2008-10-11',
      eventType: 'COMMITMENT_DUE_PASSED',
    });
    expect((await s.commitment(TECHNICAL)).occurrences.map((o) => [o.index, o.status])).toEqual([
      [1, 'FULFILLED'],
      [2, 'IN_EFFECT'],
    ]);
  });

  it('shows the second quarter VIOLATED when the technical committee did not meet', async () => {
    await server.advance(s.admin, '2009-01-10T12:00:00Z');
    const lastDay = await s.commitment(TECHNICAL);
    expect([lastDay.dueOn, lastDay.overdue]).toEqual(['2009-01-10', false]);

    const fired = await server.advance(s.admin, '2009-01-11T09:00:00Z');
    expect(fired).toContainEqual({
      kind: 'COMMITMENT_DUE',
      dueOn: '2009-01-11',
      eventType: 'COMMITMENT_DUE_PASSED',
    });
    const missed = await s.commitment(TECHNICAL);
    expect(missed.status).toBe('IN_EFFECT');
    expect(missed.occurrences).toEqual([
      { index: 1, startsOn: '2008-07-11', dueOn: '2008-10-10', status: 'FULFILLED', fulfilmentCount: 2 },
      { index: 2, startsOn: '2008-10-11', dueOn: '2009-01-10', status: 'VIOLATED', fulfilmentCount: 0 },
      { index: 3, startsOn: '2009-01-11', dueOn: '2009-04-10', status: 'IN_EFFECT', fulfilmentCount: 0 },
    ]);
    // A missed quarter cannot be made good afterwards.
    await s.refused('INVALID_TRANSITION', () => meeting(region, 'technical', '2009-01-05'));
    expect((await s.commitment(TECHNICAL)).occurrences[1]!.status).toBe('VIOLATED');
  });

  it('flags the technical committee commitment overdue once a quarter went by without a meeting', async () => {
    // The day after the missed quarter (2009-01-11), as the previous test left the clock. The
    // missed quarter is already closed and the next one open, so `overdue` (current due date
    // passed) reads false here: a missed period leaves no trace on the commitment itself.
    const missed = await s.commitment(TECHNICAL);
    expect(missed.occurrences[1]!.status).toBe('VIOLATED');
    expect(missed.overdue).toBe(true);
  });

  it('lets an owner reopen a standing commitment it had marked done; no one else may', async () => {
    await server.advance(s.admin, '2009-02-02T10:00:00Z');
    await server.ok(region, MARK, { c: key(VISIBILITY) });
    await server.ok(prefet, MARK, { c: key(VISIBILITY) });
    const done = await s.commitment(VISIBILITY, region);
    expect(done.status).toBe('FULFILLED');
    expect(done.allowedActions).toEqual(['REOPEN']);
    // A representative of a party not in the convention does not see it at all.
    const unseen = await server.graphql(
      outsider,
      'query($c: ID!) { commitment(id: $c) { allowedActions } }',
      {
        c: key(VISIBILITY),
      },
    );
    expect(errorCode(unseen)).toBe('NOT_FOUND');

    const reopen = (token: string, k = VISIBILITY) =>
      server.graphql(token, REOPEN, { c: key(k), r: 'Site commun hors ligne' });
    await s.refused(
      'FORBIDDEN',
      () => reopen(outsider),
      () => reopen(s.auditor),
      () => reopen(s.admin),
    );
    // A commitment that is not standing, or not fulfilled, cannot be reopened.
    await s.refused(
      'INVALID_TRANSITION',
      () => reopen(region, TECHNICAL),
      () => reopen(region, 'training-coordination'),
    );
    expect((await s.commitment(VISIBILITY)).status).toBe('FULFILLED');

    const before = await s.eventCount();
    const reopened = await server.ok<{
      reopenCommitment: { commitment: { status: string; confirmations: { partyId: string }[] } };
    }>(region, REOPEN, { c: key(VISIBILITY), r: 'Site commun hors ligne' });
    expect(reopened.reopenCommitment.commitment).toEqual({ status: 'IN_EFFECT', confirmations: [] });
    expect(await s.eventCount()).toBe(before + 1);
    expect((await s.commitment(VISIBILITY, region)).allowedActions).toEqual(['MARK_DONE']);
    await s.refused('INVALID_TRANSITION', () => reopen(acseDirector));

    // Both owners confirm again before it counts as fulfilled.
    await server.advance(s.admin, '2009-03-02T10:00:00Z');
    await server.ok(acseDirector, MARK, { c: key(VISIBILITY) });
    expect((await s.commitment(VISIBILITY)).status).toBe('IN_EFFECT');
    await server.ok(region, MARK, { c: key(VISIBILITY) });
    expect((await s.commitment(VISIBILITY)).status).toBe('FULFILLED');
  });

  it('marks the first evaluation overdue when it is late, then takes the late submissions', async () => {
    await server.advance(s.admin, '2009-03-12T14:00:00Z');
    await record(region, 'technical', '2009-03-12');
    await server.advance(s.admin, '2009-06-18T14:00:00Z');
    await record(acseDirector, 'technical', '2009-06-18');

    const fired = await server.advance(s.admin, '2009-07-15T09:00:00Z');
    expect(fired.map(deadline)).toContainEqual({ kind: 'EVALUATION_DUE', dueOn: '2009-07-11' });
    const late = await s.convention();
    expect(late.status).toBe('ACTIVE');
    expect(late.evaluation).toEqual(
      expect.objectContaining({ number: 1, dueOn: '2009-07-10', overdue: true, overdueSince: '2009-07-11' }),
    );
    expect(late.nextEvaluationDueOn).toBe('2009-07-10');

    await server.ok(region, SUBMIT, { id: s.conventionId, a: assessments() });
    await server.ok(acseDirector, SUBMIT, { id: s.conventionId, a: assessments() });
    // Complete, the late round gives way at once to the second year's, already open.
    const next = await s.convention();
    expect(next.status).toBe('ACTIVE');
    expect(next.evaluation).toEqual(
      expect.objectContaining({ number: 2, opensOn: '2009-07-11', dueOn: '2010-07-10', overdue: false }),
    );
    expect(next.pastEvaluations).toEqual([
      expect.objectContaining({ number: 1, overdue: false, overdueSince: '2009-07-11', pendingParties: [] }),
    ]);
  });

  it('meets every later quarter and every year until the term ends', async () => {
    const quarters = [
      '2009-09-17',
      '2009-12-10',
      '2010-03-11',
      '2010-06-17',
      '2010-09-16',
      '2010-12-09',
      '2011-03-10',
      '2011-06-16',
    ];
    const steering = ['2009-12-10', '2010-12-09'];
    const recorders = [region, acseDirector, prefet];
    for (const [i, heldOn] of quarters.entries()) {
      await server.advance(s.admin, `${heldOn}T14:00:00Z`);
      await record(recorders[i % recorders.length]!, 'technical', heldOn);
      if (steering.includes(heldOn)) {
        await record(region, 'steering', heldOn);
        await server.ok(region, SUBMIT, { id: s.conventionId, a: assessments() });
        await server.ok(prefet, SUBMIT, { id: s.conventionId, a: assessments() });
      }
    }

    await server.advance(s.admin, '2011-07-10T12:00:00Z');
    const lastDay = await s.convention();
    expect(lastDay.status).toBe('EVALUATED');
    expect(lastDay.pastEvaluations.map((e) => [e.number, e.overdueSince])).toEqual([
      [1, '2009-07-11'],
      [2, null],
    ]);
    const technical = lastDay.commitments.find((c) => c.key === TECHNICAL)!;
    expect(technical.occurrences.map((o) => [o.startsOn, o.dueOn, o.status])).toEqual([
      ['2008-07-11', '2008-10-10', 'FULFILLED'],
      ['2008-10-11', '2009-01-10', 'VIOLATED'],
      ['2009-01-11', '2009-04-10', 'FULFILLED'],
      ['2009-04-11', '2009-07-10', 'FULFILLED'],
      ['2009-07-11', '2009-10-10', 'FULFILLED'],
      ['2009-10-11', '2010-01-10', 'FULFILLED'],
      ['2010-01-11', '2010-04-10', 'FULFILLED'],
      ['2010-04-11', '2010-07-10', 'FULFILLED'],
      ['2010-07-11', '2010-10-10', 'FULFILLED'],
      ['2010-10-11', '2011-01-10', 'FULFILLED'],
      ['2011-01-11', '2011-04-10', 'FULFILLED'],
      ['2011-04-11', '2011-07-10', 'FULFILLED'],
    ]);
    expect(
      lastDay.commitments.find((c) => c.key === STEERING)!.occurrences.map((o) => [o.dueOn, o.status]),
    ).toEqual([
      ['2009-07-10', 'FULFILLED'],
      ['2010-07-10', 'FULFILLED'],
      ['2011-07-10', 'FULFILLED'],
    ]);
    expect(lastDay.meetings).toHaveLength(15);
    expect(lastDay.upcomingDeadlines.at(-1)).toEqual(
      expect.objectContaining({ kind: 'TERM_END', dueOn: '2011-07-11' }),
    );
  });

  it('expires after three years: TERMINATED by EXPIRY on 11 July 2011', async () => {
    const fired = await server.advance(s.admin, '2011-07-11T00:00:00+02:00');
    expect(fired.at(-1)).toEqual({ kind: 'TERM_END', dueOn: '2011-07-11', eventType: 'TERM_ENDED' });
    const ended = await s.convention(region);
    expect(ended.status).toBe('TERMINATED');
    expect(ended.termination).toEqual({ on: '2011-07-11', cause: 'EXPIRY' });
    expect(ended.terminationEffectiveOn).toBeNull();
    expect(ended.allowedActions).toEqual([]);
    expect(ended.upcomingDeadlines).toEqual([]);
    expect(ended.commitments.filter((c) => c.status === 'IN_EFFECT')).toEqual([]);
    expect(ended.commitments.find((c) => c.key === VISIBILITY)!.status).toBe('FULFILLED');
    expect(ended.commitments.find((c) => c.key === 'acse-regional-guide')!.status).toBe('TERMINATED');
    const technical = ended.commitments.find((c) => c.key === TECHNICAL)!;
    expect(technical.status).toBe('TERMINATED');
    expect(technical.occurrences.slice(0, 12).map((o) => o.status)).toEqual([
      'FULFILLED',
      'VIOLATED',
      ...Array<string>(10).fill('FULFILLED'),
    ]);
    expect(technical.occurrences.some((o) => o.status === 'IN_EFFECT')).toBe(false);

    await server.advance(s.admin, '2011-07-12T10:00:00Z');
    await s.refused(
      'INVALID_TRANSITION',
      () => meeting(region, 'technical', '2011-07-12'),
      () => server.graphql(region, REOPEN, { c: key(VISIBILITY), r: 'Après la fin' }),
      () => server.graphql(region, NOTICE, { id: s.conventionId, r: 'Après la fin' }),
    );
  });

  it('keeps a valid history and shows the committees as they stood', async () => {
    const events = await s.audit();
    expect(countOf(events, 'MEETING_RECORDED')).toBe(15);
    expect(countOf(events, 'COMMITMENT_REOPENED')).toBe(1);
    expect(events.filter((e) => e.type === 'MEETING_RECORDED').map((e) => e.actor.partyId)).not.toContain(
      'halde',
    );
    expect(events.at(-1)).toEqual(
      expect.objectContaining({ type: 'TERM_ENDED', actor: { role: 'SYSTEM', partyId: null } }),
    );

    const technicalAt = async (instant: string) =>
      (await s.at(instant)).commitments.find((c) => c.key === TECHNICAL)!.occurrences.map((o) => o.status);
    expect(await technicalAt('2008-09-01T12:00:00Z')).toEqual(['IN_EFFECT']);
    expect(await technicalAt('2008-10-01T12:00:00Z')).toEqual(['FULFILLED']);
    expect(await technicalAt('2009-01-05T12:00:00Z')).toEqual(['FULFILLED', 'IN_EFFECT']);
    expect(await technicalAt('2009-02-01T12:00:00Z')).toEqual(['FULFILLED', 'VIOLATED', 'IN_EFFECT']);

    const visibilityAt = async (instant: string) =>
      (await s.at(instant)).commitments.find((c) => c.key === VISIBILITY)!.status;
    expect(await visibilityAt('2009-02-10T12:00:00Z')).toBe('IN_EFFECT');
    expect(await visibilityAt('2009-04-01T12:00:00Z')).toBe('FULFILLED');

    // Between the overdue mark (from 11 July 2009) and the late submissions (15 July).
    const lateRound = await s.at('2009-07-14T12:00:00Z');
    expect(lateRound.evaluation).toEqual(
      expect.objectContaining({ number: 1, overdue: true, overdueSince: '2009-07-11', completedAt: null }),
    );
    const caughtUp = await s.at('2009-08-01T12:00:00Z');
    expect(caughtUp.evaluation).toEqual(expect.objectContaining({ number: 2, overdue: false }));
    expect(caughtUp.pastEvaluations).toEqual([
      expect.objectContaining({ number: 1, overdue: false, overdueSince: '2009-07-11' }),
    ]);

    const lastDay = await s.at('2011-07-10T12:00:00Z');
    expect([lastDay.status, lastDay.term]).toEqual([
      'EVALUATED',
      { number: 1, startsOn: '2008-07-11', endsOn: '2011-07-10' },
    ]);
    const ended = await s.at('2011-07-11T12:00:00Z');
    expect([ended.status, ended.termination]).toEqual(['TERMINATED', { on: '2011-07-11', cause: 'EXPIRY' }]);
  });

  it("counts each party's commitments by status as its pages list them", async () => {
    await expectPartyCountsToMatchPages(server, s.auditor, ['region-idf', 'acse']);
  });
});

describe('AMIF–Centre Hubertine Auclert (seed 004): open-ended for five years, amended, ended by notice', () => {
  let server: ConventioProcess;
  let s: Scenario;
  let amif: string;
  let centre: string;

  const EVENTS = 'cross-participation-in-events';
  const ADDED = 'equality-kit-workshops';
  const key = (k: string) => `${s.conventionId}:${k}`;
  const PROPOSE = `mutation($id: ID!, $add: [CommitmentSpecInput!]) {
    proposeAmendment(input: { conventionId: $id, summary: "Avenant n° 1 : ateliers pour les communes",
      changes: { addCommitments: $add } }) { convention { status amendments { id status pendingSignatories } } } }`;
  const SIGN_AMENDMENT = `mutation($id: ID!) { signAmendment(input: { conventionId: $id }) {
    convention { amendments { id status pendingSignatories } } } }`;
  const spec = (overrides: Record<string, unknown> = {}) => [
    {
      id: ADDED,
      article: 'Avenant n° 1, article 1',
      title: 'Ateliers de prise en main du kit égalité pour les communes',
      text: "L'AMIF et le Centre Hubertine Auclert animent ensemble des ateliers de prise en main du kit « pour agir en faveur de l'égalité dans sa commune ».",
      owners: ['amif', 'centre-hubertine-auclert'],
      shape: 'STANDING',
      ...overrides,
    },
  ];

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2020-10-01T08:00:00Z' });
    const [admin, auditor] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
    ]);
    [amif, centre] = await Promise.all([
      server.token('representative', 'Stéphane Beaudet', 'amif'),
      server.token('representative', 'Présidente du Centre', 'centre-hubertine-auclert'),
    ]);
    s = new Scenario(server, admin, auditor);
  }, 30_000);

  afterAll(async () => {
    await server.dispose();
  });

  it('is in force from 13 October 2020 with no end date, no term end and no notice deadline', async () => {
    await s.create('amif-hubertine-auclert-2020');
    await server.advance(s.admin, '2020-10-13T09:00:00Z');
    await server.ok(amif, SIGN, { id: s.conventionId });
    await server.ok(centre, SIGN, { id: s.conventionId });

    const active = await s.convention(amif);
    expect(active.status).toBe('ACTIVE');
    expect(active.effectiveOn).toBe('2020-10-13');
    expect(active.term).toEqual({ number: 1, startsOn: '2020-10-13', endsOn: null });
    expect(active.noticeDeadline).toBeNull();
    expect(active.evaluation).toBeNull();
    expect(active.nextEvaluationDueOn).toBeNull();
    expect(active.allowedActions).toEqual(expect.arrayContaining(['GIVE_NOTICE', 'PROPOSE_AMENDMENT']));
    expect(active.allowedActions).not.toContain('PROPOSE_RENEWAL');
    expect(active.upcomingDeadlines).toEqual([
      { kind: 'COMMITMENT_DUE', dueOn: '2021-10-13', eventType: 'COMMITMENT_DUE_PASSED', subject: EVENTS },
    ]);
    expect((await s.deadlines({ id: s.conventionId })).map((d) => d.kind)).not.toContain('TERM_END');
  });

  it("records the first year of cross participation in each other's events", async () => {
    await server.advance(s.admin, '2021-06-10T10:00:00Z');
    await server.ok(amif, MARK, { c: key(EVENTS) });
    expect((await s.commitment(EVENTS)).occurrences.at(-1)!.status).toBe('IN_EFFECT');
    await server.ok(centre, MARK, { c: key(EVENTS) });
    expect((await s.commitment(EVENTS)).occurrences).toEqual([
      { index: 1, startsOn: '2020-10-13', dueOn: '2021-10-12', status: 'FULFILLED', fulfilmentCount: 1 },
    ]);
  });

  it('adds a commitment by an amendment both signatories sign, in effect at once', async () => {
    await server.advance(s.admin, '2022-03-08T10:00:00Z');
    await s.refused(
      'FORBIDDEN',
      () => server.graphql(s.admin, PROPOSE, { id: s.conventionId, add: spec() }),
      () => server.graphql(s.auditor, PROPOSE, { id: s.conventionId, add: spec() }),
    );
    await s.refused(
      'BAD_USER_INPUT',
      () => server.graphql(amif, PROPOSE, { id: s.conventionId, add: spec({ owners: ['amif', 'halde'] }) }),
      () => server.graphql(amif, PROPOSE, { id: s.conventionId, add: spec({ id: 'Ateliers Kit' }) }),
      () => server.graphql(amif, PROPOSE, { id: s.conventionId, add: spec({ id: 'bilateral-exchange' }) }),
      () => server.graphql(amif, PROPOSE, { id: s.conventionId, add: [] }),
    );

    const proposed = await server.ok<{
      proposeAmendment: {
        convention: {
          status: string;
          amendments: { id: string; status: string; pendingSignatories: string[] }[];
        };
      };
    }>(amif, PROPOSE, { id: s.conventionId, add: spec() });
    expect(proposed.proposeAmendment.convention).toEqual({
      status: 'ACTIVE',
      amendments: [
        {
          id: 'A1',
          status: 'PROPOSED',
          pendingSignatories: ['amif-president', 'centre-hubertine-auclert-presidente'],
        },
      ],
    });
    expect((await s.convention()).commitments.map((c) => c.key)).not.toContain(ADDED);
    expect((await s.convention(centre)).allowedActions).toContain('SIGN_AMENDMENT');

    await s.refused('INVALID_TRANSITION', () =>
      server.graphql(centre, PROPOSE, { id: s.conventionId, add: spec({ id: 'another-commitment' }) }),
    );
    await s.refused(
      'FORBIDDEN',
      () => server.graphql(s.admin, SIGN_AMENDMENT, { id: s.conventionId }),
      () => server.graphql(s.auditor, SIGN_AMENDMENT, { id: s.conventionId }),
    );

    const first = await server.ok<{
      signAmendment: { convention: { amendments: { status: string; pendingSignatories: string[] }[] } };
    }>(amif, SIGN_AMENDMENT, { id: s.conventionId });
    expect(first.signAmendment.convention.amendments[0]).toEqual(
      expect.objectContaining({
        status: 'PROPOSED',
        pendingSignatories: ['centre-hubertine-auclert-presidente'],
      }),
    );
    await s.refused('INVALID_TRANSITION', () => server.graphql(amif, SIGN_AMENDMENT, { id: s.conventionId }));

    await server.ok(centre, SIGN_AMENDMENT, { id: s.conventionId });
    const amended = await s.convention(amif);
    expect(amended.status).toBe('ACTIVE');
    expect(amended.amendments).toEqual([
      expect.objectContaining({
        id: 'A1',
        kind: 'CHANGE',
        status: 'APPLIED',
        proposedBy: 'amif',
        pendingSignatories: [],
        signatures: [
          { signatoryId: 'amif-president', partyId: 'amif' },
          { signatoryId: 'centre-hubertine-auclert-presidente', partyId: 'centre-hubertine-auclert' },
        ],
        diff: { added: [ADDED], changed: [], rules: [], waived: [] },
      }),
    ]);
    expect(amended.amendments[0]!.settledAt).toMatch(/^2022-03-08T/);
    const added = amended.commitments.find((c) => c.key === ADDED)!;
    expect(added).toEqual(
      expect.objectContaining({
        id: key(ADDED),
        status: 'IN_EFFECT',
        owners: ['amif', 'centre-hubertine-auclert'],
        amendmentId: 'A1',
        startedOn: '2022-03-08',
        allowedActions: ['MARK_DONE'],
      }),
    );
    const events = await s.audit();
    expect(events.slice(-4).map((e) => e.type)).toEqual([
      'AMENDMENT_PROPOSED',
      'AMENDMENT_SIGNED',
      'AMENDMENT_SIGNED',
      'AMENDMENT_TOOK_EFFECT',
    ]);
    expect(events.at(-1)!.actor.role).toBe('SYSTEM');

    await server.advance(s.admin, '2022-06-14T10:00:00Z');
    await server.ok(centre, MARK, { c: key(ADDED) });
    await server.ok(amif, MARK, { c: key(ADDED) });
    expect((await s.commitment(ADDED)).status).toBe('FULFILLED');
  });

  it('is still ACTIVE in its first term five years on, with one year of cross participation missed', async () => {
    // Both structures take part in each other's events every year but the second.
    for (const day of ['2023-06-08', '2024-06-13', '2025-06-12']) {
      await server.advance(s.admin, `${day}T10:00:00Z`);
      await server.ok(amif, MARK, { c: key(EVENTS) });
      await server.ok(centre, MARK, { c: key(EVENTS) });
    }
    await server.advance(s.admin, '2025-10-14T09:00:00Z');

    const fiveYears = await s.convention(amif);
    expect(fiveYears.status).toBe('ACTIVE');
    expect(fiveYears.term).toEqual({ number: 1, startsOn: '2020-10-13', endsOn: null });
    expect(fiveYears.noticeDeadline).toBeNull();
    expect(fiveYears.terminationEffectiveOn).toBeNull();
    expect(fiveYears.allowedActions).toContain('GIVE_NOTICE');
    expect(
      fiveYears.commitments.find((c) => c.key === EVENTS)!.occurrences.map((o) => [o.dueOn, o.status]),
    ).toEqual([
      ['2021-10-12', 'FULFILLED'],
      ['2022-10-12', 'VIOLATED'],
      ['2023-10-12', 'FULFILLED'],
      ['2024-10-12', 'FULFILLED'],
      ['2025-10-12', 'FULFILLED'],
      ['2026-10-12', 'IN_EFFECT'],
    ]);
    expect(fiveYears.upcomingDeadlines.map(deadline)).toEqual([
      { kind: 'COMMITMENT_DUE', dueOn: '2026-10-13' },
    ]);
  });

  it("terminates three months after the Centre's notice, by NOTICE", async () => {
    await server.advance(s.admin, '2025-11-20T10:00:00Z');
    const reason = { id: s.conventionId, r: 'Fin du partenariat' };
    await s.refused(
      'FORBIDDEN',
      () => server.graphql(s.admin, NOTICE, reason),
      () => server.graphql(s.auditor, NOTICE, reason),
    );
    const given = await server.ok<{
      giveNotice: { convention: { status: string; terminationEffectiveOn: string } };
    }>(centre, NOTICE, reason);
    expect(given.giveNotice.convention).toEqual({ status: 'ACTIVE', terminationEffectiveOn: '2026-02-20' });
    await s.refused('INVALID_TRANSITION', () => server.graphql(amif, NOTICE, reason));
    expect((await s.convention()).upcomingDeadlines.map(deadline)).toEqual([
      { kind: 'TERMINATION', dueOn: '2026-02-20' },
      { kind: 'COMMITMENT_DUE', dueOn: '2026-10-13' },
    ]);

    await server.advance(s.admin, '2026-02-19T20:00:00Z');
    expect((await s.convention()).status).toBe('ACTIVE');
    const fired = await server.advance(s.admin, '2026-02-20T00:00:00+01:00');
    expect(fired).toEqual([
      { kind: 'TERMINATION', dueOn: '2026-02-20', eventType: 'TERMINATION_TOOK_EFFECT' },
    ]);
    const ended = await s.convention(amif);
    expect(ended.status).toBe('TERMINATED');
    expect(ended.termination).toEqual({ on: '2026-02-20', cause: 'NOTICE' });
    expect(ended.term).toEqual({ number: 1, startsOn: '2020-10-13', endsOn: null });
    expect(ended.allowedActions).toEqual([]);
    expect(ended.upcomingDeadlines).toEqual([]);
    const statuses = Object.fromEntries(ended.commitments.map((c) => [c.key, c.status]));
    expect(statuses).toEqual({
      'bilateral-exchange': 'TERMINATED',
      'cha-tools-for-communes': 'TERMINATED',
      'amif-relays-to-communes': 'TERMINATED',
      [EVENTS]: 'TERMINATED',
      [ADDED]: 'FULFILLED',
    });
    expect(ended.commitments.find((c) => c.key === EVENTS)!.occurrences.at(-1)!.status).toBe('TERMINATED');
    await s.refused('INVALID_TRANSITION', () =>
      server.graphql(amif, PROPOSE, { id: s.conventionId, add: spec({ id: 'too-late' }) }),
    );
  });

  it('keeps a valid history and shows the convention before and after its amendment', async () => {
    const events = await s.audit();
    expect(events.find((e) => e.type === 'NOTICE_GIVEN')?.actor).toEqual({
      role: 'REPRESENTATIVE',
      partyId: 'centre-hubertine-auclert',
    });
    expect(countOf(events, 'TERM_ENDED')).toBe(0);

    const before = await s.at('2022-03-01T12:00:00Z');
    expect(before.amendments).toEqual([]);
    expect(before.commitments.map((c) => c.key)).not.toContain(ADDED);
    const after = await s.at('2022-03-09T12:00:00Z');
    expect(after.amendments).toEqual([{ id: 'A1', status: 'APPLIED' }]);
    expect(after.commitments.find((c) => c.key === ADDED)?.status).toBe('IN_EFFECT');

    const fiveYears = await s.at('2025-10-20T12:00:00Z');
    expect([fiveYears.status, fiveYears.term, fiveYears.terminationEffectiveOn]).toEqual([
      'ACTIVE',
      { number: 1, startsOn: '2020-10-13', endsOn: null },
      null,
    ]);
    const noticed = await s.at('2026-01-01T12:00:00Z');
    expect([noticed.status, noticed.terminationEffectiveOn]).toEqual(['ACTIVE', '2026-02-20']);
    const ended = await s.at('2026-02-21T12:00:00Z');
    expect([ended.status, ended.termination]).toEqual(['TERMINATED', { on: '2026-02-20', cause: 'NOTICE' }]);
  });

  it("counts each party's commitments by status as its pages list them", async () => {
    await expectPartyCountsToMatchPages(server, s.auditor, ['amif', 'centre-hubertine-auclert']);
  });
});
