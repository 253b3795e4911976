import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { allowedActions, restoreConvention } from './convention.engine';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { admin, auditor, ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm, evaluation } from './testing/seed-events';

/** Rules every convention follows whatever its seed: planning, allowed actions, refusals. */
const definitions = loadDefinitions(join(__dirname, '../../workflows')).map((loaded) => loaded.definition);

function seed(id: string): ConventionDefinition {
  const found = definitions.find((definition) => definition.id === id);
  if (!found) throw new Error(`${id} is not among the workflows`);
  return found;
}

const halde = seed('halde-amf-2010');
const region = seed('region-idf-acse-2008');
const cget = seed('cget-defenseur-des-droits-2015');

/**
 * HALDE–AMF with a six-month due date on the joint good-practice tools, so that a one-off
 * commitment can fall due. A distinct id: machines are built once per `id@version`.
 */
const haldeWithDueDate: ConventionDefinition = {
  ...halde,
  id: 'halde-amf-2010-with-due-date',
  commitments: halde.commitments.map((c) => (c.id === 'good-practice-tools' ? { ...c, due: 'P6M' } : c)),
};

const PARIS = 'Europe/Paris';
const haldeRep = representative('halde');
const amfRep = representative('amf');
const regionRep = representative('region-idf');
const acseRep = representative('acse');

function signedOn(definition: ConventionDefinition, day: string): ConventionScenario {
  return new ConventionScenario(definition, startOfDay(day, PARIS)).signAll(at(day));
}

function inForceOn(definition: ConventionDefinition, day: string): ConventionScenario {
  const scenario = signedOn(definition, day);
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

describe('effective date', () => {
  it('is the Paris date of the last signature', () => {
    const scenario = new ConventionScenario(halde)
      .accept({ type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' }, haldeRep, at('2010-06-20'))
      .accept({ type: 'SIGNATURE_GIVEN', signatoryId: 'amf-president' }, amfRep, '2010-06-24T22:30:00.000Z');

    expect(scenario.view.effectiveOn).toBe('2010-06-25');
  });

  it('is the agreed date when the convention states one', () => {
    const scenario = new ConventionScenario(halde, at('2010-06-01'), '2010-07-01').signAll(at('2010-06-24'));

    expect(scenario.view.effectiveOn).toBe('2010-07-01');
    expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2010-06-30')?.code).toBe('INVALID_TRANSITION');
    expect(scenario.view.status).toBe('SIGNED');
    expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2010-07-01')).toBeNull();
    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2010-07-01', endsOn: '2011-06-30' });
  });
});

describe('time events', () => {
  it('are refused from the admin and the auditor as from representatives (FORBIDDEN)', () => {
    const scenario = signedOn(halde, '2010-06-24');

    for (const actor of [admin, auditor, haldeRep]) {
      expect(
        scenario.send({ type: 'EFFECTIVE_DATE_REACHED' }, actor, startOfDay('2010-06-24', PARIS))?.code,
      ).toBe('FORBIDDEN');
    }
    expect(scenario.view.status).toBe('SIGNED');
  });

  it('are refused when nothing in the current state waits for them (INVALID_TRANSITION)', () => {
    const scenario = signedOn(halde, '2010-06-24');

    const refusal = scenario.tick('TERM_ENDED', '2012-01-01');

    expect(refusal?.code).toBe('INVALID_TRANSITION');
    expect(refusal?.message).toBe('cannot end the term: the convention is SIGNED. Allowed now: nothing');
  });
});

describe('one-off commitment with a due date', () => {
  it('is due six months after the effective date', () => {
    const scenario = inForceOn(haldeWithDueDate, '2010-06-24');

    expect(scenario.commitment('good-practice-tools').dueOn).toBe('2010-12-24');
  });

  it('is VIOLATED once its due date has passed without both confirmations', () => {
    const scenario = inForceOn(haldeWithDueDate, '2010-06-24').accept(
      confirm('good-practice-tools'),
      haldeRep,
      at('2010-12-01'),
    );

    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2010-12-24', { commitmentId: 'good-practice-tools' })?.code,
    ).toBe('INVALID_TRANSITION');
    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2010-12-25', { commitmentId: 'good-practice-tools' }),
    ).toBeNull();

    const commitment = scenario.commitment('good-practice-tools');
    expect(commitment.status).toBe('VIOLATED');
    expect(commitment.endedAt).toBe(startOfDay('2010-12-25', PARIS));
  });

  it('refuses the missing confirmation once VIOLATED (INVALID_TRANSITION)', () => {
    const scenario = inForceOn(haldeWithDueDate, '2010-06-24');
    scenario.tick('COMMITMENT_DUE_PASSED', '2010-12-25', { commitmentId: 'good-practice-tools' });

    const refusal = scenario.send(confirm('good-practice-tools'), amfRep, at('2011-01-05'));

    expect(refusal?.code).toBe('INVALID_TRANSITION');
    expect(refusal?.message).toContain('commitment good-practice-tools is violated');
  });

  it('stays VIOLATED when the convention terminates', () => {
    const scenario = inForceOn(haldeWithDueDate, '2010-06-24');
    scenario.tick('COMMITMENT_DUE_PASSED', '2010-12-25', { commitmentId: 'good-practice-tools' });
    scenario.accept({ type: 'NOTICE_GIVEN', reason: 'fin' }, amfRep, at('2011-01-05'));
    scenario.tick('TERMINATION_TOOK_EFFECT', '2011-04-06');

    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.commitment('good-practice-tools').status).toBe('VIOLATED');
  });

  it('cannot be violated once fulfilled before its due date', () => {
    const scenario = inForceOn(haldeWithDueDate, '2010-06-24')
      .accept(confirm('good-practice-tools'), haldeRep, at('2010-12-01'))
      .accept(confirm('good-practice-tools'), amfRep, at('2010-12-20'));

    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2010-12-25', { commitmentId: 'good-practice-tools' })?.code,
    ).toBe('INVALID_TRANSITION');
    expect(scenario.commitment('good-practice-tools').status).toBe('FULFILLED');
  });
});

describe('plannedDeadlines', () => {
  it('plans nothing while the convention is a DRAFT', () => {
    const scenario = new ConventionScenario(halde).accept(
      { type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' },
      haldeRep,
      at('2010-06-24'),
    );

    expect(plan(scenario)).toEqual([]);
  });

  it('plans the effective date while SIGNED, at the start of that day in Paris', () => {
    const deadlines = plannedDeadlines(halde, signedOn(halde, '2010-06-24').snapshot);

    expect(deadlines).toEqual([
      {
        key: 'conv-1:EFFECTIVE_DATE:-:2010-06-24',
        kind: 'EFFECTIVE_DATE',
        conventionId: 'conv-1',
        subject: null,
        dueOn: '2010-06-24',
        dueAt: '2010-06-23T22:00:00.000Z',
        eventType: 'EFFECTIVE_DATE_REACHED',
        payload: {},
      },
    ]);
  });

  it('plans the notice deadline and the term end while ACTIVE, each the day after the date it closes', () => {
    expect(plan(inForceOn(halde, '2010-06-24'))).toEqual([
      ['NOTICE_DEADLINE', null, '2011-03-24'],
      // The annual evaluation is due by the last day of the term: overdue the next morning.
      ['EVALUATION_DUE', null, '2011-06-24'],
      ['TERM_END', null, '2011-06-24'],
    ]);
  });

  it('plans the due date of a one-off commitment in effect, and drops it once fulfilled', () => {
    const scenario = inForceOn(haldeWithDueDate, '2010-06-24');
    const due = plannedDeadlines(haldeWithDueDate, scenario.snapshot).find(
      (d) => d.kind === 'COMMITMENT_DUE',
    );
    expect(due).toMatchObject({
      key: 'conv-1:COMMITMENT_DUE:good-practice-tools:2010-12-25',
      subject: 'good-practice-tools',
      dueOn: '2010-12-25',
      eventType: 'COMMITMENT_DUE_PASSED',
      payload: { commitmentId: 'good-practice-tools' },
    });

    scenario
      .accept(confirm('good-practice-tools'), haldeRep, at('2010-12-01'))
      .accept(confirm('good-practice-tools'), amfRep, at('2010-12-20'));

    expect(plan(scenario).filter(([kind]) => kind === 'COMMITMENT_DUE')).toEqual([]);
  });

  it('plans the close of each recurring occurrence in effect (Région–Acsé)', () => {
    expect(plan(inForceOn(region, '2008-07-11'))).toEqual([
      ['COMMITMENT_DUE', 'technical-committee-meeting', '2008-10-11'],
      ['COMMITMENT_DUE', 'acse-awareness-week', '2009-07-11'],
      ['COMMITMENT_DUE', 'steering-committee-meeting', '2009-07-11'],
      ['COMMITMENT_DUE', 'annual-action-sheets', '2009-07-11'],
      ['EVALUATION_DUE', null, '2009-07-11'],
      ['TERM_END', null, '2011-07-11'],
    ]);
  });

  it('cancels the notice deadline and plans the termination once notice is given', () => {
    const scenario = inForceOn(halde, '2010-06-24').accept(
      { type: 'NOTICE_GIVEN', reason: 'fin' },
      amfRep,
      at('2010-10-15'),
    );

    expect(plan(scenario)).toEqual([
      ['TERMINATION', null, '2011-01-16'],
      ['EVALUATION_DUE', null, '2011-06-24'],
      ['TERM_END', null, '2011-06-24'],
    ]);
  });

  it('plans a termination falling on the expiry before the term end, so that its cause stays NOTICE', () => {
    const scenario = inForceOn(halde, '2010-06-24').accept(
      { type: 'NOTICE_GIVEN', reason: 'fin' },
      haldeRep,
      at('2011-03-23'),
    );
    expect(plan(scenario)).toEqual([
      ['EVALUATION_DUE', null, '2011-06-24'],
      ['TERMINATION', null, '2011-06-24'],
      ['TERM_END', null, '2011-06-24'],
    ]);

    expect(runSchedulerUntil(scenario, '2012-01-01')).toEqual([
      'EVALUATION_DUE 2011-06-24',
      'TERMINATION 2011-06-24',
    ]);
    expect(scenario.view.termination).toMatchObject({ on: '2011-06-24', cause: 'NOTICE' });
  });

  it('plans the next evaluation period while EVALUATED (CGET–DDD)', () => {
    const scenario = inForceOn(cget, '2015-11-17')
      .accept(evaluation(cget), representative('cget'), at('2016-10-05'))
      .accept(evaluation(cget), representative('defenseur-des-droits'), at('2016-10-05'));

    // The closing year's meetings are settled before the next evaluation period opens.
    expect(plan(scenario)).toEqual([
      ['COMMITMENT_DUE', 'technical-committee-meetings', '2016-11-17'],
      ['COMMITMENT_DUE', 'steering-committee-meeting', '2016-11-17'],
      ['EVALUATION_PERIOD', null, '2016-11-17'],
      ['NOTICE_DEADLINE', null, '2018-09-17'],
      ['TERM_END', null, '2018-11-17'],
    ]);
  });

  it('plans only the term end once RENEWED', () => {
    const scenario = inForceOn(halde, '2010-06-24');
    scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-25');

    expect(plan(scenario)).toEqual([
      ['EVALUATION_DUE', null, '2011-06-24'],
      ['TERM_END', null, '2011-06-24'],
    ]);
  });

  it('plans nothing once TERMINATED', () => {
    const scenario = inForceOn(region, '2008-07-11');
    scenario.tick('TERM_ENDED', '2011-07-11');

    expect(plannedDeadlines(region, scenario.snapshot)).toEqual([]);
  });

  it('gives the same keys to the same plan: twice, from a second identical history, and after a persistence round trip', () => {
    const scenario = inForceOn(region, '2008-07-11');
    const first = plannedDeadlines(region, scenario.snapshot);
    const persisted = JSON.parse(
      JSON.stringify(scenario.snapshot.machine.getPersistedSnapshot(scenario.snapshot)),
    );

    expect(plannedDeadlines(region, scenario.snapshot)).toEqual(first);
    expect(plannedDeadlines(region, inForceOn(region, '2008-07-11').snapshot)).toEqual(first);
    expect(plannedDeadlines(region, restoreConvention(region, persisted).getSnapshot())).toEqual(first);
    expect(first.map((d) => d.key)).toEqual([
      'conv-1:COMMITMENT_DUE:technical-committee-meeting:2008-10-11',
      'conv-1:COMMITMENT_DUE:acse-awareness-week:2009-07-11',
      'conv-1:COMMITMENT_DUE:steering-committee-meeting:2009-07-11',
      'conv-1:COMMITMENT_DUE:annual-action-sheets:2009-07-11',
      'conv-1:EVALUATION_DUE:-:2009-07-11',
      'conv-1:TERM_END:-:2011-07-11',
    ]);
  });

  it('is accepted by the machine step by step: three years of HALDE–AMF driven by the scheduler alone', () => {
    const scenario = inForceOn(halde, '2010-06-24');

    const sent = runSchedulerUntil(scenario, '2013-06-30');

    // No evaluation is submitted here: each year's is marked overdue before the term closes.
    expect(sent).toEqual([
      'NOTICE_DEADLINE 2011-03-24',
      'EVALUATION_DUE 2011-06-24',
      'TERM_END 2011-06-24',
      'NOTICE_DEADLINE 2012-03-24',
      'EVALUATION_DUE 2012-06-24',
      'TERM_END 2012-06-24',
      'NOTICE_DEADLINE 2013-03-24',
      'EVALUATION_DUE 2013-06-24',
      'TERM_END 2013-06-24',
    ]);
    expect(scenario.view.term).toEqual({ number: 4, startsOn: '2013-06-24', endsOn: '2014-06-23' });
  });

  it('is accepted by the machine step by step: Région–Acsé runs to its expiry', () => {
    const scenario = inForceOn(region, '2008-07-11');

    const sent = runSchedulerUntil(scenario, '2012-01-01');

    // Twelve quarters in three years; the last one closes on the expiry date, before the term end.
    expect(sent.filter((s) => s.startsWith('COMMITMENT_DUE technical-committee-meeting'))).toHaveLength(12);
    expect(sent[sent.length - 1]).toBe('TERM_END 2011-07-11');
    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination?.cause).toBe('EXPIRY');
    expect(scenario.commitment('technical-committee-meeting').occurrences.map((o) => o.status)).toEqual([
      // Twelve quarters in the term, all missed; no period is opened past the expiry.
      ...Array<string>(12).fill('VIOLATED'),
    ]);
  });

  it('is accepted by the machine step by step: CGET–DDD evaluated every year and renewed', () => {
    const scenario = inForceOn(cget, '2015-11-17');
    const cgetRep = representative('cget');
    const dddRep = representative('defenseur-des-droits');
    for (const year of ['2016', '2017', '2018']) {
      scenario
        .accept(evaluation(cget), cgetRep, at(`${year}-06-01`))
        .accept(evaluation(cget), dddRep, at(`${year}-06-01`));
      runSchedulerUntil(scenario, `${year}-11-17`);
    }

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.term).toEqual({ number: 2, startsOn: '2018-11-17', endsOn: '2021-11-16' });
    expect(scenario.view.evaluation).toMatchObject({ number: 4, termNumber: 2, index: 1 });
  });
});

describe('allowedActions', () => {
  it('offers SIGN to a representative while their signatory has not signed', () => {
    const scenario = new ConventionScenario(halde);

    expect(allowedActions(halde, scenario.snapshot, haldeRep, at('2010-06-24')).convention).toEqual(['SIGN']);

    scenario.accept({ type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' }, haldeRep, at('2010-06-24'));

    expect(allowedActions(halde, scenario.snapshot, haldeRep, at('2010-06-24')).convention).toEqual([]);
    expect(allowedActions(halde, scenario.snapshot, amfRep, at('2010-06-24')).convention).toEqual(['SIGN']);
  });

  it('offers SIGN to the Acsé until both of its signatories have signed', () => {
    const scenario = new ConventionScenario(region).accept(
      { type: 'SIGNATURE_GIVEN', signatoryId: 'acse-directeur-general' },
      acseRep,
      at('2008-07-11'),
    );

    expect(allowedActions(region, scenario.snapshot, acseRep, at('2008-07-11')).convention).toEqual(['SIGN']);

    scenario.accept({ type: 'SIGNATURE_GIVEN', signatoryId: 'prefet-region-idf' }, acseRep, at('2008-07-11'));

    expect(allowedActions(region, scenario.snapshot, acseRep, at('2008-07-11')).convention).toEqual([]);
    expect(allowedActions(region, scenario.snapshot, regionRep, at('2008-07-11')).convention).toEqual([
      'SIGN',
    ]);
  });

  it('offers nothing to the admin and the auditor, whatever the state', () => {
    const draft = new ConventionScenario(halde);
    const active = inForceOn(halde, '2010-06-24');

    for (const scenario of [draft, active]) {
      for (const viewer of [admin, auditor]) {
        expect(allowedActions(halde, scenario.snapshot, viewer, at('2010-09-01'))).toEqual({
          convention: [],
          commitments: {},
        });
      }
    }
  });

  it('offers MARK_DONE only on commitments the representative’s party owns, once in effect', () => {
    const allowed = allowedActions(halde, inForceOn(halde, '2010-06-24').snapshot, amfRep, at('2010-09-01'));

    expect(allowed.convention).toEqual(['SUBMIT_EVALUATION', 'GIVE_NOTICE', 'PROPOSE_AMENDMENT']);
    expect(allowed.commitments).toEqual({
      'halde-shares-information': [],
      'halde-speaks-at-conferences': [],
      'amf-relays-information': ['MARK_DONE'],
      'halde-expertise-in-amf-working-groups': [],
      'amf-joins-halde-working-groups': ['MARK_DONE'],
      'good-practice-tools': ['MARK_DONE'],
      'exchange-and-diffuse-information': ['MARK_DONE'],
    });
  });

  it('offers no MARK_DONE while the commitments are only scheduled', () => {
    const allowed = allowedActions(halde, signedOn(halde, '2010-06-24').snapshot, haldeRep, at('2010-06-24'));

    expect(allowed.convention).toEqual([]);
    expect(Object.values(allowed.commitments).flat()).toEqual([]);
  });

  it('withdraws MARK_DONE from a party that has confirmed its share, and from everyone once fulfilled', () => {
    const scenario = inForceOn(halde, '2010-06-24').accept(
      confirm('good-practice-tools'),
      haldeRep,
      at('2010-09-01'),
    );

    expect(
      allowedActions(halde, scenario.snapshot, haldeRep, at('2010-09-02')).commitments['good-practice-tools'],
    ).toEqual([]);
    expect(
      allowedActions(halde, scenario.snapshot, amfRep, at('2010-09-02')).commitments['good-practice-tools'],
    ).toEqual(['MARK_DONE']);

    scenario.accept(confirm('good-practice-tools'), amfRep, at('2010-09-02'));

    expect(
      allowedActions(halde, scenario.snapshot, amfRep, at('2010-09-03')).commitments['good-practice-tools'],
    ).toEqual([]);
  });

  it('withdraws SUBMIT_EVALUATION from a party that has submitted, and GIVE_NOTICE once notice is given', () => {
    const scenario = inForceOn(halde, '2010-06-24').accept(evaluation(halde), haldeRep, at('2011-03-01'));

    expect(allowedActions(halde, scenario.snapshot, haldeRep, at('2011-03-02')).convention).toEqual([
      'GIVE_NOTICE',
      'PROPOSE_AMENDMENT',
    ]);
    expect(allowedActions(halde, scenario.snapshot, amfRep, at('2011-03-02')).convention).toEqual([
      'SUBMIT_EVALUATION',
      'GIVE_NOTICE',
      'PROPOSE_AMENDMENT',
    ]);

    scenario.accept({ type: 'NOTICE_GIVEN', reason: 'fin' }, amfRep, at('2011-03-02'));

    expect(allowedActions(halde, scenario.snapshot, haldeRep, at('2011-03-03')).convention).toEqual([
      'PROPOSE_AMENDMENT',
    ]);
  });

  it('offers nothing once TERMINATED', () => {
    const scenario = inForceOn(region, '2008-07-11');
    scenario.tick('TERM_ENDED', '2011-07-11');

    const allowed = allowedActions(region, scenario.snapshot, regionRep, at('2011-07-12'));

    expect(allowed.convention).toEqual([]);
    expect(Object.values(allowed.commitments).flat()).toEqual([]);
  });
});

describe('refusals', () => {
  it('name the current state and what the actor may do now (INVALID_TRANSITION)', () => {
    const scenario = inForceOn(halde, '2010-06-24');

    const refusal = scenario.send(
      { type: 'SIGNATURE_GIVEN', signatoryId: 'amf-president' },
      amfRep,
      at('2010-09-01'),
    );

    expect(refusal).toMatchObject({
      code: 'INVALID_TRANSITION',
      message:
        'cannot sign for this signatory: the convention is ACTIVE. Allowed now: SUBMIT_EVALUATION, GIVE_NOTICE, PROPOSE_AMENDMENT, ' +
        'MARK_DONE amf-relays-information, MARK_DONE amf-joins-halde-working-groups, MARK_DONE good-practice-tools, ' +
        'MARK_DONE exchange-and-diffuse-information',
    });
  });

  it('name the actor and the action when the actor may never do it (FORBIDDEN)', () => {
    const refusal = inForceOn(halde, '2010-06-24').send(
      confirm('amf-relays-information'),
      haldeRep,
      at('2010-09-01'),
    );

    expect(refusal).toMatchObject({
      code: 'FORBIDDEN',
      message: 'a representative of halde may not mark this commitment done',
    });
  });

  it('leave the convention untouched', () => {
    const scenario = inForceOn(halde, '2010-06-24');
    const before = JSON.stringify(scenario.view);

    scenario.send(confirm('amf-relays-information'), haldeRep, at('2010-09-01'));
    scenario.send({ type: 'NOTICE_GIVEN', reason: 'fin' }, admin, at('2010-09-01'));
    scenario.tick('TERM_ENDED', '2010-09-01');

    expect(JSON.stringify(scenario.view)).toBe(before);
  });
});
