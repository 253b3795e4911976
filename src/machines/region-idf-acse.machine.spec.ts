import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { ConventionDefinition } from './definition';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Seed 001: Convention de partenariat stratégique Région Île-de-France – Acsé, « Paris, le
 * 11 juillet 2008 ». Two parties, three signatures (the préfet de région signs on the Acsé's
 * side). Article 10: three years, « modifié ou dénoncé à la demande d'un des signataires
 * chaque année à la date anniversaire de la signature », no renewal. Article 9: a technical
 * committee « se réunit une fois par trimestre ».
 */
const definition: ConventionDefinition = (() => {
  const found = loadDefinitions(join(__dirname, '../../workflows')).find(
    (loaded) => loaded.definition.id === 'region-idf-acse-2008',
  );
  if (!found) throw new Error('region-idf-acse-2008 is not among the workflows');
  return found.definition;
})();

const PARIS = 'Europe/Paris';
const region = representative('region-idf');
const acse = representative('acse');
const CRITERIA = ['impact', 'annual-orientations', 'action-sheets', 'gender-statistics'];

function sign(signatoryId: string) {
  return { type: 'SIGNATURE_GIVEN' as const, signatoryId };
}

function evaluation() {
  return {
    type: 'EVALUATION_SUBMITTED' as const,
    assessments: CRITERIA.map((criterion) => ({
      criterion,
      rating: 'PARTIALLY_MET' as const,
      comment: null,
    })),
    summary: 'bilan annuel',
  };
}

function notice() {
  return { type: 'NOTICE_GIVEN' as const, reason: 'dénonciation à la date anniversaire' };
}

function draft(): ConventionScenario {
  return new ConventionScenario(definition, '2008-07-01T09:00:00.000Z');
}

/** Given the three signatures in Paris on 11 July 2008 and the agreement in force that day. */
function inForce(): ConventionScenario {
  const scenario = draft().signAll(at('2008-07-11'));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2008-07-11')).toBeNull();
  return scenario;
}

function technicalCommittee(scenario: ConventionScenario) {
  return scenario.commitment('technical-committee-meeting');
}

describe('Région Île-de-France–Acsé strategic partnership (seed 001, 11 July 2008)', () => {
  describe('three signatories for two parties', () => {
    it('stays DRAFT after the président du conseil régional and the directeur général de l’Acsé have signed', () => {
      const scenario = draft()
        .accept(sign('region-idf-president'), region, at('2008-07-11'))
        .accept(sign('acse-directeur-general'), acse, at('2008-07-11'));

      expect(scenario.view.status).toBe('DRAFT');
      expect(scenario.view.effectiveOn).toBeNull();
    });

    it('is SIGNED only once the préfet de région, the third signatory, has signed for the Acsé', () => {
      const scenario = draft()
        .accept(sign('region-idf-president'), region, at('2008-07-11', '09:00'))
        .accept(sign('acse-directeur-general'), acse, at('2008-07-11', '10:00'))
        .accept(sign('prefet-region-idf'), acse, at('2008-07-11', '11:00'));

      expect(scenario.view.status).toBe('SIGNED');
      expect(scenario.view.effectiveOn).toBe('2008-07-11');
      expect(scenario.view.signatures.map((s) => [s.signatoryId, s.partyId])).toEqual([
        ['region-idf-president', 'region-idf'],
        ['acse-directeur-general', 'acse'],
        ['prefet-region-idf', 'acse'],
      ]);
    });

    it('takes effect on the day of the last of the three signatures', () => {
      const scenario = draft()
        .accept(sign('region-idf-president'), region, at('2008-07-07'))
        .accept(sign('prefet-region-idf'), acse, at('2008-07-09'))
        .accept(sign('acse-directeur-general'), acse, at('2008-07-11'));

      expect(scenario.view.effectiveOn).toBe('2008-07-11');
    });

    it('refuses a representative of the Région signing for the préfet (FORBIDDEN)', () => {
      const refusal = draft().send(sign('prefet-region-idf'), region, at('2008-07-11'));

      expect(refusal?.code).toBe('FORBIDDEN');
    });

    it('comes into force for three years: 11 July 2008 to 10 July 2011, with no notice deadline', () => {
      const scenario = inForce();

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term).toEqual({ number: 1, startsOn: '2008-07-11', endsOn: '2011-07-10' });
      expect(scenario.view.noticeDeadline).toBeNull();
    });
  });

  describe('termination at the anniversary date (article 10)', () => {
    it('takes effect at the first anniversary, 11 July 2009, for a notice given in month 5', () => {
      const scenario = inForce().accept(notice(), region, at('2008-11-20'));

      expect(scenario.view.notice).toMatchObject({
        partyId: 'region-idf',
        givenOn: '2008-11-20',
        effectiveOn: '2009-07-11',
      });
      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2009-07-10')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.view.status).toBe('ACTIVE');

      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2009-07-11')).toBeNull();
      expect(scenario.view.status).toBe('TERMINATED');
      expect(scenario.view.termination).toEqual({
        on: '2009-07-11',
        at: startOfDay('2009-07-11', PARIS),
        cause: 'NOTICE',
      });
    });

    it('takes effect at the next anniversary when notice is given on an anniversary', () => {
      const scenario = inForce().accept(notice(), acse, at('2009-07-11'));

      expect(scenario.view.notice?.effectiveOn).toBe('2010-07-11');
    });

    it('takes effect at the expiry, 11 July 2011, for a notice given in year 3', () => {
      const scenario = inForce().accept(notice(), acse, at('2011-01-15'));

      expect(scenario.view.notice?.effectiveOn).toBe('2011-07-11');
      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2011-07-11')).toBeNull();
      expect(scenario.view.termination).toMatchObject({ on: '2011-07-11', cause: 'NOTICE' });
    });
  });

  describe('no renewal (article 10)', () => {
    it('never passes a notice deadline, since nothing renews (INVALID_TRANSITION)', () => {
      const scenario = inForce();

      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2011-04-11')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.view.status).toBe('ACTIVE');
    });

    it('expires at the end of year 3: TERM_ENDED on 11 July 2011 terminates it (EXPIRY)', () => {
      const scenario = inForce();

      expect(scenario.tick('TERM_ENDED', '2011-07-10')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('TERM_ENDED', '2011-07-11')).toBeNull();

      expect(scenario.view.status).toBe('TERMINATED');
      expect(scenario.view.termination).toEqual({
        on: '2011-07-11',
        at: startOfDay('2011-07-11', PARIS),
        cause: 'EXPIRY',
      });
      expect(scenario.commitment('acse-regional-guide').status).toBe('TERMINATED');
    });

    it('expires from EVALUATED after the third annual evaluation', () => {
      const scenario = inForce();
      for (const [year, opensOn] of [
        [1, null],
        [2, '2009-07-11'],
        [3, '2010-07-11'],
      ] as const) {
        if (opensOn) expect(scenario.tick('EVALUATION_PERIOD_OPENED', opensOn)).toBeNull();
        expect(scenario.view.evaluation).toMatchObject({ number: year, index: year, completedAt: null });
        scenario
          .accept(evaluation(), region, at(`${2008 + year}-06-01`))
          .accept(evaluation(), acse, at(`${2008 + year}-06-02`));
        expect(scenario.view.status).toBe('EVALUATED');
      }

      expect(scenario.tick('EVALUATION_PERIOD_OPENED', '2011-07-11')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('TERM_ENDED', '2011-07-11')).toBeNull();
      expect(scenario.view.termination?.cause).toBe('EXPIRY');
    });
  });

  describe('quarterly technical committee (article 9)', () => {
    it('opens its first quarter on the effective date: 11 July to 10 October 2008', () => {
      const committee = technicalCommittee(inForce());

      expect(committee.status).toBe('IN_EFFECT');
      expect(committee.dueOn).toBe('2008-10-10');
      expect(committee.occurrences).toEqual([
        { index: 1, startsOn: '2008-07-11', dueOn: '2008-10-10', status: 'IN_EFFECT', fulfilments: [] },
      ]);
    });

    it('does not fulfil a meeting confirmed by the Région alone', () => {
      const scenario = inForce().accept(confirm('technical-committee-meeting'), region, at('2008-09-15'));

      expect(technicalCommittee(scenario).occurrences[0]?.status).toBe('IN_EFFECT');
      expect(technicalCommittee(scenario).confirmations.map((c) => c.partyId)).toEqual(['region-idf']);
    });

    it('records a fulfilled quarter, a missed quarter as VIOLATED, and opens the following one', () => {
      const scenario = inForce()
        .accept(confirm('technical-committee-meeting'), region, at('2008-09-15'))
        .accept(confirm('technical-committee-meeting'), acse, at('2008-09-15', '11:00'));
      expect(technicalCommittee(scenario).occurrences[0]?.status).toBe('FULFILLED');

      expect(
        scenario.tick('COMMITMENT_DUE_PASSED', '2008-10-11', { commitmentId: 'technical-committee-meeting' }),
      ).toBeNull();
      expect(
        technicalCommittee(scenario).occurrences.map((o) => [o.index, o.startsOn, o.dueOn, o.status]),
      ).toEqual([
        [1, '2008-07-11', '2008-10-10', 'FULFILLED'],
        [2, '2008-10-11', '2009-01-10', 'IN_EFFECT'],
      ]);

      // No meeting in the second quarter.
      expect(
        scenario.tick('COMMITMENT_DUE_PASSED', '2009-01-11', { commitmentId: 'technical-committee-meeting' }),
      ).toBeNull();

      const committee = technicalCommittee(scenario);
      expect(committee.status).toBe('IN_EFFECT');
      expect(committee.occurrences.map((o) => [o.index, o.startsOn, o.dueOn, o.status])).toEqual([
        [1, '2008-07-11', '2008-10-10', 'FULFILLED'],
        [2, '2008-10-11', '2009-01-10', 'VIOLATED'],
        [3, '2009-01-11', '2009-04-10', 'IN_EFFECT'],
      ]);
      expect(committee.occurrences[0]?.fulfilments).toHaveLength(1);
      expect(committee.occurrences[0]?.fulfilments[0]?.map((c) => c.partyId)).toEqual(['region-idf', 'acse']);
      expect(committee.dueOn).toBe('2009-04-10');
    });

    it('drops a half-confirmed meeting when its quarter closes', () => {
      const scenario = inForce().accept(confirm('technical-committee-meeting'), acse, at('2008-10-01'));

      scenario.tick('COMMITMENT_DUE_PASSED', '2008-10-11', { commitmentId: 'technical-committee-meeting' });

      expect(technicalCommittee(scenario).occurrences[0]?.status).toBe('VIOLATED');
      expect(technicalCommittee(scenario).confirmations).toEqual([]);
    });

    it('refuses a second meeting in a quarter already fulfilled (INVALID_TRANSITION)', () => {
      const scenario = inForce()
        .accept(confirm('technical-committee-meeting'), region, at('2008-09-15'))
        .accept(confirm('technical-committee-meeting'), acse, at('2008-09-15'));

      expect(scenario.send(confirm('technical-committee-meeting'), region, at('2008-10-01'))?.code).toBe(
        'INVALID_TRANSITION',
      );
    });

    it('does not close a quarter on its last day (INVALID_TRANSITION)', () => {
      const scenario = inForce();

      const refusal = scenario.tick('COMMITMENT_DUE_PASSED', '2008-10-10', {
        commitmentId: 'technical-committee-meeting',
      });

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(technicalCommittee(scenario).occurrences).toHaveLength(1);
    });

    it('refuses a due date for a one-off commitment that has none (INVALID_TRANSITION)', () => {
      const refusal = inForce().tick('COMMITMENT_DUE_PASSED', '2009-07-11', {
        commitmentId: 'acse-regional-guide',
      });

      expect(refusal?.code).toBe('INVALID_TRANSITION');
    });

    it('terminates the open quarter at expiry and keeps the closed ones', () => {
      const scenario = inForce()
        .accept(confirm('technical-committee-meeting'), region, at('2008-09-15'))
        .accept(confirm('technical-committee-meeting'), acse, at('2008-09-15'));
      scenario.tick('COMMITMENT_DUE_PASSED', '2008-10-11', { commitmentId: 'technical-committee-meeting' });

      scenario.tick('TERM_ENDED', '2011-07-11');

      const committee = technicalCommittee(scenario);
      expect(committee.status).toBe('TERMINATED');
      expect(committee.occurrences.map((o) => o.status)).toEqual(['FULFILLED', 'TERMINATED']);
    });
  });

  describe('Acsé commitments', () => {
    it('refuses the Région marking the Acsé regional guide done (FORBIDDEN)', () => {
      expect(inForce().send(confirm('acse-regional-guide'), region, at('2009-03-01'))?.code).toBe(
        'FORBIDDEN',
      );
    });

    it('fulfils the regional guide on the Acsé’s confirmation alone', () => {
      const scenario = inForce().accept(confirm('acse-regional-guide'), acse, at('2009-03-01'));

      expect(scenario.commitment('acse-regional-guide').status).toBe('FULFILLED');
    });
  });
});
