import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { conventionDefinitionSchema } from '../workflows/definition.schema';
import { loadDefinitions } from '../workflows/load-definitions';
import { ConventionDefinition } from './definition';
import { plannedReminders } from './reminders';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

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

describe('plannedReminders once the convention has ended (commitments due after the end)', () => {
  /**
   * Fixture clause-termination-effects: in force on 1 February 2024 for three years. The final
   * report is due four months after the end, whatever the cause (`dueFrom: end`); the repayment
   * arises only if the convention ends for breach (`onlyIfEndedBy: [breach]`).
   */
  const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
    .map((loaded) => loaded.definition)
    .find((d) => d.id === 'clause-termination-effects')!;
  const association = representative('association');
  const departement = representative('departement');
  const inForce = () =>
    new ConventionScenario(definition, at('2024-01-20')).signAll(at('2024-02-01')).runUntil('2024-02-01');
  const remindersOf = (scenario: ConventionScenario) =>
    plannedReminders(scenario.definition, scenario.snapshot).map((r) => [
      r.kind,
      r.subject,
      r.targetOn,
      r.daysBefore,
      r.dueAt,
      r.parties,
    ]);

  it('reminds the owners of a final report due from the end 14 days before and on the day, after the expiry', () => {
    const expired = inForce().runUntil('2027-02-01');
    expect(expired.view.status).toBe('TERMINATED');
    expect(expired.commitment('final-report')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2027-05-31' });

    // Nothing else: no notice, evaluation or committee reminder once the convention has ended.
    expect(remindersOf(expired)).toEqual([
      ['COMMITMENT_DUE', 'final-report', '2027-05-31', 14, '2027-05-16T22:00:00.000Z', ['association']],
      ['COMMITMENT_DUE', 'final-report', '2027-05-31', 0, '2027-05-30T22:00:00.000Z', ['association']],
    ]);
    const [first] = plannedReminders(definition, expired.snapshot);
    expect(first).toMatchObject({
      key: `${expired.snapshot.context.conventionId}:REMIND:COMMITMENT_DUE:final-report:2027-05-31:14`,
      facts: { title: definition.title, commitment: 'Rapport final' },
    });
  });

  it('never reminds of a LAPSED commitment (onlyIfEndedBy, the convention expired)', () => {
    const expired = inForce().runUntil('2027-02-01');
    expect(expired.commitment('repayment').status).toBe('LAPSED');
    expect(remindersOf(expired).filter(([, subject]) => subject === 'repayment')).toEqual([]);
  });

  it('reminds of no FULFILLED commitment: the final report given, nothing is left to remind of', () => {
    const given = inForce()
      .runUntil('2027-02-01')
      .accept(confirm('final-report'), association, at('2027-03-15'));
    expect(given.commitment('final-report').status).toBe('FULFILLED');
    expect(remindersOf(given)).toEqual([]);
  });

  it('reminds of a repayment arisen on breach until it is made or VIOLATED, and of the final report', () => {
    const breached = inForce().runUntil('2025-02-09');
    breached.accept(
      { type: 'FORMAL_NOTICE_SERVED', commitmentId: 'interim-report', reason: 'compte rendu non remis' },
      departement,
      at('2025-02-10'),
    );
    breached.runUntil('2025-03-11');
    expect(breached.view.termination).toMatchObject({ cause: 'BREACH' });
    const targets = (scenario: ConventionScenario) =>
      remindersOf(scenario).map(([, subject, targetOn, daysBefore]) => [subject, targetOn, daysBefore]);
    expect(targets(breached)).toEqual([
      ['repayment', '2025-05-10', 14],
      ['repayment', '2025-05-10', 0],
      ['final-report', '2025-07-10', 14],
      ['final-report', '2025-07-10', 0],
    ]);
    breached.runUntil('2025-05-11');
    expect(breached.commitment('repayment').status).toBe('VIOLATED');
    expect(targets(breached)).toEqual([
      ['final-report', '2025-07-10', 14],
      ['final-report', '2025-07-10', 0],
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
