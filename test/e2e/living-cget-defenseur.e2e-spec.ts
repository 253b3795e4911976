import { ConventioProcess } from '../support/conventio-process';
import { expectPartyCountsToMatchPages } from '../support/commitment-counts';
import {
  CREATE,
  expectSoundHistory,
  PROPOSE,
  PROPOSE_RENEWAL,
  reader,
  RECORD_MEETING,
  SIGN,
  SIGN_AMENDMENT,
  WITHDRAW,
} from '../support/living-amendments';
import { World } from '../support/story';

/**
 * Living conventions over HTTP: committee meetings, amendments (avenants) with commitment
 * lineage, withdrawal, tacit renewal (seed 002), and renewal by amendment or expiry (seed 003).
 */

describe('CGET–Défenseur des droits (seed 002): meetings, amendments and tacit renewal over HTTP', () => {
  let world: World;
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let cget: string;
  let ddd: string;
  let amf: string;
  let conventionId: string;
  const { eventCount, convention, at, audit, refused } = reader(() => world);
  const current = (token?: string) => convention(conventionId, token);
  const commitment = async (key: string, token?: string) =>
    (await current(token)).commitments.find((c) => c.key === key);

  const JOINT_GUIDE = {
    id: 'joint-guide-territorial-discrimination',
    article: 'Avenant n° 1, article 1',
    title: 'Guide commun sur les discriminations dans les quartiers prioritaires',
    text:
      'Les parties élaborent conjointement un guide à destination des acteurs des contrats de ville sur la ' +
      'prévention des discriminations et l’accès aux droits dans les quartiers prioritaires.',
    owners: ['cget', 'defenseur-des-droits'],
    shape: 'ONE_OFF',
    due: 'P9M',
  };
  const NEW_TRAINING_WORDING =
    '[Les parties s’engagent] à s’informer réciproquement, au moins une fois par semestre, sur les ' +
    'formations mises en œuvre au niveau national et dans les territoires relevant du domaine de la lutte ' +
    'contre les discriminations, y compris celles destinées aux animateurs des maisons de services au public.';
  const AMENDMENT_1 = {
    addCommitments: [JOINT_GUIDE],
    changeCommitments: [{ id: 'training-information', text: NEW_TRAINING_WORDING }],
  };
  const propose = (changes: Record<string, unknown>, on: string | null = null) => ({
    id: conventionId,
    changes,
    on,
    summary: 'Avenant à la convention du 17 novembre 2015',
  });
  const meeting = (committee: string, heldOn: string, decisions: string[] = []) => ({
    id: conventionId,
    committee,
    heldOn,
    parties: ['cget', 'defenseur-des-droits'],
    decisions,
  });

  beforeAll(async () => {
    world = await World.start(
      { CLOCK: 'manual', CLOCK_START: '2015-11-09T08:00:00Z' },
      { representatives: { amf: 'François Baroin' } },
    );
    ({ server, admin, auditor } = world);
    [cget, ddd, amf] = await world.tokensOf('cget', 'defenseur-des-droits', 'amf');
  }, 60_000);

  afterAll(async () => {
    await world?.dispose();
  });

  it('is signed on 17 November 2015 and in force for three years', async () => {
    const created = await server.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE, {
      w: 'cget-defenseur-des-droits-2015',
    });
    conventionId = created.createConvention.convention.id;
    await server.advance(admin, '2015-11-17T10:00:00Z');
    await server.ok(cget, SIGN, { id: conventionId });
    await server.ok(ddd, SIGN, { id: conventionId });

    const active = await current();
    expect(active.status).toBe('ACTIVE');
    expect(active.effectiveOn).toBe('2015-11-17');
    expect(active.term).toEqual({ number: 1, startsOn: '2015-11-17', endsOn: '2018-11-16' });
    expect(active.noticeDeadline).toBe('2018-09-16');
    expect(active.rules.renewal).toEqual({ kind: 'tacit', term: 'P3Y' });
    expect(active.amendments).toEqual([]);
    const technical = active.commitments.find((c) => c.key === 'technical-committee-meetings')!;
    expect(technical.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'IN_EFFECT', fulfilmentCount: 0 },
    ]);
  });

  it('counts two technical committees and one steering committee in year 1', async () => {
    await server.advance(admin, '2016-03-10T09:00:00Z');
    // Refusals first: none of them appends anything.
    await refused(conventionId, 'FORBIDDEN', admin, RECORD_MEETING, meeting('technical', '2016-03-08'));
    await refused(conventionId, 'FORBIDDEN', amf, RECORD_MEETING, meeting('technical', '2016-03-08'));
    await refused(conventionId, 'BAD_USER_INPUT', cget, RECORD_MEETING, meeting('scientific', '2016-03-08'));
    await refused(conventionId, 'BAD_USER_INPUT', cget, RECORD_MEETING, {
      ...meeting('technical', '2016-03-08'),
      parties: ['cget', 'amf'],
    });
    await refused(conventionId, 'BAD_USER_INPUT', cget, RECORD_MEETING, meeting('technical', '8 mars 2016'));
    // A meeting cannot be recorded before it is held.
    await refused(
      conventionId,
      'INVALID_TRANSITION',
      cget,
      RECORD_MEETING,
      meeting('technical', '2016-03-15'),
    );
    expect((await current(cget)).allowedActions).toContain('RECORD_MEETING');
    expect((await current(auditor)).allowedActions).toEqual([]);

    const before = await eventCount(conventionId);
    await server.ok(
      cget,
      RECORD_MEETING,
      meeting('technical', '2016-03-08', ['Calendrier des sites pilotes']),
    );
    expect(await eventCount(conventionId)).toBe(before + 1);
    let technical = (await commitment('technical-committee-meetings'))!;
    expect(technical.status).toBe('IN_EFFECT');
    expect(technical.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'IN_EFFECT', fulfilmentCount: 1 },
    ]);

    await server.advance(admin, '2016-06-15T09:00:00Z');
    await server.ok(ddd, RECORD_MEETING, meeting('technical', '2016-06-14'));
    technical = (await commitment('technical-committee-meetings'))!;
    expect(technical.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'FULFILLED', fulfilmentCount: 2 },
    ]);

    await server.advance(admin, '2016-10-05T09:00:00Z');
    await server.ok(cget, RECORD_MEETING, meeting('steering', '2016-10-04', ['Bilan de la première année']));
    const year1 = await current();
    expect(year1.commitments.find((c) => c.key === 'steering-committee-meeting')!.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'FULFILLED', fulfilmentCount: 1 },
    ]);
    expect(year1.meetings).toEqual([
      {
        committee: 'technical',
        heldOn: '2016-03-08',
        attendingParties: ['cget', 'defenseur-des-droits'],
        commitmentKey: 'technical-committee-meetings',
        decisions: ['Calendrier des sites pilotes'],
        minutesUrl: 'https://example.org/comites/compte-rendu.pdf',
      },
      expect.objectContaining({ committee: 'technical', heldOn: '2016-06-14' }),
      expect.objectContaining({
        committee: 'steering',
        heldOn: '2016-10-04',
        commitmentKey: 'steering-committee-meeting',
      }),
    ]);

    // The year closes: the fulfilled occurrence stays fulfilled and year 2 opens.
    await server.advance(admin, '2016-11-20T09:00:00Z');
    technical = (await commitment('technical-committee-meetings'))!;
    expect(technical.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'FULFILLED', fulfilmentCount: 2 },
      { index: 2, dueOn: '2017-11-16', status: 'IN_EFFECT', fulfilmentCount: 0 },
    ]);
  });

  it('refuses amendments from an admin, or with changes that cannot apply, appending nothing', async () => {
    await server.advance(admin, '2017-01-10T10:00:00Z');
    expect((await current(cget)).allowedActions).toContain('PROPOSE_AMENDMENT');
    expect((await current(cget)).allowedActions).not.toContain('PROPOSE_RENEWAL');

    await refused(conventionId, 'FORBIDDEN', admin, PROPOSE, propose(AMENDMENT_1, '2017-03-01'));
    await refused(conventionId, 'FORBIDDEN', auditor, PROPOSE, propose(AMENDMENT_1, '2017-03-01'));
    await refused(conventionId, 'FORBIDDEN', amf, PROPOSE, propose(AMENDMENT_1, '2017-03-01'));
    const unknown = await refused(
      conventionId,
      'BAD_USER_INPUT',
      cget,
      PROPOSE,
      propose({ waiveCommitments: ['no-such-commitment'] }),
    );
    expect(unknown.errors?.[0]?.message).toMatch(/no-such-commitment/);
    const stranger = await refused(
      conventionId,
      'BAD_USER_INPUT',
      cget,
      PROPOSE,
      propose({ addCommitments: [{ ...JOINT_GUIDE, owners: ['cget', 'amf'] }] }),
    );
    expect(stranger.errors?.[0]?.message).toMatch(/amf/);
    await refused(
      conventionId,
      'BAD_USER_INPUT',
      cget,
      PROPOSE,
      propose({ changeCommitments: [{ id: 'training-information', owners: ['halde'] }] }),
    );
    await refused(conventionId, 'BAD_USER_INPUT', cget, PROPOSE, propose({}));
    await refused(
      conventionId,
      'BAD_USER_INPUT',
      cget,
      PROPOSE,
      propose({ addCommitments: [{ ...JOINT_GUIDE, id: 'training-information' }] }),
    );
    await refused(conventionId, 'BAD_USER_INPUT', cget, PROPOSE, propose(AMENDMENT_1, '1er mars 2017'));
    expect((await current()).amendments).toEqual([]);
  });

  it('lets CGET propose an amendment that both parties sign, one at a time', async () => {
    const before = await eventCount(conventionId);
    const proposed = await server.ok<{
      proposeAmendment: {
        convention: { status: string; amendments: { id: string; kind: string; status: string }[] };
      };
    }>(cget, PROPOSE, propose(AMENDMENT_1, '2017-03-01'));
    expect(proposed.proposeAmendment.convention.amendments).toEqual([
      { id: 'A1', kind: 'CHANGE', status: 'PROPOSED' },
    ]);
    expect(await eventCount(conventionId)).toBe(before + 1);
    const pending = (await current()).amendments[0]!;
    expect(pending).toEqual({
      id: 'A1',
      kind: 'CHANGE',
      status: 'PROPOSED',
      effectiveOn: '2017-03-01',
      proposedBy: 'cget',
      settledAt: null,
      diff: null,
      signatures: [],
      pendingSignatories: ['cget-commissaire-generale', 'le-defenseur-des-droits'],
    });

    // Only one pending amendment at a time.
    await refused(
      conventionId,
      'INVALID_TRANSITION',
      ddd,
      PROPOSE,
      propose({ waiveCommitments: ['listening-cells'] }),
    );
    expect((await current(ddd)).allowedActions).toEqual(
      expect.arrayContaining(['SIGN_AMENDMENT', 'WITHDRAW_AMENDMENT']),
    );
    expect((await current(ddd)).allowedActions).not.toContain('PROPOSE_AMENDMENT');

    await server.advance(admin, '2017-01-24T10:00:00Z');
    await refused(conventionId, 'FORBIDDEN', admin, SIGN_AMENDMENT, { id: conventionId, a: 'A1' });
    await refused(conventionId, 'FORBIDDEN', cget, SIGN_AMENDMENT, {
      id: conventionId,
      a: 'A1',
      s: 'le-defenseur-des-droits',
    });
    await refused(conventionId, 'NOT_FOUND', cget, SIGN_AMENDMENT, { id: conventionId, a: 'A7' });
    const first = await server.ok<{
      signAmendment: {
        convention: { amendments: { id: string; status: string; pendingSignatories: string[] }[] };
      };
    }>(cget, SIGN_AMENDMENT, { id: conventionId, a: 'A1', s: 'cget-commissaire-generale' });
    expect(first.signAmendment.convention.amendments).toEqual([
      { id: 'A1', status: 'PROPOSED', pendingSignatories: ['le-defenseur-des-droits'] },
    ]);
    await refused(conventionId, 'INVALID_TRANSITION', cget, SIGN_AMENDMENT, { id: conventionId, a: 'A1' });

    await server.advance(admin, '2017-02-07T10:00:00Z');
    await server.ok(ddd, SIGN_AMENDMENT, { id: conventionId });
    const signed = await current();
    expect(signed.amendments[0]).toEqual(
      expect.objectContaining({
        status: 'SIGNED',
        settledAt: expect.any(String),
        diff: null,
        pendingSignatories: [],
        signatures: [
          { signatoryId: 'cget-commissaire-generale' },
          { signatoryId: 'le-defenseur-des-droits' },
        ],
      }),
    );
    expect(signed.upcomingDeadlines).toContainEqual({
      kind: 'AMENDMENT_EFFECTIVE',
      dueOn: '2017-03-01',
      eventType: 'AMENDMENT_TOOK_EFFECT',
    });
    // Signed but not yet in effect: still the pending amendment, so no other may be proposed.
    await refused(
      conventionId,
      'INVALID_TRANSITION',
      ddd,
      PROPOSE,
      propose({ waiveCommitments: ['listening-cells'] }),
    );
  });

  it('changes nothing before its effective date, and applies it on 1 March 2017', async () => {
    const fired = await server.advance(admin, '2017-02-28T12:00:00Z');
    expect(fired.map((d) => d.kind)).not.toContain('AMENDMENT_EFFECTIVE');
    const before = await current();
    expect(before.amendments[0]!.status).toBe('SIGNED');
    expect(before.commitments.some((c) => c.key.startsWith('joint-guide'))).toBe(false);
    expect(before.commitments.some((c) => c.key === 'training-information.v2')).toBe(false);
    const old = before.commitments.find((c) => c.key === 'training-information')!;
    expect(old).toEqual(
      expect.objectContaining({
        status: 'IN_EFFECT',
        supersededBy: null,
        supersedes: null,
        amendmentId: null,
      }),
    );

    const effective = await server.advance(admin, '2017-03-01T08:00:00Z');
    expect(effective).toContainEqual({
      kind: 'AMENDMENT_EFFECTIVE',
      dueOn: '2017-03-01',
      eventType: 'AMENDMENT_TOOK_EFFECT',
    });
    const amended = await current();
    expect(amended.status).toBe('ACTIVE');
    expect(amended.amendments[0]).toEqual(
      expect.objectContaining({
        id: 'A1',
        status: 'APPLIED',
        diff: {
          added: ['joint-guide-territorial-discrimination'],
          changed: [{ from: 'training-information', to: 'training-information.v2' }],
          waived: [],
          rules: [],
        },
      }),
    );
    const byKey = (key: string) => amended.commitments.find((c) => c.key === key)!;
    expect(byKey('training-information')).toEqual(
      expect.objectContaining({
        status: 'WAIVED',
        supersedes: null,
        supersededBy: 'training-information.v2',
        amendmentId: null,
        allowedActions: [],
      }),
    );
    expect(byKey('training-information').text).not.toBe(NEW_TRAINING_WORDING);
    expect(byKey('training-information.v2')).toEqual(
      expect.objectContaining({
        status: 'IN_EFFECT',
        text: NEW_TRAINING_WORDING,
        owners: ['cget', 'defenseur-des-droits'],
        supersedes: 'training-information',
        supersededBy: null,
        amendmentId: 'A1',
        startedOn: '2017-03-01',
      }),
    );
    expect(byKey('joint-guide-territorial-discrimination')).toEqual(
      expect.objectContaining({
        status: 'IN_EFFECT',
        supersedes: null,
        supersededBy: null,
        amendmentId: 'A1',
        startedOn: '2017-03-01',
      }),
    );
    // The rest of the text is untouched.
    expect(byKey('listening-cells').status).toBe('IN_EFFECT');
    expect(amended.rules.notice).toEqual({ kind: 'period', period: 'P2M' });
    expect((await current(cget)).allowedActions).toContain('PROPOSE_AMENDMENT');

    const events = (await audit(conventionId)).history.edges.map((e) => e.node);
    expect(events.find((e) => e.type === 'AMENDMENT_PROPOSED')?.actor).toEqual({
      role: 'REPRESENTATIVE',
      partyId: 'cget',
    });
    expect(events.find((e) => e.type === 'AMENDMENT_TOOK_EFFECT')?.actor).toEqual({
      role: 'SYSTEM',
      partyId: null,
    });
  });

  it('records a single technical committee meeting in year 2', async () => {
    await server.advance(admin, '2017-05-16T09:00:00Z');
    await server.ok(cget, RECORD_MEETING, meeting('technical', '2017-05-15'));
    expect((await commitment('technical-committee-meetings'))!.occurrences[1]).toEqual({
      index: 2,
      dueOn: '2017-11-16',
      status: 'IN_EFFECT',
      fulfilmentCount: 1,
    });
  });

  it('lets the Défenseur withdraw a second amendment before it is fully signed: nothing applies', async () => {
    await server.advance(admin, '2017-06-12T10:00:00Z');
    await server.ok(
      cget,
      PROPOSE,
      propose(
        { waiveCommitments: ['listening-cells'], notice: { kind: 'period', period: 'P3M' } },
        '2017-07-01',
      ),
    );
    await server.advance(admin, '2017-06-20T10:00:00Z');
    await server.ok(cget, SIGN_AMENDMENT, { id: conventionId, a: 'A2' });
    const half = await current(ddd);
    expect(half.amendments[1]).toEqual(
      expect.objectContaining({
        id: 'A2',
        status: 'PROPOSED',
        signatures: [{ signatoryId: 'cget-commissaire-generale' }],
        pendingSignatories: ['le-defenseur-des-droits'],
      }),
    );
    expect(half.allowedActions).toEqual(expect.arrayContaining(['SIGN_AMENDMENT', 'WITHDRAW_AMENDMENT']));

    await server.advance(admin, '2017-07-03T10:00:00Z');
    const reason = {
      id: conventionId,
      a: 'A2',
      reason: 'Le Défenseur des droits ne souhaite pas cet avenant',
    };
    await refused(conventionId, 'FORBIDDEN', admin, WITHDRAW, reason);
    await refused(conventionId, 'FORBIDDEN', amf, WITHDRAW, reason);
    await refused(conventionId, 'NOT_FOUND', ddd, WITHDRAW, { ...reason, a: 'A9' });
    // An applied amendment can no longer be withdrawn.
    await refused(conventionId, 'INVALID_TRANSITION', ddd, WITHDRAW, { ...reason, a: 'A1' });

    const before = await eventCount(conventionId);
    const withdrawn = await server.ok<{
      withdrawAmendment: { convention: { status: string; amendments: { id: string; status: string }[] } };
    }>(ddd, WITHDRAW, reason);
    expect(withdrawn.withdrawAmendment.convention).toEqual({
      status: 'ACTIVE',
      amendments: [
        { id: 'A1', status: 'APPLIED' },
        { id: 'A2', status: 'WITHDRAWN' },
      ],
    });
    expect(await eventCount(conventionId)).toBe(before + 1);
    await refused(conventionId, 'INVALID_TRANSITION', ddd, WITHDRAW, reason);
    await refused(conventionId, 'INVALID_TRANSITION', ddd, SIGN_AMENDMENT, { id: conventionId, a: 'A2' });

    // Past its would-be effective date, nothing of it applies.
    await server.advance(admin, '2017-07-10T10:00:00Z');
    const after = await current(cget);
    expect(after.amendments[1]).toEqual(
      expect.objectContaining({
        status: 'WITHDRAWN',
        settledAt: expect.any(String),
        diff: null,
        pendingSignatories: [],
      }),
    );
    expect(after.commitments.find((c) => c.key === 'listening-cells')!.status).toBe('IN_EFFECT');
    expect(after.rules.notice).toEqual({ kind: 'period', period: 'P2M' });
    expect(after.noticeDeadline).toBe('2018-09-16');
    expect(after.upcomingDeadlines.map((d) => d.kind)).not.toContain('AMENDMENT_EFFECTIVE');
    expect(after.allowedActions).toContain('PROPOSE_AMENDMENT');
    expect(after.allowedActions).not.toContain('WITHDRAW_AMENDMENT');
    const events = (await audit(conventionId)).history.edges.map((e) => e.node);
    expect(events.find((e) => e.type === 'AMENDMENT_WITHDRAWN')?.actor).toEqual({
      role: 'REPRESENTATIVE',
      partyId: 'defenseur-des-droits',
    });
  });

  it('lets both owners fulfil the commitment the amendment added', async () => {
    await server.advance(admin, '2017-10-05T10:00:00Z');
    const guide = (await commitment('joint-guide-territorial-discrimination', cget))!;
    expect(guide.allowedActions).toEqual(['MARK_DONE']);
    const mark = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Guide publié",
      evidenceUrl: "https://example.org/guide-quartiers" }) { commitment { status } } }`;
    const old = (await commitment('training-information'))!;
    await refused(conventionId, 'INVALID_TRANSITION', cget, mark, { c: old.id });
    await server.ok(cget, mark, { c: guide.id });
    await server.ok(ddd, mark, { c: guide.id });
    expect((await commitment('joint-guide-territorial-discrimination'))!.status).toBe('FULFILLED');
  });

  it('closes year 2 of the technical committee as violated, the commitment itself still in effect', async () => {
    const fired = await server.advance(admin, '2017-11-20T09:00:00Z');
    expect(fired).toContainEqual({
      kind: 'COMMITMENT_DUE',
      dueOn: '2017-11-17',
      eventType: 'COMMITMENT_DUE_PASSED',
    });
    const technical = (await commitment('technical-committee-meetings'))!;
    expect(technical.status).toBe('IN_EFFECT');
    expect(technical.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'FULFILLED', fulfilmentCount: 2 },
      { index: 2, dueOn: '2017-11-16', status: 'VIOLATED', fulfilmentCount: 1 },
      { index: 3, dueOn: '2018-11-16', status: 'IN_EFFECT', fulfilmentCount: 0 },
    ]);
  });

  it('renews tacitly for three years from 17 November 2018, with no renewal by amendment', async () => {
    await refused(conventionId, 'INVALID_TRANSITION', cget, PROPOSE_RENEWAL, { id: conventionId });
    await refused(conventionId, 'FORBIDDEN', admin, PROPOSE_RENEWAL, { id: conventionId });

    const early = await server.advance(admin, '2018-09-16T12:00:00Z');
    expect(early.map((d) => d.kind)).not.toContain('NOTICE_DEADLINE');
    expect((await current()).status).toBe('ACTIVE');

    const fired = await server.advance(admin, '2018-11-20T09:00:00Z');
    const terms = fired.filter((d) => d.kind === 'NOTICE_DEADLINE' || d.kind === 'TERM_END');
    expect(terms).toEqual([
      { kind: 'NOTICE_DEADLINE', dueOn: '2018-09-17', eventType: 'NOTICE_DEADLINE_PASSED' },
      { kind: 'TERM_END', dueOn: '2018-11-17', eventType: 'TERM_ENDED' },
    ]);
    const renewed = await current(cget);
    expect(renewed.status).toBe('ACTIVE');
    expect(renewed.term).toEqual({ number: 2, startsOn: '2018-11-17', endsOn: '2021-11-16' });
    expect(renewed.noticeDeadline).toBe('2021-09-16');
    expect(renewed.termination).toBeNull();
    // The amended text carries over into the renewed term.
    expect(renewed.commitments.find((c) => c.key === 'training-information.v2')!.status).toBe('IN_EFFECT');
    expect(renewed.commitments.find((c) => c.key === 'training-information')!.status).toBe('WAIVED');
    expect(renewed.allowedActions).not.toContain('PROPOSE_RENEWAL');
    await refused(conventionId, 'INVALID_TRANSITION', ddd, PROPOSE_RENEWAL, { id: conventionId });
  });

  it('verifies its history and shows the commitments as they stood at three past instants', async () => {
    expectSoundHistory(await audit(conventionId));
    const total = await eventCount(conventionId);

    const signedOnly = await at(conventionId, '2017-02-20T12:00:00Z');
    expect(signedOnly.convention.status).toBe('ACTIVE');
    expect(signedOnly.convention.amendments).toEqual([{ id: 'A1', kind: 'CHANGE', status: 'SIGNED' }]);
    expect(signedOnly.convention.commitments.find((c) => c.key === 'training-information')).toEqual({
      key: 'training-information',
      status: 'IN_EFFECT',
      text: expect.not.stringMatching(/semestre/),
      supersedes: null,
      supersededBy: null,
      amendmentId: null,
    });
    expect(signedOnly.convention.commitments.map((c) => c.key)).not.toContain('training-information.v2');
    expect(signedOnly.convention.commitments.map((c) => c.key)).not.toContain(
      'joint-guide-territorial-discrimination',
    );

    const amended = await at(conventionId, '2017-04-01T00:00:00Z');
    expect(amended.version).toBeGreaterThan(signedOnly.version);
    expect(amended.convention.amendments).toEqual([{ id: 'A1', kind: 'CHANGE', status: 'APPLIED' }]);
    const amendedByKey = (key: string) => amended.convention.commitments.find((c) => c.key === key);
    expect(amendedByKey('training-information')).toEqual(
      expect.objectContaining({ status: 'WAIVED', supersededBy: 'training-information.v2' }),
    );
    expect(amendedByKey('training-information.v2')).toEqual({
      key: 'training-information.v2',
      status: 'IN_EFFECT',
      text: NEW_TRAINING_WORDING,
      supersedes: 'training-information',
      supersededBy: null,
      amendmentId: 'A1',
    });
    expect(amendedByKey('joint-guide-territorial-discrimination')).toEqual(
      expect.objectContaining({ status: 'IN_EFFECT', amendmentId: 'A1' }),
    );
    expect(amended.convention.term).toEqual({ number: 1, startsOn: '2015-11-17', endsOn: '2018-11-16' });

    const beforeRenewal = await at(conventionId, '2018-10-01T00:00:00Z');
    expect(beforeRenewal.convention.status).toBe('RENEWED');
    expect(beforeRenewal.convention.term?.number).toBe(1);

    const renewed = await at(conventionId, '2018-12-01T00:00:00Z');
    expect(renewed.version).toBe(total);
    expect(renewed.convention.status).toBe('ACTIVE');
    expect(renewed.convention.term).toEqual({ number: 2, startsOn: '2018-11-17', endsOn: '2021-11-16' });
    expect(renewed.convention.amendments).toEqual([
      { id: 'A1', kind: 'CHANGE', status: 'APPLIED' },
      { id: 'A2', kind: 'CHANGE', status: 'WITHDRAWN' },
    ]);
    const renewedByKey = (key: string) => renewed.convention.commitments.find((c) => c.key === key);
    expect(renewedByKey('joint-guide-territorial-discrimination')?.status).toBe('FULFILLED');
    expect(renewedByKey('training-information.v2')?.status).toBe('IN_EFFECT');
    expect(renewedByKey('listening-cells')?.status).toBe('IN_EFFECT');
  });

  it("counts each party's commitments by status as its pages list them", async () => {
    await expectPartyCountsToMatchPages(server, auditor, ['cget', 'defenseur-des-droits']);
  });
});
