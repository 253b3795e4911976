import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { plannedReminders } from './reminders';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * `dueBy` (issue 14): a one-off commitment due on a date (« au plus tard le 31 décembre 2025 »),
 * that day included, VIOLATED the day after in the convention's time zone, whenever the
 * convention took effect. Fixture `test/fixtures/definitions/clause-due-by.yaml`.
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((candidate) => candidate.id === 'clause-due-by') as ConventionDefinition;

const PARIS = 'Europe/Paris';
const a = representative('association-a');
const b = representative('association-b');

function inForceOn(day: string, version?: RulesVersion): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay(day, PARIS), null, version).signAll(at(day));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

const duePassed = (commitmentId: string) => ({ commitmentId });
const plan = (scenario: ConventionScenario) =>
  plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);

describe('dueBy: a one-off commitment due « au plus tard le 31 décembre 2025 »', () => {
  it('is due on 31 December 2025 and 30 June 2026, with a COMMITMENT_DUE deadline the day after each', () => {
    const scenario = inForceOn('2024-03-01');

    expect(scenario.commitment('study')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2025-12-31' });
    expect(scenario.commitment('toolkit')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2026-06-30' });
    expect(scenario.commitment('contact-person').dueOn).toBeNull();
    expect(plan(scenario)).toEqual([
      ['COMMITMENT_DUE', 'study', '2026-01-01'],
      ['COMMITMENT_DUE', 'toolkit', '2026-07-01'],
      ['TERM_END', null, '2027-03-01'],
    ]);
  });

  it('reminds its owners 14 days before and on the day, as for any due date', () => {
    const reminders = plannedReminders(definition, inForceOn('2024-03-01').snapshot).filter(
      (r) => r.subject === 'study',
    );

    expect(reminders.map((r) => [r.kind, r.targetOn, r.daysBefore, r.parties])).toEqual([
      ['COMMITMENT_DUE', '2025-12-31', 14, ['association-a', 'association-b']],
      ['COMMITMENT_DUE', '2025-12-31', 0, ['association-a', 'association-b']],
    ]);
  });

  it('is still owed on 31 December 2025 and VIOLATED on 1 January 2026 at midnight in Paris', () => {
    const scenario = inForceOn('2024-03-01');

    expect(scenario.tick('COMMITMENT_DUE_PASSED', '2025-12-31', duePassed('study'))?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(scenario.tick('COMMITMENT_DUE_PASSED', '2026-01-01', duePassed('study'))).toBeNull();

    expect(scenario.commitment('study')).toMatchObject({
      status: 'VIOLATED',
      endedAt: '2025-12-31T23:00:00.000Z',
    });
    expect(scenario.view.status).toBe('ACTIVE');
  });

  it('stays VIOLATED when the convention ends, rather than TERMINATED with the others', () => {
    const scenario = inForceOn('2024-03-01').runUntil('2027-03-01');

    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.commitment('study').status).toBe('VIOLATED');
    expect(scenario.commitment('toolkit').status).toBe('VIOLATED');
    expect(scenario.commitment('contact-person').status).toBe('TERMINATED');
  });

  it('is FULFILLED when every owner confirms it on the last day, and nothing falls due', () => {
    const scenario = inForceOn('2024-03-01')
      .accept(confirm('study'), a, at('2025-12-31', '18:00'))
      .accept(confirm('study'), b, at('2025-12-31', '23:30'));

    expect(scenario.commitment('study').status).toBe('FULFILLED');
    expect(plan(scenario)).not.toContainEqual(['COMMITMENT_DUE', 'study', '2026-01-01']);
    expect(scenario.runUntil('2027-03-01').commitment('study').status).toBe('FULFILLED');
  });

  it('keeps its date whenever the convention takes effect: in force in 2026, the study is already late', () => {
    const late = inForceOn('2026-02-01');

    expect(late.commitment('study').dueOn).toBe('2025-12-31');
    expect(late.commitment('toolkit').dueOn).toBe('2026-06-30');
    expect(plan(late)[0]).toEqual(['COMMITMENT_DUE', 'study', '2026-01-01']);
    expect(late.runUntil('2026-02-01').commitment('study').status).toBe('VIOLATED');
    expect(late.commitment('toolkit').status).toBe('IN_EFFECT');
  });

  it.each([1, 2, 3] as const)(
    'means the same under rules v%i (a new field, read under every version)',
    (v) => {
      const scenario = inForceOn('2024-03-01', v);

      expect(scenario.commitment('study').dueOn).toBe('2025-12-31');
      expect(scenario.tick('COMMITMENT_DUE_PASSED', '2026-01-01', duePassed('study'))).toBeNull();
      expect(scenario.commitment('study').status).toBe('VIOLATED');
    },
  );
});

describe('dueBy changed by an amendment', () => {
  const propose = (changes: Record<string, unknown>) => ({
    type: 'AMENDMENT_PROPOSED' as const,
    amendmentId: 'A1',
    kind: 'CHANGE' as const,
    changes,
    effectiveOn: null,
    summary: "Avenant n° 1 : report de l'étude",
  });
  const signAmendment = (scenario: ConventionScenario, day: string) =>
    scenario
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-a-president' },
        a,
        at(day),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-b-presidente' },
        b,
        at(day),
      );

  it('moves the due date of the new version: the study is then due by 31 March 2026', () => {
    const scenario = inForceOn('2024-03-01').accept(
      propose({ changeCommitments: [{ id: 'study', dueBy: '2026-03-31' }] }),
      a,
      at('2025-11-03'),
    );
    signAmendment(scenario, '2025-11-04').runUntil('2026-01-01');

    expect(scenario.commitment('study.v2')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2026-03-31' });
    expect(plan(scenario)).toContainEqual(['COMMITMENT_DUE', 'study.v2', '2026-04-01']);
  });

  it('refuses a dueBy that is not a date, or beside a due (BAD_USER_INPUT)', () => {
    const scenario = inForceOn('2024-03-01');

    for (const change of [
      { id: 'study', dueBy: '31/03/2026' },
      { id: 'study', due: 'P6M' },
    ]) {
      const refusal = scenario.send(propose({ changeCommitments: [change] }), a, at('2025-11-03'));
      expect(refusal?.code).toBe('BAD_USER_INPUT');
    }
    expect(scenario.view.amendments).toEqual([]);
  });
});

/**
 * Under force majeure an absolute due date moves as any other (`shiftForSuspension`): « la force
 * majeure suspend l'exécution des obligations », and the days suspended are given back on
 * resumption. Nothing falls due while suspended.
 */
describe('dueBy under a force-majeure suspension', () => {
  const withForceMajeure: ConventionDefinition = {
    ...definition,
    // Another id: machines are cached by definition id and version.
    id: 'clause-due-by-force-majeure',
    forceMajeure: { maxSuspension: 'P3M' },
  };

  function suspendedOn(day: string): ConventionScenario {
    const scenario = new ConventionScenario(withForceMajeure, startOfDay('2024-03-01', PARIS)).signAll(
      at('2024-03-01'),
    );
    expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2024-03-01')).toBeNull();
    return scenario.accept({ type: 'CONVENTION_SUSPENDED', reason: 'Inondation des locaux' }, a, at(day));
  }

  it('is not VIOLATED while the convention is suspended over its date', () => {
    const scenario = suspendedOn('2025-12-20');

    expect(plan(scenario)).not.toContainEqual(['COMMITMENT_DUE', 'study', '2026-01-01']);
    expect(scenario.runUntil('2026-01-10').commitment('study').status).not.toBe('VIOLATED');
  });

  it('is due the days suspended later once the convention resumes: 16 days, 16 January 2026', () => {
    const scenario = suspendedOn('2025-12-20').accept({ type: 'CONVENTION_RESUMED' }, a, at('2026-01-05'));

    expect(scenario.commitment('study')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2026-01-16' });
    expect(plan(scenario)).toContainEqual(['COMMITMENT_DUE', 'study', '2026-01-17']);
    expect(scenario.runUntil('2026-01-17').commitment('study').status).toBe('VIOLATED');
  });
});
