import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { allowedActions } from './convention.engine';
import { openTerminationRights } from './convention-queries';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Issue 14, termination for breach as a right (test/fixtures/definitions/clause-breach-right.yaml):
 * « la convention pourra être résiliée par l'autre partie à l'expiration d'un délai d'un mois
 * suivant une mise en demeure restée sans effet », `breach: { curePeriod: P1M, termination: right }`.
 * Left without effect, the notice opens the right of the parties the commitment is owed to; the
 * convention goes on; the right lapses when the owners cure the breach late.
 */
const definitions = loadDefinitions(join(__dirname, '../../test/fixtures/definitions')).map(
  (loaded) => loaded.definition,
);
const definition = definitions.find((d) => d.id === 'clause-breach-right')!;
const automatic = definitions.find((d) => d.id === 'clause-breach-cure')!;

const lyon = representative('ville-lyon');
const mds = representative('maison-des-solidarites');
const terminate = {
  type: 'TERMINATION_EXERCISED' as const,
  reason: 'Lettre recommandée du 2 septembre 2024',
};
const notice = {
  type: 'FORMAL_NOTICE_SERVED' as const,
  commitmentId: 'rapport-activite',
  reason: 'Rapport non remis',
};

/** In force from 15 January 2024; the report due 15 July is missed; Lyon serves notice on 20 July. */
function served(): ConventionScenario {
  const scenario = new ConventionScenario(definition, at('2024-01-10'))
    .signAll(at('2024-01-15'))
    .runUntil('2024-07-20');
  expect(scenario.commitment('rapport-activite').status).toBe('VIOLATED');
  return scenario.accept(notice, lyon, at('2024-07-20'));
}

function rightsOf(scenario: ConventionScenario) {
  return openTerminationRights(scenario.view, definition.parties);
}

describe('termination for breach as a right: breach.termination right', () => {
  it('reads the clause from the definition file; absent, it is automatic', () => {
    expect(definition.breach).toMatchObject({ curePeriod: 'P1M', termination: 'right' });
    expect(automatic.breach?.termination).toBeUndefined();
  });

  it('uncured, the convention goes on and the creditor alone may terminate it, for BREACH', () => {
    const scenario = served();
    // The cure period runs until 20 August included: no right yet.
    const early = scenario.send(terminate, lyon, at('2024-08-20'));
    expect(early?.code).toBe('INVALID_TRANSITION');
    expect(early?.message).toContain('until 2024-08-20 included');
    expect(scenario.send(terminate, mds, at('2024-08-20'))?.code).toBe('INVALID_TRANSITION');

    scenario.runUntil('2024-08-21');
    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.termination).toBeNull();
    expect(scenario.view.formalNotices[0]).toMatchObject({
      status: 'UNCURED',
      rightSince: '2024-08-21',
      rightHolders: ['ville-lyon'],
    });
    expect(rightsOf(scenario)).toEqual([
      { cause: 'BREACH', since: '2024-08-21', holders: ['ville-lyon'], commitmentId: 'rapport-activite' },
    ]);
    expect(allowedActions(definition, scenario.snapshot, lyon, at('2024-09-02')).convention).toContain(
      'TERMINATE',
    );
    expect(allowedActions(definition, scenario.snapshot, mds, at('2024-09-02')).convention).not.toContain(
      'TERMINATE',
    );
    const forbidden = scenario.send(terminate, mds, at('2024-09-02'));
    expect(forbidden?.code).toBe('FORBIDDEN');
    expect(forbidden?.message).toContain('in breach of rapport-activite');

    scenario.accept(terminate, lyon, at('2024-09-02'));
    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ on: '2024-09-02', cause: 'BREACH' });
    expect(rightsOf(scenario)).toHaveLength(1); // the record stays; the API shows none once ended
    expect(scenario.send(terminate, lyon, at('2024-09-03'))?.code).toBe('INVALID_TRANSITION');
  });

  it('lapses when the owner confirms after the cure period: FULFILLED, no right, the term runs on', () => {
    const scenario = served().runUntil('2024-09-09');
    expect(scenario.commitment('rapport-activite').status).toBe('VIOLATED');
    expect(
      allowedActions(definition, scenario.snapshot, mds, at('2024-09-10')).commitments['rapport-activite'],
    ).toContain('MARK_DONE');
    // Only its owner confirms: the creditor may not.
    expect(scenario.send(confirm('rapport-activite'), lyon, at('2024-09-10'))).not.toBeNull();

    scenario.accept(confirm('rapport-activite'), mds, at('2024-09-10'));
    expect(scenario.commitment('rapport-activite').status).toBe('FULFILLED');
    expect(scenario.view.formalNotices[0]).toMatchObject({ status: 'UNCURED', rightLapsedOn: '2024-09-10' });
    expect(rightsOf(scenario)).toEqual([]);
    expect(allowedActions(definition, scenario.snapshot, lyon, at('2024-09-11')).convention).not.toContain(
      'TERMINATE',
    );
    const lapsed = scenario.send(terminate, lyon, at('2024-09-11'));
    expect(lapsed?.code).toBe('INVALID_TRANSITION');
    expect(lapsed?.message).toContain('cured since');
    scenario.runUntil('2027-01-15');
    expect(scenario.view.termination).toMatchObject({ cause: 'EXPIRY' });
  });

  it('a VIOLATED commitment still accepts no confirmation without an open right', () => {
    const scenario = new ConventionScenario(definition, at('2024-01-10'))
      .signAll(at('2024-01-15'))
      .runUntil('2024-07-20');
    expect(scenario.send(confirm('rapport-activite'), mds, at('2024-07-20'))?.code).toBe(
      'INVALID_TRANSITION',
    );
    // Under the automatic clause, none either (and the convention terminated for breach).
    const a = representative('association-a');
    const b = representative('association-b');
    const auto = new ConventionScenario(automatic, at('2020-01-10')).signAll(at('2020-01-15'));
    auto.runUntil('2020-04-20').accept({ ...notice, commitmentId: 'training-sessions' }, a, at('2020-04-20'));
    auto.runUntil('2020-05-21');
    expect(auto.view.termination).toMatchObject({ cause: 'BREACH', on: '2020-05-21' });
    expect(auto.send(confirm('training-sessions'), b, at('2020-05-22'))).not.toBeNull();
    const none = auto.send({ ...terminate }, a, at('2020-05-22'));
    expect(none?.code).toBe('INVALID_TRANSITION');
  });

  it('holding both a force majeure and a breach right, the party names the cause', () => {
    const scenario = served().runUntil('2024-08-21');
    // Lyon suspends for force majeure; a month later the association holds that right, Lyon the breach's.
    scenario.accept({ type: 'CONVENTION_SUSPENDED', reason: 'Inondation' }, lyon, at('2024-09-02'));
    scenario.runUntil('2024-10-03');
    expect(rightsOf(scenario).map((r) => [r.cause, r.holders])).toEqual([
      ['FORCE_MAJEURE', ['maison-des-solidarites']],
      ['BREACH', ['ville-lyon']],
    ]);
    // Each holds one: no cause needed, but a cause not held is refused.
    expect(scenario.send({ ...terminate, cause: 'BREACH' }, mds, at('2024-10-03'))?.code).toBe('FORBIDDEN');
    expect(scenario.send({ ...terminate, cause: 'FORCE_MAJEURE' }, lyon, at('2024-10-03'))?.code).toBe(
      'FORBIDDEN',
    );
    scenario.accept(terminate, lyon, at('2024-10-03'));
    expect(scenario.view.termination).toMatchObject({ on: '2024-10-03', cause: 'BREACH' });
  });

  it('a party holding two rights must name one (BAD_USER_INPUT), and the termination takes its cause', () => {
    const scenario = served().runUntil('2024-08-21');
    // The association suspends: past the limit, Lyon holds both rights.
    scenario.accept({ type: 'CONVENTION_SUSPENDED', reason: 'Incendie' }, mds, at('2024-09-02'));
    scenario.runUntil('2024-10-03');
    expect(allowedActions(definition, scenario.snapshot, lyon, at('2024-10-03')).convention).toContain(
      'TERMINATE',
    );
    expect(allowedActions(definition, scenario.snapshot, mds, at('2024-10-03')).convention).not.toContain(
      'TERMINATE',
    );
    const ambiguous = scenario.send(terminate, lyon, at('2024-10-03'));
    expect(ambiguous?.code).toBe('BAD_USER_INPUT');
    expect(ambiguous?.message).toContain('FORCE_MAJEURE and for BREACH');
    scenario.accept({ ...terminate, cause: 'FORCE_MAJEURE' }, lyon, at('2024-10-03'));
    expect(scenario.view.termination).toMatchObject({ cause: 'FORCE_MAJEURE' });
  });
});
