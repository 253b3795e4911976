import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { conventionStatus } from './convention.view';
import { plannedDeadlines } from './deadlines';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at } from './testing/seed-events';

/**
 * Issue 14, a start date in the definition (test/fixtures/definitions/clause-starts-on.yaml):
 * « la présente convention prend effet le 1er janvier 2025 », `term.startsOn: "2025-01-01"`.
 * The convention takes effect that day whenever it is signed: signed before, it waits for it;
 * signed after, its term and commitments count from it. Nothing needs to be agreed at creation.
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((d) => d.id === 'clause-starts-on')!;

const a = representative('association-a');

/** Created on `created` with no agreed date, signed by everyone on `signed`. */
function signedOn(created: string, signed: string, version?: RulesVersion): ConventionScenario {
  return new ConventionScenario(definition, at(created), null, version).signAll(at(signed));
}

describe('a start date in the definition: term.startsOn', () => {
  it('reads the date from the definition file', () => {
    expect(definition.term).toMatchObject({ kind: 'fixed', duration: 'P1Y', startsOn: '2025-01-01' });
  });

  it('signed in November 2024, waits until 1 January 2025 to take effect', () => {
    const scenario = signedOn('2024-11-04', '2024-11-20');

    expect(scenario.view.status).toBe('SIGNED');
    expect(scenario.view.effectiveOn).toBe('2025-01-01');
    expect(plannedDeadlines(definition, scenario.snapshot).map((d) => [d.kind, d.dueOn])).toEqual([
      ['EFFECTIVE_DATE', '2025-01-01'],
    ]);
    expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2024-12-31')?.code).toBe('INVALID_TRANSITION');

    scenario.runUntil('2025-01-01');

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2025-01-01', endsOn: '2025-12-31' });
    expect(scenario.view.noticeDeadline).toBe('2025-09-30');
  });

  it('signed on 12 March 2025, takes effect on 1 January 2025: term and commitments count from it (v3)', () => {
    const scenario = signedOn('2025-02-01', '2025-03-12', 3).runUntil('2025-03-12');

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.effectiveOn).toBe('2025-01-01');
    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2025-01-01', endsOn: '2025-12-31' });
    expect(scenario.commitment('joint-guide')).toMatchObject({
      startedOn: '2025-01-01',
      dueOn: '2025-07-01',
    });
    expect(scenario.commitment('quarterly-exchange').occurrences).toEqual([
      expect.objectContaining({ startsOn: '2025-01-01', dueOn: '2025-03-31', status: 'IN_EFFECT' }),
    ]);
  });

  it('signed on 12 March 2025 under v4: the first quarter, due before the signature, is due a month after it, late', () => {
    const scenario = signedOn('2025-02-01', '2025-03-12').runUntil('2025-03-12');

    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2025-01-01', endsOn: '2025-12-31' });
    expect(scenario.commitment('joint-guide')).toMatchObject({
      startedOn: '2025-01-01',
      dueOn: '2025-07-01',
    });
    expect(scenario.commitment('quarterly-exchange').occurrences).toEqual([
      expect.objectContaining({
        startsOn: '2025-01-01',
        dueOn: '2025-04-12',
        late: true,
        dueUnderTermsOn: '2025-03-31',
        status: 'IN_EFFECT',
      }),
    ]);
  });

  it('takes a date recorded at creation first, as a stored history says (createConvention records only the definition’s)', () => {
    const scenario = new ConventionScenario(definition, at('2024-11-04'), '2025-02-01').signAll(
      at('2024-11-20'),
    );
    expect(scenario.view.effectiveOn).toBe('2025-02-01');
  });

  it('keeps the start date in the rules when an amendment replaces the term', () => {
    const b = representative('association-b');
    const scenario = signedOn('2024-11-04', '2024-11-20').runUntil('2025-03-01');
    const changes = { term: { kind: 'fixed' as const, duration: 'P2Y' } };
    scenario
      .accept(
        {
          type: 'AMENDMENT_PROPOSED',
          amendmentId: 'A1',
          kind: 'CHANGE',
          changes,
          effectiveOn: null,
          summary: 'Avenant n° 1',
        },
        a,
        at('2025-03-02'),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-a-president' },
        a,
        at('2025-03-03'),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-b-presidente' },
        b,
        at('2025-03-04'),
      )
      .runUntil('2025-03-05');

    expect(scenario.snapshot.context.rules.term).toEqual({
      kind: 'fixed',
      duration: 'P2Y',
      startsOn: '2025-01-01',
    });
    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2025-01-01', endsOn: '2026-12-31' });
  });

  it('renews on 1 January each year; notice given on the last day, 30 September 2027, stops the renewal', () => {
    const scenario = signedOn('2024-11-04', '2024-11-20').runUntil('2027-06-01');
    expect(scenario.view.term).toEqual({ number: 3, startsOn: '2027-01-01', endsOn: '2027-12-31' });

    expect(scenario.view.noticeDeadline).toBe('2027-09-30');
    scenario.accept({ type: 'NOTICE_GIVEN', reason: 'fin du partenariat' }, a, at('2027-09-30'));
    scenario.runUntil('2028-06-01');

    // Three months from 30 September run to 30 December included (rules v3, « Counting a period »).
    expect(conventionStatus(scenario.snapshot)).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ on: '2027-12-31', cause: 'NOTICE' });
  });

  it.each([1, 2] as const)('takes effect on the stated date under rules v%s too', (version) => {
    const scenario = signedOn('2024-11-04', '2024-11-20', version).runUntil('2025-01-01');
    expect(scenario.view.term).toMatchObject({ number: 1, startsOn: '2025-01-01' });
  });
});
