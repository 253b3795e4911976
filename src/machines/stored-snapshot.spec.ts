import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { persist, restoreConvention } from './convention.engine';
import { conventionView } from './convention.view';
import { ConventionDefinition } from './definition';
import { definitionBase } from './definition-base';
import { expandSnapshot } from './stored-snapshot';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, HALDE_AMENDMENT_A1, HALDE_AMENDMENT_A1_EFFECTIVE_ON } from './testing/seed-events';

/**
 * The stored snapshot leaves out what the definition says (terms, rules, the commitment
 * children's inputs) and restores to exactly XState's own persisted snapshot.
 */
const definitions = loadDefinitions(join(__dirname, '../../workflows')).map((loaded) => loaded.definition);
const halde = definitions.find((d) => d.id === 'halde-amf-2010') as ConventionDefinition;
const PARIS = 'Europe/Paris';

function inForce(definition: ConventionDefinition): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay('2010-06-24', PARIS)).signAll(
    at('2010-06-24'),
  );
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2010-06-24')).toBeNull();
  return scenario;
}

/** HALDE–AMF after an amendment that adds, changes and waives commitments and the notice rule. */
function amended(): ConventionScenario {
  const scenario = inForce(halde);
  for (const { partyId, day, event } of HALDE_AMENDMENT_A1)
    scenario.accept(event, representative(partyId), at(day));
  expect(
    scenario.tick('AMENDMENT_TOOK_EFFECT', HALDE_AMENDMENT_A1_EFFECTIVE_ON, { amendmentId: 'A1' }),
  ).toBeNull();
  return scenario;
}

type Stored = {
  context: { terms: Record<string, unknown>; rules?: unknown };
  children: Record<string, { snapshot: { context: Record<string, unknown> } }>;
};

/** What the store writes and reads back. */
function storedOf(scenario: ConventionScenario): Stored {
  return JSON.parse(JSON.stringify(persist(scenario.definition, scenario.live))) as Stored;
}

describe('stored snapshot', () => {
  it.each(definitions.map((d) => [d.id, d] as const))(
    '%s in force: stores no terms, no rules, no child inputs, and expands to XState’s snapshot key for key',
    (_id, definition) => {
      const scenario = inForce(definition);
      const stored = storedOf(scenario);
      const whole = JSON.stringify(scenario.live.getPersistedSnapshot());

      expect(stored.context.terms).toEqual({});
      expect('rules' in stored.context).toBe(false);
      for (const child of Object.values(stored.children)) {
        expect(Object.keys(child.snapshot.context)).not.toContain('owners');
        expect(Object.keys(child.snapshot.context)).not.toContain('id');
      }
      expect(JSON.stringify(stored).length).toBeLessThan(whole.length / 2);
      expect(JSON.stringify(expandSnapshot(definition, stored))).toBe(whole);
    },
  );

  it('after an amendment keeps exactly the added, changed and superseded terms and the amended rules', () => {
    const scenario = amended();
    const stored = storedOf(scenario);

    expect(Object.keys(stored.context.terms).sort()).toEqual(
      ['annual-report', 'good-practice-tools', 'good-practice-tools.v2'].sort(),
    );
    expect(stored.context.rules).toMatchObject({ notice: { kind: 'period', period: 'P6M' } });
    expect(JSON.stringify(expandSnapshot(halde, stored))).toBe(
      JSON.stringify(scenario.live.getPersistedSnapshot()),
    );
  });

  it('restores from its stored form to the same state, and the next event behaves the same', () => {
    const scenario = amended();
    const fromStored = restoreConvention(halde, storedOf(scenario));
    const fromWhole = restoreConvention(
      halde,
      JSON.parse(JSON.stringify(scenario.live.getPersistedSnapshot())),
    );

    expect(conventionView(halde, fromStored.getSnapshot())).toEqual(scenario.view);
    const confirm = {
      type: 'COMMITMENT_CONFIRMED' as const,
      commitmentId: 'annual-report',
      note: null,
      evidenceUrl: null,
      actor: representative('halde'),
      at: at('2011-02-01'),
    };
    fromStored.send(confirm);
    fromWhole.send(confirm);
    expect(conventionView(halde, fromStored.getSnapshot())).toEqual(
      conventionView(halde, fromWhole.getSnapshot()),
    );
    expect(fromStored.getSnapshot().context.commitments['annual-report']?.getSnapshot().value).toBe(
      'fulfilled',
    );
  });

  it('restores a snapshot stored whole (the form before this one) unchanged', () => {
    const scenario = amended();
    const whole = JSON.parse(JSON.stringify(scenario.live.getPersistedSnapshot())) as Stored;

    expect(expandSnapshot(halde, whole)).toEqual(whole);
    expect(conventionView(halde, restoreConvention(halde, whole).getSnapshot())).toEqual(scenario.view);
  });

  it('shares the definition’s terms and rules frozen, so no convention can change them for the others', () => {
    const base = definitionBase(halde);
    expect(Object.isFrozen(base.terms)).toBe(true);
    expect(Object.isFrozen(base.rules)).toBe(true);
    expect(Object.isFrozen(Object.values(base.terms)[0]?.owners)).toBe(true);
    expect(inForce(halde).snapshot.context.terms).toBe(base.terms);
    expect(amended().snapshot.context.terms).not.toBe(base.terms);
  });
});
