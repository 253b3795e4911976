import { ConventioProcess, errorCode } from '../support/conventio-process';
import { expectPartyCountsToMatchPages } from '../support/commitment-counts';
import {
  countOf,
  deadline,
  MARK,
  NOTICE,
  RECORD_MEETING,
  REOPEN,
  Scenario,
  SIGN,
  SUBMIT,
} from '../support/living-convention';
import { World } from '../support/story';

/**
 * Conventions lived over several years on the manual clock: renewals, evaluations, committee
 * meetings, reopening, amendments, notice and expiry, each checked against the dates the
 * definitions imply, then audited and looked at in the past.
 */

describe('Région Île-de-France–Acsé (seed 001) over three years: committees, reopening, expiry', () => {
  let world: World;
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
    world = await World.start({ CLOCK: 'manual', CLOCK_START: '2008-07-01T08:00:00Z' });
    server = world.server;
    // The Acsé signs twice: its director general and the prefect each have a token of their own.
    [region, acseDirector, prefet, outsider] = await Promise.all([
      world.tokenOf('region-idf'),
      world.tokenOf('acse'),
      server.token('representative', 'Daniel Canepa', 'acse'),
      world.tokenOf('halde'),
    ]);
    s = new Scenario(world);
    criteria = await world.criteria('region-idf-acse');
  }, 60_000);

  afterAll(async () => {
    await world?.dispose();
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
