import { ConventioProcess, errorCode } from '../support/conventio-process';

const CONVENTION_FIELDS = `id status version effectiveOn noticeDeadline terminationEffectiveOn
  term { number startsOn endsOn } termination { on cause } allowedActions
  evaluation { number termNumber opensOn dueOn pendingParties completedAt }
  commitments { id key status owners allowedActions occurrences { index dueOn status } }`;

interface ConventionData {
  id: string;
  status: string;
  version: number;
  effectiveOn: string | null;
  noticeDeadline: string | null;
  terminationEffectiveOn: string | null;
  term: { number: number; startsOn: string; endsOn: string | null } | null;
  termination: { on: string; cause: string } | null;
  allowedActions: string[];
  evaluation: {
    number: number;
    termNumber: number;
    opensOn: string;
    dueOn: string | null;
    pendingParties: string[];
    completedAt: string | null;
  } | null;
  commitments: {
    id: string;
    key: string;
    status: string;
    owners: string[];
    allowedActions: string[];
    occurrences: { index: number; dueOn: string; status: string }[];
  }[];
}

type MarkResult = { markCommitmentDone: { commitment: { status: string } } };

describe('Charte de la diversité–CNML convention (seed 003) over HTTP', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let charte: string;
  let cnml: string;
  let amf: string;
  let conventionId: string;

  const mark = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Logo et lien en ligne",
    evidenceUrl: "https://example.org/charte-diversite/partenaires" }) { commitment { status } } }`;

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

  const commitment = async (key: string, token = auditor) =>
    (await convention(token)).commitments.find((c) => c.key === key)!;

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2009-06-10T08:00:00Z' });
    [admin, auditor, charte, cnml, amf] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
      server.token('representative', 'Claude Bébéar', 'charte-diversite'),
      server.token('representative', 'Jean-Pierre Gorges', 'cnml'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
    ]);
  }, 30_000);

  afterAll(async () => {
    await server.dispose();
  });

  it('is signed by both parties on 2009-06-16 and in force for one year', async () => {
    const create =
      'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id status } } }';
    const created = await server.ok<{ createConvention: { convention: { id: string; status: string } } }>(
      admin,
      create,
      {
        w: 'charte-diversite-cnml-2009',
      },
    );
    conventionId = created.createConvention.convention.id;
    expect(created.createConvention.convention.status).toBe('DRAFT');

    const sign =
      'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
    await server.advance(admin, '2009-06-16T09:00:00Z');
    expect(errorCode(await server.graphql(amf, sign, { id: conventionId }))).toBe('FORBIDDEN');
    const first = await server.ok<{ signConvention: { convention: { status: string } } }>(cnml, sign, {
      id: conventionId,
    });
    expect(first.signConvention.convention.status).toBe('DRAFT');
    const second = await server.ok<{ signConvention: { convention: { status: string } } }>(charte, sign, {
      id: conventionId,
    });
    expect(second.signConvention.convention.status).toBe('ACTIVE');

    const active = await convention();
    expect(active.effectiveOn).toBe('2009-06-16');
    expect(active.term).toEqual({ number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' });
    // No termination clause: no notice deadline, and no notice can be given.
    expect(active.noticeDeadline).toBeNull();
    expect(active.terminationEffectiveOn).toBeNull();
    expect(active.commitments.every((c) => c.status === 'IN_EFFECT')).toBe(true);
    // One evaluation over the whole term, due before its end.
    expect(active.evaluation).toEqual(
      expect.objectContaining({
        number: 1,
        termNumber: 1,
        opensOn: '2009-06-16',
        dueOn: '2010-06-15',
        completedAt: null,
      }),
    );
    expect(active.evaluation!.pendingParties.sort()).toEqual(['charte-diversite', 'cnml']);
  });

  it('refuses a notice of termination, which the text does not provide for, and appends nothing', async () => {
    await server.advance(admin, '2009-09-01T10:00:00Z');
    const notice = `mutation($id: ID!) { giveNotice(input: { conventionId: $id, reason: "Fin du partenariat" }) {
      convention { status terminationEffectiveOn } } }`;
    expect((await convention(cnml)).allowedActions).not.toContain('GIVE_NOTICE');
    expect((await convention(charte)).allowedActions).not.toContain('GIVE_NOTICE');

    const before = await eventCount();
    const refused = await server.graphql(cnml, notice, { id: conventionId });
    expect(errorCode(refused)).toBe('INVALID_TRANSITION');
    expect(errorCode(await server.graphql(charte, notice, { id: conventionId }))).toBe('INVALID_TRANSITION');
    expect(await eventCount()).toBe(before);
    const unchanged = await convention();
    expect(unchanged.status).toBe('ACTIVE');
    expect(unchanged.terminationEffectiveOn).toBeNull();
  });

  it('lets only an owner mark a commitment done', async () => {
    const partner = await commitment('charte-national-partner', charte);
    expect(partner.owners).toEqual(['charte-diversite']);
    expect(partner.allowedActions).toEqual(['MARK_DONE']);
    expect((await commitment('charte-national-partner', cnml)).allowedActions).toEqual([]);

    const before = await eventCount();
    expect(errorCode(await server.graphql(auditor, mark, { c: partner.id }))).toBe('FORBIDDEN');
    expect(errorCode(await server.graphql(amf, mark, { c: partner.id }))).toBe('FORBIDDEN');
    expect(errorCode(await server.graphql(cnml, mark, { c: partner.id }))).toBe('FORBIDDEN');
    expect(errorCode(await server.graphql(admin, mark, { c: partner.id }))).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(before);

    const done = await server.ok<MarkResult>(charte, mark, { c: partner.id });
    expect(done.markCommitmentDone.commitment.status).toBe('FULFILLED');
    expect(await eventCount()).toBe(before + 1);
  });

  it('records the steering committee review of both parties before the end of validity', async () => {
    const workflow = await server.ok<{ workflow: { evaluation: { criteria: { id: string }[] } } }>(
      auditor,
      '{ workflow(id: "charte-diversite-cnml-2009") { evaluation { criteria { id } } } }',
    );
    const criteria = workflow.workflow.evaluation.criteria.map((c) => c.id);
    expect(criteria).toEqual([
      'information-to-companies',
      'diversity-recruitment',
      'information-exchange',
      'new-lines-of-action',
    ]);
    const submit = `mutation($id: ID!, $a: [AssessmentInput!]!) { submitEvaluation(input: { conventionId: $id, assessments: $a,
      summary: "Bilan du comité de pilotage" }) { convention { status } } }`;
    const assessments = criteria.map((criterion, i) => ({
      criterion,
      rating: i === 1 ? 'PARTIALLY_MET' : 'MET',
      comment: i === 3 ? 'Pistes pour l’année à venir' : null,
    }));

    await server.advance(admin, '2010-05-20T09:00:00Z');
    const before = await eventCount();
    expect(errorCode(await server.graphql(amf, submit, { id: conventionId, a: assessments }))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await server.graphql(auditor, submit, { id: conventionId, a: assessments }))).toBe(
      'FORBIDDEN',
    );
    expect(
      errorCode(await server.graphql(cnml, submit, { id: conventionId, a: assessments.slice(0, 2) })),
    ).toBe('BAD_USER_INPUT');
    expect(await eventCount()).toBe(before);

    const first = await server.ok<{ submitEvaluation: { convention: { status: string } } }>(charte, submit, {
      id: conventionId,
      a: assessments,
    });
    expect(first.submitEvaluation.convention.status).toBe('ACTIVE');
    expect((await convention()).evaluation!.pendingParties).toEqual(['cnml']);
    const second = await server.ok<{ submitEvaluation: { convention: { status: string } } }>(cnml, submit, {
      id: conventionId,
      a: assessments,
    });
    expect(second.submitEvaluation.convention.status).toBe('EVALUATED');
    const evaluated = await convention();
    expect(evaluated.evaluation).toEqual(
      expect.objectContaining({ pendingParties: [], completedAt: expect.any(String) }),
    );
    expect(await eventCount()).toBe(before + 2);
  });

  it('expires on 2010-06-16 without a renewal amendment', async () => {
    await server.advance(admin, '2010-06-15T12:00:00Z');
    expect((await convention()).status).toBe('EVALUATED');

    const fired = await server.advance(admin, '2010-06-16T09:00:00Z');
    expect(fired.map((d) => d.kind)).toContain('TERM_END');
    expect(fired.find((d) => d.kind === 'TERM_END')).toEqual({
      kind: 'TERM_END',
      dueOn: '2010-06-16',
      eventType: 'TERM_ENDED',
    });

    const ended = await convention();
    expect(ended.status).toBe('TERMINATED');
    expect(ended.termination).toEqual({ on: '2010-06-16', cause: 'EXPIRY' });
    expect(ended.allowedActions).toEqual([]);
    expect(ended.commitments.some((c) => c.status === 'IN_EFFECT')).toBe(false);
  });

  it('keeps the fulfilled commitment fulfilled and ends the unmarked ones', async () => {
    const ended = await convention(charte);
    const partner = ended.commitments.find((c) => c.key === 'charte-national-partner')!;
    expect(partner.status).toBe('FULFILLED');
    const standing = ended.commitments.filter((c) => c.key !== partner.key && c.occurrences.length === 0);
    expect(standing.length).toBeGreaterThan(0);
    expect(standing.every((c) => c.status === 'TERMINATED')).toBe(true);
    for (const c of ended.commitments) expect(c.allowedActions).toEqual([]);

    const before = await eventCount();
    const other = ended.commitments.find((c) => c.key === 'charte-newsletter-promotion')!;
    expect(errorCode(await server.graphql(charte, mark, { c: other.id }))).toBe('INVALID_TRANSITION');
    expect(errorCode(await server.graphql(amf, mark, { c: other.id }))).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(before);
  });

  it('lets an auditor verify the history and see the convention as it was', async () => {
    const audit = await server.ok<{
      history: {
        totalCount: number;
        edges: {
          node: {
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
      `query($id: ID!) { history(conventionId: $id, first: 100) { totalCount edges { node { type actor { role partyId } prevHash hash } } }
        verifyHistory(conventionId: $id) { valid eventCount firstBadVersion reason } }`,
      { id: conventionId },
    );
    expect(audit.verifyHistory).toEqual(
      expect.objectContaining({ valid: true, eventCount: audit.history.totalCount }),
    );
    const events = audit.history.edges.map((e) => e.node);
    events.slice(1).forEach((event, i) => expect(event.prevHash).toBe(events[i]!.hash));
    expect(events.some((e) => e.type === 'NOTICE_GIVEN')).toBe(false);
    expect(events.find((e) => e.type === 'TERM_ENDED')?.actor).toEqual({ role: 'SYSTEM', partyId: null });

    const at = async (instant: string) =>
      (
        await server.ok<{
          conventionAt: {
            version: number;
            convention: {
              status: string;
              termination: { on: string; cause: string } | null;
              commitments: { key: string; status: string }[];
            };
          };
        }>(
          auditor,
          'query($id: ID!, $at: String!) { conventionAt(id: $id, at: $at) { version convention { status termination { on cause } commitments { key status } } } }',
          { id: conventionId, at: instant },
        )
      ).conventionAt;
    const autumn = await at('2009-10-01T00:00:00Z');
    expect(autumn.convention.status).toBe('ACTIVE');
    expect(autumn.convention.termination).toBeNull();
    expect(autumn.convention.commitments.find((c) => c.key === 'charte-national-partner')?.status).toBe(
      'FULFILLED',
    );
    expect(autumn.convention.commitments.find((c) => c.key === 'cnml-website-link')?.status).toBe(
      'IN_EFFECT',
    );
    const beforeExpiry = await at('2010-06-01T00:00:00Z');
    expect(beforeExpiry.convention).toEqual(
      expect.objectContaining({ status: 'EVALUATED', termination: null }),
    );
    expect(beforeExpiry.version).toBeGreaterThan(autumn.version);
    expect(beforeExpiry.version).toBeLessThan(audit.history.totalCount);
  });
});
