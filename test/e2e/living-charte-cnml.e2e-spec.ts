import { ConventioProcess } from '../support/conventio-process';
import { expectPartyCountsToMatchPages } from '../support/commitment-counts';
import {
  CREATE,
  expectSoundHistory,
  PROPOSE,
  PROPOSE_RENEWAL,
  reader,
  SIGN,
  SIGN_AMENDMENT,
} from '../support/living-amendments';
import { World } from '../support/story';

/**
 * Living conventions over HTTP: committee meetings, amendments (avenants) with commitment
 * lineage, withdrawal, tacit renewal (seed 002), and renewal by amendment or expiry (seed 003).
 */

describe('Charte de la diversité–CNML (seed 003): renewal by amendment, or expiry, over HTTP', () => {
  let world: World;
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let charte: string;
  let cnml: string;
  let amf: string;
  let renewedId: string;
  let expiringId: string;
  const { eventCount, convention, at, audit, refused } = reader(() => world);

  beforeAll(async () => {
    world = await World.start(
      { CLOCK: 'manual', CLOCK_START: '2009-06-10T08:00:00Z' },
      { representatives: { cnml: 'Jean-Pierre Gorges' } },
    );
    ({ server, admin, auditor } = world);
    [charte, cnml, amf] = await world.tokensOf('charte-diversite', 'cnml', 'amf');
  }, 60_000);

  afterAll(async () => {
    await world?.dispose();
  });

  it('has two conventions signed on 16 June 2009, each in force for one year', async () => {
    const create = async () =>
      (
        await server.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE, {
          w: 'charte-diversite-cnml-2009',
        })
      ).createConvention.convention.id;
    renewedId = await create();
    expiringId = await create();
    await server.advance(admin, '2009-06-16T09:00:00Z');
    for (const id of [renewedId, expiringId]) {
      await server.ok(cnml, SIGN, { id });
      await server.ok(charte, SIGN, { id });
      const active = await convention(id);
      expect(active.status).toBe('ACTIVE');
      expect(active.term).toEqual({ number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' });
      expect(active.rules.renewal).toEqual({ kind: 'amendment', term: 'P1Y' });
      expect(active.noticeDeadline).toBeNull();
      expect((await convention(id, cnml)).allowedActions).toContain('PROPOSE_RENEWAL');
    }
  });

  it('(a) collects both signatures on a renewal amendment proposed by CNML: RENEWED', async () => {
    await server.advance(admin, '2010-05-03T10:00:00Z');
    await refused(renewedId, 'FORBIDDEN', admin, PROPOSE_RENEWAL, { id: renewedId });
    await refused(renewedId, 'FORBIDDEN', auditor, PROPOSE_RENEWAL, { id: renewedId });
    await refused(renewedId, 'FORBIDDEN', amf, PROPOSE_RENEWAL, { id: renewedId });

    const before = await eventCount(renewedId);
    const proposed = await server.ok<{
      proposeRenewal: {
        convention: { status: string; amendments: { id: string; kind: string; status: string }[] };
      };
    }>(cnml, PROPOSE_RENEWAL, { id: renewedId });
    expect(proposed.proposeRenewal.convention).toEqual({
      status: 'ACTIVE',
      amendments: [{ id: 'A1', kind: 'RENEWAL', status: 'PROPOSED' }],
    });
    expect(await eventCount(renewedId)).toBe(before + 1);
    expect((await convention(renewedId)).amendments[0]).toEqual(
      expect.objectContaining({
        proposedBy: 'cnml',
        signatures: [],
        pendingSignatories: ['ims-president', 'cnml-president'],
      }),
    );
    // One pending amendment at a time, renewal or not.
    await refused(renewedId, 'INVALID_TRANSITION', charte, PROPOSE_RENEWAL, { id: renewedId });
    await refused(renewedId, 'INVALID_TRANSITION', charte, PROPOSE, {
      id: renewedId,
      changes: { waiveCommitments: ['charte-national-events'] },
      on: null,
      summary: 'Avenant',
    });
    expect((await convention(renewedId, charte)).allowedActions).toEqual(
      expect.arrayContaining(['SIGN_AMENDMENT', 'WITHDRAW_AMENDMENT']),
    );

    await server.advance(admin, '2010-05-20T10:00:00Z');
    await refused(renewedId, 'FORBIDDEN', charte, SIGN_AMENDMENT, {
      id: renewedId,
      a: 'A1',
      s: 'cnml-president',
    });
    await refused(renewedId, 'FORBIDDEN', amf, SIGN_AMENDMENT, { id: renewedId, a: 'A1' });
    const first = await server.ok<{
      signAmendment: {
        convention: {
          status: string;
          amendments: { id: string; status: string; pendingSignatories: string[] }[];
        };
      };
    }>(cnml, SIGN_AMENDMENT, { id: renewedId, a: 'A1', s: 'cnml-president' });
    expect(first.signAmendment.convention).toEqual({
      status: 'ACTIVE',
      amendments: [{ id: 'A1', status: 'PROPOSED', pendingSignatories: ['ims-president'] }],
    });

    await server.advance(admin, '2010-06-08T10:00:00Z');
    const second = await server.ok<{
      signAmendment: { convention: { status: string; amendments: { id: string; status: string }[] } };
    }>(charte, SIGN_AMENDMENT, { id: renewedId, a: 'A1', s: 'ims-president' });
    expect(second.signAmendment.convention.status).toBe('RENEWED');
    const renewed = await convention(renewedId);
    expect(renewed.amendments[0]).toEqual(
      expect.objectContaining({
        kind: 'RENEWAL',
        status: 'APPLIED',
        settledAt: expect.any(String),
        pendingSignatories: [],
        signatures: [{ signatoryId: 'cnml-president' }, { signatoryId: 'ims-president' }],
      }),
    );
    // The next term is decided; it starts when this one ends.
    expect(renewed.term).toEqual({ number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' });
    expect((await convention(renewedId, cnml)).allowedActions).not.toContain('PROPOSE_RENEWAL');
    await refused(renewedId, 'INVALID_TRANSITION', cnml, PROPOSE_RENEWAL, { id: renewedId });
    await refused(renewedId, 'INVALID_TRANSITION', charte, SIGN_AMENDMENT, { id: renewedId, a: 'A1' });
  });

  it('(b) has a renewal amendment signed by the Charte only', async () => {
    await server.advance(admin, '2010-06-10T10:00:00Z');
    await server.ok(charte, PROPOSE_RENEWAL, { id: expiringId });
    await server.ok(charte, SIGN_AMENDMENT, { id: expiringId });
    const half = await convention(expiringId);
    expect(half.status).toBe('ACTIVE');
    expect(half.amendments).toEqual([
      expect.objectContaining({
        id: 'A1',
        kind: 'RENEWAL',
        status: 'PROPOSED',
        proposedBy: 'charte-diversite',
        signatures: [{ signatoryId: 'ims-president' }],
        pendingSignatories: ['cnml-president'],
      }),
    ]);
  });

  it('on 16 June 2010 starts term 2 of (a) and ends (b) by expiry, its renewal lapsed', async () => {
    await server.advance(admin, '2010-06-15T12:00:00Z');
    expect((await convention(renewedId)).status).toBe('RENEWED');
    expect((await convention(expiringId)).status).toBe('ACTIVE');

    const fired = await server.advance(admin, '2010-06-16T09:00:00Z');
    const termEnds = fired.filter((d) => d.kind === 'TERM_END');
    expect(termEnds).toEqual([
      { kind: 'TERM_END', dueOn: '2010-06-16', eventType: 'TERM_ENDED' },
      { kind: 'TERM_END', dueOn: '2010-06-16', eventType: 'TERM_ENDED' },
    ]);

    const second = await convention(renewedId);
    expect(second.status).toBe('ACTIVE');
    expect(second.term).toEqual({ number: 2, startsOn: '2010-06-16', endsOn: '2011-06-15' });
    expect(second.termination).toBeNull();
    expect(second.commitments.every((c) => c.status !== 'TERMINATED')).toBe(true);

    const ended = await convention(expiringId);
    expect(ended.status).toBe('TERMINATED');
    expect(ended.termination).toEqual({ on: '2010-06-16', cause: 'EXPIRY' });
    expect(ended.allowedActions).toEqual([]);
    expect(ended.amendments[0]).toEqual(
      expect.objectContaining({
        id: 'A1',
        status: 'LAPSED',
        settledAt: expect.any(String),
        pendingSignatories: [],
      }),
    );
    expect(ended.upcomingDeadlines.map((d) => d.kind)).not.toContain('TERM_END');

    // Too late: the lapsed renewal can no longer be signed, nor a new one proposed.
    const late = await refused(expiringId, 'INVALID_TRANSITION', cnml, SIGN_AMENDMENT, {
      id: expiringId,
      a: 'A1',
      s: 'cnml-president',
    });
    expect(late.errors?.[0]?.message).toMatch(/TERMINATED/);
    await refused(expiringId, 'INVALID_TRANSITION', cnml, PROPOSE_RENEWAL, { id: expiringId });
    expect((await convention(expiringId)).amendments[0]!.status).toBe('LAPSED');
  });

  it('(a) expires at the end of term 2 without a further renewal', async () => {
    expect((await convention(renewedId, charte)).allowedActions).toContain('PROPOSE_RENEWAL');
    await server.advance(admin, '2011-06-15T12:00:00Z');
    expect((await convention(renewedId)).status).toBe('ACTIVE');

    const fired = await server.advance(admin, '2011-06-16T09:00:00Z');
    expect(fired).toContainEqual({ kind: 'TERM_END', dueOn: '2011-06-16', eventType: 'TERM_ENDED' });
    const ended = await convention(renewedId);
    expect(ended.status).toBe('TERMINATED');
    expect(ended.term).toEqual({ number: 2, startsOn: '2010-06-16', endsOn: '2011-06-15' });
    expect(ended.termination).toEqual({ on: '2011-06-16', cause: 'EXPIRY' });
    expect(ended.amendments.map((a) => a.status)).toEqual(['APPLIED']);
    await refused(renewedId, 'INVALID_TRANSITION', cnml, PROPOSE_RENEWAL, { id: renewedId });
  });

  it('(a) verifies its history and shows each term as it was', async () => {
    const record = await audit(renewedId);
    expectSoundHistory(record);
    const events = record.history.edges.map((e) => e.node);
    expect(events.filter((e) => e.type === 'AMENDMENT_SIGNED').map((e) => e.actor.partyId)).toEqual([
      'cnml',
      'charte-diversite',
    ]);
    expect(events.filter((e) => e.type === 'TERM_ENDED').every((e) => e.actor.role === 'SYSTEM')).toBe(true);

    const proposed = await at(renewedId, '2010-05-10T00:00:00Z');
    expect(proposed.convention).toEqual(
      expect.objectContaining({
        status: 'ACTIVE',
        term: { number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' },
        amendments: [{ id: 'A1', kind: 'RENEWAL', status: 'PROPOSED' }],
      }),
    );
    const renewed = await at(renewedId, '2010-06-12T00:00:00Z');
    expect(renewed.convention).toEqual(
      expect.objectContaining({
        status: 'RENEWED',
        term: { number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' },
        amendments: [{ id: 'A1', kind: 'RENEWAL', status: 'APPLIED' }],
      }),
    );
    const secondTerm = await at(renewedId, '2010-12-01T00:00:00Z');
    expect(secondTerm.convention).toEqual(
      expect.objectContaining({
        status: 'ACTIVE',
        term: { number: 2, startsOn: '2010-06-16', endsOn: '2011-06-15' },
        termination: null,
      }),
    );
    const ended = await at(renewedId, '2011-07-01T00:00:00Z');
    expect(ended.version).toBe(record.history.totalCount);
    expect(ended.convention).toEqual(
      expect.objectContaining({ status: 'TERMINATED', termination: { on: '2011-06-16', cause: 'EXPIRY' } }),
    );
  });

  it('(b) verifies its history and shows the renewal pending, then lapsed', async () => {
    const record = await audit(expiringId);
    expectSoundHistory(record);
    const events = record.history.edges.map((e) => e.node);
    expect(events.filter((e) => e.type === 'AMENDMENT_SIGNED').map((e) => e.actor.partyId)).toEqual([
      'charte-diversite',
    ]);

    const pending = await at(expiringId, '2010-06-14T00:00:00Z');
    expect(pending.convention).toEqual(
      expect.objectContaining({
        status: 'ACTIVE',
        termination: null,
        amendments: [{ id: 'A1', kind: 'RENEWAL', status: 'PROPOSED' }],
      }),
    );
    const lapsed = await at(expiringId, '2010-07-01T00:00:00Z');
    expect(lapsed.version).toBe(record.history.totalCount);
    expect(lapsed.convention).toEqual(
      expect.objectContaining({
        status: 'TERMINATED',
        term: { number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' },
        termination: { on: '2010-06-16', cause: 'EXPIRY' },
        amendments: [{ id: 'A1', kind: 'RENEWAL', status: 'LAPSED' }],
      }),
    );
    expect(lapsed.convention.commitments.some((c) => c.status === 'IN_EFFECT')).toBe(false);
  });

  it("counts each party's commitments by status as its pages list them", async () => {
    await expectPartyCountsToMatchPages(server, auditor, ['charte-diversite', 'cnml']);
  });
});
