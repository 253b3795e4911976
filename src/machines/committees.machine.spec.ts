import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { allowedActions } from './convention.engine';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { admin, auditor, ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm, evaluation } from './testing/seed-events';

/**
 * Governance and follow-up: committee meetings fulfil the committee's recurring commitment
 * (seed 002: a technical committee « qui se réunira au moins deux fois par an »; seed 001: a
 * technical committee « une fois par trimestre »), standing commitments can be reopened by their
 * owner, and an evaluation whose due date passed is marked overdue, never skipped.
 */
const definitions = loadDefinitions(join(__dirname, '../../workflows')).map((loaded) => loaded.definition);

function seed(id: string): ConventionDefinition {
  const found = definitions.find((definition) => definition.id === id);
  if (!found) throw new Error(`${id} is not among the workflows`);
  return found;
}

const cgetDdd = seed('cget-defenseur-des-droits-2015');
const regionAcse = seed('region-idf-acse-2008');

const PARIS = 'Europe/Paris';
const cget = representative('cget');
const ddd = representative('defenseur-des-droits');
const region = representative('region-idf');
const acse = representative('acse');
const halde = representative('halde');

const BOTH = ['cget', 'defenseur-des-droits'];

function meeting(
  committee: string,
  heldOn: string,
  attendingParties: string[] = BOTH,
  details: { minutesUrl?: string | null; decisions?: string[] } = {},
) {
  return {
    type: 'MEETING_RECORDED' as const,
    committee,
    heldOn,
    attendingParties,
    minutesUrl: details.minutesUrl ?? null,
    decisions: details.decisions ?? [],
  };
}

function reopen(commitmentId: string) {
  return { type: 'COMMITMENT_REOPENED' as const, commitmentId, reason: 'le suivi a cessé' };
}

function plan(scenario: ConventionScenario) {
  return plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);
}

/** Seed 002, signed on 17 November 2015 and in force that day: year 1 runs to 16 November 2016. */
function cgetInForce(): ConventionScenario {
  const scenario = new ConventionScenario(cgetDdd, '2015-11-01T09:00:00.000Z').signAll(at('2015-11-17'));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2015-11-17')).toBeNull();
  return scenario;
}

/** Seed 001, signed on 11 July 2008 and in force that day: quarter 1 runs to 10 October 2008. */
function regionInForce(): ConventionScenario {
  const scenario = new ConventionScenario(regionAcse, '2008-07-01T09:00:00.000Z').signAll(at('2008-07-11'));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2008-07-11')).toBeNull();
  return scenario;
}

function technical(scenario: ConventionScenario) {
  return scenario.commitment('technical-committee-meetings');
}

describe('committee meetings (MEETING_RECORDED)', () => {
  describe('technical committee of seed 002, « au moins deux fois par an »', () => {
    it('records the meeting with its attendees, minutes, decisions, recorder and the commitment it counts for', () => {
      const scenario = cgetInForce().accept(
        meeting('technical', '2016-03-10', BOTH, {
          minutesUrl: 'https://example.org/ct-2016-03.pdf',
          decisions: ['préparer le comité de pilotage'],
        }),
        cget,
        at('2016-03-11'),
      );

      expect(scenario.view.meetings).toEqual([
        {
          committee: 'technical',
          heldOn: '2016-03-10',
          attendingParties: BOTH,
          minutesUrl: 'https://example.org/ct-2016-03.pdf',
          decisions: ['préparer le comité de pilotage'],
          recordedBy: 'cget',
          recordedAt: at('2016-03-11'),
          commitmentId: 'technical-committee-meetings',
          // Rules v2: no other member has recorded it yet; attended by a member, it counts.
          confirmedBy: [],
          quorate: true,
          // Rules v3: who recorded it for each party, the users its confirmations carry.
          recorders: { cget: 'user-cget' },
        },
      ]);
    });

    it('counts one meeting as one fulfilment of the year, which stays IN_EFFECT: two are needed', () => {
      const scenario = cgetInForce().accept(meeting('technical', '2016-03-10'), cget, at('2016-03-11'));

      const occurrence = technical(scenario).occurrences[0];
      expect(occurrence).toMatchObject({ index: 1, startsOn: '2015-11-17', dueOn: '2016-11-16' });
      expect(occurrence?.status).toBe('IN_EFFECT');
      expect(occurrence?.fulfilments).toHaveLength(1);
      expect(occurrence?.fulfilments[0]?.map((c) => [c.partyId, c.evidenceUrl])).toEqual([
        ['cget', null],
        ['defenseur-des-droits', null],
      ]);
    });

    it('fulfils the year at the second meeting (FULFILLED), without any owner confirming', () => {
      const scenario = cgetInForce()
        .accept(meeting('technical', '2016-03-10'), cget, at('2016-03-11'))
        .accept(meeting('technical', '2016-10-05'), ddd, at('2016-10-06'));

      const committee = technical(scenario);
      expect(committee.occurrences[0]?.status).toBe('FULFILLED');
      expect(committee.occurrences[0]?.fulfilments).toHaveLength(2);
      expect(committee.confirmations).toEqual([]);
      expect(scenario.view.meetings.map((m) => [m.heldOn, m.recordedBy])).toEqual([
        ['2016-03-10', 'cget'],
        ['2016-10-05', 'defenseur-des-droits'],
      ]);
    });

    it('ends a year with a single meeting VIOLATED, and opens the next year', () => {
      const scenario = cgetInForce().accept(meeting('technical', '2016-03-10'), cget, at('2016-03-11'));

      expect(
        scenario.tick('COMMITMENT_DUE_PASSED', '2016-11-16', { commitmentId: 'technical-committee-meetings' })
          ?.code,
      ).toBe('INVALID_TRANSITION');
      expect(
        scenario.tick('COMMITMENT_DUE_PASSED', '2016-11-17', {
          commitmentId: 'technical-committee-meetings',
        }),
      ).toBeNull();

      const committee = technical(scenario);
      expect(committee.occurrences.map((o) => [o.index, o.startsOn, o.dueOn, o.status])).toEqual([
        [1, '2015-11-17', '2016-11-16', 'VIOLATED'],
        [2, '2016-11-17', '2017-11-16', 'IN_EFFECT'],
      ]);
      expect(committee.occurrences[0]?.fulfilments).toHaveLength(1);
      expect(committee.status).toBe('IN_EFFECT');
    });

    it('closes a year with two meetings FULFILLED when it passes', () => {
      const scenario = cgetInForce()
        .accept(meeting('technical', '2016-03-10'), cget, at('2016-03-11'))
        .accept(meeting('technical', '2016-10-05'), ddd, at('2016-10-06'));

      scenario.tick('COMMITMENT_DUE_PASSED', '2016-11-17', { commitmentId: 'technical-committee-meetings' });

      expect(technical(scenario).occurrences.map((o) => o.status)).toEqual(['FULFILLED', 'IN_EFFECT']);
    });

    it('records a third meeting in a year already fulfilled: « au moins » sets no maximum', () => {
      const scenario = cgetInForce()
        .accept(meeting('technical', '2016-03-10'), cget, at('2016-03-11'))
        .accept(meeting('technical', '2016-06-10'), cget, at('2016-06-11'))
        .accept(meeting('technical', '2016-10-05'), ddd, at('2016-10-06'));

      expect(scenario.view.meetings).toHaveLength(3);
      expect(technical(scenario).occurrences[0]).toMatchObject({ status: 'FULFILLED' });
      expect(technical(scenario).occurrences[0]?.fulfilments).toHaveLength(3);
    });

    it('fulfils the steering committee’s commitment with its own single meeting, not the technical one', () => {
      const scenario = cgetInForce().accept(meeting('steering', '2016-06-20'), ddd, at('2016-06-21'));

      expect(scenario.commitment('steering-committee-meeting').occurrences[0]?.status).toBe('FULFILLED');
      expect(technical(scenario).occurrences[0]?.fulfilments).toEqual([]);
      expect(scenario.view.meetings[0]?.commitmentId).toBe('steering-committee-meeting');
    });

    it('lets a representative of an attending party record it, even if the other party was absent', () => {
      const scenario = cgetInForce().accept(
        meeting('technical', '2016-03-10', ['cget']),
        cget,
        at('2016-03-11'),
      );

      expect(technical(scenario).occurrences[0]?.fulfilments[0]?.map((c) => c.partyId)).toEqual(['cget']);
    });

    it('is refused from a representative of a party that did not attend (FORBIDDEN)', () => {
      const scenario = cgetInForce();

      const refusal = scenario.send(meeting('technical', '2016-03-10', ['cget']), ddd, at('2016-03-11'));

      expect(refusal).toMatchObject({
        code: 'FORBIDDEN',
        message: 'a representative of defenseur-des-droits may not record this committee meeting',
      });
      expect(scenario.view.meetings).toEqual([]);
    });

    it('is refused from the admin, the auditor and a party foreign to the convention (FORBIDDEN)', () => {
      const scenario = cgetInForce();

      for (const actor of [admin, auditor, halde]) {
        expect(scenario.send(meeting('technical', '2016-03-10'), actor, at('2016-03-11'))?.code).toBe(
          'FORBIDDEN',
        );
      }
    });

    it('refuses a meeting dated in the future (INVALID_TRANSITION)', () => {
      const scenario = cgetInForce();

      const refusal = scenario.send(meeting('technical', '2016-03-12'), cget, at('2016-03-11'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain(
        'cannot record this committee meeting: a meeting held on 2016-03-12 is still to come',
      );
      expect(scenario.view.meetings).toEqual([]);
      expect(scenario.send(meeting('technical', '2016-03-11'), cget, at('2016-03-11'))).toBeNull();
    });

    it('refuses a meeting held before the convention took effect (INVALID_TRANSITION)', () => {
      const refusal = cgetInForce().send(meeting('technical', '2015-11-16'), cget, at('2015-11-20'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
    });

    it('refuses a meeting of a past year once the next year is open (INVALID_TRANSITION)', () => {
      const scenario = cgetInForce();
      scenario.tick('COMMITMENT_DUE_PASSED', '2016-11-17', { commitmentId: 'technical-committee-meetings' });

      const refusal = scenario.send(meeting('technical', '2016-11-10'), cget, at('2016-11-20'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(technical(scenario).occurrences.map((o) => o.fulfilments.length)).toEqual([0, 0]);
    });

    it('refuses a committee the convention does not set up or an attendee not sitting on it (BAD_USER_INPUT)', () => {
      const scenario = cgetInForce();

      expect(scenario.send(meeting('scientific', '2016-03-10'), cget, at('2016-03-11'))?.code).toBe(
        'BAD_USER_INPUT',
      );
      expect(
        scenario.send(meeting('technical', '2016-03-10', ['cget', 'halde']), cget, at('2016-03-11'))?.code,
      ).toBe('BAD_USER_INPUT');
      expect(
        scenario.send(meeting('technical', '2016-03-10', ['cget', 'cget']), cget, at('2016-03-11'))?.code,
      ).toBe('INVALID_TRANSITION');
      expect(scenario.view.meetings).toEqual([]);
    });

    it('refuses a meeting before the convention is in force (INVALID_TRANSITION)', () => {
      const scenario = new ConventionScenario(cgetDdd, at('2015-11-01'), '2016-01-01').signAll(
        at('2015-11-17'),
      );

      expect(scenario.send(meeting('technical', '2015-11-18'), cget, at('2015-11-20'))?.code).toBe(
        'INVALID_TRANSITION',
      );
    });

    it('offers RECORD_MEETING to the representatives of the committee’s parties only', () => {
      const scenario = cgetInForce();

      expect(allowedActions(cgetDdd, scenario.snapshot, ddd, at('2016-03-11')).convention).toContain(
        'RECORD_MEETING',
      );
      expect(allowedActions(cgetDdd, scenario.snapshot, admin, at('2016-03-11')).convention).toEqual([]);
    });
  });

  describe('quarterly technical committee of seed 001 (« une fois par trimestre »)', () => {
    it('fulfils the quarter of the meeting, and only that quarter', () => {
      const scenario = regionInForce().accept(
        meeting('technical', '2008-09-15', ['region-idf', 'acse']),
        acse,
        at('2008-09-16'),
      );
      scenario.tick('COMMITMENT_DUE_PASSED', '2008-10-11', { commitmentId: 'technical-committee-meeting' });

      expect(
        scenario
          .commitment('technical-committee-meeting')
          .occurrences.map((o) => [o.index, o.startsOn, o.dueOn, o.status]),
      ).toEqual([
        [1, '2008-07-11', '2008-10-10', 'FULFILLED'],
        [2, '2008-10-11', '2009-01-10', 'IN_EFFECT'],
      ]);
    });

    it('leaves a quarter without a meeting VIOLATED', () => {
      const scenario = regionInForce();
      scenario.tick('COMMITMENT_DUE_PASSED', '2008-10-11', { commitmentId: 'technical-committee-meeting' });
      scenario.accept(meeting('technical', '2008-12-01', ['region-idf']), region, at('2008-12-01'));
      scenario.tick('COMMITMENT_DUE_PASSED', '2009-01-11', { commitmentId: 'technical-committee-meeting' });

      expect(scenario.commitment('technical-committee-meeting').occurrences.map((o) => o.status)).toEqual([
        'VIOLATED',
        'FULFILLED',
        'IN_EFFECT',
      ]);
    });

    it('refuses a meeting dated after the current quarter though before today (INVALID_TRANSITION)', () => {
      const scenario = regionInForce();

      const refusal = scenario.send(
        meeting('technical', '2008-10-12', ['region-idf', 'acse']),
        region,
        at('2008-10-13'),
      );

      expect(refusal?.code).toBe('INVALID_TRANSITION');
    });
  });
});

describe('reopening a standing commitment (COMMITMENT_REOPENED)', () => {
  function fulfilled(): ConventionScenario {
    const scenario = cgetInForce().accept(confirm('ddd-supports-territorial-plans'), ddd, at('2016-01-15'));
    expect(scenario.commitment('ddd-supports-territorial-plans').status).toBe('FULFILLED');
    return scenario;
  }

  it('lets its owner reopen it: IN_EFFECT again, its confirmation and fulfilment cleared', () => {
    const scenario = fulfilled().accept(reopen('ddd-supports-territorial-plans'), ddd, at('2016-06-01'));

    expect(scenario.commitment('ddd-supports-territorial-plans')).toMatchObject({
      status: 'IN_EFFECT',
      confirmations: [],
      fulfilledAt: null,
    });
  });

  it('can be fulfilled again once reopened', () => {
    const scenario = fulfilled()
      .accept(reopen('ddd-supports-territorial-plans'), ddd, at('2016-06-01'))
      .accept(confirm('ddd-supports-territorial-plans'), ddd, at('2016-09-01'));

    expect(scenario.commitment('ddd-supports-territorial-plans')).toMatchObject({
      status: 'FULFILLED',
      fulfilledAt: at('2016-09-01'),
    });
  });

  it('is refused from a party that does not owe it (FORBIDDEN), and from the admin', () => {
    const scenario = fulfilled();

    const refusal = scenario.send(reopen('ddd-supports-territorial-plans'), cget, at('2016-06-01'));

    expect(refusal).toMatchObject({
      code: 'FORBIDDEN',
      message: 'a representative of cget may not reopen this commitment',
    });
    expect(scenario.send(reopen('ddd-supports-territorial-plans'), admin, at('2016-06-01'))?.code).toBe(
      'FORBIDDEN',
    );
    expect(scenario.commitment('ddd-supports-territorial-plans').status).toBe('FULFILLED');
  });

  it('is refused while the commitment is still IN_EFFECT (INVALID_TRANSITION)', () => {
    const refusal = cgetInForce().send(reopen('ddd-supports-territorial-plans'), ddd, at('2016-06-01'));

    expect(refusal?.code).toBe('INVALID_TRANSITION');
    expect(refusal?.message).toContain('commitment ddd-supports-territorial-plans is inEffect');
  });

  it('is refused on a fulfilled one-off commitment: a deliverable stays delivered (INVALID_TRANSITION)', () => {
    const scenario = cgetInForce().accept(confirm('ddd-referent-delegates'), ddd, at('2016-01-15'));
    expect(scenario.commitment('ddd-referent-delegates').status).toBe('FULFILLED');

    expect(scenario.send(reopen('ddd-referent-delegates'), ddd, at('2016-06-01'))?.code).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('lets either owner reopen a joint one, which then needs every owner’s confirmation again', () => {
    const scenario = cgetInForce()
      .accept(confirm('shared-observation-data'), cget, at('2016-01-15'))
      .accept(confirm('shared-observation-data'), ddd, at('2016-01-16'))
      .accept(reopen('shared-observation-data'), cget, at('2016-06-01'))
      .accept(confirm('shared-observation-data'), ddd, at('2016-07-01'));

    expect(scenario.commitment('shared-observation-data').status).toBe('IN_EFFECT');

    scenario.accept(confirm('shared-observation-data'), cget, at('2016-07-02'));
    expect(scenario.commitment('shared-observation-data').status).toBe('FULFILLED');
  });

  it('offers REOPEN to the owner of a fulfilled standing commitment only', () => {
    const scenario = fulfilled();

    expect(
      allowedActions(cgetDdd, scenario.snapshot, ddd, at('2016-06-01')).commitments[
        'ddd-supports-territorial-plans'
      ],
    ).toEqual(['REOPEN']);
    expect(
      allowedActions(cgetDdd, scenario.snapshot, cget, at('2016-06-01')).commitments[
        'ddd-supports-territorial-plans'
      ],
    ).toEqual([]);
  });
});

describe('an evaluation past its due date (EVALUATION_DUE_PASSED)', () => {
  /** Seed 002: the first yearly evaluation opens on 17 November 2015 and is due on 16 November 2016. */
  function withCgetOnly(): ConventionScenario {
    return cgetInForce().accept(evaluation(cgetDdd), cget, at('2016-10-01'));
  }

  it('plans the overdue mark for the day after the due date', () => {
    expect(plan(withCgetOnly())).toContainEqual(['EVALUATION_DUE', null, '2016-11-17']);
  });

  it('is refused on or before the due date (INVALID_TRANSITION)', () => {
    const scenario = withCgetOnly();

    expect(scenario.tick('EVALUATION_DUE_PASSED', '2016-11-16')?.code).toBe('INVALID_TRANSITION');
    expect(scenario.view.evaluation?.overdueSince).toBeNull();
  });

  it('marks the round overdue since the day after its due date; the convention stays ACTIVE', () => {
    const scenario = withCgetOnly();

    expect(scenario.tick('EVALUATION_DUE_PASSED', '2016-11-17')).toBeNull();

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.evaluation).toMatchObject({
      number: 1,
      dueOn: '2016-11-16',
      completedAt: null,
      overdueSince: '2016-11-17',
    });
    expect(scenario.view.evaluation?.submissions.map((s) => s.partyId)).toEqual(['cget']);
    expect(scenario.view.nextEvaluationDueOn).toBe('2016-11-16');
  });

  it('is marked once: a second mark is refused (INVALID_TRANSITION) and no longer planned', () => {
    const scenario = withCgetOnly();
    scenario.tick('EVALUATION_DUE_PASSED', '2016-11-17');

    expect(scenario.tick('EVALUATION_DUE_PASSED', '2016-11-18')?.code).toBe('INVALID_TRANSITION');
    expect(plan(scenario).map(([kind]) => kind)).not.toContain('EVALUATION_DUE');
    expect(scenario.view.evaluation?.overdueSince).toBe('2016-11-17');
  });

  it('is refused from a representative (FORBIDDEN): only the scheduler sends it', () => {
    const refusal = withCgetOnly().send(
      { type: 'EVALUATION_DUE_PASSED' },
      cget,
      startOfDay('2016-11-17', PARIS),
    );

    expect(refusal?.code).toBe('FORBIDDEN');
  });

  it('does not move on to the next evaluation while submissions are missing', () => {
    const scenario = withCgetOnly();
    scenario.tick('EVALUATION_DUE_PASSED', '2016-11-17');

    expect(scenario.tick('EVALUATION_PERIOD_OPENED', '2016-11-17')?.code).toBe('INVALID_TRANSITION');
    expect(scenario.tick('EVALUATION_PERIOD_OPENED', '2017-01-10')?.code).toBe('INVALID_TRANSITION');
    expect(plan(scenario).map(([kind]) => kind)).not.toContain('EVALUATION_PERIOD');
    expect(scenario.view.evaluation?.number).toBe(1);
    expect(scenario.view.pastEvaluations).toEqual([]);
  });

  it('still takes the late submission, which completes the round (EVALUATED, still marked overdue)', () => {
    const scenario = withCgetOnly();
    scenario.tick('EVALUATION_DUE_PASSED', '2016-11-17');

    scenario.accept(evaluation(cgetDdd), ddd, at('2017-01-10'));

    expect(scenario.view.status).toBe('EVALUATED');
    expect(scenario.view.evaluation).toMatchObject({
      completedAt: at('2017-01-10'),
      overdueSince: '2016-11-17',
    });
  });

  it('opens the next evaluation once the late round is complete, from the date it was due to open', () => {
    const scenario = withCgetOnly();
    scenario.tick('EVALUATION_DUE_PASSED', '2016-11-17');
    scenario.accept(evaluation(cgetDdd), ddd, at('2017-01-10'));

    expect(plan(scenario)).toContainEqual(['EVALUATION_PERIOD', null, '2016-11-17']);
    expect(scenario.tick('EVALUATION_PERIOD_OPENED', '2017-01-11')).toBeNull();

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.evaluation).toMatchObject({
      number: 2,
      opensOn: '2016-11-17',
      dueOn: '2017-11-16',
      overdueSince: null,
    });
    expect(scenario.view.pastEvaluations.map((r) => [r.number, r.overdueSince])).toEqual([[1, '2016-11-17']]);
  });
});
