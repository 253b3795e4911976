import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { plannedDeadlines } from './deadlines';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Issue 14, rules v4: a convention in force before its signature
 * (test/fixtures/definitions/clause-in-force-before-signature.yaml). « Prend effet au 1er janvier
 * 2024 », agreed at creation, signed by the Ville on 2 April and by the association on 15 April
 * 2024, `term.graceAfterSignature: P1M`: what fell due before 15 May 2024 is due on 15 May, late,
 * instead of VIOLATED at signature (v1 to v3, kept beside).
 */
const definitions = loadDefinitions(join(__dirname, '../../test/fixtures/definitions')).map(
  (l) => l.definition,
);
const definition = definitions.find((d) => d.id === 'clause-in-force-before-signature')!;
const startsOnDefinition = definitions.find((d) => d.id === 'clause-starts-on')!;

const association = representative('association');
const ville = representative('ville');

/** Created on 20 March 2024, in effect from 1 January, signed on 2 and 15 April. */
function signedInApril(version?: RulesVersion): ConventionScenario {
  return new ConventionScenario(definition, at('2024-03-20'), '2024-01-01', version)
    .accept({ type: 'SIGNATURE_GIVEN', signatoryId: 'ville-maire' }, ville, at('2024-04-02'))
    .accept({ type: 'SIGNATURE_GIVEN', signatoryId: 'association-presidente' }, association, at('2024-04-15'))
    .runUntil('2024-04-15');
}

/** The v4 fields, absent from what a convention without late occurrences stores. */
const LATE_FIELDS = /"late"|lateDueOn|dueUnderTermsOn/;

const statuses = (scenario: ConventionScenario, id: string) =>
  scenario.commitment(id).occurrences.map((o) => [o.startsOn, o.dueOn, o.status, o.late ?? false]);

describe('rules v4: a convention in force before its signature', () => {
  it('reads the grace from the definition file', () => {
    expect(definition.term).toMatchObject({ kind: 'fixed', duration: 'P2Y', graceAfterSignature: 'P1M' });
  });

  it('misses nothing at signature: what fell due before 15 May is due on 15 May, late', () => {
    const scenario = signedInApril();

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.effectiveOn).toBe('2024-01-01');
    expect(scenario.view.commitments.map((c) => c.status)).not.toContain('VIOLATED');
    expect(scenario.commitment('action-programme')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2024-05-15',
      late: true,
      dueUnderTermsOn: '2024-03-01',
    });
    expect(scenario.commitment('monthly-attendance')).toMatchObject({
      dueOn: '2024-05-15',
      late: true,
      dueUnderTermsOn: '2024-01-31',
    });
    expect(scenario.commitment('monthly-attendance').occurrences).toEqual([
      {
        index: 1,
        startsOn: '2024-01-01',
        dueOn: '2024-05-15',
        dueUnderTermsOn: '2024-01-31',
        late: true,
        status: 'IN_EFFECT',
        fulfilments: [],
      },
    ]);
    expect(statuses(scenario, 'quarterly-accounts')).toEqual([
      ['2024-01-01', '2024-05-15', 'IN_EFFECT', true],
    ]);
    // « avant le 30 juin » falls due after the grace: as under v3.
    expect(statuses(scenario, 'annual-grant')).toEqual([['2024-01-01', '2024-06-29', 'IN_EFFECT', false]]);
    expect(scenario.commitment('annual-grant')).not.toHaveProperty('late');
    const due = plannedDeadlines(definition, scenario.snapshot).filter((d) => d.kind === 'COMMITMENT_DUE');
    expect(due.map((d) => [d.subject, d.dueOn])).toEqual([
      ['action-programme', '2024-05-16'],
      ['monthly-attendance', '2024-05-16'],
      ['quarterly-accounts', '2024-05-16'],
      ['annual-grant', '2024-06-30'],
    ]);
  });

  it('lets the owner record the past occurrences one after the other; one left unrecorded is VIOLATED after the grace', () => {
    const scenario = signedInApril();
    for (const day of ['2024-04-22', '2024-04-23', '2024-04-24']) {
      scenario.accept(confirm('monthly-attendance'), association, at(day));
    }
    // January, February and March recorded: April (due 30 April under the terms) is open, late.
    expect(statuses(scenario, 'monthly-attendance')).toEqual([
      ['2024-01-01', '2024-05-15', 'FULFILLED', true],
      ['2024-02-01', '2024-05-15', 'FULFILLED', true],
      ['2024-03-01', '2024-05-15', 'FULFILLED', true],
      ['2024-04-01', '2024-05-15', 'IN_EFFECT', true],
    ]);
    expect(scenario.commitment('monthly-attendance').occurrences[3]?.dueUnderTermsOn).toBe('2024-04-30');
    // The first quarter recorded: the second has begun, due at its own end, not late.
    scenario.accept(confirm('quarterly-accounts'), association, at('2024-04-24'));
    expect(statuses(scenario, 'quarterly-accounts')).toEqual([
      ['2024-01-01', '2024-05-15', 'FULFILLED', true],
      ['2024-04-01', '2024-06-30', 'IN_EFFECT', false],
    ]);
    expect(scenario.commitment('quarterly-accounts')).not.toHaveProperty('late');
    scenario.accept(confirm('action-programme'), association, at('2024-05-15', '23:30'));
    expect(scenario.commitment('action-programme')).toMatchObject({ status: 'FULFILLED', late: true });

    scenario.runUntil('2024-05-16');

    expect(statuses(scenario, 'monthly-attendance')).toEqual([
      ['2024-01-01', '2024-05-15', 'FULFILLED', true],
      ['2024-02-01', '2024-05-15', 'FULFILLED', true],
      ['2024-03-01', '2024-05-15', 'FULFILLED', true],
      ['2024-04-01', '2024-05-15', 'VIOLATED', true],
      ['2024-05-01', '2024-05-31', 'IN_EFFECT', false],
    ]);
    expect(scenario.commitment('action-programme').status).toBe('FULFILLED');
    expect(scenario.commitment('quarterly-accounts').occurrences).toHaveLength(2);
  });

  it('does not open a period that has not begun: April recorded on 24 April, May opens when the grace ends', () => {
    const scenario = signedInApril();
    for (const day of ['2024-04-21', '2024-04-22', '2024-04-23', '2024-04-24']) {
      scenario.accept(confirm('monthly-attendance'), association, at(day));
    }
    expect(statuses(scenario, 'monthly-attendance').map((o) => o[2])).toEqual([
      'FULFILLED',
      'FULFILLED',
      'FULFILLED',
      'FULFILLED',
    ]);
    expect(scenario.send(confirm('monthly-attendance'), association, at('2024-04-25'))?.code).toBe(
      'INVALID_TRANSITION',
    );
    scenario.runUntil('2024-05-16');
    expect(statuses(scenario, 'monthly-attendance').slice(4)).toEqual([
      ['2024-05-01', '2024-05-31', 'IN_EFFECT', false],
    ]);
  });

  it('past the grace, what was not recorded is VIOLATED, one late occurrence after the other', () => {
    const scenario = signedInApril().runUntil('2024-05-16');
    expect(scenario.commitment('action-programme').status).toBe('VIOLATED');
    expect(statuses(scenario, 'monthly-attendance')).toEqual([
      ['2024-01-01', '2024-05-15', 'VIOLATED', true],
      ['2024-02-01', '2024-05-15', 'VIOLATED', true],
      ['2024-03-01', '2024-05-15', 'VIOLATED', true],
      ['2024-04-01', '2024-05-15', 'VIOLATED', true],
      ['2024-05-01', '2024-05-31', 'IN_EFFECT', false],
    ]);
    expect(statuses(scenario, 'quarterly-accounts')).toEqual([
      ['2024-01-01', '2024-05-15', 'VIOLATED', true],
      ['2024-04-01', '2024-06-30', 'IN_EFFECT', false],
    ]);
  });

  it('v3 unchanged: the same convention created under rules v3 misses at signature what fell due before it', () => {
    const scenario = signedInApril(3);
    expect(scenario.commitment('action-programme')).toMatchObject({
      status: 'VIOLATED',
      dueOn: '2024-03-01',
    });
    expect(scenario.commitment('action-programme')).not.toHaveProperty('late');
    expect(statuses(scenario, 'monthly-attendance')).toEqual([
      ['2024-01-01', '2024-01-31', 'VIOLATED', false],
      ['2024-02-01', '2024-02-29', 'VIOLATED', false],
      ['2024-03-01', '2024-03-31', 'VIOLATED', false],
      ['2024-04-01', '2024-04-30', 'IN_EFFECT', false],
    ]);
    expect(statuses(scenario, 'quarterly-accounts')).toEqual([
      ['2024-01-01', '2024-03-31', 'VIOLATED', false],
      ['2024-04-01', '2024-06-30', 'IN_EFFECT', false],
    ]);
    expect(JSON.stringify(scenario.stored())).not.toMatch(LATE_FIELDS);
  });

  it('changes nothing for a convention signed on or before its effective date', () => {
    for (const effectiveOn of ['2024-04-15', '2024-05-01']) {
      const scenario = new ConventionScenario(definition, at('2024-03-20'), effectiveOn)
        .signAll(at('2024-04-15'))
        .runUntil(effectiveOn);
      expect(scenario.view.effectiveOn).toBe(effectiveOn);
      expect(JSON.stringify(scenario.stored())).not.toMatch(LATE_FIELDS);
      expect(scenario.commitment('monthly-attendance').occurrences[0]).toMatchObject({
        startsOn: effectiveOn,
        status: 'IN_EFFECT',
      });
    }
  });

  it('keeps the grace in the rules when an amendment replaces the term', () => {
    const scenario = signedInApril();
    const changes = { term: { kind: 'fixed' as const, duration: 'P3Y' } };
    const proposal = { type: 'AMENDMENT_PROPOSED' as const, amendmentId: 'A1', kind: 'CHANGE' as const };
    scenario
      .accept({ ...proposal, changes, effectiveOn: null, summary: 'Avenant n° 1' }, ville, at('2024-06-03'))
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'ville-maire' },
        ville,
        at('2024-06-04'),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-presidente' },
        association,
        at('2024-06-05'),
      )
      .runUntil('2024-06-06');
    expect(scenario.snapshot.context.rules.term).toEqual({
      kind: 'fixed',
      duration: 'P3Y',
      graceAfterSignature: 'P1M',
    });
  });

  it('gives a month when the definition states no grace, counted as French texts count it', () => {
    const signedOn = (day: string) =>
      new ConventionScenario(startsOnDefinition, at('2024-12-01')).signAll(at(day)).runUntil(day);
    // « prend effet le 1er janvier 2025 », signed on 12 March: the first quarter is due on 12 April.
    const march = signedOn('2025-03-12');
    expect(statuses(march, 'quarterly-exchange')).toEqual([['2025-01-01', '2025-04-12', 'IN_EFFECT', true]]);
    expect(march.commitment('joint-guide')).toMatchObject({ dueOn: '2025-07-01' });
    expect(march.commitment('joint-guide')).not.toHaveProperty('late');
    // Signed on 31 January: a month after it ends on 28 February (period-end.ts).
    const january = signedOn('2025-01-31');
    expect(statuses(january, 'quarterly-exchange')).toEqual([
      ['2025-01-01', '2025-03-31', 'IN_EFFECT', false],
    ]);
    const late = signedOn('2025-03-31');
    expect(late.commitment('quarterly-exchange')).toMatchObject({
      dueOn: '2025-04-30',
      late: true,
      dueUnderTermsOn: '2025-03-31',
    });
  });
});
