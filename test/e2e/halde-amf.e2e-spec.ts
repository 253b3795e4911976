import { ConventioProcess, errorCode } from '../support/conventio-process';

const CONVENTION_FIELDS = `id status version effectiveOn noticeDeadline terminationEffectiveOn
  term { number startsOn endsOn } allowedActions
  commitments { id key status owners allowedActions }`;

interface ConventionData {
  id: string;
  status: string;
  version: number;
  effectiveOn: string | null;
  noticeDeadline: string | null;
  terminationEffectiveOn: string | null;
  term: { number: number; startsOn: string; endsOn: string | null } | null;
  allowedActions: string[];
  commitments: { id: string; key: string; status: string; owners: string[]; allowedActions: string[] }[];
}

describe('HALDE–AMF convention (seed 000) over HTTP', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let halde: string;
  let amf: string;
  let conventionId: string;

  const eventCount = async () =>
    (
      await server.ok<{ history: { totalCount: number } }>(
        auditor,
        'query($id: ID!) { history(conventionId: $id) { totalCount } }',
        { id: conventionId },
      )
    ).history.totalCount;

  const convention = async (token = auditor) =>
    (
      await server.ok<{ convention: ConventionData }>(
        token,
        `query($id: ID!) { convention(id: $id) { ${CONVENTION_FIELDS} } }`,
        { id: conventionId },
      )
    ).convention;

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2010-06-20T08:00:00Z' });
    ({ admin, auditor, halde, amf } = await server.haldeAmfTokens());
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('refuses a request without a valid token', async () => {
    expect(errorCode(await server.graphql(null, '{ me { name } }'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.graphql('cvt_not-a-token', '{ me { name } }'))).toBe('UNAUTHENTICATED');
  });

  it('tells each token who it is', async () => {
    const me = await server.ok<{ me: { name: string; role: string; party: { id: string } | null } }>(
      amf,
      '{ me { name role party { id } } }',
    );
    expect(me.me).toEqual({ name: 'Jacques Pélissard', role: 'REPRESENTATIVE', party: { id: 'amf' } });
  });

  it('lets only an admin create a convention from a definition', async () => {
    const create =
      'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id status } } }';
    expect(errorCode(await server.graphql(amf, create, { w: 'halde-amf-2010' }))).toBe('FORBIDDEN');
    expect(errorCode(await server.graphql(admin, create, { w: 'no-such-workflow' }))).toBe('NOT_FOUND');
    const created = await server.ok<{ createConvention: { convention: { id: string; status: string } } }>(
      admin,
      create,
      {
        w: 'halde-amf-2010',
      },
    );
    expect(created.createConvention.convention.status).toBe('DRAFT');
    conventionId = created.createConvention.convention.id;
    expect(await eventCount()).toBe(1);
  });

  it('collects both signatures, refusing an admin and a second signature, then is in force', async () => {
    const sign =
      'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
    expect(errorCode(await server.graphql(admin, sign, { id: conventionId }))).toBe('FORBIDDEN');
    expect(errorCode(await server.graphql(auditor, sign, { id: conventionId }))).toBe('FORBIDDEN');
    expect((await convention(amf)).allowedActions).toEqual(['SIGN']);

    await server.advance(admin, '2010-06-24T09:00:00Z');
    const first = await server.ok<{ signConvention: { convention: { status: string } } }>(amf, sign, {
      id: conventionId,
    });
    expect(first.signConvention.convention.status).toBe('DRAFT');
    const again = await server.graphql(amf, sign, { id: conventionId });
    expect(errorCode(again)).toBe('INVALID_TRANSITION');
    expect(again.errors?.[0]?.message).toMatch(
      /amf-president has already signed the convention; still to sign: halde-presidente/,
    );
    expect(await eventCount()).toBe(2);

    const second = await server.ok<{ signConvention: { convention: { status: string } } }>(halde, sign, {
      id: conventionId,
    });
    // Effective on the date of the last signature: in force at once.
    expect(second.signConvention.convention.status).toBe('ACTIVE');
    const active = await convention();
    expect(active.effectiveOn).toBe('2010-06-24');
    expect(active.term).toEqual({ number: 1, startsOn: '2010-06-24', endsOn: '2011-06-23' });
    expect(active.noticeDeadline).toBe('2011-03-23');
    expect(active.commitments.every((c) => c.status === 'IN_EFFECT')).toBe(true);
  });

  it('lets a party mark only its own commitments done', async () => {
    const mark = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Fiches transmises",
      evidenceUrl: "https://example.org/halde" }) { commitment { status } convention { version } } }`;
    const active = await convention(amf);
    const haldeOnly = active.commitments.find((c) => c.owners.length === 1 && c.owners[0] === 'halde')!;
    const joint = active.commitments.find((c) => c.owners.length === 2 && c.key !== haldeOnly.key)!;
    expect(haldeOnly.allowedActions).toEqual([]);
    expect(joint.allowedActions).toEqual(['MARK_DONE']);

    const before = await eventCount();
    expect(errorCode(await server.graphql(amf, mark, { c: haldeOnly.id }))).toBe('FORBIDDEN');
    expect(errorCode(await server.graphql(amf, mark, { c: `${conventionId}:nothing` }))).toBe('NOT_FOUND');
    expect(await eventCount()).toBe(before);

    const done = await server.ok<{ markCommitmentDone: { commitment: { status: string } } }>(halde, mark, {
      c: haldeOnly.id,
    });
    expect(done.markCommitmentDone.commitment.status).toBe('FULFILLED');
    const half = await server.ok<{ markCommitmentDone: { commitment: { status: string } } }>(amf, mark, {
      c: joint.id,
    });
    expect(half.markCommitmentDone.commitment.status).toBe('IN_EFFECT');
    const whole = await server.ok<{ markCommitmentDone: { commitment: { status: string } } }>(halde, mark, {
      c: joint.id,
    });
    expect(whole.markCommitmentDone.commitment.status).toBe('FULFILLED');
    expect(errorCode(await server.graphql(halde, mark, { c: joint.id }))).toBe('INVALID_TRANSITION');
  });

  it('records the joint annual evaluation of both parties', async () => {
    const workflow = await server.ok<{ workflow: { evaluation: { criteria: { id: string }[] } } }>(
      auditor,
      '{ workflow(id: "halde-amf-2010") { evaluation { criteria { id } } } }',
    );
    const criteria = workflow.workflow.evaluation.criteria.map((c) => c.id);
    expect(criteria).toHaveLength(3);
    const submit = `mutation($id: ID!, $a: [AssessmentInput!]!) { submitEvaluation(input: { conventionId: $id, assessments: $a,
      summary: "Bilan de la première année" }) { convention { status } } }`;
    const assessments = criteria.map((criterion) => ({ criterion, rating: 'MET', comment: null }));
    expect(errorCode(await server.graphql(amf, submit, { id: conventionId, a: assessments.slice(1) }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await server.graphql(admin, submit, { id: conventionId, a: assessments }))).toBe(
      'FORBIDDEN',
    );
    await server.advance(admin, '2011-02-10T09:00:00Z');
    const first = await server.ok<{ submitEvaluation: { convention: { status: string } } }>(amf, submit, {
      id: conventionId,
      a: assessments,
    });
    expect(first.submitEvaluation.convention.status).toBe('ACTIVE');
    const second = await server.ok<{ submitEvaluation: { convention: { status: string } } }>(halde, submit, {
      id: conventionId,
      a: assessments,
    });
    expect(second.submitEvaluation.convention.status).toBe('EVALUATED');
  });

  it('renews tacitly when the notice deadline passes, then starts term 2', async () => {
    const fired = await server.advance(admin, '2011-06-24T12:00:00Z');
    expect(fired.map((d) => d.kind)).toEqual(['NOTICE_DEADLINE', 'TERM_END']);
    const renewed = await convention();
    expect(renewed.status).toBe('ACTIVE');
    expect(renewed.term).toEqual({ number: 2, startsOn: '2011-06-24', endsOn: '2012-06-23' });
  });

  it('terminates the day after the three months of a notice by AMF end, closing open commitments', async () => {
    await server.advance(admin, '2011-09-01T10:00:00Z');
    const notice = `mutation($id: ID!) { giveNotice(input: { conventionId: $id, reason: "Fin du partenariat" }) {
      convention { status terminationEffectiveOn } } }`;
    expect(errorCode(await server.graphql(auditor, notice, { id: conventionId }))).toBe('FORBIDDEN');
    const given = await server.ok<{
      giveNotice: { convention: { status: string; terminationEffectiveOn: string } };
    }>(amf, notice, {
      id: conventionId,
    });
    expect(given.giveNotice.convention).toEqual({ status: 'ACTIVE', terminationEffectiveOn: '2011-12-02' });
    expect(errorCode(await server.graphql(halde, notice, { id: conventionId }))).toBe('INVALID_TRANSITION');

    await server.advance(admin, '2011-12-02T00:00:00Z');
    const ended = await convention();
    expect(ended.status).toBe('TERMINATED');
    const statuses = new Set(ended.commitments.map((c) => c.status));
    expect([...statuses].sort()).toEqual(['FULFILLED', 'TERMINATED']);
  });

  it('lets an auditor read and verify the whole history, and see the past', async () => {
    const audit = await server.ok<{
      history: {
        totalCount: number;
        edges: {
          node: {
            version: number;
            type: string;
            actor: { role: string; partyId: string | null };
            prevHash: string;
            hash: string;
          };
        }[];
      };
      verifyHistory: { valid: boolean; eventCount: number };
    }>(
      auditor,
      `query($id: ID!) { history(conventionId: $id, first: 100) { totalCount edges { node { version type actor { role partyId } prevHash hash } } }
        verifyHistory(conventionId: $id) { valid eventCount firstBadVersion reason } }`,
      { id: conventionId },
    );
    expect(audit.verifyHistory).toEqual(
      expect.objectContaining({ valid: true, eventCount: audit.history.totalCount }),
    );
    const events = audit.history.edges.map((e) => e.node);
    events.slice(1).forEach((event, i) => expect(event.prevHash).toBe(events[i]!.hash));
    expect(events.find((e) => e.type === 'NOTICE_GIVEN')?.actor).toEqual({
      role: 'REPRESENTATIVE',
      partyId: 'amf',
    });
    expect(events.find((e) => e.type === 'TERM_ENDED')?.actor).toEqual({ role: 'SYSTEM', partyId: null });

    const at = async (instant: string) =>
      (
        await server.ok<{
          conventionAt: { convention: { status: string; term: { number: number } | null } };
        }>(
          auditor,
          'query($id: ID!, $at: String!) { conventionAt(id: $id, at: $at) { convention { status term { number } } } }',
          { id: conventionId, at: instant },
        )
      ).conventionAt.convention;
    expect(await at('2010-06-22T00:00:00Z')).toEqual({ status: 'DRAFT', term: null });
    expect(await at('2011-01-01T00:00:00Z')).toEqual({ status: 'ACTIVE', term: { number: 1 } });
    expect(await at('2011-06-01T00:00:00Z')).toEqual({ status: 'RENEWED', term: { number: 1 } });
    expect(await at('2011-10-01T00:00:00Z')).toEqual({ status: 'ACTIVE', term: { number: 2 } });
    expect(await at('2012-01-01T00:00:00Z')).toEqual({ status: 'TERMINATED', term: { number: 2 } });
  });

  it('keeps representatives of other parties out of the audit trail: to them the convention does not exist', async () => {
    const other = await server.token('representative', 'CNML', 'cnml');
    const result = await server.graphql(
      other,
      'query($id: ID!) { verifyHistory(conventionId: $id) { valid } }',
      { id: conventionId },
    );
    expect(errorCode(result)).toBe('NOT_FOUND');
    expect(result.errors?.[0]?.message).toBe(`no convention ${conventionId}`);
  });
});
