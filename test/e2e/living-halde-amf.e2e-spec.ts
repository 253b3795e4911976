import { ConventioProcess } from '../support/conventio-process';
import { expectPartyCountsToMatchPages } from '../support/commitment-counts';
import { countOf, deadline, MARK, NOTICE, Scenario, SIGN, SUBMIT } from '../support/living-convention';
import { World } from '../support/story';

/**
 * Conventions lived over several years on the manual clock: renewals, evaluations, committee
 * meetings, reopening, amendments, notice and expiry, each checked against the dates the
 * definitions imply, then audited and looked at in the past.
 */

describe('HALDE–AMF (seed 000) over three years: two tacit renewals, yearly evaluations, notice', () => {
  let world: World;
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
    world = await World.start({ CLOCK: 'manual', CLOCK_START: '2010-06-20T08:00:00Z' });
    server = world.server;
    [halde, amf] = await world.tokensOf('halde', 'amf');
    s = new Scenario(world);
    criteria = await world.criteria('halde-amf');
  }, 60_000);

  afterAll(async () => {
    await world?.dispose();
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
    expect(active.noticeDeadline).toBe('2011-03-23');
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
      { kind: 'NOTICE_DEADLINE', dueOn: '2011-03-24' },
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
        dueOn: '2011-03-24',
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
      { kind: 'NOTICE_DEADLINE', dueOn: '2011-03-24' },
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

  it('records the first joint evaluation, then renews tacitly once 23 March 2011 has passed', async () => {
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
    expect(await server.advance(s.admin, '2011-03-23T21:30:00Z')).toEqual([]);
    expect((await s.convention()).noticeDeadline).toBe('2011-03-23');

    const fired = await server.advance(s.admin, '2011-03-24T09:00:00Z');
    expect(fired).toEqual([
      { kind: 'NOTICE_DEADLINE', dueOn: '2011-03-24', eventType: 'NOTICE_DEADLINE_PASSED' },
    ]);
    const renewed = await s.convention();
    expect(renewed.status).toBe('RENEWED');
    expect(renewed.term).toEqual({ number: 1, startsOn: '2010-06-24', endsOn: '2011-06-23' });
    expect(renewed.noticeDeadline).toBeNull();
    expect(renewed.upcomingDeadlines.map(deadline)).toEqual([{ kind: 'TERM_END', dueOn: '2011-06-24' }]);
  });

  it('starts term 2 on 24 June 2011, with a notice deadline of 23 March 2012', async () => {
    const fired = await server.advance(s.admin, '2011-06-24T09:00:00Z');
    expect(fired.map(deadline)).toEqual([{ kind: 'TERM_END', dueOn: '2011-06-24' }]);
    const second = await s.convention();
    expect(second.status).toBe('ACTIVE');
    expect(second.term).toEqual({ number: 2, startsOn: '2011-06-24', endsOn: '2012-06-23' });
    expect(second.noticeDeadline).toBe('2012-03-23');
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

  it('renews again on 24 March 2012 while the second evaluation is still owed by the HALDE', async () => {
    const fired = await server.advance(s.admin, '2012-03-24T09:00:00Z');
    expect(fired.map(deadline)).toEqual([{ kind: 'NOTICE_DEADLINE', dueOn: '2012-03-24' }]);
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
    expect(third.noticeDeadline).toBe('2013-03-23');
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
      { kind: 'NOTICE_DEADLINE', dueOn: '2013-03-24' },
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
      terminationEffectiveOn: '2013-05-02',
    });
    await s.refused(
      'INVALID_TRANSITION',
      () => server.graphql(halde, NOTICE, reason),
      () => server.graphql(amf, NOTICE, reason),
    );

    expect((await s.deadlines({ party: 'amf' })).map(deadline)).toEqual([
      { kind: 'TERMINATION', dueOn: '2013-05-02' },
      { kind: 'TERM_END', dueOn: '2013-06-24' },
    ]);
    const noticed = await s.convention();
    expect(noticed.terminationEffectiveOn).toBe('2013-05-02');
    expect(noticed.upcomingDeadlines.map(deadline)).toEqual([
      { kind: 'TERMINATION', dueOn: '2013-05-02' },
      { kind: 'TERM_END', dueOn: '2013-06-24' },
    ]);
  });

  it('terminates on 2 May 2013, the three months of notice ending on 1 May, closing the open commitments and every deadline', async () => {
    await server.advance(s.admin, '2013-05-01T20:00:00Z');
    expect((await s.convention()).status).toBe('EVALUATED');

    const fired = await server.advance(s.admin, '2013-05-02T00:00:00+02:00');
    expect(fired).toEqual([
      { kind: 'TERMINATION', dueOn: '2013-05-02', eventType: 'TERMINATION_TOOK_EFFECT' },
    ]);
    const ended = await s.convention(amf);
    expect(ended.status).toBe('TERMINATED');
    expect(ended.termination).toEqual({ on: '2013-05-02', cause: 'NOTICE' });
    expect(ended.terminationEffectiveOn).toBe('2013-05-02');
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
      noticeDeadline: '2011-03-23',
    });
    expect(await summary('2011-05-01T12:00:00Z')).toEqual({
      status: 'RENEWED',
      term: 1,
      noticeDeadline: null,
    });
    expect(await summary('2012-01-01T12:00:00Z')).toEqual({
      status: 'ACTIVE',
      term: 2,
      noticeDeadline: '2012-03-23',
    });
    expect(await summary('2012-10-01T12:00:00Z')).toEqual({
      status: 'ACTIVE',
      term: 3,
      noticeDeadline: '2013-03-23',
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
    expect([noticed.status, noticed.terminationEffectiveOn]).toEqual(['EVALUATED', '2013-05-02']);
    const ended = await s.at('2013-06-01T12:00:00Z');
    expect([ended.status, ended.termination]).toEqual(['TERMINATED', { on: '2013-05-02', cause: 'NOTICE' }]);
  });

  it("counts each party's commitments by status as its pages list them", async () => {
    await expectPartyCountsToMatchPages(server, s.auditor, ['halde', 'amf']);
  });
});
