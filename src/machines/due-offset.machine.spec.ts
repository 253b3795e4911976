import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { offsetShorterThanPeriod } from './due-after-period';
import { plannedReminders } from './reminders';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * `dueAfterPeriod` (issue 14): « l'association transmet chaque mois, au plus tard le 10, le
 * relevé des actions du mois précédent ». Each monthly occurrence covers a calendar month and
 * is due 10 days after its last day; it is open from the day after the previous one was due.
 * Fixture `test/fixtures/definitions/clause-due-offset.yaml` (1 January 2024 – 31 December 2025).
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((candidate) => candidate.id === 'clause-due-offset') as ConventionDefinition;

const PARIS = 'Europe/Paris';
const association = representative('association');
const STATEMENT = 'monthly-statement';

function inForce(version?: RulesVersion, def: ConventionDefinition = definition): ConventionScenario {
  const scenario = new ConventionScenario(def, startOfDay('2023-12-15', PARIS), null, version).signAll(
    at('2023-12-15'),
  );
  return scenario.runUntil('2024-01-01');
}

const plan = (scenario: ConventionScenario) =>
  plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);
const occurrence = (scenario: ConventionScenario, index: number) =>
  scenario.commitment(STATEMENT).occurrences.find((o) => o.index === index);

describe('dueAfterPeriod: each month, the statement of the previous month by the 10th', () => {
  it("opens January's statement on 1 January, covering January, due on 10 February", () => {
    const scenario = inForce();

    expect(scenario.commitment(STATEMENT)).toMatchObject({ status: 'IN_EFFECT', dueOn: '2024-02-10' });
    expect(scenario.commitment(STATEMENT).occurrences).toEqual([
      {
        index: 1,
        startsOn: '2024-01-01',
        dueOn: '2024-02-10',
        periodStartsOn: '2024-01-01',
        periodEndsOn: '2024-01-31',
        status: 'IN_EFFECT',
        fulfilments: [],
      },
    ]);
    expect(plan(scenario)).toContainEqual(['COMMITMENT_DUE', STATEMENT, '2024-02-11']);
    // The other recurring commitment, without the field, is unchanged (no period fields).
    expect(scenario.commitment('yearly-report').occurrences[0]).toEqual({
      index: 1,
      startsOn: '2024-01-01',
      dueOn: '2024-12-31',
      status: 'IN_EFFECT',
      fulfilments: [],
    });
  });

  it("counts a statement given on 5 February for January's occurrence", () => {
    const scenario = inForce()
      .runUntil('2024-02-05')
      .accept(confirm(STATEMENT), association, at('2024-02-05'));

    expect(occurrence(scenario, 1)?.status).toBe('FULFILLED');
    scenario.runUntil('2024-02-11');
    expect(occurrence(scenario, 1)?.status).toBe('FULFILLED');
    expect(occurrence(scenario, 2)).toMatchObject({ status: 'IN_EFFECT', startsOn: '2024-02-11' });
  });

  it('is still owed at 23:30 in Paris on 10 February, and VIOLATED at midnight', () => {
    const late = inForce().runUntil('2024-02-10');
    expect(occurrence(late, 1)?.status).toBe('IN_EFFECT');
    late.accept(confirm(STATEMENT), association, '2024-02-10T22:30:00Z');
    expect(occurrence(late, 1)?.status).toBe('FULFILLED');

    const missed = inForce().runUntil('2024-02-10');
    expect(plannedDeadlines(definition, missed.snapshot)[0]).toMatchObject({
      kind: 'COMMITMENT_DUE',
      dueOn: '2024-02-11',
      dueAt: '2024-02-10T23:00:00.000Z',
    });
    missed.runUntil('2024-02-11');
    expect(occurrence(missed, 1)?.status).toBe('VIOLATED');
    expect(missed.view.status).toBe('ACTIVE');
  });

  it('follows month ends, February of a leap year and of a common year', () => {
    const scenario = inForce().runUntil('2025-06-01');
    const rows = scenario
      .commitment(STATEMENT)
      .occurrences.map((o) => [o.index, o.periodStartsOn, o.periodEndsOn, o.startsOn, o.dueOn]);

    expect(rows.slice(0, 4)).toEqual([
      [1, '2024-01-01', '2024-01-31', '2024-01-01', '2024-02-10'],
      [2, '2024-02-01', '2024-02-29', '2024-02-11', '2024-03-10'],
      [3, '2024-03-01', '2024-03-31', '2024-03-11', '2024-04-10'],
      [4, '2024-04-01', '2024-04-30', '2024-04-11', '2024-05-10'],
    ]);
    expect(rows.find((r) => r[1] === '2024-12-01')).toEqual([
      12,
      '2024-12-01',
      '2024-12-31',
      '2024-12-11',
      '2025-01-10',
    ]);
    expect(rows.find((r) => r[1] === '2025-02-01')).toEqual([
      14,
      '2025-02-01',
      '2025-02-28',
      '2025-02-11',
      '2025-03-10',
    ]);
    // One occurrence open at a time: on 1 June 2025, May's (April's closed on 11 May).
    expect(scenario.commitment(STATEMENT).occurrences.filter((o) => o.status === 'IN_EFFECT')).toHaveLength(
      1,
    );
    expect(rows.at(-1)).toEqual([17, '2025-05-01', '2025-05-31', '2025-05-11', '2025-06-10']);
  });

  it('counts from the last day of a period that ends at a month end clamp (from 31 January)', () => {
    // Another id: machines are built once per definition id.
    const from31 = {
      ...definition,
      id: 'clause-due-offset-from-31',
      term: { ...definition.term, startsOn: '2023-01-31', endsOn: '2023-12-31' },
      source: { ...definition.source, signedOn: '2022-12-15' },
    } as ConventionDefinition;
    const scenario = new ConventionScenario(from31, startOfDay('2022-12-15', PARIS)).signAll(
      at('2022-12-15'),
    );
    scenario.runUntil('2023-04-15');

    expect(
      scenario.commitment(STATEMENT).occurrences.map((o) => [o.periodStartsOn, o.periodEndsOn, o.dueOn]),
    ).toEqual([
      ['2023-01-31', '2023-02-28', '2023-03-10'],
      ['2023-03-01', '2023-03-30', '2023-04-09'],
      ['2023-03-31', '2023-04-30', '2023-05-10'],
    ]);
  });

  it('reminds the association before the 10th, of the occurrence due then', () => {
    const reminders = plannedReminders(definition, inForce().snapshot).filter((r) => r.subject === STATEMENT);

    expect(reminders.length).toBeGreaterThan(0);
    expect(new Set(reminders.map((r) => r.targetOn))).toEqual(new Set(['2024-02-10']));
  });

  it('still owes the statement of December 2025 after the convention ends, until 10 January 2026', () => {
    const scenario = inForce().runUntil('2026-01-01');

    expect(scenario.view).toMatchObject({ status: 'TERMINATED', termination: { on: '2026-01-01' } });
    expect(scenario.commitment(STATEMENT)).toMatchObject({ status: 'IN_EFFECT', dueOn: '2026-01-10' });
    expect(scenario.commitment(STATEMENT).occurrences.at(-1)).toMatchObject({
      index: 24,
      periodStartsOn: '2025-12-01',
      periodEndsOn: '2025-12-31',
      startsOn: '2025-12-11',
      dueOn: '2026-01-10',
      status: 'IN_EFFECT',
    });
    expect(scenario.commitment('yearly-report').status).toBe('TERMINATED');
    expect(plan(scenario)).toEqual([['COMMITMENT_DUE', STATEMENT, '2026-01-11']]);

    scenario.accept(confirm(STATEMENT), association, at('2026-01-05'));
    expect(scenario.commitment(STATEMENT).occurrences.at(-1)?.status).toBe('FULFILLED');
    scenario.runUntil('2026-01-11');
    expect(scenario.commitment(STATEMENT)).toMatchObject({
      status: 'TERMINATED',
      endedAt: '2026-01-10T23:00:00.000Z',
    });
    expect(scenario.commitment(STATEMENT).occurrences).toHaveLength(24);
    expect(plan(scenario)).toEqual([]);
  });

  it('makes the statement of December 2025 VIOLATED on 11 January 2026 when it is not given', () => {
    const scenario = inForce().runUntil('2026-01-11');

    expect(scenario.commitment(STATEMENT).status).toBe('TERMINATED');
    expect(scenario.commitment(STATEMENT).occurrences.at(-1)).toMatchObject({
      index: 24,
      status: 'VIOLATED',
    });
    expect(scenario.commitment(STATEMENT).occurrences).toHaveLength(24);
  });

  it('ended by notice early in June, still owes May (over by then) until 10 June; ended mid-June, June ends with it', () => {
    const early = inForce().accept(
      { type: 'NOTICE_GIVEN', reason: 'fin du partenariat' },
      association,
      at('2024-03-04'),
    );
    early.runUntil('2024-06-05');
    expect(early.view).toMatchObject({ status: 'TERMINATED', termination: { on: '2024-06-05' } });
    expect(early.commitment(STATEMENT)).toMatchObject({ status: 'IN_EFFECT', dueOn: '2024-06-10' });
    expect(early.commitment(STATEMENT).occurrences.at(-1)).toMatchObject({
      periodEndsOn: '2024-05-31',
      status: 'IN_EFFECT',
    });
    early.runUntil('2024-06-11');
    expect(early.commitment(STATEMENT).status).toBe('TERMINATED');
    expect(early.commitment(STATEMENT).occurrences.at(-1)).toMatchObject({
      periodEndsOn: '2024-05-31',
      status: 'VIOLATED',
    });

    const mid = inForce().accept(
      { type: 'NOTICE_GIVEN', reason: 'fin du partenariat' },
      association,
      at('2024-03-15'),
    );
    mid.runUntil('2024-06-16');
    expect(mid.view).toMatchObject({ status: 'TERMINATED', termination: { on: '2024-06-16' } });
    expect(mid.commitment(STATEMENT).status).toBe('TERMINATED');
    expect(mid.commitment(STATEMENT).occurrences.at(-1)).toMatchObject({
      periodEndsOn: '2024-06-30',
      status: 'TERMINATED',
    });
    expect(plan(mid)).toEqual([]);
  });

  it.each([1, 2, 3] as const)(
    'means the same under rules v%i (a new field, read under every version)',
    (v) => {
      const scenario = inForce(v).runUntil('2024-03-11');

      expect(
        scenario.commitment(STATEMENT).occurrences.map((o) => [o.periodEndsOn, o.dueOn, o.status]),
      ).toEqual([
        ['2024-01-31', '2024-02-10', 'VIOLATED'],
        ['2024-02-29', '2024-03-10', 'VIOLATED'],
        ['2024-03-31', '2024-04-10', 'IN_EFFECT'],
      ]);
    },
  );
});

describe('dueAfterPeriod: shorter than the period', () => {
  it.each([
    ['P10D', 'P1M', true],
    ['P27D', 'P1M', true],
    ['P28D', 'P1M', false],
    ['P1M', 'P1M', false],
    ['P2M', 'P1M', false],
    ['P2M', 'P3M', true],
    ['P3M', 'P3M', false],
    ['P1M', 'P1Y', true],
    ['P6D', 'P1W', true],
    ['P7D', 'P1W', false],
  ])('%s after a period of %s: %s', (offset, every, shorter) => {
    expect(offsetShorterThanPeriod(offset, every)).toBe(shorter);
  });

  it('refuses an amendment adding a commitment whose offset is not shorter than its period, or shortening the period (BAD_USER_INPUT)', () => {
    const scenario = inForce();
    const added = {
      id: 'quarterly-statement',
      article: 'Article 4 bis',
      title: 'Relevé trimestriel',
      text: 'Le relevé trimestriel est remis au plus tard trois mois après le trimestre.',
      owners: ['association'],
      shape: 'recurring',
      every: 'P3M',
      dueAfterPeriod: 'P3M',
    };
    const refusal = scenario.send(
      {
        type: 'AMENDMENT_PROPOSED',
        amendmentId: 'A1',
        kind: 'CHANGE',
        changes: { addCommitments: [added] },
        effectiveOn: null,
        summary: 'Avenant n° 1 : relevé trimestriel',
      } as never,
      association,
      at('2024-03-03'),
    );

    expect(refusal?.code).toBe('BAD_USER_INPUT');
    expect(refusal?.message).toContain('"dueAfterPeriod" (P3M) must be shorter than the period (every P3M)');
    expect(scenario.view.amendments).toEqual([]);

    // Nor may an amendment shorten the period of a commitment below its offset.
    const shortened = scenario.send(
      {
        type: 'AMENDMENT_PROPOSED',
        amendmentId: 'A1',
        kind: 'CHANGE',
        changes: { changeCommitments: [{ id: STATEMENT, every: 'P1W' }] },
        effectiveOn: null,
        summary: 'Avenant n° 1 : relevé hebdomadaire',
      } as never,
      association,
      at('2024-03-03'),
    );
    expect(shortened?.code).toBe('BAD_USER_INPUT');
    expect(shortened?.message).toContain(
      '"dueAfterPeriod" (P10D) must be shorter than the period (every P1W)',
    );
    expect(scenario.view.amendments).toEqual([]);
  });
});
