import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { allowedActions } from './convention.engine';
import { openTerminationRight } from './convention-queries';
import { plannedDeadlines } from './deadlines';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at } from './testing/seed-events';

/**
 * Issue 14, termination as a right, not an automatism
 * (test/fixtures/definitions/clause-termination-right.yaml): « en cas de force majeure d'une
 * durée supérieure à un mois, l'autre partie pourra résilier la présente convention »,
 * `forceMajeure: { maxSuspension: P1M, termination: right }`. Past the limit the convention stays
 * suspended and the other party may terminate it, for force majeure, that day; the right lapses
 * when the convention resumes.
 */
const definitions = loadDefinitions(join(__dirname, '../../test/fixtures/definitions')).map(
  (loaded) => loaded.definition,
);
const definition = definitions.find((d) => d.id === 'clause-termination-right')!;
const automatic = definitions.find((d) => d.id === 'clause-force-majeure')!;

const lyon = representative('ville-lyon');
const mds = representative('maison-des-solidarites');
const terminate = { type: 'TERMINATION_EXERCISED' as const, reason: 'Lettre recommandée du 20 février 2025' };

/** In force from 15 January 2024; the association suspends on 10 January 2025 (the limit: 10 February). */
function suspendedByMds(): ConventionScenario {
  const scenario = new ConventionScenario(definition, at('2024-01-10'))
    .signAll(at('2024-01-15'))
    .runUntil('2025-01-10');
  return scenario.accept(
    { type: 'CONVENTION_SUSPENDED', reason: 'Incendie des locaux du 12 rue Pasteur' },
    mds,
    at('2025-01-10'),
  );
}

describe('termination as a right: forceMajeure.termination right', () => {
  it('reads the clause from the definition file; absent, it is automatic', () => {
    expect(definition.forceMajeure).toMatchObject({ maxSuspension: 'P1M', termination: 'right' });
    expect(automatic.forceMajeure?.termination).toBeUndefined();
  });

  it('past the limit, stays suspended and opens the right to the other party only', () => {
    const scenario = suspendedByMds();
    expect(scenario.view.suspension).toMatchObject({
      partyId: 'maison-des-solidarites',
      limitOn: '2025-02-10',
    });
    expect(allowedActions(definition, scenario.snapshot, lyon, at('2025-02-10')).convention).not.toContain(
      'TERMINATE',
    );
    // Before the day: no right yet.
    const early = scenario.send(terminate, lyon, at('2025-02-10'));
    expect(early?.code).toBe('INVALID_TRANSITION');
    expect(early?.reason).toContain('may last until 2025-02-10 included');

    scenario.runUntil('2025-02-11');
    expect(scenario.view.status).toBe('SUSPENDED');
    expect(scenario.view.termination).toBeNull();
    expect(scenario.view.suspension?.rightSince).toBe('2025-02-11');
    expect(openTerminationRight(scenario.view, definition.parties)).toEqual({
      cause: 'FORCE_MAJEURE',
      since: '2025-02-11',
      holders: ['ville-lyon'],
    });
    // Nothing more fires for the limit: the right stays open while the suspension lasts.
    expect(plannedDeadlines(definition, scenario.snapshot).map((d) => d.kind)).not.toContain(
      'SUSPENSION_LIMIT',
    );
    expect(allowedActions(definition, scenario.snapshot, lyon, at('2025-02-20')).convention).toContain(
      'TERMINATE',
    );
    expect(allowedActions(definition, scenario.snapshot, mds, at('2025-02-20')).convention).not.toContain(
      'TERMINATE',
    );
    expect(scenario.send(terminate, mds, at('2025-02-20'))?.code).toBe('FORBIDDEN');

    scenario.runUntil('2025-02-20').accept(terminate, lyon, at('2025-02-20'));
    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ on: '2025-02-20', cause: 'FORCE_MAJEURE' });
    expect(scenario.send(terminate, lyon, at('2025-02-21'))?.code).toBe('INVALID_TRANSITION');
  });

  it('lapses when the convention resumes: TERMINATE no longer offered, refused with a reason', () => {
    const scenario = suspendedByMds().runUntil('2025-03-01');
    expect(allowedActions(definition, scenario.snapshot, lyon, at('2025-03-01')).convention).toContain(
      'TERMINATE',
    );
    scenario.accept({ type: 'CONVENTION_RESUMED' }, mds, at('2025-03-03'));
    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.suspension).toBeNull();
    expect(allowedActions(definition, scenario.snapshot, lyon, at('2025-03-04')).convention).not.toContain(
      'TERMINATE',
    );
    const refused = scenario.send(terminate, lyon, at('2025-03-04'));
    expect(refused?.code).toBe('INVALID_TRANSITION');
    expect(refused?.reason).toContain('not suspended for force majeure');
    // It runs on to its term (three years from 15 January 2024).
    scenario.runUntil('2027-01-15');
    expect(scenario.view.termination).toMatchObject({ cause: 'EXPIRY' });
  });

  it('a later suspension by the other party gives the right to the first', () => {
    const scenario = suspendedByMds().runUntil('2025-01-20');
    scenario.accept({ type: 'CONVENTION_RESUMED' }, mds, at('2025-01-20'));
    scenario.accept({ type: 'CONVENTION_SUSPENDED', reason: 'Travaux imposés' }, lyon, at('2025-06-02'));
    scenario.runUntil('2025-07-03');
    expect(openTerminationRight(scenario.view, definition.parties)?.holders).toEqual([
      'maison-des-solidarites',
    ]);
    expect(scenario.send(terminate, lyon, at('2025-07-03'))?.code).toBe('FORBIDDEN');
    scenario.accept(terminate, mds, at('2025-07-03'));
    expect(scenario.view.termination).toMatchObject({ on: '2025-07-03', cause: 'FORCE_MAJEURE' });
  });

  it('without the field, the limit still terminates on its own, and no one may terminate', () => {
    const a = representative('association-a');
    const scenario = new ConventionScenario(automatic, at('2024-01-10')).signAll(at('2024-01-15'));
    scenario
      .runUntil('2024-03-01')
      .accept({ type: 'CONVENTION_SUSPENDED', reason: 'Crue' }, a, at('2024-03-01'));
    const refused = scenario.send(terminate, representative('association-b'), at('2024-03-02'));
    expect(refused?.code).toBe('INVALID_TRANSITION');
    expect(refused?.reason).toContain('gives no party a right to terminate');
    scenario.runUntil('2024-09-02');
    expect(scenario.view.termination).toMatchObject({ on: '2024-09-02', cause: 'FORCE_MAJEURE' });
  });
});
