import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Rules v3 (issue 14): periods counted the way French texts count them (`period-end.ts`,
 * « Boundaries » in workflows/README.md). Each changed place, under v3 and, unchanged, under v2.
 */
const definitions = [
  ...loadDefinitions(join(__dirname, '../../workflows')),
  ...loadDefinitions(join(__dirname, '../../test/fixtures/definitions')),
].map((loaded) => loaded.definition);

function definitionOf(id: string): ConventionDefinition {
  const found = definitions.find((definition) => definition.id === id);
  if (!found) throw new Error(`${id} is not among the definitions`);
  return found;
}

const PARIS = 'Europe/Paris';
const notice = { type: 'NOTICE_GIVEN' as const, reason: 'fin du partenariat' };

function inForceOn(definition: ConventionDefinition, day: string, version: RulesVersion): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay(day, PARIS), null, version).signAll(at(day));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

function plan(scenario: ConventionScenario) {
  return plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);
}

describe("« dans les quatre mois suivant l'échéance » of a convention ending on 31 December", () => {
  const definition = definitionOf('clause-due-from-end');
  /** One year from 1 January 2021: its last day is 31 December 2021. */
  const expired = (version: RulesVersion) => {
    const scenario = inForceOn(definition, '2021-01-01', version);
    expect(scenario.view.term).toMatchObject({ endsOn: '2021-12-31' });
    expect(scenario.tick('TERM_ENDED', '2022-01-01')).toBeNull();
    return scenario;
  };

  it('v3: is due on 30 April 2022, and VIOLATED on 1 May', () => {
    const scenario = expired(3);

    expect(scenario.commitment('final-report')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2022-04-30' });
    expect(plan(scenario)).toEqual([['COMMITMENT_DUE', 'final-report', '2022-05-01']]);
    expect(scenario.tick('COMMITMENT_DUE_PASSED', '2022-04-30', { commitmentId: 'final-report' })?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(scenario.tick('COMMITMENT_DUE_PASSED', '2022-05-01', { commitmentId: 'final-report' })).toBeNull();
    expect(scenario.commitment('final-report').status).toBe('VIOLATED');
  });

  it('v2 (unchanged): is due on 1 May 2022, counted from the day after the end', () => {
    expect(expired(2).commitment('final-report')).toMatchObject({ dueOn: '2022-05-01' });
  });
});

describe('notice of a period (HALDE–AMF, three months, term 24 June 2010 – 23 June 2011)', () => {
  const halde = definitionOf('halde-amf-2010');
  const amf = representative('amf');

  it('v3: the last day to give notice is 23 March 2011, whose three months end on 23 June with the term', () => {
    const scenario = inForceOn(halde, '2010-06-24', 3).accept(notice, amf, at('2011-03-23', '18:00'));

    expect(scenario.view.notice).toMatchObject({ givenOn: '2011-03-23', effectiveOn: '2011-06-24' });
    expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24')?.code).toBe('INVALID_TRANSITION');
    expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2011-06-24')).toBeNull();
    expect(scenario.view.termination).toMatchObject({ on: '2011-06-24', cause: 'NOTICE' });
  });

  it('v3: notice on 24 March comes too late: the convention renews, and ends on 25 June, in term 2', () => {
    const scenario = inForceOn(halde, '2010-06-24', 3);
    expect(scenario.view.noticeDeadline).toBe('2011-03-23');
    expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24')).toBeNull();
    scenario.accept(notice, amf, at('2011-03-24'));

    expect(scenario.view.status).toBe('RENEWED');
    expect(scenario.view.notice?.effectiveOn).toBe('2011-06-25');
  });

  it('v3: notice given on 15 October 2010 runs until 15 January 2011 included; the convention ends on the 16th', () => {
    const scenario = inForceOn(halde, '2010-06-24', 3).accept(notice, amf, at('2010-10-15'));

    expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2011-01-15')?.code).toBe('INVALID_TRANSITION');
    expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2011-01-16')).toBeNull();
    expect(scenario.view.termination).toMatchObject({ on: '2011-01-16', cause: 'NOTICE' });
  });

  it('v2 (unchanged): the deadline is 24 March 2011, and notice on 15 October ends it on 15 January', () => {
    const scenario = inForceOn(halde, '2010-06-24', 2);
    expect(scenario.view.noticeDeadline).toBe('2011-03-24');

    scenario.accept(notice, amf, at('2010-10-15'));
    expect(scenario.view.notice?.effectiveOn).toBe('2011-01-15');
  });
});

describe('a period from a first day at a month end', () => {
  const base = definitionOf('clause-due-from-end');
  const monthly: ConventionDefinition = {
    ...base,
    id: 'clause-monthly-from-31-january',
    term: { kind: 'fixed', duration: 'P1M' },
  };

  it('v3: a one-month term from 31 January 2021 ends on 28 February; v2 ended it on the 27th', () => {
    expect(inForceOn(monthly, '2021-01-31', 3).view.term?.endsOn).toBe('2021-02-28');
    expect(inForceOn(monthly, '2021-01-31', 2).view.term?.endsOn).toBe('2021-02-27');
  });

  it('v3: a one-year term from 29 February 2024 ends on 28 February 2025; v2 ended it on the 27th', () => {
    const yearly = {
      ...monthly,
      id: 'clause-yearly-from-29-february',
      term: { kind: 'fixed' as const, duration: 'P1Y' },
    };
    expect(inForceOn(yearly, '2024-02-29', 3).view.term?.endsOn).toBe('2025-02-28');
    expect(inForceOn(yearly, '2024-02-29', 2).view.term?.endsOn).toBe('2025-02-27');
  });

  it('v3: monthly occurrences from 31 January run to 28 February, then 1 to 30 March; v2 cut the first on the 27th', () => {
    const exchange: ConventionDefinition = {
      ...base,
      id: 'clause-monthly-exchange',
      commitments: [
        {
          ...(base.commitments[0] as ConventionDefinition['commitments'][number]),
          id: 'monthly-exchange',
          shape: 'recurring',
          every: 'P1M',
          atLeast: 1,
        },
      ],
    };
    const v3 = inForceOn(exchange, '2021-01-31', 3);
    expect(v3.commitment('monthly-exchange').occurrences[0]).toMatchObject({
      startsOn: '2021-01-31',
      dueOn: '2021-02-28',
    });
    expect(v3.tick('COMMITMENT_DUE_PASSED', '2021-03-01', { commitmentId: 'monthly-exchange' })).toBeNull();
    expect(v3.commitment('monthly-exchange').occurrences[1]).toMatchObject({
      startsOn: '2021-03-01',
      dueOn: '2021-03-30',
    });

    const v2 = inForceOn(exchange, '2021-01-31', 2);
    expect(v2.commitment('monthly-exchange').occurrences[0]).toMatchObject({ dueOn: '2021-02-27' });
  });

  it('v3: the yearly evaluation of a term from 29 February 2024 is due on 28 February 2025; v2, on the 27th', () => {
    const halde = definitionOf('halde-amf-2010');
    expect(inForceOn(halde, '2024-02-29', 3).view.evaluation).toMatchObject({ dueOn: '2025-02-28' });
    expect(inForceOn(halde, '2024-02-29', 2).view.evaluation).toMatchObject({ dueOn: '2025-02-27' });
  });
});

describe('« avant le 30 avril de chaque année » (dueEachYearBefore: "04-30")', () => {
  const definition = definitionOf('clause-due-each-year-before');
  const b = representative('association-b');

  it('is due on 29 April, strictly before the 30th; the next year’s occurrence opens on 30 April', () => {
    const scenario = inForceOn(definition, '2021-01-01', 3);

    expect(scenario.commitment('annual-activity-report').occurrences[0]).toMatchObject({
      startsOn: '2021-01-01',
      dueOn: '2021-04-29',
    });
    expect(plan(scenario)).toContainEqual(['COMMITMENT_DUE', 'annual-activity-report', '2021-04-30']);
    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2021-04-30', { commitmentId: 'annual-activity-report' }),
    ).toBeNull();
    expect(scenario.commitment('annual-activity-report').occurrences.map((o) => [o.status, o.dueOn])).toEqual(
      [
        ['VIOLATED', '2021-04-29'],
        ['IN_EFFECT', '2022-04-29'],
      ],
    );
    scenario.accept(confirm('annual-activity-report'), b, at('2022-04-29'));
    expect(scenario.commitment('annual-activity-report').occurrences[1]?.status).toBe('FULFILLED');
  });

  it('in force on 30 April, owes its first report by 29 April of the next year', () => {
    const scenario = inForceOn(definition, '2021-04-30', 3);

    expect(scenario.commitment('annual-activity-report').occurrences[0]).toMatchObject({
      startsOn: '2021-04-30',
      dueOn: '2022-04-29',
    });
  });
});
