import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { plannedDeadlines } from './deadlines';
import { CommitmentDefinition, ConventionDefinition } from './definition';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Effects of termination (issue 14): « en cas de résiliation pour inexécution, le bénéficiaire
 * reversera les sommes non utilisées dans un délai de deux mois » (`dueFrom: end`, `due: P2M`,
 * `onlyIfEndedBy: [breach]`) beside « un rapport final dans les quatre mois suivant la fin de la
 * convention, quelle qu'en soit la cause » (`dueFrom: end`, `due: P4M`). Fixture
 * `test/fixtures/definitions/clause-termination-effects.yaml`.
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((candidate) => candidate.id === 'clause-termination-effects') as ConventionDefinition;

const departement = representative('departement');
const association = representative('association');

/** Signed and in force on 1 February 2024; three years: it expires on 1 February 2027. */
function inForce(version?: RulesVersion): ConventionScenario {
  return new ConventionScenario(definition, at('2024-01-20'), null, version)
    .signAll(at('2024-02-01'))
    .runUntil('2024-02-01');
}

/**
 * The interim report (due 1 February 2025) is missed; the Département serves a formal notice on
 * 10 February 2025, to cure by 10 March; uncured, the convention ends for breach on 11 March,
 * its last day in force 10 March 2025.
 */
function terminatedForBreach(version?: RulesVersion): ConventionScenario {
  const scenario = inForce(version).runUntil('2025-02-09');
  expect(scenario.commitment('interim-report').status).toBe('VIOLATED');
  scenario.accept(
    { type: 'FORMAL_NOTICE_SERVED', commitmentId: 'interim-report', reason: 'compte rendu non remis' },
    departement,
    at('2025-02-10'),
  );
  return scenario.runUntil('2025-03-11');
}

const plan = (scenario: ConventionScenario) =>
  plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);

describe('onlyIfEndedBy: a commitment that arises only when the convention ends for breach', () => {
  it('reads the clause from the definition file; the final report has none', () => {
    const [repayment, finalReport] = definition.commitments.slice(2);
    expect(repayment).toMatchObject({ dueFrom: 'end', due: 'P2M', onlyIfEndedBy: ['breach'] });
    expect(finalReport).not.toHaveProperty('onlyIfEndedBy');
  });

  it('is SCHEDULED while the convention is in force, as the final report due from the end', () => {
    const scenario = inForce().runUntil('2025-06-01');

    for (const id of ['repayment', 'final-report']) {
      expect(scenario.commitment(id)).toMatchObject({ status: 'SCHEDULED', startedOn: null, dueOn: null });
    }
    expect(plan(scenario).filter(([kind]) => kind === 'COMMITMENT_DUE')).toEqual([]);
  });

  it('arises when the convention ends for breach: due two months after its last day in force', () => {
    const scenario = terminatedForBreach();

    expect(scenario.view.termination).toMatchObject({ cause: 'BREACH', on: '2025-03-11' });
    expect(scenario.commitment('repayment')).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2025-03-11',
      dueOn: '2025-05-10',
      endedAt: null,
    });
    expect(scenario.commitment('final-report')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2025-07-10' });
    expect(plan(scenario)).toEqual([
      ['COMMITMENT_DUE', 'repayment', '2025-05-11'],
      ['COMMITMENT_DUE', 'final-report', '2025-07-11'],
    ]);
  });

  it('is FULFILLED when the association confirms the repayment, and VIOLATED when it does not', () => {
    const repaid = terminatedForBreach().accept(confirm('repayment'), association, at('2025-04-30'));
    expect(repaid.commitment('repayment').status).toBe('FULFILLED');

    const unpaid = terminatedForBreach().runUntil('2025-05-11');
    expect(unpaid.commitment('repayment')).toMatchObject({
      status: 'VIOLATED',
      endedAt: '2025-05-10T22:00:00.000Z',
    });
    expect(unpaid.commitment('final-report').status).toBe('IN_EFFECT');
  });

  it('never arises when the convention expires: LAPSED, nothing due, while the final report is due', () => {
    const scenario = inForce().runUntil('2027-02-01');

    expect(scenario.view.termination).toMatchObject({ cause: 'EXPIRY', on: '2027-02-01' });
    expect(scenario.commitment('repayment')).toMatchObject({
      status: 'LAPSED',
      startedOn: null,
      dueOn: null,
      confirmations: [],
      endedAt: scenario.view.termination?.at,
    });
    expect(scenario.commitment('final-report')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2027-05-31' });
    expect(plan(scenario)).toEqual([['COMMITMENT_DUE', 'final-report', '2027-06-01']]);
  });

  it('refuses marking a LAPSED commitment done (INVALID_TRANSITION, saying why) and changes nothing', () => {
    const scenario = inForce().runUntil('2027-02-01');
    const before = scenario.stored();

    const refusal = scenario.send(confirm('repayment'), association, at('2027-02-02'));

    expect(refusal).toMatchObject({
      code: 'INVALID_TRANSITION',
      reason:
        'commitment repayment never arose: it arises only if the convention ends by breach, and it ended by expiry',
    });
    expect(scenario.tick('COMMITMENT_DUE_PASSED', '2027-05-01', { commitmentId: 'repayment' })?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(scenario.stored()).toEqual(before);
    expect(scenario.runUntil('2030-01-01').commitment('repayment').status).toBe('LAPSED');
  });

  it('never arises when a party gave notice: LAPSED, the final report still due', () => {
    const scenario = inForce()
      .accept({ type: 'NOTICE_GIVEN', reason: 'fin du projet' }, association, at('2025-09-15'))
      .runUntil('2025-12-31');

    expect(scenario.view.termination?.cause).toBe('NOTICE');
    expect(scenario.commitment('repayment').status).toBe('LAPSED');
    expect(scenario.commitment('final-report').status).toBe('IN_EFFECT');
  });

  it.each([1, 2, 3] as const)(
    'means the same under rules v%i (a new field, read under every version)',
    (v) => {
      expect(terminatedForBreach(v).commitment('repayment').status).toBe('IN_EFFECT');
      expect(inForce(v).runUntil('2027-02-02').commitment('repayment').status).toBe('LAPSED');
    },
  );
});

describe('onlyIfEndedBy given by an amendment', () => {
  const restitution = {
    id: 'equipment',
    article: 'Article 11',
    title: 'Restitution du matériel',
    text: 'En cas de résiliation pour force majeure ou inexécution, le matériel prêté est restitué dans le mois.',
    owners: ['association'],
    shape: 'one-off',
    dueFrom: 'end',
    due: 'P1M',
  };
  const propose = (added: Record<string, unknown>) => ({
    type: 'AMENDMENT_PROPOSED' as const,
    amendmentId: 'A1',
    kind: 'CHANGE' as const,
    changes: { addCommitments: [added as unknown as CommitmentDefinition] },
    effectiveOn: null,
    summary: 'Avenant n° 1 : restitution du matériel',
  });

  it('adds a commitment that arises only on breach or force majeure: it lapses at expiry', () => {
    const scenario = inForce()
      .accept(
        propose({ ...restitution, onlyIfEndedBy: ['force-majeure', 'breach'] }),
        departement,
        at('2025-06-02'),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'departement-president' },
        departement,
        at('2025-06-03'),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-presidente' },
        association,
        at('2025-06-03'),
      )
      .runUntil('2027-02-01');

    expect(scenario.view.termination?.cause).toBe('EXPIRY');
    expect(scenario.commitment('equipment').status).toBe('LAPSED');
  });

  it('keeps the clause on a new version of the repayment: due three months after a breach, LAPSED at expiry', () => {
    const delay = {
      type: 'AMENDMENT_PROPOSED' as const,
      amendmentId: 'A1',
      kind: 'CHANGE' as const,
      changes: { changeCommitments: [{ id: 'repayment', due: 'P3M' }] },
      effectiveOn: null,
      summary: 'Avenant n° 1 : délai de reversement porté à trois mois',
    };
    const scenario = inForce()
      .accept(delay, departement, at('2024-06-03'))
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'departement-president' },
        departement,
        at('2024-06-04'),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-presidente' },
        association,
        at('2024-06-04'),
      )
      .runUntil('2024-06-05');

    expect(scenario.view.commitments.find((c) => c.id === 'repayment.v2')).toMatchObject({
      status: 'SCHEDULED',
    });
    expect(scenario.snapshot.context.terms['repayment.v2']).toMatchObject({
      due: 'P3M',
      onlyIfEndedBy: ['breach'],
    });
    expect(scenario.runUntil('2027-02-01').commitment('repayment.v2').status).toBe('LAPSED');
  });

  it('refuses an unknown cause, an empty list, or a commitment not due from the end (BAD_USER_INPUT)', () => {
    const scenario = inForce();

    for (const added of [
      { ...restitution, onlyIfEndedBy: ['resiliation'] },
      { ...restitution, onlyIfEndedBy: [] },
      { ...restitution, onlyIfEndedBy: ['breach', 'breach'] },
      { ...restitution, dueFrom: 'start', onlyIfEndedBy: ['breach'] },
    ]) {
      expect(scenario.send(propose(added), departement, at('2025-06-02'))?.code).toBe('BAD_USER_INPUT');
    }
    expect(scenario.view.amendments).toEqual([]);
  });
});
