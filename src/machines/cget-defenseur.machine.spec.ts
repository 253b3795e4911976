import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { ConventionDefinition } from './definition';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Seed 002: Convention CGET – Défenseur des droits, « Fait le 17 novembre 2015 ». Article 6:
 * three years, « évaluent annuellement les résultats obtenus », « renouvelable par tacite
 * reconduction », « dénoncée avec un préavis de deux mois », a technical committee « qui se
 * réunira au moins deux fois par an ».
 */
const definition: ConventionDefinition = (() => {
  const found = loadDefinitions(join(__dirname, '../../workflows')).find(
    (loaded) => loaded.definition.id === 'cget-defenseur-des-droits-2015',
  );
  if (!found) throw new Error('cget-defenseur-des-droits-2015 is not among the workflows');
  return found.definition;
})();

const cget = representative('cget');
const ddd = representative('defenseur-des-droits');
const CRITERIA = ['networks', 'expertise', 'knowledge', 'territorial-roll-out', 'adjustments'];

function evaluation(criteria: string[] = CRITERIA) {
  return {
    type: 'EVALUATION_SUBMITTED' as const,
    assessments: criteria.map((criterion) => ({ criterion, rating: 'MET' as const, comment: null })),
    summary: null,
  };
}

/** Given the convention signed on 17 November 2015 and in force that day. */
function inForce(): ConventionScenario {
  const scenario = new ConventionScenario(definition, '2015-11-01T09:00:00.000Z').signAll(at('2015-11-17'));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2015-11-17')).toBeNull();
  return scenario;
}

function evaluateJointly(scenario: ConventionScenario, day: string): ConventionScenario {
  return scenario.accept(evaluation(), cget, at(day)).accept(evaluation(), ddd, at(day, '16:00'));
}

function holdTechnicalCommittee(scenario: ConventionScenario, day: string): ConventionScenario {
  return scenario
    .accept(confirm('technical-committee-meetings'), cget, at(day))
    .accept(confirm('technical-committee-meetings'), ddd, at(day, '16:00'));
}

describe('CGET–Défenseur des droits convention (seed 002, 17 November 2015)', () => {
  describe('three-year term and two months of notice (article 6)', () => {
    it('is in force for three years, from 17 November 2015 to 16 November 2018', () => {
      const scenario = inForce();

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term).toEqual({ number: 1, startsOn: '2015-11-17', endsOn: '2018-11-16' });
    });

    it('sets the notice deadline on the last day whose two months end with the term (16 November 2018): 16 September 2018', () => {
      expect(inForce().view.noticeDeadline).toBe('2018-09-16');
    });

    it('terminates the day after the two months of notice end', () => {
      const scenario = inForce().accept(
        { type: 'NOTICE_GIVEN', reason: 'réorganisation' },
        ddd,
        at('2017-03-10'),
      );

      expect(scenario.view.notice).toMatchObject({
        partyId: 'defenseur-des-droits',
        effectiveOn: '2017-05-11',
      });
      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2017-05-09')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2017-05-11')).toBeNull();
      expect(scenario.view.status).toBe('TERMINATED');
      expect(scenario.view.termination).toMatchObject({ on: '2017-05-11', cause: 'NOTICE' });
    });

    it('ends exactly at expiry for a notice given on the deadline, and does not renew', () => {
      const scenario = inForce().accept({ type: 'NOTICE_GIVEN', reason: 'fin' }, cget, at('2018-09-16'));

      expect(scenario.view.notice?.effectiveOn).toBe('2018-11-17');
      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2018-09-17')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2018-11-17')).toBeNull();
      expect(scenario.view.termination).toMatchObject({ on: '2018-11-17', cause: 'NOTICE' });
    });
  });

  describe('tacit renewal (article 6)', () => {
    it('renews tacitly when 16 September 2018 passes without notice', () => {
      const scenario = inForce();

      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2018-09-16')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2018-09-17')).toBeNull();

      expect(scenario.view.status).toBe('RENEWED');
    });

    it('begins a second three-year term on 17 November 2018', () => {
      const scenario = inForce();
      scenario.tick('NOTICE_DEADLINE_PASSED', '2018-09-17');

      expect(scenario.tick('TERM_ENDED', '2018-11-17')).toBeNull();

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term).toEqual({ number: 2, startsOn: '2018-11-17', endsOn: '2021-11-16' });
      expect(scenario.view.noticeDeadline).toBe('2021-09-16');
    });
  });

  describe('annual evaluation (article 6)', () => {
    it('opens the first annual round on the effective date, due on 16 November 2016', () => {
      expect(inForce().view.evaluation).toMatchObject({
        number: 1,
        index: 1,
        opensOn: '2015-11-17',
        dueOn: '2016-11-16',
      });
    });

    it('is EVALUATED once both parties have assessed the five criteria', () => {
      const scenario = evaluateJointly(inForce(), '2016-10-05');

      expect(scenario.view.status).toBe('EVALUATED');
      expect(scenario.view.evaluation?.completedAt).toBe(at('2016-10-05', '16:00'));
    });

    it('refuses an evaluation missing the adjustments criterion (BAD_USER_INPUT)', () => {
      const refusal = inForce().send(evaluation(CRITERIA.slice(0, 4)), cget, at('2016-10-05'));

      expect(refusal?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses a further submission while the round is EVALUATED (INVALID_TRANSITION)', () => {
      const scenario = evaluateJointly(inForce(), '2016-10-05');

      const refusal = scenario.send(evaluation(), cget, at('2016-10-20'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('evaluation round 1 is already complete');
    });

    it('goes back to ACTIVE with the next round when the evaluation period opens at the anniversary', () => {
      const scenario = evaluateJointly(inForce(), '2016-10-05');

      expect(scenario.tick('EVALUATION_PERIOD_OPENED', '2016-11-16')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('EVALUATION_PERIOD_OPENED', '2016-11-17')).toBeNull();

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.evaluation).toMatchObject({
        number: 2,
        termNumber: 1,
        index: 2,
        opensOn: '2016-11-17',
        dueOn: '2017-11-16',
        submissions: [],
        completedAt: null,
      });
    });

    it('does not silently move on from a round that is not complete', () => {
      const scenario = inForce().accept(evaluation(), cget, at('2016-10-05'));

      const refusal = scenario.tick('EVALUATION_PERIOD_OPENED', '2016-11-17');

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('ACTIVE');
      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.evaluation).toMatchObject({ number: 1, completedAt: null });
      expect(scenario.view.evaluation?.submissions.map((s) => s.partyId)).toEqual(['cget']);
    });

    it('accepts the late submission that completes the round, then opens the next one', () => {
      const scenario = inForce().accept(evaluation(), cget, at('2016-10-05'));
      scenario.tick('EVALUATION_PERIOD_OPENED', '2016-11-17');

      scenario.accept(evaluation(), ddd, at('2016-12-01'));
      expect(scenario.view.status).toBe('EVALUATED');

      expect(scenario.tick('EVALUATION_PERIOD_OPENED', '2016-12-02')).toBeNull();
      expect(scenario.view.evaluation).toMatchObject({ number: 2, index: 2, opensOn: '2016-11-17' });
    });

    it('evaluates each of the three years, then renews from EVALUATED with a new round in term 2', () => {
      const scenario = evaluateJointly(inForce(), '2016-10-05');
      scenario.tick('EVALUATION_PERIOD_OPENED', '2016-11-17');
      evaluateJointly(scenario, '2017-10-05');
      scenario.tick('EVALUATION_PERIOD_OPENED', '2017-11-17');
      evaluateJointly(scenario, '2018-06-05');
      expect(scenario.view.evaluation).toMatchObject({ number: 3, index: 3, dueOn: '2018-11-16' });
      expect(scenario.view.status).toBe('EVALUATED');

      // The third round is the last of the term: no fourth window opens in term 1.
      expect(scenario.tick('EVALUATION_PERIOD_OPENED', '2018-09-01')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2018-09-17')).toBeNull();
      expect(scenario.tick('TERM_ENDED', '2018-11-17')).toBeNull();

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.evaluation).toMatchObject({
        number: 4,
        termNumber: 2,
        index: 1,
        opensOn: '2018-11-17',
        dueOn: '2019-11-16',
        completedAt: null,
      });
    });
  });

  describe('technical committee at least twice a year (article 6)', () => {
    it('needs two meetings to fulfil a year', () => {
      const scenario = holdTechnicalCommittee(inForce(), '2016-02-10');

      const afterOne = scenario.commitment('technical-committee-meetings');
      expect(afterOne.status).toBe('IN_EFFECT');
      expect(afterOne.occurrences[0]).toMatchObject({ index: 1, dueOn: '2016-11-16', status: 'IN_EFFECT' });
      expect(afterOne.occurrences[0]?.fulfilments).toHaveLength(1);
      expect(afterOne.confirmations).toEqual([]);

      holdTechnicalCommittee(scenario, '2016-09-14');

      const afterTwo = scenario.commitment('technical-committee-meetings');
      expect(afterTwo.occurrences[0]?.status).toBe('FULFILLED');
      expect(afterTwo.occurrences[0]?.fulfilments).toHaveLength(2);
    });

    it('records a year with a single meeting as VIOLATED and opens the next year', () => {
      const scenario = holdTechnicalCommittee(inForce(), '2016-02-10');

      expect(
        scenario.tick('COMMITMENT_DUE_PASSED', '2016-11-17', {
          commitmentId: 'technical-committee-meetings',
        }),
      ).toBeNull();

      const committee = scenario.commitment('technical-committee-meetings');
      expect(committee.status).toBe('IN_EFFECT');
      expect(committee.occurrences.map((o) => [o.startsOn, o.dueOn, o.status, o.fulfilments.length])).toEqual(
        [
          ['2015-11-17', '2016-11-16', 'VIOLATED', 1],
          ['2016-11-17', '2017-11-16', 'IN_EFFECT', 0],
        ],
      );
    });

    it('refuses a third meeting in a year already fulfilled (INVALID_TRANSITION)', () => {
      const scenario = holdTechnicalCommittee(holdTechnicalCommittee(inForce(), '2016-02-10'), '2016-09-14');

      expect(scenario.send(confirm('technical-committee-meetings'), cget, at('2016-10-01'))?.code).toBe(
        'INVALID_TRANSITION',
      );
    });

    it('fulfils the yearly steering committee with a single meeting', () => {
      const scenario = inForce()
        .accept(confirm('steering-committee-meeting'), cget, at('2016-06-01'))
        .accept(confirm('steering-committee-meeting'), ddd, at('2016-06-01'));

      expect(scenario.commitment('steering-committee-meeting').occurrences[0]?.status).toBe('FULFILLED');
    });
  });
});
