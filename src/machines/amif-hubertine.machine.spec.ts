import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { allowedActions } from './convention.engine';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Seed 004: press release on the AMIF – Centre Hubertine Auclert convention signed on Tuesday
 * 13 October 2020. It states no term, renewal, notice or evaluation: an open-ended
 * convention (Code civil art. 1211), terminable with the reasonable notice the definition
 * chose (three months).
 */
const definition: ConventionDefinition = (() => {
  const found = loadDefinitions(join(__dirname, '../../workflows')).find(
    (loaded) => loaded.definition.id === 'amif-hubertine-auclert-2020',
  );
  if (!found) throw new Error('amif-hubertine-auclert-2020 is not among the workflows');
  return found.definition;
})();

const amif = representative('amif');
const cha = representative('centre-hubertine-auclert');

/** Given the convention signed on 13 October 2020 and in force that day. */
function inForce(): ConventionScenario {
  const scenario = new ConventionScenario(definition, '2020-10-01T09:00:00.000Z').signAll(at('2020-10-13'));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2020-10-13')).toBeNull();
  return scenario;
}

describe('AMIF–Centre Hubertine Auclert convention (seed 004, 13 October 2020)', () => {
  describe('open-ended term', () => {
    it('is in force from 13 October 2020 with no end date and no notice deadline', () => {
      const scenario = inForce();

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term).toEqual({ number: 1, startsOn: '2020-10-13', endsOn: null });
      expect(scenario.view.noticeDeadline).toBeNull();
    });

    it('plans no term end', () => {
      const plan = plannedDeadlines(definition, inForce().snapshot);

      expect(plan.filter((d) => d.kind === 'TERM_END' || d.kind === 'NOTICE_DEADLINE')).toEqual([]);
      expect(plan.map((d) => [d.kind, d.subject, d.dueOn])).toEqual([
        ['COMMITMENT_DUE', 'cross-participation-in-events', '2021-10-13'],
      ]);
    });

    it('never ends by itself, even years later (INVALID_TRANSITION)', () => {
      const scenario = inForce();

      expect(scenario.tick('TERM_ENDED', '2030-10-13')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2030-10-13')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.view.status).toBe('ACTIVE');
    });
  });

  describe('termination with the default notice of three months', () => {
    it('terminates the day after the three months of notice end: given on 31 January, in force until 30 April', () => {
      const scenario = inForce().accept(
        { type: 'NOTICE_GIVEN', reason: 'fin du partenariat' },
        cha,
        at('2022-01-31'),
      );

      expect(scenario.view.notice).toMatchObject({
        partyId: 'centre-hubertine-auclert',
        givenOn: '2022-01-31',
        effectiveOn: '2022-05-01',
      });
      expect(
        plannedDeadlines(definition, scenario.snapshot).find((d) => d.kind === 'TERMINATION')?.dueOn,
      ).toBe('2022-05-01');

      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2022-04-30')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2022-05-01')).toBeNull();
      expect(scenario.view.status).toBe('TERMINATED');
      expect(scenario.view.termination).toMatchObject({ on: '2022-05-01', cause: 'NOTICE' });
    });

    it('offers notice to either party at any time', () => {
      const scenario = inForce();

      expect(allowedActions(definition, scenario.snapshot, amif, at('2025-06-01')).convention).toEqual([
        'GIVE_NOTICE',
        'PROPOSE_AMENDMENT',
      ]);
      expect(allowedActions(definition, scenario.snapshot, cha, at('2025-06-01')).convention).toEqual([
        'GIVE_NOTICE',
        'PROPOSE_AMENDMENT',
      ]);
    });
  });

  describe('no evaluation', () => {
    it('opens no evaluation round', () => {
      expect(inForce().view.evaluation).toBeNull();
    });

    it('refuses an evaluation, which no party of this convention may submit (FORBIDDEN)', () => {
      const refusal = inForce().send(
        { type: 'EVALUATION_SUBMITTED', assessments: [], summary: null },
        amif,
        at('2021-10-13'),
      );

      expect(refusal?.code).toBe('FORBIDDEN');
    });
  });

  describe('commitments', () => {
    it('fulfils the bilateral exchange once both structures have confirmed', () => {
      const scenario = inForce().accept(confirm('bilateral-exchange'), amif, at('2021-01-10'));
      expect(scenario.commitment('bilateral-exchange').status).toBe('IN_EFFECT');

      scenario.accept(confirm('bilateral-exchange'), cha, at('2021-01-12'));

      expect(scenario.commitment('bilateral-exchange').status).toBe('FULFILLED');
    });

    it('refuses the AMIF marking the Centre’s kit done (FORBIDDEN)', () => {
      expect(inForce().send(confirm('cha-tools-for-communes'), amif, at('2021-01-10'))?.code).toBe(
        'FORBIDDEN',
      );
    });

    it('counts cross participation in events year by year from the signature', () => {
      const scenario = inForce()
        .accept(confirm('cross-participation-in-events'), amif, at('2021-03-20'))
        .accept(confirm('cross-participation-in-events'), cha, at('2021-03-20'));

      scenario.tick('COMMITMENT_DUE_PASSED', '2021-10-13', { commitmentId: 'cross-participation-in-events' });
      scenario.tick('COMMITMENT_DUE_PASSED', '2022-10-13', { commitmentId: 'cross-participation-in-events' });

      expect(
        scenario
          .commitment('cross-participation-in-events')
          .occurrences.map((o) => [o.startsOn, o.dueOn, o.status]),
      ).toEqual([
        ['2020-10-13', '2021-10-12', 'FULFILLED'],
        ['2021-10-13', '2022-10-12', 'VIOLATED'],
        ['2022-10-13', '2023-10-12', 'IN_EFFECT'],
      ]);
    });
  });
});
