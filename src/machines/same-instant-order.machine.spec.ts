import { join } from 'node:path';
import { startOfDay } from './calendar';
import { DeadlineKind, deadlineRank, plannedDeadlines, SAME_INSTANT_ORDER } from './deadlines';
import { ConventionDefinition } from './definition';
import { loadDefinitions, parseDefinition } from '../workflows/load-definitions';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Deadlines falling on the same instant fire in a defined order (SAME_INSTANT_ORDER, issue 14,
 * bug 1): the order each pair of kinds must keep and why, and the conventions in which they
 * really coincide.
 */

const PARIS = 'Europe/Paris';
const a = representative('association-a');

/** `id` must differ per definition: rules and terms are cached per id@version (definition-base.ts). */
function definitionOf(id: string, body: string): ConventionDefinition {
  const source = `
id: ${id}
version: 1
title: Convention de test
source:
  document: fixtures/${id}
timeZone: Europe/Paris
parties:
  - id: association-a
    name: Association A
    shortName: A
    signatories:
      - id: association-a-president
        title: Le Président de l'Association A
  - id: association-b
    name: Association B
    shortName: B
    signatories:
      - id: association-b-presidente
        title: La Présidente de l'Association B
${body}`;
  const parsed = parseDefinition(source, `${id}.yaml`);
  if (!('definition' in parsed)) throw new Error(JSON.stringify(parsed.problems));
  return parsed.definition;
}

function inForceOn(definition: ConventionDefinition, day: string): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay(day, PARIS)).signAll(at(day));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

/** Sends every planned deadline due on or before `until`, in plan order, as the scheduler would. */
function runSchedulerUntil(scenario: ConventionScenario, until: string): string[] {
  const sent: string[] = [];
  for (let step = 0; step < 500; step += 1) {
    const next = plannedDeadlines(scenario.definition, scenario.snapshot)[0];
    if (!next || next.dueOn > until) return sent;
    const refusal = scenario.tick(next.eventType, next.dueOn, next.payload);
    if (refusal) throw new Error(`the scheduler's ${next.key} was refused: ${refusal.message}`);
    sent.push(`${next.kind}${next.subject ? ` ${next.subject}` : ''} ${next.dueOn}`);
  }
  throw new Error('the plan never settles');
}

const onDay = (sent: string[], day: string) => sent.filter((line) => line.endsWith(day));

const monthlyReport = `
commitments:
  - id: monthly-report
    article: Article 3
    title: Rapport mensuel
    text: L'association A remet chaque mois un rapport.
    owners: [association-a]
    shape: recurring
    every: P1M
`;

const monthlyTacit = (id: string, notice: string) =>
  definitionOf(
    id,
    `
term:
  kind: fixed
  duration: P1Y
renewal:
  kind: tacit
  term: P1Y
notice:
${notice}
${monthlyReport}`,
  );

/** The fixture the e2e spec runs (test/fixtures/definitions/clause-monthly-tacit-anniversary.yaml). */
const ANNIVERSARY = (() => {
  const fixture = loadDefinitions(join(__dirname, '../../test/fixtures/definitions')).find(
    (loaded) => loaded.definition.id === 'clause-monthly-tacit-anniversary',
  );
  if (!fixture) throw new Error('clause-monthly-tacit-anniversary is not among the fixtures');
  return fixture.definition;
})();
const PERIOD = monthlyTacit('same-instant-monthly-period', '  kind: period\n  period: P2M');

describe('the order of every pair of deadline kinds at one instant', () => {
  /** Every kind, once: the compiler refuses this record if a kind is missing or unknown. */
  const EVERY_KIND: Record<DeadlineKind, true> = {
    EFFECTIVE_DATE: true,
    COMMITMENT_DUE: true,
    NOTICE_DEADLINE: true,
    TERM_END: true,
    TERMINATION: true,
    EVALUATION_PERIOD: true,
    EVALUATION_DUE: true,
    AMENDMENT_EFFECTIVE: true,
    CURE_PERIOD_END: true,
    SUSPENSION_LIMIT: true,
    SURVIVAL_END: true,
  };
  const kinds = Object.keys(EVERY_KIND) as DeadlineKind[];

  /** What SAME_INSTANT_ORDER's comment promises: `before` fires before each of `after`. */
  const PROMISES: { before: DeadlineKind[]; after: DeadlineKind[]; why: string }[] = [
    {
      before: ['EFFECTIVE_DATE'],
      after: kinds.filter((k) => k !== 'EFFECTIVE_DATE'),
      why: 'nothing falls due in a convention before it takes effect',
    },
    {
      before: ['AMENDMENT_EFFECTIVE'],
      after: kinds.filter((k) => k !== 'EFFECTIVE_DATE' && k !== 'AMENDMENT_EFFECTIVE'),
      why: 'an amendment taking effect that day changes the rules before any deadline applies them',
    },
    {
      before: ['NOTICE_DEADLINE'],
      after: ['COMMITMENT_DUE', 'EVALUATION_DUE', 'TERM_END'],
      why: 'the renewal is decided before the periods it continues close and before the term ends',
    },
    {
      before: ['COMMITMENT_DUE', 'EVALUATION_DUE'],
      after: ['CURE_PERIOD_END', 'SUSPENSION_LIMIT', 'TERMINATION', 'TERM_END'],
      why: 'what a closing period owed is recorded before a cure is judged or the convention ends',
    },
    {
      before: ['CURE_PERIOD_END'],
      after: ['SUSPENSION_LIMIT', 'TERMINATION', 'TERM_END'],
      why: 'an end for breach is recorded before force majeure, notice or expiry',
    },
    {
      before: ['SUSPENSION_LIMIT'],
      after: ['TERMINATION', 'TERM_END'],
      why: 'an end for force majeure is recorded before notice or expiry',
    },
    {
      before: ['TERMINATION'],
      after: ['TERM_END'],
      why: 'a notice taking effect on the expiry date ends the convention by notice, not by expiry',
    },
    {
      before: ['TERM_END'],
      after: ['EVALUATION_PERIOD'],
      why: 'the term changes before the windows it opens',
    },
    {
      before: ['COMMITMENT_DUE'],
      after: ['SURVIVAL_END'],
      why: "a surviving commitment's last due date passes before its survival ends",
    },
  ];

  /** Pairs the promises leave unordered, and why their order cannot change an outcome. */
  const INDEPENDENT: { kinds: [DeadlineKind, DeadlineKind][]; why: string }[] = [
    {
      kinds: (
        [
          'EVALUATION_DUE',
          'CURE_PERIOD_END',
          'SUSPENSION_LIMIT',
          'TERMINATION',
          'TERM_END',
          'EVALUATION_PERIOD',
        ] as DeadlineKind[]
      ).map((k) => [k, 'SURVIVAL_END']),
      why: 'SURVIVAL_END is planned only once the convention has ended, next to COMMITMENT_DUE alone',
    },
    {
      kinds: [['COMMITMENT_DUE', 'EVALUATION_DUE']],
      why: 'a commitment and the evaluation round do not read each other',
    },
  ];

  /** `x` before `y`, as the promises say, directly or through other kinds. */
  function promised(): Set<string> {
    const before = new Set<string>();
    for (const p of PROMISES) for (const x of p.before) for (const y of p.after) before.add(`${x}<${y}`);
    for (const k of kinds) {
      for (const x of kinds) {
        for (const y of kinds) {
          if (before.has(`${x}<${k}`) && before.has(`${k}<${y}`)) before.add(`${x}<${y}`);
        }
      }
    }
    return before;
  }

  const ordered = promised();
  const independent = new Set(
    INDEPENDENT.flatMap((group) => group.kinds.map(([x, y]) => [x, y].sort().join('|'))),
  );
  const pairs = kinds.flatMap((x, i) =>
    kinds.slice(i + 1).map((y) => [x, y] as [DeadlineKind, DeadlineKind]),
  );

  it('lists every kind exactly once', () => {
    expect(SAME_INSTANT_ORDER).toHaveLength(kinds.length);
    expect([...SAME_INSTANT_ORDER].sort()).toEqual([...kinds].sort());
    expect(kinds.map(deadlineRank).sort((x, y) => x - y)).toEqual(kinds.map((_k, i) => i));
  });

  it('has no contradictory promise', () => {
    for (const k of kinds) expect(ordered.has(`${k}<${k}`)).toBe(false);
  });

  it('covers the 55 pairs: 48 ordered by a promise, 7 that cannot change an outcome', () => {
    expect(pairs).toHaveLength(55);
    expect(pairs.filter(([x, y]) => ordered.has(`${x}<${y}`) || ordered.has(`${y}<${x}`))).toHaveLength(48);
    expect(independent.size).toBe(7);
  });

  it.each(pairs)('%s and %s', (x, y) => {
    const key = [x, y].sort().join('|');
    if (ordered.has(`${x}<${y}`)) {
      expect(independent.has(key)).toBe(false);
      expect(deadlineRank(x)).toBeLessThan(deadlineRank(y));
    } else if (ordered.has(`${y}<${x}`)) {
      expect(independent.has(key)).toBe(false);
      expect(deadlineRank(y)).toBeLessThan(deadlineRank(x));
    } else {
      // Neither promised nor listed as independent: a kind was added without deciding its place.
      expect(independent.has(key)).toBe(true);
    }
  });

  it('keeps the chain the renewal needs: NOTICE_DEADLINE < COMMITMENT_DUE < TERM_END', () => {
    expect(deadlineRank('NOTICE_DEADLINE')).toBeLessThan(deadlineRank('COMMITMENT_DUE'));
    expect(deadlineRank('COMMITMENT_DUE')).toBeLessThan(deadlineRank('TERM_END'));
    expect(deadlineRank('EVALUATION_DUE')).toBeLessThan(deadlineRank('TERM_END'));
    expect(deadlineRank('TERMINATION')).toBeLessThan(deadlineRank('TERM_END'));
    expect(deadlineRank('AMENDMENT_EFFECTIVE')).toBeLessThan(deadlineRank('NOTICE_DEADLINE'));
  });
});

describe('recurring commitments across a tacit renewal (issue 14, bug 1)', () => {
  describe.each([
    ['anniversary', ANNIVERSARY],
    ['period (P2M)', PERIOD],
  ])('notice of the %s kind', (kind, definition) => {
    it('opens the first month of term 2 on the renewal date, and takes its confirmation', () => {
      const scenario = inForceOn(definition, '2020-01-15');

      const sent = runSchedulerUntil(scenario, '2021-01-15');

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term).toEqual({ number: 2, startsOn: '2021-01-15', endsOn: '2022-01-14' });
      // The renewal is decided before the period that ends with the term closes.
      expect(onDay(sent, '2021-01-15')).toEqual(
        kind === 'anniversary'
          ? ['NOTICE_DEADLINE 2021-01-15', 'COMMITMENT_DUE monthly-report 2021-01-15', 'TERM_END 2021-01-15']
          : ['COMMITMENT_DUE monthly-report 2021-01-15', 'TERM_END 2021-01-15'],
      );
      const report = scenario.commitment('monthly-report');
      expect(report.occurrences).toHaveLength(13);
      expect(report.occurrences.at(-1)).toMatchObject({
        index: 13,
        startsOn: '2021-01-15',
        dueOn: '2021-02-14',
        status: 'IN_EFFECT',
      });
      expect(report.dueOn).toBe('2021-02-14');
      expect(scenario.send(confirm('monthly-report'), a, at('2021-01-20'))).toBeNull();
      expect(scenario.commitment('monthly-report').occurrences.at(-1)?.status).toBe('FULFILLED');
    });

    it('goes on month after month in term 2 and into term 3', () => {
      const scenario = inForceOn(definition, '2020-01-15');

      runSchedulerUntil(scenario, '2022-03-01');

      expect(scenario.view.term).toMatchObject({ number: 3, startsOn: '2022-01-15' });
      const report = scenario.commitment('monthly-report');
      expect(report.occurrences).toHaveLength(26);
      expect(report.occurrences.at(-1)).toMatchObject({ startsOn: '2022-02-15', status: 'IN_EFFECT' });
    });
  });

  it('plans the three deadlines of the renewal date in that order', () => {
    const scenario = inForceOn(ANNIVERSARY, '2020-01-15');
    runSchedulerUntil(scenario, '2021-01-14');

    const renewalDay = plannedDeadlines(ANNIVERSARY, scenario.snapshot).filter(
      (d) => d.dueOn === '2021-01-15',
    );

    expect(renewalDay.map((d) => d.kind)).toEqual(['NOTICE_DEADLINE', 'COMMITMENT_DUE', 'TERM_END']);
    expect(new Set(renewalDay.map((d) => d.dueAt)).size).toBe(1);
  });

  // The machine itself is unchanged (MACHINE_VERSION stays): a history stored in the old order
  // replays in its stored order, to its stored outcome.
  it('still stops the commitment when a stored history sent its due date before the notice deadline', () => {
    const scenario = inForceOn(ANNIVERSARY, '2020-01-15');
    runSchedulerUntil(scenario, '2021-01-14');

    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2021-01-15', { commitmentId: 'monthly-report' }),
    ).toBeNull();
    expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2021-01-15')).toBeNull();
    expect(scenario.tick('TERM_ENDED', '2021-01-15')).toBeNull();

    expect(scenario.view.term?.number).toBe(2);
    expect(scenario.commitment('monthly-report').occurrences).toHaveLength(12);
    expect(scenario.commitment('monthly-report').dueOn).toBeNull();
    expect(scenario.send(confirm('monthly-report'), a, at('2021-01-20'))?.code).toBe('INVALID_TRANSITION');
  });
});

describe('pairs that really fall on one instant', () => {
  it('COMMITMENT_DUE and EVALUATION_DUE before TERM_END: the last month and the evaluation are owed at expiry', () => {
    const definition = definitionOf(
      'same-instant-expiry-evaluation',
      `
term:
  kind: fixed
  duration: P1Y
renewal:
  kind: none
notice:
  kind: none
evaluation:
  cadence: term
  parties: [association-a, association-b]
  then: continue
  criteria:
    - id: results
      label: Résultats
${monthlyReport}`,
    );
    const scenario = inForceOn(definition, '2020-01-15');

    const sent = runSchedulerUntil(scenario, '2021-12-31');

    expect(onDay(sent, '2021-01-15')).toEqual([
      'COMMITMENT_DUE monthly-report 2021-01-15',
      'EVALUATION_DUE 2021-01-15',
      'TERM_END 2021-01-15',
    ]);
    expect(scenario.view.termination).toMatchObject({ cause: 'EXPIRY', on: '2021-01-15' });
    // Recorded as owed and missed, not merely ended with the convention.
    expect(scenario.commitment('monthly-report').occurrences.at(-1)).toMatchObject({
      dueOn: '2021-01-14',
      status: 'VIOLATED',
    });
    expect(scenario.view.evaluation?.overdueSince).toBe('2021-01-15');
  });

  it('TERMINATION before TERM_END: a notice taking effect at expiry ends the convention by notice', () => {
    const definition = definitionOf(
      'same-instant-notice-at-expiry',
      `
term:
  kind: fixed
  duration: P1Y
renewal:
  kind: none
notice:
  kind: anniversary
${monthlyReport}`,
    );
    const scenario = inForceOn(definition, '2020-01-15');
    scenario.accept({ type: 'NOTICE_GIVEN', reason: 'fin du partenariat' }, a, at('2020-06-01'));
    expect(scenario.view.notice?.effectiveOn).toBe('2021-01-15');

    const sent = runSchedulerUntil(scenario, '2021-12-31');

    expect(onDay(sent, '2021-01-15')).toEqual([
      'COMMITMENT_DUE monthly-report 2021-01-15',
      'TERMINATION 2021-01-15',
    ]);
    expect(scenario.view.termination).toMatchObject({ cause: 'NOTICE', on: '2021-01-15' });
    expect(scenario.commitment('monthly-report').occurrences.at(-1)?.status).toBe('VIOLATED');
  });

  it('NOTICE_DEADLINE with TERM_END: a tacit renewal at the anniversary does not expire', () => {
    const definition = definitionOf(
      'same-instant-anniversary-standing',
      `
term:
  kind: fixed
  duration: P1Y
renewal:
  kind: tacit
  term: P1Y
notice:
  kind: anniversary
commitments:
  - id: contact-person
    article: Article 2
    title: Personne chargée du partenariat
    text: Chaque partie désigne une personne chargée de suivre le partenariat.
    owners: [association-a, association-b]
    shape: standing
`,
    );
    const scenario = inForceOn(definition, '2020-01-15');

    const sent = runSchedulerUntil(scenario, '2021-01-15');

    expect(onDay(sent, '2021-01-15')).toEqual(['NOTICE_DEADLINE 2021-01-15', 'TERM_END 2021-01-15']);
    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.term?.number).toBe(2);
  });
});
