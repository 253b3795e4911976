import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { conventionStatus } from './convention.view';
import { plannedDeadlines } from './deadlines';
import { RulesVersion } from './rules-version';
import { ConventionScenario } from './testing/convention-scenario';
import { at } from './testing/seed-events';

/**
 * Issue 14, bug: « renouvelée par tacite reconduction » with no termination clause
 * (test/fixtures/definitions/clause-tacit-no-notice.yaml). No party can give notice, so nothing
 * stops the renewal: under rules v3 the convention renews at each term's end. Under v1 and v2 it
 * expired after its first term (no notice deadline was ever planned, so the renewal was never
 * decided), and those conventions keep that outcome.
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((d) => d.id === 'clause-tacit-no-notice')!;

/** Signed on 15 January 2020 and in force that day: its first term ends on 14 January 2021. */
function inForce(version: RulesVersion): ConventionScenario {
  const scenario = new ConventionScenario(
    definition,
    startOfDay('2020-01-15', 'Europe/Paris'),
    null,
    version,
  );
  return scenario.signAll(at('2020-01-15')).runUntil('2020-01-15');
}

describe('tacit renewal without a notice clause', () => {
  it('renews at the end of each term under rules v3, with its recurring periods going on', () => {
    const scenario = inForce(3);
    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2020-01-15', endsOn: '2021-01-14' });
    expect(scenario.view.noticeDeadline).toBeNull();

    scenario.runUntil('2021-01-15');

    expect(conventionStatus(scenario.snapshot)).toBe('ACTIVE');
    expect(scenario.view.termination).toBeNull();
    expect(scenario.view.term).toEqual({ number: 2, startsOn: '2021-01-15', endsOn: '2022-01-14' });
    const exchange = scenario.commitment('quarterly-exchange');
    expect(exchange.status).toBe('IN_EFFECT');
    expect(exchange.occurrences.at(-1)).toMatchObject({ startsOn: '2021-01-15', status: 'IN_EFFECT' });

    scenario.runUntil('2023-01-15');
    expect(scenario.view.term).toMatchObject({ number: 4, startsOn: '2023-01-15' });
  });

  it('plans the renewal for the renewal date itself, before the term ends that instant', () => {
    const scenario = inForce(3);
    const kinds = plannedDeadlines(definition, scenario.snapshot)
      .filter((d) => d.dueOn === '2021-01-15')
      .map((d) => d.kind);
    expect(kinds.indexOf('NOTICE_DEADLINE')).toBe(0);
    expect(kinds).toContain('TERM_END');
  });

  it.each([1, 2] as const)('keeps expiring after the first term under rules v%s', (version) => {
    const scenario = inForce(version);
    scenario.runUntil('2021-01-15');
    expect(conventionStatus(scenario.snapshot)).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ on: '2021-01-15', cause: 'EXPIRY' });
  });
});
