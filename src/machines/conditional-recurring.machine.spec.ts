import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { ConventionDefinition } from './definition';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * `if: { fulfilled, occurrence: previous }` (issue 14): « la subvention annuelle est versée si le
 * rapport de l'année précédente a été remis ». Fixture clause-conditional-recurring.yaml, in force
 * from 1 January 2024 for three years.
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((candidate) => candidate.id === 'clause-conditional-recurring') as ConventionDefinition;

const a = representative('association-a');
const b = representative('commune-b');

function inForce(version?: RulesVersion): ConventionScenario {
  const day = '2024-01-01';
  const scenario = new ConventionScenario(definition, startOfDay(day, 'Europe/Paris'), null, version).signAll(
    at(day),
  );
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

const statuses = (scenario: ConventionScenario, key: string) =>
  scenario.commitment(key).occurrences.map((o) => [o.startsOn, o.status]);

describe('if: an occurrence owed only if the previous occurrence of another was fulfilled', () => {
  it('owes the first year (no previous report), and each year after a report delivered', () => {
    const scenario = inForce()
      .accept(confirm('annual-report'), a, at('2024-11-15'))
      .runUntil('2025-01-01')
      .accept(confirm('annual-report'), a, at('2025-11-15'))
      .runUntil('2027-01-01');

    expect(scenario.view.status).toBe('TERMINATED');
    expect(statuses(scenario, 'annual-grant')).toEqual([
      ['2024-01-01', 'VIOLATED'],
      ['2025-01-01', 'VIOLATED'],
      ['2026-01-01', 'VIOLATED'],
    ]);
  });

  it('makes a year’s grant NOT_OWED, not VIOLATED, when the previous year’s report was missed', () => {
    const scenario = inForce()
      .accept(confirm('annual-grant'), b, at('2024-06-01'))
      .runUntil('2025-01-01')
      .accept(confirm('annual-report'), a, at('2025-11-15'))
      .runUntil('2027-01-01');

    expect(statuses(scenario, 'annual-report')).toEqual([
      ['2024-01-01', 'VIOLATED'],
      ['2025-01-01', 'FULFILLED'],
      ['2026-01-01', 'VIOLATED'],
    ]);
    expect(statuses(scenario, 'annual-grant')).toEqual([
      ['2024-01-01', 'FULFILLED'],
      ['2025-01-01', 'NOT_OWED'],
      ['2026-01-01', 'VIOLATED'],
    ]);
  });

  it('still records a grant paid though not owed as FULFILLED', () => {
    const scenario = inForce()
      .runUntil('2025-01-01')
      .accept(confirm('annual-grant'), b, at('2025-06-01'))
      .runUntil('2026-01-01');

    expect(statuses(scenario, 'annual-grant').slice(0, 2)).toEqual([
      ['2024-01-01', 'VIOLATED'],
      ['2025-01-01', 'FULFILLED'],
    ]);
  });

  it.each([1, 2, 3] as const)('means the same under rules v%i', (v) => {
    const scenario = inForce(v).runUntil('2026-01-01');
    expect(statuses(scenario, 'annual-grant').map(([, status]) => status)).toEqual([
      'VIOLATED',
      'NOT_OWED',
      'IN_EFFECT',
    ]);
  });
});
