import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { lastDayOfMonth } from './period-end';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * `dueAtMonthEnd` (issue 14): « au plus tard le dernier jour du deuxième mois suivant la réception
 * de la facture », and each quarter's statement « au plus tard le dernier jour du deuxième mois
 * suivant ce trimestre ». Fixture `test/fixtures/definitions/clause-month-end.yaml`, in force
 * from 1 January 2025 (signed 16 December 2024).
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((candidate) => candidate.id === 'clause-month-end') as ConventionDefinition;

const PARIS = 'Europe/Paris';
const a = representative('association-a');
const STATEMENT = 'quarterly-statement';

function inForce(version?: RulesVersion, def: ConventionDefinition = definition): ConventionScenario {
  return new ConventionScenario(def, startOfDay('2024-12-10', PARIS), null, version)
    .signAll(at('2024-12-16'))
    .runUntil('2025-01-01');
}

const plan = (scenario: ConventionScenario) =>
  plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);

describe('lastDayOfMonth', () => {
  it.each([
    ['2025-05-10', '2025-05-31'],
    ['2025-04-28', '2025-04-30'],
    ['2025-02-28', '2025-02-28'],
    ['2028-02-01', '2028-02-29'],
    ['2025-12-31', '2025-12-31'],
  ])('%s ends its month on %s', (day, last) => {
    expect(lastDayOfMonth(day)).toBe(last);
  });
});

describe('dueAtMonthEnd on a one-off after another: the last day of the second month after the invoice', () => {
  it('is due on 31 May 2025 for an invoice received on 10 March (P2M reaches 10 May)', () => {
    const scenario = inForce().accept(confirm('invoice'), a, at('2025-03-10', '11:00'));

    expect(scenario.commitment('payment')).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2025-03-10',
      dueOn: '2025-05-31',
    });
    expect(plan(scenario)).toContainEqual(['COMMITMENT_DUE', 'payment', '2025-06-01']);
  });

  it('is due on the last day of February for an invoice received on 31 December (28 February 2026)', () => {
    const scenario = inForce()
      .runUntil('2025-12-31')
      .accept(confirm('invoice'), a, at('2025-12-31', '10:00'));

    expect(scenario.commitment('payment').dueOn).toBe('2026-02-28');
  });

  it('is due on the day P2M reaches without the clause (10 May), as before', () => {
    const without: ConventionDefinition = {
      ...definition,
      // Another id: machines are cached by definition id and version.
      id: 'clause-month-end-without',
      commitments: definition.commitments.map(({ dueAtMonthEnd: _dropped, ...c }) => c),
    };
    const scenario = inForce(undefined, without).accept(confirm('invoice'), a, at('2025-03-10', '11:00'));

    expect(scenario.commitment('payment').dueOn).toBe('2025-05-10');
  });

  it('is VIOLATED on 1 June at midnight in Paris when not paid by 31 May', () => {
    const scenario = inForce()
      .accept(confirm('invoice'), a, at('2025-03-10', '11:00'))
      .runUntil('2025-06-01');

    expect(scenario.commitment('payment').status).toBe('VIOLATED');
  });
});

describe('dueAtMonthEnd on a recurring commitment with dueAfterPeriod', () => {
  it('makes each quarter due on the last day of the second month after it: 31 May, 31 August, 30 November', () => {
    const scenario = inForce();
    const dues = () => scenario.commitment(STATEMENT).occurrences.map((o) => [o.periodEndsOn, o.dueOn]);

    expect(dues()).toEqual([['2025-03-31', '2025-05-31']]);
    scenario.accept(confirm(STATEMENT), a, at('2025-05-20'));
    scenario.runUntil('2025-06-01');
    scenario.accept(confirm(STATEMENT), a, at('2025-08-29'));
    scenario.runUntil('2025-09-01');

    // 30 June + P2M = 30 August, at the end of its month: 31 August (without the clause, 30 August).
    expect(dues()).toEqual([
      ['2025-03-31', '2025-05-31'],
      ['2025-06-30', '2025-08-31'],
      ['2025-09-30', '2025-11-30'],
    ]);
    expect(scenario.commitment(STATEMENT).occurrences.map((o) => o.status)).toEqual([
      'FULFILLED',
      'FULFILLED',
      'IN_EFFECT',
    ]);
    // The occurrence of the third quarter is owed from the day after the second one was due.
    expect(scenario.commitment(STATEMENT).occurrences[2]?.startsOn).toBe('2025-09-01');
  });

  it.each([1, 2, 3, 4] as const)(
    'means the same under rules v%i (a new field, read under every version)',
    (v) => {
      const scenario = inForce(v).accept(confirm('invoice'), a, at('2025-03-10', '11:00'));

      expect(scenario.commitment('payment').dueOn).toBe('2025-05-31');
    },
  );
});
