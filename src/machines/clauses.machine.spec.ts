import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { SYSTEM_ACTOR } from './actor';
import { startOfDay } from './calendar';
import { allowedActions } from './convention.engine';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { RulesVersion } from './rules-version';
import { admin, ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Clauses found in partnership conventions beyond the five seeds, one small definition each
 * (`test/fixtures/definitions/`): notice in a window before the anniversary, a calendar
 * deadline each year, a deadline counted from the end, an effective date before signature, a
 * term ending at a date or on delivery, breach after a formal notice, force majeure, a
 * commitment surviving the end, three parties, and no renewal at all.
 */
const fixtures = loadDefinitions(join(__dirname, '../../test/fixtures/definitions')).map(
  (loaded) => loaded.definition,
);

function fixture(id: string): ConventionDefinition {
  const found = fixtures.find((definition) => definition.id === id);
  if (!found) throw new Error(`${id} is not among the fixtures`);
  return found;
}

const PARIS = 'Europe/Paris';
const a = representative('association-a');
const b = representative('association-b');
const c = representative('association-c');

function notice(reason = 'fin du partenariat') {
  return { type: 'NOTICE_GIVEN' as const, reason };
}

function formalNotice(commitmentId: string) {
  return { type: 'FORMAL_NOTICE_SERVED' as const, commitmentId, reason: 'mise en demeure' };
}

function suspend(reason = 'inondation des locaux') {
  return { type: 'CONVENTION_SUSPENDED' as const, reason };
}

const resume = { type: 'CONVENTION_RESUMED' as const };

/** Signed by every signatory on `day` and in force that day (under the current rules, or `version`). */
function inForceOn(
  definition: ConventionDefinition,
  day: string,
  version?: RulesVersion,
): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay(day, PARIS), null, version).signAll(at(day));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

function plan(scenario: ConventionScenario) {
  return plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);
}

/** Sends every planned deadline due on or before `until`, in plan order, as the scheduler would. */
function runSchedulerUntil(scenario: ConventionScenario, until: string): string[] {
  const sent: string[] = [];
  for (let step = 0; step < 200; step += 1) {
    const next = plannedDeadlines(scenario.definition, scenario.snapshot)[0];
    if (!next || next.dueOn > until) return sent;
    const refusal = scenario.tick(next.eventType, next.dueOn, next.payload);
    if (refusal) throw new Error(`the scheduler's ${next.key} was refused: ${refusal.message}`);
    sent.push(`${next.kind}${next.subject ? ` ${next.subject}` : ''} ${next.dueOn}`);
  }
  throw new Error('the plan never settles');
}

describe('(a) notice only in the three months before the anniversary', () => {
  const definition = fixture('clause-notice-anniversary-window');
  /** In force on 15 January 2020 for three years: anniversaries on 15 January 2021 and 2022. */
  const inForce = () => inForceOn(definition, '2020-01-15');

  it('refuses a notice given before the window opens (INVALID_TRANSITION)', () => {
    const scenario = inForce();

    expect(scenario.send(notice(), a, at('2020-06-01'))?.code).toBe('INVALID_TRANSITION');
    expect(scenario.send(notice(), a, at('2020-10-14'))?.code).toBe('INVALID_TRANSITION');
    expect(scenario.view.notice).toBeNull();
  });

  it('takes a notice on the first day of the window, effective at that anniversary', () => {
    const scenario = inForce().accept(notice(), b, at('2020-10-15'));

    expect(scenario.view.notice).toMatchObject({
      partyId: 'association-b',
      givenOn: '2020-10-15',
      effectiveOn: '2021-01-15',
    });
    expect(plan(scenario)).toContainEqual(['TERMINATION', null, '2021-01-15']);
  });

  it('ends the convention at that anniversary (TERMINATED, NOTICE), not before', () => {
    const scenario = inForce().accept(notice(), a, at('2021-01-14'));

    expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2021-01-14')?.code).toBe('INVALID_TRANSITION');
    expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2021-01-15')).toBeNull();

    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ on: '2021-01-15', cause: 'NOTICE' });
  });

  it('refuses a notice on the anniversary itself: the next window opens three months before the next one', () => {
    const scenario = inForce();

    expect(scenario.send(notice(), a, at('2021-01-15'))?.code).toBe('INVALID_TRANSITION');
    expect(scenario.send(notice(), a, at('2021-10-14'))?.code).toBe('INVALID_TRANSITION');
    scenario.accept(notice(), a, at('2021-10-15'));

    expect(scenario.view.notice?.effectiveOn).toBe('2022-01-15');
  });

  it('offers GIVE_NOTICE only inside the window', () => {
    const scenario = inForce();

    expect(allowedActions(definition, scenario.snapshot, a, at('2020-07-01')).convention).not.toContain(
      'GIVE_NOTICE',
    );
    expect(allowedActions(definition, scenario.snapshot, a, at('2020-11-01')).convention).toContain(
      'GIVE_NOTICE',
    );
  });
});

describe('(b) a calendar deadline each year: « avant le 30 avril de chaque année »', () => {
  const definition = fixture('clause-due-each-year');
  const inForce = () => inForceOn(definition, '2020-01-15');
  const report = (scenario: ConventionScenario) => scenario.commitment('annual-activity-report');

  it('makes the first occurrence run from the start to the next 30 April', () => {
    const scenario = inForce();

    expect(report(scenario).occurrences).toEqual([
      { index: 1, startsOn: '2020-01-15', dueOn: '2020-04-30', status: 'IN_EFFECT', fulfilments: [] },
    ]);
    expect(report(scenario).dueOn).toBe('2020-04-30');
    expect(plan(scenario)).toContainEqual(['COMMITMENT_DUE', 'annual-activity-report', '2020-05-01']);
  });

  it('leaves a missed 30 April VIOLATED, and opens the year to the next 30 April', () => {
    const scenario = inForce();

    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2020-04-30', { commitmentId: 'annual-activity-report' })?.code,
    ).toBe('INVALID_TRANSITION');
    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2020-05-01', { commitmentId: 'annual-activity-report' }),
    ).toBeNull();

    expect(report(scenario).occurrences.map((o) => [o.index, o.startsOn, o.dueOn, o.status])).toEqual([
      [1, '2020-01-15', '2020-04-30', 'VIOLATED'],
      [2, '2020-05-01', '2021-04-30', 'IN_EFFECT'],
    ]);
  });

  it('fulfils the year with a report sent before its 30 April', () => {
    const scenario = inForce().accept(confirm('annual-activity-report'), b, at('2020-04-29'));
    scenario.tick('COMMITMENT_DUE_PASSED', '2020-05-01', { commitmentId: 'annual-activity-report' });

    expect(report(scenario).occurrences.map((o) => o.status)).toEqual(['FULFILLED', 'IN_EFFECT']);
  });

  it('falls due each 30 April of the term, and the last open year is TERMINATED at expiry', () => {
    const scenario = inForce();
    runSchedulerUntil(scenario, '2020-05-01');
    scenario.accept(confirm('annual-activity-report'), b, at('2021-03-01'));

    runSchedulerUntil(scenario, '2023-01-15');

    expect(scenario.view.termination).toMatchObject({ on: '2023-01-15', cause: 'EXPIRY' });
    expect(report(scenario).occurrences.map((o) => [o.dueOn, o.status])).toEqual([
      ['2020-04-30', 'VIOLATED'],
      ['2021-04-30', 'FULFILLED'],
      ['2022-04-30', 'VIOLATED'],
      ['2023-04-30', 'TERMINATED'],
    ]);
  });

  it('owes the first report on the next 30 April when the convention starts after 30 April', () => {
    const scenario = inForceOn(definition, '2020-06-10');

    expect(report(scenario).occurrences[0]).toMatchObject({ startsOn: '2020-06-10', dueOn: '2021-04-30' });
  });
});

describe('(c) a deadline counted from the end: « dans les quatre mois suivant l’échéance »', () => {
  const definition = fixture('clause-due-from-end');
  /** One year from 15 January 2020: it expires on 15 January 2021. */
  const inForce = () => inForceOn(definition, '2020-01-15');
  const finalReport = (scenario: ConventionScenario) => scenario.commitment('final-report');

  it('is SCHEDULED while the convention is in force, and cannot be marked done (INVALID_TRANSITION)', () => {
    const scenario = inForce();

    expect(finalReport(scenario)).toMatchObject({ status: 'SCHEDULED', startedOn: null, dueOn: null });
    expect(scenario.send(confirm('final-report'), a, at('2020-12-01'))?.code).toBe('INVALID_TRANSITION');
    expect(plan(scenario).filter(([, subject]) => subject === 'final-report')).toEqual([]);
  });

  it('comes IN_EFFECT when the convention expires, due four months after its last day: 14 January → 14 May 2021', () => {
    const scenario = inForce();

    expect(scenario.tick('TERM_ENDED', '2021-01-15')).toBeNull();

    expect(scenario.view.status).toBe('TERMINATED');
    expect(finalReport(scenario)).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2021-01-15',
      dueOn: '2021-05-14',
    });
    expect(scenario.commitment('contact-person').status).toBe('TERMINATED');
    expect(plan(scenario)).toEqual([['COMMITMENT_DUE', 'final-report', '2021-05-15']]);
  });

  it('under rules v2, was due a day late: from the day after the end, 15 January → 15 May 2021', () => {
    const scenario = inForceOn(definition, '2020-01-15', 2);
    scenario.tick('TERM_ENDED', '2021-01-15');

    expect(finalReport(scenario)).toMatchObject({ startedOn: '2021-01-15', dueOn: '2021-05-15' });
  });

  it('counts from the last day of a notice period: notice on 1 June, in force until 1 August, due 1 December', () => {
    const scenario = inForce().accept(notice(), b, at('2020-06-01'));
    expect(scenario.view.notice?.effectiveOn).toBe('2020-08-02');

    scenario.tick('TERMINATION_TOOK_EFFECT', '2020-08-02');

    expect(finalReport(scenario)).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2020-08-02',
      dueOn: '2020-12-01',
    });
  });

  it('counts from the day of a completion: the convention ends that day, its last day in force', () => {
    const completing: ConventionDefinition = {
      ...definition,
      id: 'clause-due-from-end-completed',
      term: { kind: 'fixed', duration: 'P1Y', endsWhenFulfilled: ['contact-person'] },
    };
    const scenario = inForceOn(completing, '2020-01-15')
      .accept(confirm('contact-person'), a, at('2020-03-10'))
      .accept(confirm('contact-person'), b, at('2020-03-10'));

    expect(scenario.view.termination).toMatchObject({ on: '2020-03-10', cause: 'COMPLETION' });
    expect(finalReport(scenario)).toMatchObject({ startedOn: '2020-03-10', dueOn: '2020-07-10' });
  });

  it('can be fulfilled after the end, once every owner has confirmed (FULFILLED)', () => {
    const scenario = inForce();
    scenario.tick('TERM_ENDED', '2021-01-15');

    scenario.accept(confirm('final-report'), a, at('2021-03-01'));
    expect(finalReport(scenario).status).toBe('IN_EFFECT');
    scenario.accept(confirm('final-report'), b, at('2021-03-02'));

    expect(finalReport(scenario)).toMatchObject({ status: 'FULFILLED', fulfilledAt: at('2021-03-02') });
    expect(plan(scenario)).toEqual([]);
    expect(scenario.view.status).toBe('TERMINATED');
  });

  it('is VIOLATED once the four months have passed without it', () => {
    const scenario = inForce();
    scenario.tick('TERM_ENDED', '2021-01-15');

    expect(scenario.tick('COMMITMENT_DUE_PASSED', '2021-05-14', { commitmentId: 'final-report' })?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(scenario.tick('COMMITMENT_DUE_PASSED', '2021-05-15', { commitmentId: 'final-report' })).toBeNull();

    expect(finalReport(scenario).status).toBe('VIOLATED');
    expect(scenario.send(confirm('final-report'), a, at('2021-05-20'))?.code).toBe('INVALID_TRANSITION');
  });
});

describe('(d) an effective date agreed before the signatures', () => {
  const definition = fixture('clause-agreed-effective-date');
  /** « prend effet au 1er janvier 2020 », signed on 10 February 2020. */
  const signed = () =>
    new ConventionScenario(definition, at('2019-12-01'), '2020-01-01').signAll(at('2020-02-10'));

  it('takes the agreed date as effective date, not the day of the last signature', () => {
    const scenario = signed();

    expect(scenario.view.status).toBe('SIGNED');
    expect(scenario.view.effectiveOn).toBe('2020-01-01');
    expect(plan(scenario)).toEqual([['EFFECTIVE_DATE', null, '2020-01-01']]);
  });

  it('starts the term on the agreed date once in force: 1 January to 31 December 2020', () => {
    const scenario = signed();

    expect(
      scenario.send({ type: 'EFFECTIVE_DATE_REACHED' }, SYSTEM_ACTOR, at('2020-02-10', '10:05')),
    ).toBeNull();

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2020-01-01', endsOn: '2020-12-31' });
    // Rules v3: three months' notice given by 30 September end by 31 December (v2: 1 October).
    expect(scenario.view.noticeDeadline).toBe('2020-09-30');
  });

  it('counts commitments from the agreed date too', () => {
    const scenario = signed();
    scenario.send({ type: 'EFFECTIVE_DATE_REACHED' }, SYSTEM_ACTOR, at('2020-02-10', '10:05'));

    expect(scenario.commitment('joint-guide')).toMatchObject({
      startedOn: '2020-01-01',
      dueOn: '2020-07-01',
    });
    expect(scenario.commitment('quarterly-exchange').occurrences[0]).toMatchObject({
      startsOn: '2020-01-01',
      dueOn: '2020-03-31',
    });
  });
});

describe('(e) a term ending on 30 June 2021 or on delivery, whichever comes first', () => {
  const definition = fixture('clause-until-or-deliverables');
  const inForce = () => inForceOn(definition, '2020-01-15');

  it('runs from the start to the fixed date, with no renewal', () => {
    const scenario = inForce();

    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2020-01-15', endsOn: '2021-06-30' });
    expect(scenario.view.noticeDeadline).toBeNull();
    expect(plan(scenario)).toContainEqual(['TERM_END', null, '2021-07-01']);
  });

  it('is not ended by one deliverable alone', () => {
    const scenario = inForce().accept(confirm('final-report'), b, at('2020-09-01'));

    expect(scenario.commitment('final-report').status).toBe('FULFILLED');
    expect(scenario.view.status).toBe('ACTIVE');
  });

  it('ends by COMPLETION on the day the last deliverable is fulfilled', () => {
    const scenario = inForce()
      .accept(confirm('final-report'), b, at('2020-09-01'))
      .accept(confirm('toolkit'), a, at('2020-11-01'));
    expect(scenario.view.status).toBe('ACTIVE');

    scenario.accept(confirm('toolkit'), b, at('2020-11-02'));

    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ on: '2020-11-02', cause: 'COMPLETION' });
    expect(scenario.view.commitments.map((m) => [m.id, m.status])).toEqual([
      ['final-report', 'FULFILLED'],
      ['toolkit', 'FULFILLED'],
      ['contact-person', 'TERMINATED'],
    ]);
  });

  it('ends by COMPLETION whichever deliverable comes last', () => {
    const scenario = inForce()
      .accept(confirm('toolkit'), a, at('2020-09-01'))
      .accept(confirm('toolkit'), b, at('2020-09-02'))
      .accept(confirm('final-report'), b, at('2020-12-01'));

    expect(scenario.view.termination).toMatchObject({ on: '2020-12-01', cause: 'COMPLETION' });
  });

  it('ends by EXPIRY the day after the fixed date when a deliverable is still missing', () => {
    const scenario = inForce().accept(confirm('final-report'), b, at('2020-09-01'));

    expect(scenario.tick('TERM_ENDED', '2021-06-30')?.code).toBe('INVALID_TRANSITION');
    expect(scenario.tick('TERM_ENDED', '2021-07-01')).toBeNull();

    expect(scenario.view.termination).toMatchObject({ on: '2021-07-01', cause: 'EXPIRY' });
    expect(scenario.commitment('toolkit').status).toBe('TERMINATED');
  });
});

describe('(f) termination for breach after a formal notice and one month to cure', () => {
  const definition = fixture('clause-breach-cure');
  /** In force on 15 January 2020; B's training sessions are due on 15 April 2020 and missed. */
  function violated(): ConventionScenario {
    const scenario = inForceOn(definition, '2020-01-15');
    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2020-04-16', { commitmentId: 'training-sessions' }),
    ).toBeNull();
    expect(scenario.commitment('training-sessions').status).toBe('VIOLATED');
    return scenario;
  }
  function served(): ConventionScenario {
    return violated().accept(formalNotice('training-sessions'), a, at('2020-04-20'));
  }

  it('lets the creditor party serve a formal notice on the VIOLATED commitment: OPEN, to cure by a month later', () => {
    const scenario = served();

    expect(scenario.view.formalNotices).toEqual([
      {
        commitmentId: 'training-sessions',
        servedBy: 'association-a',
        servedAt: at('2020-04-20'),
        servedOn: '2020-04-20',
        reason: 'mise en demeure',
        cureBy: '2020-05-20',
        status: 'OPEN',
      },
    ]);
    expect(scenario.commitment('training-sessions')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2020-05-20',
    });
    expect(plan(scenario)).toContainEqual(['CURE_PERIOD_END', 'training-sessions', '2020-05-21']);
  });

  it('refuses a formal notice served by the debtor on itself (FORBIDDEN)', () => {
    const scenario = violated();

    const refusal = scenario.send(formalNotice('training-sessions'), b, at('2020-04-20'));

    expect(refusal).toMatchObject({
      code: 'FORBIDDEN',
      message: 'a representative of association-b may not serve a formal notice on this commitment',
    });
    expect(scenario.view.formalNotices).toEqual([]);
  });

  it('refuses a formal notice on a commitment that is not in breach (INVALID_TRANSITION)', () => {
    const scenario = inForceOn(definition, '2020-01-15');

    expect(scenario.send(formalNotice('training-sessions'), a, at('2020-03-01'))?.code).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('refuses a second formal notice while the first is open (INVALID_TRANSITION)', () => {
    const scenario = served();

    scenario.tick('COMMITMENT_DUE_PASSED', '2020-05-21', { commitmentId: 'training-sessions' });

    expect(scenario.send(formalNotice('training-sessions'), a, at('2020-05-21', '08:00'))?.code).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('keeps the convention going when cured within the period: the notice is CURED', () => {
    const scenario = served().accept(confirm('training-sessions'), b, at('2020-05-10'));

    expect(
      scenario.tick('CURE_PERIOD_ENDED', '2020-05-20', { commitmentId: 'training-sessions' })?.code,
    ).toBe('INVALID_TRANSITION');
    runSchedulerUntil(scenario, '2020-05-21');

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.termination).toBeNull();
    expect(scenario.view.formalNotices[0]?.status).toBe('CURED');
    expect(scenario.commitment('training-sessions').status).toBe('FULFILLED');
  });

  it('terminates for BREACH when the period ends uncured: the notice is UNCURED', () => {
    const scenario = served();

    const sent = runSchedulerUntil(scenario, '2020-05-21');

    expect(sent).toEqual([
      'COMMITMENT_DUE training-sessions 2020-05-21',
      'CURE_PERIOD_END training-sessions 2020-05-21',
    ]);
    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ on: '2020-05-21', cause: 'BREACH' });
    expect(scenario.view.formalNotices[0]?.status).toBe('UNCURED');
    expect(scenario.commitment('training-sessions').status).toBe('VIOLATED');
    expect(scenario.commitment('contact-person').status).toBe('TERMINATED');
  });

  it('gives a joint commitment no creditor among its owners (FORBIDDEN for both)', () => {
    const scenario = inForceOn(definition, '2020-01-15');

    expect(scenario.send(formalNotice('contact-person'), a, at('2020-03-01'))?.code).toBe('FORBIDDEN');
    expect(scenario.send(formalNotice('contact-person'), b, at('2020-03-01'))?.code).toBe('FORBIDDEN');
  });

  it('is not available to a convention without a breach clause (INVALID_TRANSITION)', () => {
    const scenario = inForceOn(fixture('clause-due-each-year'), '2020-01-15');
    scenario.tick('COMMITMENT_DUE_PASSED', '2020-05-01', { commitmentId: 'annual-activity-report' });

    expect(scenario.send(formalNotice('annual-activity-report'), a, at('2020-05-05'))?.code).toBe(
      'INVALID_TRANSITION',
    );
  });
});

describe('(g) suspension for force majeure, six months at most', () => {
  const definition = fixture('clause-force-majeure');
  /**
   * In force on 15 January 2020 for a year, renewed tacitly unless notice is given by
   * 15 November 2020; the joint guide is due on 15 July 2020, the first quarter ends on 14 April.
   */
  const inForce = () => inForceOn(definition, '2020-01-15');
  const evaluation = {
    type: 'EVALUATION_SUBMITTED' as const,
    assessments: [{ criterion: 'impact', rating: 'MET' as const, comment: null }],
    summary: null,
  };

  it('is SUSPENDED by a party, with the day it began and the day it would reach its limit', () => {
    const scenario = inForce().accept(suspend(), a, at('2020-03-01'));

    expect(scenario.view.status).toBe('SUSPENDED');
    expect(scenario.view.suspension).toEqual({
      partyId: 'association-a',
      since: '2020-03-01',
      reason: 'inondation des locaux',
      limitOn: '2020-09-01',
      resumeTo: 'active',
    });
    expect(scenario.view.commitments.map((m) => [m.id, m.status, m.suspended])).toEqual([
      ['joint-guide', 'IN_EFFECT', true],
      ['quarterly-exchange', 'IN_EFFECT', true],
    ]);
  });

  it('pauses the commitments: they cannot be marked done, and nothing of theirs falls due', () => {
    const scenario = inForce().accept(suspend(), a, at('2020-03-01'));

    expect(scenario.send(confirm('joint-guide'), a, at('2020-03-10'))?.code).toBe('INVALID_TRANSITION');
    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2020-04-15', { commitmentId: 'quarterly-exchange' })?.code,
    ).toBe('INVALID_TRANSITION');
    expect(plan(scenario)).toEqual([
      // Rules v2: 1 September is the last day allowed; the limit is reached the day after.
      ['SUSPENSION_LIMIT', null, '2020-09-02'],
      // Rules v3: two months' notice given by 14 November end with the term on 14 January.
      ['NOTICE_DEADLINE', null, '2020-11-15'],
      ['TERM_END', null, '2021-01-15'],
    ]);
  });

  it('returns to ACTIVE on resumption, due dates moved by the 31 days suspended', () => {
    const scenario = inForce().accept(suspend(), a, at('2020-03-01')).accept(resume, b, at('2020-04-01'));

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.suspension).toBeNull();
    expect(scenario.commitment('joint-guide')).toMatchObject({
      status: 'IN_EFFECT',
      suspended: false,
      dueOn: '2020-08-15',
    });
    expect(scenario.commitment('quarterly-exchange').occurrences[0]).toMatchObject({
      startsOn: '2020-01-15',
      dueOn: '2020-05-15',
    });
    scenario.accept(confirm('joint-guide'), a, at('2020-04-02'));
    expect(scenario.commitment('joint-guide').confirmations.map((m) => m.partyId)).toEqual(['association-a']);
  });

  it('leaves fulfilled commitments as they were', () => {
    const scenario = inForce()
      .accept(confirm('joint-guide'), a, at('2020-02-01'))
      .accept(confirm('joint-guide'), b, at('2020-02-01'))
      .accept(suspend(), a, at('2020-03-01'))
      .accept(resume, a, at('2020-04-01'));

    expect(scenario.commitment('joint-guide')).toMatchObject({ status: 'FULFILLED', dueOn: '2020-07-15' });
  });

  it('returns to EVALUATED when suspended after the evaluation was recorded', () => {
    const scenario = inForce()
      .accept(evaluation, a, at('2020-02-01'))
      .accept(evaluation, b, at('2020-02-01'));
    expect(scenario.view.status).toBe('EVALUATED');

    scenario.accept(suspend(), b, at('2020-03-01')).accept(resume, b, at('2020-03-15'));

    expect(scenario.view.status).toBe('EVALUATED');
  });

  it('returns to RENEWED when suspended after the renewal was decided', () => {
    const scenario = inForce();
    scenario.tick('NOTICE_DEADLINE_PASSED', '2020-11-16');
    expect(scenario.view.status).toBe('RENEWED');

    scenario.accept(suspend(), a, at('2020-12-01')).accept(resume, a, at('2020-12-10'));

    expect(scenario.view.status).toBe('RENEWED');
  });

  it('keeps the term running: a renewed convention suspended over its term end enters term 2, still SUSPENDED', () => {
    const scenario = inForce();
    scenario.tick('NOTICE_DEADLINE_PASSED', '2020-11-16');
    scenario.accept(suspend(), a, at('2020-12-01'));

    expect(scenario.tick('TERM_ENDED', '2021-01-15')).toBeNull();

    expect(scenario.view.status).toBe('SUSPENDED');
    expect(scenario.view.term).toEqual({ number: 2, startsOn: '2021-01-15', endsOn: '2022-01-14' });
    scenario.accept(resume, a, at('2021-02-01'));
    expect(scenario.view.status).toBe('ACTIVE');
  });

  it('renews tacitly when the notice deadline passes during a suspension with no notice given', () => {
    const scenario = inForce().accept(suspend(), a, at('2020-10-01'));

    runSchedulerUntil(scenario, '2021-01-15');

    expect(scenario.view.status).toBe('SUSPENDED');
    expect(scenario.view.termination).toBeNull();
    expect(scenario.view.term?.number).toBe(2);
  });

  it('expires at its term end during a suspension when notice was given in time (TERMINATED, EXPIRY)', () => {
    const scenario = inForce().accept(notice(), b, at('2020-11-01')).accept(suspend(), a, at('2020-12-01'));

    expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2020-11-16')?.code).toBe('INVALID_TRANSITION');
    runSchedulerUntil(scenario, '2021-01-15');

    // Rules v3: two months from 1 November end on 1 January; the convention ends the day after.
    expect(scenario.view.termination).toMatchObject({ on: '2021-01-02', cause: 'NOTICE' });
  });

  it('renews by an amendment signed during the suspension, then enters the next term', () => {
    const byAmendment: ConventionDefinition = {
      ...definition,
      id: 'clause-force-majeure-renewed-by-amendment',
      renewal: { kind: 'amendment', term: 'P1Y' },
    };
    const scenario = inForceOn(byAmendment, '2020-01-15')
      .accept(
        {
          type: 'AMENDMENT_PROPOSED',
          amendmentId: 'A1',
          kind: 'RENEWAL',
          changes: {},
          effectiveOn: null,
          summary: 'renouvellement',
        },
        a,
        at('2020-11-01'),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-a-president' },
        a,
        at('2020-11-02'),
      )
      .accept(suspend(), a, at('2020-12-01'))
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-b-presidente' },
        b,
        at('2020-12-02'),
      );

    expect(scenario.view.suspension?.resumeTo).toBe('renewed');
    scenario.tick('TERM_ENDED', '2021-01-15');
    scenario.accept(resume, a, at('2021-02-01'));

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.term?.number).toBe(2);
  });

  it('terminates the convention when the suspension goes past its limit (TERMINATED, FORCE_MAJEURE)', () => {
    const scenario = inForce().accept(suspend(), a, at('2020-03-01'));

    // Rules v2: the limit day (1 September) is the last one allowed, included.
    expect(scenario.tick('SUSPENSION_LIMIT_REACHED', '2020-09-01')?.code).toBe('INVALID_TRANSITION');
    expect(scenario.tick('SUSPENSION_LIMIT_REACHED', '2020-09-02')).toBeNull();

    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ on: '2020-09-02', cause: 'FORCE_MAJEURE' });
    expect(scenario.view.commitments.map((m) => m.status)).toEqual(['TERMINATED', 'TERMINATED']);
  });

  it('under rules v1, terminates on the limit day itself (kept for conventions created under v1)', () => {
    const scenario = inForceOn(definition, '2020-01-15', 1).accept(suspend(), a, at('2020-03-01'));

    expect(plan(scenario)[0]).toEqual(['SUSPENSION_LIMIT', null, '2020-09-01']);
    expect(scenario.tick('SUSPENSION_LIMIT_REACHED', '2020-08-31')?.code).toBe('INVALID_TRANSITION');
    expect(scenario.tick('SUSPENSION_LIMIT_REACHED', '2020-09-01')).toBeNull();

    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ on: '2020-09-01', cause: 'FORCE_MAJEURE' });
  });

  it('leaves the limit to the scheduler (FORBIDDEN) and suspension to the parties (FORBIDDEN)', () => {
    const scenario = inForce();

    expect(scenario.send(suspend(), admin, at('2020-03-01'))?.code).toBe('FORBIDDEN');
    scenario.accept(suspend(), a, at('2020-03-01'));
    expect(
      scenario.send({ type: 'SUSPENSION_LIMIT_REACHED' }, a, startOfDay('2020-09-01', PARIS))?.code,
    ).toBe('FORBIDDEN');
    expect(scenario.send(resume, admin, at('2020-04-01'))?.code).toBe('FORBIDDEN');
  });

  it('refuses a second suspension, and a resumption of a convention that is not suspended (INVALID_TRANSITION)', () => {
    const scenario = inForce();

    expect(scenario.send(resume, a, at('2020-02-01'))?.code).toBe('INVALID_TRANSITION');
    scenario.accept(suspend(), a, at('2020-03-01'));
    expect(scenario.send(suspend(), b, at('2020-03-02'))?.code).toBe('INVALID_TRANSITION');
  });

  it('is not available to a convention without a force majeure clause (INVALID_TRANSITION)', () => {
    const scenario = inForceOn(fixture('clause-no-renewal'), '2020-01-15');

    expect(scenario.send(suspend(), a, at('2020-03-01'))?.code).toBe('INVALID_TRANSITION');
  });
});

describe('(h) confidentiality surviving five years after the end', () => {
  const definition = fixture('clause-survival');
  /** One year from 15 January 2020: it expires on 15 January 2021. */
  function expired(): ConventionScenario {
    const scenario = inForceOn(definition, '2020-01-15');
    expect(scenario.tick('TERM_ENDED', '2021-01-15')).toBeNull();
    return scenario;
  }

  it('stays IN_EFFECT after the convention ends, until 14 January 2026', () => {
    const scenario = expired();

    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.commitment('confidentiality')).toMatchObject({
      status: 'IN_EFFECT',
      survivesUntil: '2026-01-14',
      endedAt: null,
    });
    expect(scenario.commitment('contact-person').status).toBe('TERMINATED');
    expect(plan(scenario)).toEqual([['SURVIVAL_END', 'confidentiality', '2026-01-15']]);
  });

  it('is FULFILLED when its survival ends (SURVIVAL_ENDED), not before', () => {
    const scenario = expired();

    expect(scenario.tick('SURVIVAL_ENDED', '2026-01-14', { commitmentId: 'confidentiality' })?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(scenario.tick('SURVIVAL_ENDED', '2026-01-15', { commitmentId: 'confidentiality' })).toBeNull();

    expect(scenario.commitment('confidentiality')).toMatchObject({
      status: 'FULFILLED',
      endedAt: startOfDay('2026-01-15', PARIS),
    });
    expect(plan(scenario)).toEqual([]);
  });

  it('counts its survival from the last day in force before a termination by notice: 1 July 2020 + 5 years', () => {
    const scenario = inForceOn(definition, '2020-01-15').accept(notice(), a, at('2020-05-01'));
    expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2020-07-01')?.code).toBe('INVALID_TRANSITION');
    expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2020-07-02')).toBeNull();

    expect(scenario.commitment('confidentiality').survivesUntil).toBe('2025-07-01');
  });

  it('under rules v2, counted a day short: notice effective on 1 July, surviving until 30 June 2025', () => {
    const scenario = inForceOn(definition, '2020-01-15', 2).accept(notice(), a, at('2020-05-01'));
    scenario.tick('TERMINATION_TOOK_EFFECT', '2020-07-01');

    expect(scenario.commitment('confidentiality').survivesUntil).toBe('2025-06-30');
  });

  it('leaves the end of survival to the scheduler (FORBIDDEN)', () => {
    const refusal = expired().send(
      { type: 'SURVIVAL_ENDED', commitmentId: 'confidentiality' },
      a,
      startOfDay('2026-01-15', PARIS),
    );

    expect(refusal?.code).toBe('FORBIDDEN');
  });
});

describe('(i) three parties, one signing through two signatories', () => {
  const definition = fixture('clause-three-parties');
  const sign = (signatoryId: string) => ({ type: 'SIGNATURE_GIVEN' as const, signatoryId });

  it('is SIGNED only after the fourth signature, effective that day', () => {
    const scenario = new ConventionScenario(definition, at('2020-01-01'))
      .accept(sign('association-a-president'), a, at('2020-01-10'))
      .accept(sign('association-b-presidente'), b, at('2020-01-11'))
      .accept(sign('association-c-directeur'), c, at('2020-01-12'));
    expect(scenario.view.status).toBe('DRAFT');
    expect(allowedActions(definition, scenario.snapshot, c, at('2020-01-13')).convention).toEqual(['SIGN']);

    scenario.accept(sign('association-c-prefet'), c, at('2020-01-13'));

    expect(scenario.view.status).toBe('SIGNED');
    expect(scenario.view.effectiveOn).toBe('2020-01-13');
    expect(scenario.view.signatures.map((s) => [s.signatoryId, s.partyId])).toEqual([
      ['association-a-president', 'association-a'],
      ['association-b-presidente', 'association-b'],
      ['association-c-directeur', 'association-c'],
      ['association-c-prefet', 'association-c'],
    ]);
  });

  it('refuses a signature for another party’s signatory (FORBIDDEN)', () => {
    const scenario = new ConventionScenario(definition, at('2020-01-01'));

    expect(scenario.send(sign('association-c-prefet'), a, at('2020-01-10'))?.code).toBe('FORBIDDEN');
  });

  it('needs all three owners of a joint commitment', () => {
    const scenario = inForceOn(definition, '2020-01-15')
      .accept(confirm('joint-guide'), a, at('2020-03-01'))
      .accept(confirm('joint-guide'), c, at('2020-03-02'));
    expect(scenario.commitment('joint-guide').status).toBe('IN_EFFECT');

    scenario.accept(confirm('joint-guide'), b, at('2020-03-03'));

    expect(scenario.commitment('joint-guide').status).toBe('FULFILLED');
  });
});

describe('(j) no renewal at all', () => {
  const definition = fixture('clause-no-renewal');
  /** Two years from 15 January 2020: the last day is 14 January 2022. */
  const inForce = () => inForceOn(definition, '2020-01-15');

  it('has no notice deadline: nothing to renew', () => {
    const scenario = inForce();

    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2020-01-15', endsOn: '2022-01-14' });
    expect(scenario.view.noticeDeadline).toBeNull();
    expect(plan(scenario).map(([kind]) => kind)).not.toContain('NOTICE_DEADLINE');
    expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2021-12-01')?.code).toBe('INVALID_TRANSITION');
  });

  it('expires at the end of its term (TERMINATED, EXPIRY); open commitments are TERMINATED', () => {
    const scenario = inForce();

    const sent = runSchedulerUntil(scenario, '2022-01-15');

    expect(sent[sent.length - 1]).toBe('TERM_END 2022-01-15');
    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ on: '2022-01-15', cause: 'EXPIRY' });
    expect(scenario.view.commitments.map((m) => m.status)).toEqual(['TERMINATED', 'TERMINATED']);
    const years = scenario.commitment('yearly-exchange').occurrences;
    expect(years.slice(0, 2).map((o) => [o.dueOn, o.status])).toEqual([
      ['2021-01-14', 'VIOLATED'],
      ['2022-01-14', 'VIOLATED'],
    ]);
    expect(years.filter((o) => o.status === 'IN_EFFECT')).toEqual([]);
  });

  it('refuses notice and renewal amendments alike (INVALID_TRANSITION)', () => {
    const scenario = inForce();

    expect(scenario.send(notice(), a, at('2021-06-01'))?.code).toBe('INVALID_TRANSITION');
    expect(
      scenario.send(
        {
          type: 'AMENDMENT_PROPOSED',
          amendmentId: 'A1',
          kind: 'RENEWAL',
          changes: {},
          effectiveOn: null,
          summary: 'renouvellement',
        },
        a,
        at('2021-06-01'),
      )?.code,
    ).toBe('INVALID_TRANSITION');
    expect(allowedActions(definition, scenario.snapshot, a, at('2021-06-01')).convention).toEqual([
      'PROPOSE_AMENDMENT',
    ]);
  });
});
