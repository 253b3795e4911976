import { ConventioProcess, errorCode } from '../support/conventio-process';

const CONVENTION_FIELDS = `id status version effectiveOn terminationEffectiveOn
  term { number startsOn endsOn } termination { on cause } allowedActions
  signatures { signatoryId partyId signedAt }
  commitments { id key status owners allowedActions occurrences { index dueOn status } }`;

interface ConventionData {
  id: string;
  status: string;
  version: number;
  effectiveOn: string | null;
  terminationEffectiveOn: string | null;
  term: { number: number; startsOn: string; endsOn: string | null } | null;
  termination: { on: string; cause: string } | null;
  allowedActions: string[];
  signatures: { signatoryId: string; partyId: string; signedAt: string | null }[];
  commitments: {
    id: string;
    key: string;
    status: string;
    owners: string[];
    allowedActions: string[];
    occurrences: { index: number; dueOn: string; status: string }[];
  }[];
}

type SignResult = { signConvention: { convention: { status: string } } };

describe('Région Île-de-France–Acsé convention (seed 001) over HTTP', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let region: string;
  let acseDirector: string;
  let prefet: string;
  let conventionId: string;

  const sign =
    'mutation($id: ID!, $s: ID) { signConvention(input: { conventionId: $id, signatoryId: $s }) { convention { status } } }';
  const mark = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Comité technique réuni",
    evidenceUrl: "https://example.org/comite-technique" }) { commitment { status } } }`;

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

  const technicalCommittee = async () =>
    (await convention()).commitments.find((c) => c.key === 'technical-committee-meeting')!;

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2008-07-01T08:00:00Z' });
    [admin, auditor, region, acseDirector, prefet] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
      server.token('representative', 'Jean-Paul Huchon', 'region-idf'),
      server.token('representative', 'Dominique Dubois', 'acse'),
      server.token('representative', 'Daniel Canepa', 'acse'),
    ]);
  }, 30_000);

  afterAll(async () => {
    await server.dispose();
  });

  it('is created as a draft awaiting three signatures', async () => {
    const create =
      'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id status } } }';
    const created = await server.ok<{ createConvention: { convention: { id: string; status: string } } }>(
      admin,
      create,
      {
        w: 'region-idf-acse-2008',
      },
    );
    expect(created.createConvention.convention.status).toBe('DRAFT');
    conventionId = created.createConvention.convention.id;
    expect(await eventCount()).toBe(1);

    const draft = await convention();
    expect(draft.signatures).toEqual([
      { signatoryId: 'region-idf-president', partyId: 'region-idf', signedAt: null },
      { signatoryId: 'acse-directeur-general', partyId: 'acse', signedAt: null },
      { signatoryId: 'prefet-region-idf', partyId: 'acse', signedAt: null },
    ]);
    expect((await convention(region)).allowedActions).toEqual(['SIGN']);
    expect((await convention(acseDirector)).allowedActions).toEqual(['SIGN']);
  });

  it('requires the Acsé to name its signatory and refuses the Région signing for the Acsé', async () => {
    const before = await eventCount();
    const unnamed = await server.graphql(acseDirector, sign, { id: conventionId });
    expect(errorCode(unnamed)).toBe('BAD_USER_INPUT');
    expect(
      errorCode(await server.graphql(region, sign, { id: conventionId, s: 'acse-directeur-general' })),
    ).toBe('FORBIDDEN');
    expect(errorCode(await server.graphql(region, sign, { id: conventionId, s: 'prefet-region-idf' }))).toBe(
      'FORBIDDEN',
    );
    expect(
      errorCode(await server.graphql(admin, sign, { id: conventionId, s: 'region-idf-president' })),
    ).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(before);
    expect((await convention()).status).toBe('DRAFT');
  });

  it('stays a draft after two signatures and is in force on the day of the third', async () => {
    await server.advance(admin, '2008-07-09T09:00:00Z');
    const first = await server.ok<SignResult>(region, sign, { id: conventionId });
    expect(first.signConvention.convention.status).toBe('DRAFT');

    await server.advance(admin, '2008-07-10T09:00:00Z');
    const second = await server.ok<SignResult>(acseDirector, sign, {
      id: conventionId,
      s: 'acse-directeur-general',
    });
    expect(second.signConvention.convention.status).toBe('DRAFT');
    expect(await eventCount()).toBe(3);

    // A signatory that has signed cannot sign again; nothing is appended.
    expect(
      errorCode(await server.graphql(acseDirector, sign, { id: conventionId, s: 'acse-directeur-general' })),
    ).toBe('INVALID_TRANSITION');
    expect(errorCode(await server.graphql(region, sign, { id: conventionId, s: 'prefet-region-idf' }))).toBe(
      'FORBIDDEN',
    );
    expect(await eventCount()).toBe(3);
    const draft = await convention();
    expect(draft.status).toBe('DRAFT');
    expect(draft.effectiveOn).toBeNull();
    expect(draft.signatures.filter((s) => s.signedAt !== null).map((s) => s.signatoryId)).toEqual([
      'region-idf-president',
      'acse-directeur-general',
    ]);

    await server.advance(admin, '2008-07-11T09:00:00Z');
    const third = await server.ok<SignResult>(prefet, sign, { id: conventionId, s: 'prefet-region-idf' });
    expect(third.signConvention.convention.status).toBe('ACTIVE');
    const types = await server.ok<{
      history: { edges: { node: { type: string; actor: { role: string } } }[] };
    }>(
      auditor,
      'query($id: ID!) { history(conventionId: $id, first: 100) { edges { node { type actor { role } } } } }',
      { id: conventionId },
    );
    // The last signature is followed by the effective date, reached the same day.
    expect(types.history.edges.map((e) => e.node.type)).toEqual([
      'CONVENTION_CREATED',
      'SIGNATURE_GIVEN',
      'SIGNATURE_GIVEN',
      'SIGNATURE_GIVEN',
      'EFFECTIVE_DATE_REACHED',
    ]);
    expect(types.history.edges.at(-1)!.node.actor.role).toBe('SYSTEM');

    const active = await convention();
    expect(active.effectiveOn).toBe('2008-07-11');
    expect(active.term).toEqual({ number: 1, startsOn: '2008-07-11', endsOn: '2011-07-10' });
    expect(active.signatures.every((s) => s.signedAt !== null)).toBe(true);
    expect(active.commitments.every((c) => c.status === 'IN_EFFECT')).toBe(true);
  });

  it('records the first quarterly technical committee once both parties confirm it', async () => {
    const committee = await technicalCommittee();
    expect(committee.owners).toEqual(['region-idf', 'acse']);
    expect(committee.allowedActions).toEqual([]);
    expect(committee.occurrences).toEqual([{ index: 1, dueOn: '2008-10-10', status: 'IN_EFFECT' }]);
    expect(
      (await convention(region)).commitments.find((c) => c.key === committee.key)!.allowedActions,
    ).toEqual(['MARK_DONE']);

    await server.advance(admin, '2008-09-25T14:00:00Z');
    const before = await eventCount();
    expect(errorCode(await server.graphql(auditor, mark, { c: committee.id }))).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(before);

    const half = await server.ok<{ markCommitmentDone: { commitment: { status: string } } }>(region, mark, {
      c: committee.id,
    });
    expect(half.markCommitmentDone.commitment.status).toBe('IN_EFFECT');
    await server.ok(prefet, mark, { c: committee.id });
    expect((await technicalCommittee()).occurrences).toEqual([
      { index: 1, dueOn: '2008-10-10', status: 'FULFILLED' },
    ]);

    await server.advance(admin, '2008-10-15T09:00:00Z');
    expect((await technicalCommittee()).occurrences.map((o) => o.status)).toEqual(['FULFILLED', 'IN_EFFECT']);
  });

  it('gives effect to a notice by the Région in month 5 on the first anniversary of the signature', async () => {
    await server.advance(admin, '2008-12-05T10:00:00Z');
    const notice = `mutation($id: ID!) { giveNotice(input: { conventionId: $id, reason: "Nouvelle convention en préparation" }) {
      convention { status terminationEffectiveOn } } }`;
    const before = await eventCount();
    expect(errorCode(await server.graphql(auditor, notice, { id: conventionId }))).toBe('FORBIDDEN');
    expect(errorCode(await server.graphql(admin, notice, { id: conventionId }))).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(before);

    expect((await convention(region)).allowedActions).toContain('GIVE_NOTICE');
    const given = await server.ok<{
      giveNotice: { convention: { status: string; terminationEffectiveOn: string } };
    }>(region, notice, {
      id: conventionId,
    });
    // Article 10: « dénoncé […] chaque année à la date anniversaire de la signature ».
    expect(given.giveNotice.convention).toEqual({ status: 'ACTIVE', terminationEffectiveOn: '2009-07-11' });
    expect(await eventCount()).toBe(before + 1);

    // Notice has been given: neither party can give it again.
    expect(errorCode(await server.graphql(acseDirector, notice, { id: conventionId }))).toBe(
      'INVALID_TRANSITION',
    );
    expect(errorCode(await server.graphql(region, notice, { id: conventionId }))).toBe('INVALID_TRANSITION');
    expect(await eventCount()).toBe(before + 1);
  });

  it('marks the second quarter violated when no meeting is recorded, and opens the third', async () => {
    await server.advance(admin, '2009-01-15T09:00:00Z');
    const committee = await technicalCommittee();
    expect(committee.occurrences).toEqual([
      { index: 1, dueOn: '2008-10-10', status: 'FULFILLED' },
      { index: 2, dueOn: '2009-01-10', status: 'VIOLATED' },
      { index: 3, dueOn: '2009-04-10', status: 'IN_EFFECT' },
    ]);
    const current = await convention();
    expect(current.status).toBe('ACTIVE');
    expect(current.terminationEffectiveOn).toBe('2009-07-11');
  });

  it('terminates on 2009-07-11, closing the commitments still open', async () => {
    await server.advance(admin, '2009-07-10T12:00:00Z');
    expect((await convention()).status).not.toBe('TERMINATED');

    await server.advance(admin, '2009-07-11T00:00:00+02:00');
    const ended = await convention();
    expect(ended.status).toBe('TERMINATED');
    expect(ended.termination).toEqual({ on: '2009-07-11', cause: 'NOTICE' });
    expect(ended.allowedActions).toEqual([]);
    expect(ended.commitments.some((c) => c.status === 'IN_EFFECT')).toBe(false);
    expect(
      ended.commitments.filter((c) => c.occurrences.length === 0).every((c) => c.status === 'TERMINATED'),
    ).toBe(true);
    for (const commitment of ended.commitments) {
      expect(commitment.allowedActions).toEqual([]);
      expect(commitment.occurrences.some((o) => o.status === 'IN_EFFECT')).toBe(false);
    }
    const committee = ended.commitments.find((c) => c.key === 'technical-committee-meeting')!;
    expect(committee.occurrences.slice(0, 2).map((o) => o.status)).toEqual(['FULFILLED', 'VIOLATED']);
    expect(committee.occurrences.at(-1)!.status).toBe('TERMINATED');

    const before = await eventCount();
    const again = await server.graphql(region, mark, { c: committee.id });
    expect(errorCode(again)).toBe('INVALID_TRANSITION');
    expect(await eventCount()).toBe(before);
  });

  it('keeps a valid, hash-chained history and shows the convention as it was', async () => {
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
    expect(events).toHaveLength(audit.history.totalCount);
    events.slice(1).forEach((event, i) => expect(event.prevHash).toBe(events[i]!.hash));
    expect(events.filter((e) => e.type === 'SIGNATURE_GIVEN')).toHaveLength(3);
    expect(events.find((e) => e.type === 'NOTICE_GIVEN')?.actor).toEqual({
      role: 'REPRESENTATIVE',
      partyId: 'region-idf',
    });

    const at = async (instant: string) =>
      (
        await server.ok<{
          conventionAt: {
            version: number;
            convention: { status: string; effectiveOn: string | null; terminationEffectiveOn: string | null };
          };
        }>(
          auditor,
          'query($id: ID!, $at: String!) { conventionAt(id: $id, at: $at) { version convention { status effectiveOn terminationEffectiveOn } } }',
          { id: conventionId, at: instant },
        )
      ).conventionAt;
    const beforeThird = await at('2008-07-10T18:00:00Z');
    expect(beforeThird).toEqual({
      version: 3,
      convention: { status: 'DRAFT', effectiveOn: null, terminationEffectiveOn: null },
    });
    expect((await at('2009-01-01T00:00:00Z')).convention).toEqual({
      status: 'ACTIVE',
      effectiveOn: '2008-07-11',
      terminationEffectiveOn: '2009-07-11',
    });
    expect((await at('2009-07-12T00:00:00Z')).convention.status).toBe('TERMINATED');
  });
});
