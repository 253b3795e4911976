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
 * Options chosen at creation (issue 14), fixture `test/fixtures/definitions/clause-options.yaml`:
 * « Le bénéficiaire peut adhérer au programme d'accompagnement numérique ; dans ce cas il
 * s'engage à … ». The convention created with `programme-numerique` has the programme's two
 * commitments, due, reminded and fulfilled as any other; the one created without it has none.
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((candidate) => candidate.id === 'clause-options') as ConventionDefinition;

const PARIS = 'Europe/Paris';
const beneficiaire = representative('beneficiaire');
const PROGRAMME = ['volunteer-training', 'digital-report'];

function inForceOn(day: string, chosen?: string[], version?: RulesVersion): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay(day, PARIS), null, version, chosen).signAll(
    at(day),
  );
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

const keys = (scenario: ConventionScenario) => scenario.view.commitments.map((c) => c.id);
const plan = (scenario: ConventionScenario) =>
  plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);

describe('options chosen at creation: « le bénéficiaire peut adhérer au programme … »', () => {
  it('reads the option and the commitments that name it from the definition file', () => {
    expect(definition.options).toEqual([
      expect.objectContaining({ id: 'programme-numerique', title: "Programme d'accompagnement numérique" }),
    ]);
    expect(definition.commitments.filter((c) => c.option === 'programme-numerique').map((c) => c.id)).toEqual(
      PROGRAMME,
    );
  });

  it('created without the option: the programme’s commitments do not exist, nothing is due or reminded for them', () => {
    const scenario = inForceOn('2024-03-01');

    expect(keys(scenario)).toEqual(['activity-report', 'funding']);
    expect(scenario.view).not.toHaveProperty('chosenOptions');
    expect(Object.keys(scenario.snapshot.context.terms)).toEqual(['activity-report', 'funding']);
    const subjects = [
      ...plannedDeadlines(definition, scenario.snapshot).map((d) => d.subject),
      ...plannedReminders(definition, scenario.snapshot).map((r) => r.subject),
    ];
    for (const key of PROGRAMME) expect(subjects).not.toContain(key);
  });

  it('created with the option: its commitments are there, due and reminded like the others', () => {
    const scenario = inForceOn('2024-03-01', ['programme-numerique']);

    expect(keys(scenario)).toEqual(['activity-report', 'funding', 'volunteer-training', 'digital-report']);
    expect(scenario.view.chosenOptions).toEqual(['programme-numerique']);
    expect(scenario.commitment('volunteer-training')).toMatchObject({
      status: 'IN_EFFECT',
      owners: ['beneficiaire'],
      dueOn: '2024-09-01',
    });
    expect(plan(scenario)).toEqual(
      expect.arrayContaining([
        ['COMMITMENT_DUE', 'volunteer-training', '2024-09-02'],
        ['COMMITMENT_DUE', 'digital-report', '2025-03-01'],
      ]),
    );
    const reminded = plannedReminders(definition, scenario.snapshot).map((r) => r.subject);
    expect(reminded).toEqual(expect.arrayContaining(PROGRAMME));
  });

  it('fulfils the optional commitments as any other, and VIOLATES them when missed', () => {
    const done = inForceOn('2024-03-01', ['programme-numerique']);
    done.accept(confirm('volunteer-training'), beneficiaire, at('2024-06-10'));
    expect(done.commitment('volunteer-training').status).toBe('FULFILLED');

    const missed = inForceOn('2024-03-01', ['programme-numerique']).runUntil('2024-12-01');
    expect(missed.commitment('volunteer-training').status).toBe('VIOLATED');
    expect(missed.commitment('digital-report').status).toBe('IN_EFFECT');
  });

  it('refuses to confirm a commitment of an option not chosen: it does not exist in this convention', () => {
    const scenario = inForceOn('2024-03-01');
    const refusal = scenario.send(confirm('volunteer-training'), beneficiaire, at('2024-06-10'));
    // The machine knows no such commitment, so no party owns it (the API answers NOT_FOUND first).
    expect(refusal?.code).toBe('FORBIDDEN');
    expect(keys(scenario)).toEqual(['activity-report', 'funding']);
  });

  it('refuses an amendment that changes a commitment of an option not chosen; accepts it with the option', () => {
    const proposal = {
      type: 'AMENDMENT_PROPOSED' as const,
      amendmentId: 'A1',
      kind: 'CHANGE' as const,
      changes: { changeCommitments: [{ id: 'volunteer-training', due: 'P9M' }] },
      effectiveOn: null,
      summary: 'Avenant n° 1 : formation reportée',
    };
    const without = inForceOn('2024-03-01').send(proposal, beneficiaire, at('2024-04-01'));
    expect(without?.code).toBe('BAD_USER_INPUT');
    expect(without?.message).toContain('volunteer-training');
    expect(
      inForceOn('2024-03-01', ['programme-numerique']).send(proposal, beneficiaire, at('2024-04-01')),
    ).toBeNull();
  });

  it('keeps the choice through the stored snapshot: what is stored is the chosen options, not the terms', () => {
    const scenario = inForceOn('2024-03-01', ['programme-numerique']).runUntil('2025-06-01');
    const stored = scenario.stored() as { context: Record<string, unknown> };
    expect(stored.context.chosenOptions).toEqual(['programme-numerique']);
    expect(stored.context.terms).toEqual({});
    expect(keys(scenario)).toEqual(['activity-report', 'funding', 'volunteer-training', 'digital-report']);
  });

  it.each([1, 2] as const)('leaves the programme out or in under rules v%s too', (version) => {
    expect(keys(inForceOn('2024-03-01', undefined, version))).toEqual(['activity-report', 'funding']);
    expect(keys(inForceOn('2024-03-01', ['programme-numerique'], version))).toHaveLength(4);
  });
});
