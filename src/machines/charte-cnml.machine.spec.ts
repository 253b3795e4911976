import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { SYSTEM_ACTOR } from './actor';
import { allowedActions } from './convention.engine';
import { ConventionDefinition } from './definition';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at } from './testing/seed-events';

/**
 * Seed 003: Convention Charte de la diversité – CNML, « Fait à Paris, le 16 juin 2009 ».
 * « La durée de cette convention est fixée à une année et peut être renouvelée par voie
 * d'avenant »; a steering committee « se réunira avant la fin de validité de la convention
 * pour en dresser le bilan »; the text has no termination clause.
 */
const definition: ConventionDefinition = (() => {
  const found = loadDefinitions(join(__dirname, '../../workflows')).find(
    (loaded) => loaded.definition.id === 'charte-diversite-cnml-2009',
  );
  if (!found) throw new Error('charte-diversite-cnml-2009 is not among the workflows');
  return found.definition;
})();

const charte = representative('charte-diversite');
const cnml = representative('cnml');
const CRITERIA = [
  'information-to-companies',
  'diversity-recruitment',
  'information-exchange',
  'new-lines-of-action',
];

function evaluation() {
  return {
    type: 'EVALUATION_SUBMITTED' as const,
    assessments: CRITERIA.map((criterion) => ({ criterion, rating: 'MET' as const, comment: null })),
    summary: 'bilan du comité de pilotage',
  };
}

/** Given the convention signed in Paris on 16 June 2009 and in force that day. */
function inForce(): ConventionScenario {
  const scenario = new ConventionScenario(definition, '2009-06-01T09:00:00.000Z').signAll(at('2009-06-16'));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2009-06-16')).toBeNull();
  return scenario;
}

describe('Charte de la diversité–CNML convention (seed 003, 16 June 2009)', () => {
  it('is in force for one year: 16 June 2009 to 15 June 2010, with no notice deadline', () => {
    const scenario = inForce();

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' });
    expect(scenario.view.noticeDeadline).toBeNull();
  });

  describe('renewal by amendment only', () => {
    it('expires at the end of its year when no amendment renews it (TERMINATED, EXPIRY)', () => {
      const scenario = inForce();

      expect(scenario.tick('TERM_ENDED', '2010-06-15')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('TERM_ENDED', '2010-06-16')).toBeNull();

      expect(scenario.view.status).toBe('TERMINATED');
      expect(scenario.view.termination).toMatchObject({ on: '2010-06-16', cause: 'EXPIRY' });
      expect(scenario.view.commitments.every((c) => c.status === 'TERMINATED')).toBe(true);
    });

    it('is never renewed tacitly: the notice deadline does not exist (INVALID_TRANSITION)', () => {
      const scenario = inForce();

      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2010-06-15')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.view.status).toBe('ACTIVE');
    });

    it('expires even after a favourable review: the review alone does not renew it', () => {
      const scenario = inForce()
        .accept(evaluation(), charte, at('2010-05-20'))
        .accept(evaluation(), cnml, at('2010-05-20', '11:00'));
      expect(scenario.view.status).toBe('EVALUATED');

      expect(scenario.tick('TERM_ENDED', '2010-06-16')).toBeNull();

      expect(scenario.view.status).toBe('TERMINATED');
      expect(scenario.view.termination?.cause).toBe('EXPIRY');
    });
  });

  describe('no termination clause', () => {
    it('refuses notice from either party (INVALID_TRANSITION)', () => {
      const scenario = inForce();

      const refusal = scenario.send({ type: 'NOTICE_GIVEN', reason: 'fin' }, cnml, at('2009-10-01'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('this convention cannot be ended by notice');
      expect(scenario.send({ type: 'NOTICE_GIVEN', reason: 'fin' }, charte, at('2009-10-01'))?.code).toBe(
        'INVALID_TRANSITION',
      );
      expect(scenario.view.notice).toBeNull();
    });

    it('does not offer notice among the allowed actions', () => {
      const scenario = inForce();

      const allowed = allowedActions(definition, scenario.snapshot, cnml, at('2009-10-01'));

      expect(allowed.convention).toEqual(['SUBMIT_EVALUATION', 'PROPOSE_AMENDMENT', 'PROPOSE_RENEWAL']);
    });
  });

  describe('steering committee review before the end of validity', () => {
    it('opens a single review spanning the year, due on 15 June 2010, the last day of validity', () => {
      expect(inForce().view.evaluation).toMatchObject({
        number: 1,
        termNumber: 1,
        index: 1,
        opensOn: '2009-06-16',
        dueOn: '2010-06-15',
        completedAt: null,
      });
    });

    it('is EVALUATED once both parties have recorded the review on the four criteria', () => {
      const scenario = inForce()
        .accept(evaluation(), charte, at('2010-05-20'))
        .accept(evaluation(), cnml, at('2010-05-20', '11:00'));

      expect(scenario.view.status).toBe('EVALUATED');
      expect(scenario.view.evaluation?.submissions.map((s) => s.partyId)).toEqual([
        'charte-diversite',
        'cnml',
      ]);
    });

    it('opens no second review within the year (INVALID_TRANSITION)', () => {
      const scenario = inForce()
        .accept(evaluation(), charte, at('2010-05-20'))
        .accept(evaluation(), cnml, at('2010-05-20'));

      expect(scenario.send({ type: 'EVALUATION_PERIOD_OPENED' }, SYSTEM_ACTOR, at('2010-06-01'))?.code).toBe(
        'INVALID_TRANSITION',
      );
      expect(scenario.view.status).toBe('EVALUATED');
    });
  });

  describe('annual exchange of good practices', () => {
    it('gives each party its own yearly exchange: the CNML cannot confirm the Charte’s (FORBIDDEN)', () => {
      const refusal = inForce().send(
        {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: 'charte-annual-exchange',
          note: null,
          evidenceUrl: null,
        },
        cnml,
        at('2009-12-01'),
      );

      expect(refusal?.code).toBe('FORBIDDEN');
    });

    it('closes an exchange held during the year as FULFILLED, not TERMINATED, at expiry', () => {
      const scenario = inForce().accept(
        { type: 'COMMITMENT_CONFIRMED', commitmentId: 'cnml-annual-exchange', note: null, evidenceUrl: null },
        cnml,
        at('2009-12-01'),
      );

      scenario.tick('TERM_ENDED', '2010-06-16');

      expect(scenario.commitment('cnml-annual-exchange').occurrences.map((o) => o.status)).toEqual([
        'FULFILLED',
      ]);
      expect(scenario.commitment('charte-annual-exchange').occurrences.map((o) => o.status)).toEqual([
        'TERMINATED',
      ]);
    });
  });
});
