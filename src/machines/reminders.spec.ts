import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { conventionDefinitionSchema } from '../workflows/definition.schema';
import { loadDefinitions } from '../workflows/load-definitions';
import { ConventionDefinition } from './definition';
import { plannedReminders } from './reminders';
import { ConventionScenario, representative } from './testing/convention-scenario';

const WORKFLOWS = join(__dirname, '../../workflows');
const haldeAmf = loadDefinitions(WORKFLOWS)
  .map((loaded) => loaded.definition)
  .find((d) => d.id === 'halde-amf-2010')!;

/** Signed by all on 24 June 2010 and in force the same day. */
function inForce(definition: ConventionDefinition): ConventionScenario {
  const scenario = new ConventionScenario(definition, '2010-06-01T09:00:00.000Z').signAll(
    '2010-06-24T08:00:00.000Z',
  );
  const refusal = scenario.tick('EFFECTIVE_DATE_REACHED', '2010-06-24');
  if (refusal) throw new Error(refusal.message);
  return scenario;
}

const planOf = (scenario: ConventionScenario) =>
  plannedReminders(scenario.definition, scenario.snapshot).map((r) => [
    r.kind,
    r.targetOn,
    r.daysBefore,
    r.parties,
  ]);

describe('plannedReminders', () => {
  it('plans nothing before the convention is in force', () => {
    const scenario = new ConventionScenario(haldeAmf, '2010-06-24T08:00:00.000Z');
    expect(plannedReminders(haldeAmf, scenario.snapshot)).toEqual([]);
  });

  it('reminds every party 90, 30 and 7 days before the last day to give notice, at midnight in Paris', () => {
    const scenario = inForce(haldeAmf);
    const notice = plannedReminders(haldeAmf, scenario.snapshot).filter((r) => r.kind === 'NOTICE_DEADLINE');
    expect(notice.map((r) => [r.targetOn, r.daysBefore, r.dueAt, r.parties])).toEqual([
      ['2011-03-23', 90, '2010-12-22T23:00:00.000Z', ['halde', 'amf']],
      ['2011-03-23', 30, '2011-02-20T23:00:00.000Z', ['halde', 'amf']],
      ['2011-03-23', 7, '2011-03-15T23:00:00.000Z', ['halde', 'amf']],
    ]);
    expect(notice[0]!.facts).toEqual({ title: haldeAmf.title, renewsOn: '2011-06-24' });
  });

  it('plans no notice reminder once notice is given', () => {
    const scenario = inForce(haldeAmf);
    scenario.accept(
      { type: 'NOTICE_GIVEN', reason: 'Fin' },
      representative('amf'),
      '2010-09-01T08:00:00.000Z',
    );
    expect(planOf(scenario).filter(([kind]) => kind === 'NOTICE_DEADLINE')).toEqual([]);
  });

  it('reminds the parties of the evaluation 30 days before it is due', () => {
    expect(planOf(inForce(haldeAmf)).filter(([kind]) => kind === 'EVALUATION_DUE')).toEqual([
      ['EVALUATION_DUE', '2011-06-23', 30, ['halde', 'amf']],
    ]);
  });

  it('takes the lead times the definition declares, and none for an empty list', () => {
    const definition: ConventionDefinition = { ...haldeAmf, reminders: { notice: [15], evaluation: [] } };
    const scenario = inForce(definition);
    expect(planOf(scenario)).toEqual([['NOTICE_DEADLINE', '2011-03-23', 15, ['halde', 'amf']]]);
  });
});

describe('plannedReminders through a suspension (force majeure)', () => {
  const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
    .map((loaded) => loaded.definition)
    .find((d) => d.id === 'clause-force-majeure')!;
  const a = representative('association-a');
  const b = representative('association-b');
  /** In force on 15 January 2020; the joint guide is due on 15 July, the first quarter ends on 14 April. */
  const inForceOn15January = () => {
    const scenario = new ConventionScenario(definition, '2020-01-14T09:00:00.000Z').signAll(
      '2020-01-15T09:00:00.000Z',
    );
    if (scenario.tick('EFFECTIVE_DATE_REACHED', '2020-01-15')) throw new Error('not in force');
    return scenario;
  };
  const guide = (scenario: ConventionScenario) =>
    planOf(scenario).filter(([kind]) => kind === 'COMMITMENT_DUE' || kind === 'COMMITTEE_MEETING');

  it('keeps only the notice reminders while suspended, and moves the others on resumption', () => {
    const scenario = inForceOn15January();
    expect(guide(scenario)).toContainEqual([
      'COMMITMENT_DUE',
      '2020-07-15',
      14,
      ['association-a', 'association-b'],
    ]);
    scenario.accept({ type: 'CONVENTION_SUSPENDED', reason: 'inondation' }, a, '2020-03-01T09:00:00.000Z');
    expect(new Set(planOf(scenario).map(([kind]) => kind))).toEqual(new Set(['NOTICE_DEADLINE']));
    scenario.accept({ type: 'CONVENTION_RESUMED' }, b, '2020-04-01T08:00:00.000Z');
    // 31 days suspended: the guide is due on 15 August instead.
    expect(guide(scenario)).toContainEqual([
      'COMMITMENT_DUE',
      '2020-08-15',
      14,
      ['association-a', 'association-b'],
    ]);
    expect(guide(scenario)).not.toContainEqual([
      'COMMITMENT_DUE',
      '2020-07-15',
      14,
      ['association-a', 'association-b'],
    ]);
  });
});

describe('reminders in a definition file', () => {
  const file = parse(readFileSync(join(WORKFLOWS, 'halde-amf-2010.yaml'), 'utf8')) as Record<string, unknown>;

  it('accepts whole days from 0 to 366', () => {
    const parsed = conventionDefinitionSchema.safeParse({
      ...file,
      reminders: { notice: [120, 0], committee: [] },
    });
    expect(parsed.success && parsed.data.reminders).toEqual({ notice: [120, 0], committee: [] });
  });

  it('refuses negative, fractional or unknown lead times', () => {
    for (const reminders of [{ notice: [-1] }, { commitment: [1.5] }, { notice: [400] }, { deadline: [7] }]) {
      expect(conventionDefinitionSchema.safeParse({ ...file, reminders }).success).toBe(false);
    }
  });
});
