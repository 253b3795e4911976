import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { SYSTEM_ACTOR } from './actor';
import { allowedActions, restoreConvention } from './convention.engine';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { MACHINE_VERSION, RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Rules versions (rules-version.ts): a convention is decided for its whole life by the rules
 * version it was created with. v2 fixes issue 14's bug 6 (boundaries) and bug 3 (survival lost
 * once confirmed); conventions created under v1 keep v1's outcomes.
 */
const fixtures = loadDefinitions(join(__dirname, '../../test/fixtures/definitions')).map(
  (loaded) => loaded.definition,
);

function fixture(id: string): ConventionDefinition {
  const found = fixtures.find((definition) => definition.id === id);
  if (!found) throw new Error(`${id} is not among the fixtures`);
  return found;
}

const PARIS = 'Europe/Paris';
const a = representative('association-a');
const b = representative('association-b');

function inForceOn(
  definition: ConventionDefinition,
  day: string,
  version?: RulesVersion,
): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay(day, PARIS), null, version).signAll(at(day));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

function plan(scenario: ConventionScenario) {
  return plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);
}

const suspend = { type: 'CONVENTION_SUSPENDED' as const, reason: 'inondation des locaux' };
const resume = { type: 'CONVENTION_RESUMED' as const };

describe('rules versions', () => {
  const definition = fixture('clause-force-majeure');

  it('creates a new convention under the current version (4)', () => {
    expect(MACHINE_VERSION).toBe(4);
    expect(new ConventionScenario(definition).snapshot.context.rulesVersion).toBe(4);
  });

  it('keeps a convention under the version it was created with, across persistence', () => {
    const scenario = inForceOn(definition, '2020-01-15', 1).accept(suspend, a, at('2020-03-01'));

    expect(scenario.snapshot.context.rulesVersion).toBe(1);
    // v1 rules decide its next transition: terminated on the limit day itself.
    expect(scenario.tick('SUSPENSION_LIMIT_REACHED', '2020-09-01')).toBeNull();
    expect(scenario.view.status).toBe('TERMINATED');
  });

  it('restores a snapshot stored before versions (no rulesVersion) under v1, and its next transition keeps v1', () => {
    const scenario = inForceOn(definition, '2020-01-15', 1).accept(suspend, a, at('2020-03-01'));
    const stored = scenario.stored() as { context: Record<string, unknown> };
    delete stored.context.rulesVersion;

    const restored = restoreConvention(definition, stored);

    expect(restored.getSnapshot().context.rulesVersion).toBe(1);
    expect(plannedDeadlines(definition, restored.getSnapshot()).map((d) => [d.kind, d.dueOn])[0]).toEqual([
      'SUSPENSION_LIMIT',
      '2020-09-01',
    ]);
    restored.send({
      type: 'SUSPENSION_LIMIT_REACHED',
      actor: SYSTEM_ACTOR,
      at: startOfDay('2020-09-01', PARIS),
    });
    expect(restored.getSnapshot().matches('terminated')).toBe(true);
  });
});

describe('bug 6 (v2): one boundary rule, the last day included, the deadline the day after', () => {
  describe('force majeure « six mois au plus » from 1 March: 1 September is the last day allowed', () => {
    const definition = fixture('clause-force-majeure');

    it('v2: plans the limit on 2 September; still suspended on 1 September; a party may resume that day', () => {
      const scenario = inForceOn(definition, '2020-01-15').accept(suspend, a, at('2020-03-01'));

      expect(scenario.view.suspension?.limitOn).toBe('2020-09-01');
      expect(plan(scenario)).toContainEqual(['SUSPENSION_LIMIT', null, '2020-09-02']);
      expect(scenario.tick('SUSPENSION_LIMIT_REACHED', '2020-09-01')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.send(resume, b, at('2020-09-01'))).toBeNull();
      expect(scenario.view.status).toBe('ACTIVE');
    });

    it('v2: terminates on 2 September if still suspended (FORCE_MAJEURE)', () => {
      const scenario = inForceOn(definition, '2020-01-15').accept(suspend, a, at('2020-03-01'));

      expect(scenario.tick('SUSPENSION_LIMIT_REACHED', '2020-09-02')).toBeNull();
      expect(scenario.view.termination).toMatchObject({ on: '2020-09-02', cause: 'FORCE_MAJEURE' });
    });

    it('v1 keeps its outcome: the limit planned and reached on 1 September, no resumption that day', () => {
      const scenario = inForceOn(definition, '2020-01-15', 1).accept(suspend, a, at('2020-03-01'));

      expect(plan(scenario)).toContainEqual(['SUSPENSION_LIMIT', null, '2020-09-01']);
      expect(scenario.tick('SUSPENSION_LIMIT_REACHED', '2020-09-01')).toBeNull();
      expect(scenario.view.termination).toMatchObject({ on: '2020-09-01', cause: 'FORCE_MAJEURE' });
      expect(scenario.send(resume, b, at('2020-09-01'))?.code).toBe('INVALID_TRANSITION');
    });
  });

  describe.each([1, 2] as const)('breach cure period (already right, unchanged), rules v%i', (version) => {
    const definition = fixture('clause-breach-cure');

    function served(): ConventionScenario {
      const scenario = inForceOn(definition, '2020-01-15', version);
      scenario.tick('COMMITMENT_DUE_PASSED', '2020-04-16', { commitmentId: 'training-sessions' });
      return scenario.accept(
        { type: 'FORMAL_NOTICE_SERVED', commitmentId: 'training-sessions', reason: 'mise en demeure' },
        a,
        at('2020-04-20'),
      );
    }

    it('served 20 April + P1M: 20 May is the last day to cure, included; the period ends on 21 May', () => {
      const scenario = served();

      expect(scenario.view.formalNotices[0]?.cureBy).toBe('2020-05-20');
      expect(plan(scenario)).toContainEqual(['CURE_PERIOD_END', 'training-sessions', '2020-05-21']);
      expect(
        scenario.tick('CURE_PERIOD_ENDED', '2020-05-20', { commitmentId: 'training-sessions' })?.code,
      ).toBe('INVALID_TRANSITION');
      expect(
        scenario.tick('CURE_PERIOD_ENDED', '2020-05-21', { commitmentId: 'training-sessions' }),
      ).toBeNull();
      expect(scenario.view.termination).toMatchObject({ on: '2020-05-21', cause: 'BREACH' });
    });
  });
});

describe('bug 3 (v2): a surviving commitment keeps its survival once confirmed', () => {
  const definition = fixture('clause-survival');

  /** Confirmed by both owners in March 2020, then the convention expires on 15 January 2021. */
  function confirmedThenExpired(version?: RulesVersion): ConventionScenario {
    const scenario = inForceOn(definition, '2020-01-15', version)
      .accept(confirm('confidentiality'), a, at('2020-03-01'))
      .accept(confirm('confidentiality'), b, at('2020-03-02'));
    expect(scenario.commitment('confidentiality').status).toBe('FULFILLED');
    expect(scenario.tick('TERM_ENDED', '2021-01-15')).toBeNull();
    expect(scenario.view.status).toBe('TERMINATED');
    return scenario;
  }

  const reopen = { type: 'COMMITMENT_REOPENED' as const, commitmentId: 'confidentiality', reason: 'fuite' };

  it('v2: survives until 14 January 2026, with its SURVIVAL_END deadline', () => {
    const scenario = confirmedThenExpired();

    expect(scenario.commitment('confidentiality')).toMatchObject({
      status: 'FULFILLED',
      survivesUntil: '2026-01-14',
      endedAt: null,
    });
    expect(plan(scenario)).toEqual([['SURVIVAL_END', 'confidentiality', '2026-01-15']]);
  });

  it('v2: an owner may reopen it after the end (allowedActions offers REOPEN), then confirm it again', () => {
    const scenario = confirmedThenExpired();

    expect(allowedActions(definition, scenario.snapshot, a, at('2022-02-01')).commitments).toMatchObject({
      confidentiality: ['REOPEN'],
    });
    expect(scenario.send(reopen, a, at('2022-02-01'))).toBeNull();
    expect(scenario.commitment('confidentiality').status).toBe('IN_EFFECT');
    scenario
      .accept(confirm('confidentiality'), a, at('2022-03-01'))
      .accept(confirm('confidentiality'), b, at('2022-03-02'));
    expect(scenario.commitment('confidentiality')).toMatchObject({
      status: 'FULFILLED',
      survivesUntil: '2026-01-14',
    });
    expect(plan(scenario)).toEqual([['SURVIVAL_END', 'confidentiality', '2026-01-15']]);
  });

  it('v2: ends with its survival, not before; then it can no longer be reopened', () => {
    const scenario = confirmedThenExpired();

    expect(scenario.tick('SURVIVAL_ENDED', '2026-01-14', { commitmentId: 'confidentiality' })?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(scenario.tick('SURVIVAL_ENDED', '2026-01-15', { commitmentId: 'confidentiality' })).toBeNull();
    expect(scenario.commitment('confidentiality')).toMatchObject({
      status: 'FULFILLED',
      endedAt: startOfDay('2026-01-15', PARIS),
    });
    expect(plan(scenario)).toEqual([]);
    expect(
      allowedActions(definition, scenario.snapshot, a, at('2026-02-01')).commitments.confidentiality,
    ).toEqual([]);
    expect(scenario.send(reopen, a, at('2026-02-01'))?.code).toBe('INVALID_TRANSITION');
  });

  it('v1 keeps its outcome: FULFILLED with no survival, nothing planned, no reopening after the end', () => {
    const scenario = confirmedThenExpired(1);

    expect(scenario.commitment('confidentiality')).toMatchObject({
      status: 'FULFILLED',
      survivesUntil: null,
    });
    expect(plan(scenario)).toEqual([]);
    expect(
      allowedActions(definition, scenario.snapshot, a, at('2022-02-01')).commitments.confidentiality,
    ).toEqual([]);
    expect(scenario.send(reopen, a, at('2022-02-01'))?.code).toBe('INVALID_TRANSITION');
  });
});

describe('bug 2 (v2): an amended deliverable named in term.endsWhenFulfilled still completes the convention', () => {
  const definition = fixture('clause-until-or-deliverables');

  /** In force on 15 January 2020; amendment A1 gives the toolkit to association A alone (toolkit.v2). */
  function amended(version?: RulesVersion): ConventionScenario {
    const scenario = inForceOn(definition, '2020-01-15', version)
      .accept(
        {
          type: 'AMENDMENT_PROPOSED',
          amendmentId: 'A1',
          kind: 'CHANGE',
          changes: { changeCommitments: [{ id: 'toolkit', owners: ['association-a'] }] },
          effectiveOn: null,
          summary: 'Avenant n° 1',
        },
        a,
        at('2020-03-01'),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-a-president' },
        a,
        at('2020-03-02'),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-b-presidente' },
        b,
        at('2020-03-02'),
      );
    expect(scenario.tick('AMENDMENT_TOOK_EFFECT', '2020-03-03', { amendmentId: 'A1' })).toBeNull();
    expect(scenario.commitment('toolkit.v2').status).toBe('IN_EFFECT');
    return scenario;
  }

  it('v2: completes when the new version is fulfilled last', () => {
    const scenario = amended()
      .accept(confirm('final-report'), b, at('2020-04-01'))
      .accept(confirm('toolkit.v2'), a, at('2020-05-01'));

    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ cause: 'COMPLETION', on: '2020-05-01' });
  });

  it('v2: completes when the new version is fulfilled first', () => {
    const scenario = amended()
      .accept(confirm('toolkit.v2'), a, at('2020-04-01'))
      .accept(confirm('final-report'), b, at('2020-05-01'));

    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.view.termination).toMatchObject({ cause: 'COMPLETION', on: '2020-05-01' });
  });

  it('v1 keeps its outcome: ACTIVE until its hard end', () => {
    const scenario = amended(1)
      .accept(confirm('final-report'), b, at('2020-04-01'))
      .accept(confirm('toolkit.v2'), a, at('2020-05-01'));

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.tick('TERM_ENDED', '2021-07-01')).toBeNull();
    expect(scenario.view.termination).toMatchObject({ cause: 'EXPIRY', on: '2021-07-01' });
  });
});

describe('bug 4 (v2): the breach of a standing duty is reported, then noticed, then cured or not', () => {
  const definition = fixture('clause-breach-standing-duty');
  const DUTY = 'funds-for-project-only';
  const report = {
    type: 'BREACH_REPORTED' as const,
    commitmentId: DUTY,
    description: 'fonds utilisés pour un autre projet',
    evidenceUrl: 'https://example.org/releve-bancaire.pdf',
  };
  const notice = { type: 'FORMAL_NOTICE_SERVED' as const, commitmentId: DUTY, reason: 'fonds détournés' };

  /** B's duty reported breached by A on 1 March 2020, then formal notice on 2 March (cure by 2 April). */
  function noticed(): ConventionScenario {
    return inForceOn(definition, '2020-01-15')
      .accept(report, a, at('2020-03-01'))
      .accept(notice, a, at('2020-03-02'));
  }

  it('v2: the creditor may report it (REPORT_BREACH), the duty becomes VIOLATED, the breach is kept', () => {
    const scenario = inForceOn(definition, '2020-01-15');
    expect(allowedActions(definition, scenario.snapshot, a, at('2020-03-01')).commitments[DUTY]).toEqual([
      'REPORT_BREACH',
    ]);
    expect(allowedActions(definition, scenario.snapshot, b, at('2020-03-01')).commitments[DUTY]).toEqual([
      'MARK_DONE',
    ]);
    // Today a formal notice on a standing duty is refused: it is never in breach.
    expect(scenario.send(notice, a, at('2020-03-01'))?.code).toBe('INVALID_TRANSITION');

    expect(scenario.send(report, a, at('2020-03-01'))).toBeNull();
    expect(scenario.commitment(DUTY).status).toBe('VIOLATED');
    expect(scenario.view.breaches).toEqual([
      {
        commitmentId: DUTY,
        reportedBy: 'association-a',
        reportedAt: at('2020-03-01'),
        reportedOn: '2020-03-01',
        description: report.description,
        evidenceUrl: report.evidenceUrl,
      },
    ]);
    expect(allowedActions(definition, scenario.snapshot, a, at('2020-03-02')).commitments[DUTY]).toEqual([
      'SERVE_FORMAL_NOTICE',
    ]);
  });

  it('v2: only a creditor reports, only a standing duty in effect or fulfilled, once', () => {
    const scenario = inForceOn(definition, '2020-01-15');
    expect(scenario.send(report, b, at('2020-03-01'))?.code).toBe('FORBIDDEN');
    expect(
      scenario.send({ ...report, commitmentId: 'training-sessions' }, a, at('2020-03-01'))?.reason,
    ).toMatch(/one-off, not a standing duty/);
    // Confirmed once, breached later.
    scenario.accept(confirm(DUTY), b, at('2020-02-01'));
    expect(scenario.commitment(DUTY).status).toBe('FULFILLED');
    expect(scenario.send(report, a, at('2020-03-01'))).toBeNull();
    expect(scenario.commitment(DUTY)).toMatchObject({ status: 'VIOLATED', fulfilledAt: null });
    expect(scenario.send(report, a, at('2020-03-02'))?.reason).toMatch(/already in breach/);
  });

  it('v2: the formal notice opens a cure period; cured by the owner’s confirmation, the convention goes on', () => {
    const scenario = noticed();
    expect(scenario.view.formalNotices[0]).toMatchObject({ cureBy: '2020-04-02', status: 'OPEN' });
    expect(scenario.commitment(DUTY)).toMatchObject({ status: 'IN_EFFECT', dueOn: '2020-04-02' });
    expect(plan(scenario)).toEqual(
      expect.arrayContaining([
        ['CURE_PERIOD_END', DUTY, '2020-04-03'],
        ['COMMITMENT_DUE', DUTY, '2020-04-03'],
      ]),
    );
    scenario.accept(confirm(DUTY), b, at('2020-04-02'));
    expect(scenario.tick('CURE_PERIOD_ENDED', '2020-04-03', { commitmentId: DUTY })).toBeNull();
    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.formalNotices[0]?.status).toBe('CURED');
    expect(scenario.commitment(DUTY).status).toBe('FULFILLED');
  });

  it('v2: uncured, the duty is violated at the cure deadline and the convention terminates for breach', () => {
    const scenario = noticed();
    expect(scenario.tick('COMMITMENT_DUE_PASSED', '2020-04-03', { commitmentId: DUTY })).toBeNull();
    expect(scenario.commitment(DUTY).status).toBe('VIOLATED');
    expect(scenario.tick('CURE_PERIOD_ENDED', '2020-04-03', { commitmentId: DUTY })).toBeNull();
    expect(scenario.view.termination).toMatchObject({ on: '2020-04-03', cause: 'BREACH' });
    expect(scenario.view.formalNotices[0]?.status).toBe('UNCURED');
  });

  it('v1 keeps its outcome: no breach report on a standing duty, hence no formal notice', () => {
    const scenario = inForceOn(definition, '2020-01-15', 1);
    expect(allowedActions(definition, scenario.snapshot, a, at('2020-03-01')).commitments[DUTY]).toEqual([]);
    expect(scenario.send(report, a, at('2020-03-01'))?.reason).toMatch(/rules version 2/);
    expect(scenario.send(notice, a, at('2020-03-01'))?.code).toBe('INVALID_TRANSITION');
    expect(scenario.commitment(DUTY).status).toBe('IN_EFFECT');
    expect(scenario.view.breaches).toEqual([]);
  });
});
