import { ConventioProcess } from '../support/conventio-process';
import { expectPartyCountsToMatchPages } from '../support/commitment-counts';
import { countOf, deadline, MARK, NOTICE, Scenario, SIGN } from '../support/living-convention';
import { World } from '../support/story';

/**
 * Conventions lived over several years on the manual clock: renewals, evaluations, committee
 * meetings, reopening, amendments, notice and expiry, each checked against the dates the
 * definitions imply, then audited and looked at in the past.
 */

describe('AMIF–Centre Hubertine Auclert (seed 004): open-ended for five years, amended, ended by notice', () => {
  let world: World;
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
    world = await World.start({ CLOCK: 'manual', CLOCK_START: '2020-10-01T08:00:00Z' });
    server = world.server;
    [amif, centre] = await world.tokensOf('amif', 'centre-hubertine-auclert');
    s = new Scenario(world);
  }, 60_000);

  afterAll(async () => {
    await world?.dispose();
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

  it("terminates the day after the three months of the Centre's notice end, by NOTICE", async () => {
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
    expect(given.giveNotice.convention).toEqual({ status: 'ACTIVE', terminationEffectiveOn: '2026-02-21' });
    await s.refused('INVALID_TRANSITION', () => server.graphql(amif, NOTICE, reason));
    expect((await s.convention()).upcomingDeadlines.map(deadline)).toEqual([
      { kind: 'TERMINATION', dueOn: '2026-02-21' },
      { kind: 'COMMITMENT_DUE', dueOn: '2026-10-13' },
    ]);

    await server.advance(s.admin, '2026-02-20T20:00:00Z');
    expect((await s.convention()).status).toBe('ACTIVE');
    const fired = await server.advance(s.admin, '2026-02-21T00:00:00+01:00');
    expect(fired).toEqual([
      { kind: 'TERMINATION', dueOn: '2026-02-21', eventType: 'TERMINATION_TOOK_EFFECT' },
    ]);
    const ended = await s.convention(amif);
    expect(ended.status).toBe('TERMINATED');
    expect(ended.termination).toEqual({ on: '2026-02-21', cause: 'NOTICE' });
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
    expect([noticed.status, noticed.terminationEffectiveOn]).toEqual(['ACTIVE', '2026-02-21']);
    const ended = await s.at('2026-02-22T12:00:00Z');
    expect([ended.status, ended.termination]).toEqual(['TERMINATED', { on: '2026-02-21', cause: 'NOTICE' }]);
  });

  it("counts each party's commitments by status as its pages list them", async () => {
    await expectPartyCountsToMatchPages(server, s.auditor, ['amif', 'centre-hubertine-auclert']);
  });
});
