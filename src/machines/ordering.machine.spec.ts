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
 * `after` (issue 14): a one-off commitment owed only once another is fulfilled (« la validation
 * des livrables intervient dans un délai d'un mois à compter de leur remise »), its `due` counted
 * from the day of that fulfilment. Fixture `test/fixtures/definitions/clause-ordering.yaml`.
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((candidate) => candidate.id === 'clause-ordering') as ConventionDefinition;

const PARIS = 'Europe/Paris';
const a = representative('association-a');
const b = representative('commune-b');

function inForceOn(day: string, version?: RulesVersion): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay(day, PARIS), null, version).signAll(at(day));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

const plan = (scenario: ConventionScenario) =>
  plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);

function amendment(changes: Record<string, unknown>, effectiveOn: string) {
  return {
    type: 'AMENDMENT_PROPOSED' as const,
    amendmentId: 'A1',
    kind: 'CHANGE' as const,
    changes,
    effectiveOn,
    summary: 'Avenant n° 1',
  };
}

/** An amendment proposed on `day` by A, signed by both, that takes effect on `effectiveOn`. */
function amended(
  scenario: ConventionScenario,
  changes: Record<string, unknown>,
  day: string,
  effectiveOn: string,
) {
  scenario
    .accept(amendment(changes, effectiveOn), a, at(day))
    .accept(
      { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-a-president' },
      a,
      at(day),
    )
    .accept({ type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'commune-b-maire' }, b, at(day));
  expect(scenario.tick('AMENDMENT_TOOK_EFFECT', effectiveOn, { amendmentId: 'A1' })).toBeNull();
  return scenario;
}

describe('after: « la validation des livrables intervient dans un délai d’un mois à compter de leur remise »', () => {
  it('waits, SCHEDULED, for the delivery: no due date, no deadline, no reminder', () => {
    const scenario = inForceOn('2024-03-01');

    expect(scenario.commitment('delivery')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2025-03-01' });
    expect(scenario.commitment('validation')).toMatchObject({
      status: 'SCHEDULED',
      waitingFor: 'delivery',
      startedOn: null,
      dueOn: null,
    });
    expect(scenario.commitment('publication')).toMatchObject({
      status: 'SCHEDULED',
      waitingFor: 'validation',
    });
    expect(scenario.commitment('delivery')).not.toHaveProperty('waitingFor');
    expect(plan(scenario)).toEqual([
      ['COMMITMENT_DUE', 'delivery', '2025-03-02'],
      ['TERM_END', null, '2027-03-01'],
    ]);
    const reminded = plannedReminders(definition, scenario.snapshot).map((r) => r.subject);
    expect(reminded).not.toContain('validation');
    expect(reminded).not.toContain('publication');
  });

  it('refuses to mark it done while it waits, with INVALID_TRANSITION and the reason', () => {
    const scenario = inForceOn('2024-03-01');

    const refusal = scenario.send(confirm('validation'), b, at('2024-04-01'));

    expect(refusal).toMatchObject({
      code: 'INVALID_TRANSITION',
      reason: 'commitment validation is waiting for delivery: it is owed only once delivery is fulfilled',
      details: { waitingFor: 'delivery' },
    });
    expect(scenario.commitment('validation').status).toBe('SCHEDULED');
  });

  it('opens when the delivery is fulfilled, in the same event, due one month after that day', () => {
    const scenario = inForceOn('2024-03-01').accept(confirm('delivery'), a, at('2024-06-15', '16:00'));

    expect(scenario.commitment('delivery').status).toBe('FULFILLED');
    expect(scenario.commitment('validation')).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2024-06-15',
      dueOn: '2024-07-15',
    });
    expect(scenario.commitment('validation')).not.toHaveProperty('waitingFor');
    expect(plan(scenario)).toContainEqual(['COMMITMENT_DUE', 'validation', '2024-07-16']);
    expect(
      plannedReminders(definition, scenario.snapshot)
        .filter((r) => r.subject === 'validation')
        .map((r) => [r.targetOn, r.parties]),
    ).toContainEqual(['2024-07-15', ['commune-b']]);
  });

  it('counts from the day in the convention’s time zone, and to the month’s last day', () => {
    // 23:30 in Paris on 15 June is 21:30 UTC: still the 15th.
    const late = inForceOn('2024-03-01').accept(confirm('delivery'), a, at('2024-06-15', '23:30'));
    expect(late.commitment('validation').dueOn).toBe('2024-07-15');
    // 00:30 in Paris on 16 June is 22:30 UTC on the 15th: the 16th counts.
    const early = inForceOn('2024-03-01').accept(confirm('delivery'), a, at('2024-06-16', '00:30'));
    expect(early.commitment('validation').dueOn).toBe('2024-07-16');
    // Delivered on 31 January: due on the last day of February.
    const january = inForceOn('2024-03-01').accept(confirm('delivery'), a, at('2025-01-31'));
    expect(january.commitment('validation').dueOn).toBe('2025-02-28');
  });

  it('is VIOLATED the day after its due date when not validated; what comes after it keeps waiting', () => {
    const scenario = inForceOn('2024-03-01').accept(confirm('delivery'), a, at('2024-06-15'));

    expect(scenario.tick('COMMITMENT_DUE_PASSED', '2024-07-15', { commitmentId: 'validation' })?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(scenario.tick('COMMITMENT_DUE_PASSED', '2024-07-16', { commitmentId: 'validation' })).toBeNull();

    expect(scenario.commitment('validation').status).toBe('VIOLATED');
    expect(scenario.commitment('publication')).toMatchObject({
      status: 'SCHEDULED',
      waitingFor: 'validation',
    });
    scenario.runUntil('2027-03-01');
    expect(scenario.view.status).toBe('TERMINATED');
    expect(scenario.commitment('validation').status).toBe('VIOLATED');
    expect(scenario.commitment('publication').status).toBe('TERMINATED');
  });

  it('is FULFILLED when validated in time; what comes after it is then owed with no deadline', () => {
    const scenario = inForceOn('2024-03-01')
      .accept(confirm('delivery'), a, at('2024-06-15'))
      .accept(confirm('validation'), b, at('2024-07-15', '18:00'));

    expect(scenario.commitment('validation').status).toBe('FULFILLED');
    expect(scenario.commitment('publication')).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2024-07-15',
      dueOn: null,
    });
    expect(plan(scenario).filter(([kind]) => kind === 'COMMITMENT_DUE')).toEqual([]);
    scenario
      .accept(confirm('publication'), a, at('2024-09-01'))
      .accept(confirm('publication'), b, at('2024-09-02'))
      .runUntil('2027-03-01');
    expect(scenario.commitment('publication').status).toBe('FULFILLED');
    expect(scenario.commitment('validation').status).toBe('FULFILLED');
  });

  it('waits for the new version of a delivery an amendment changed (key → key.v2)', () => {
    const scenario = amended(
      inForceOn('2024-03-01'),
      { changeCommitments: [{ id: 'delivery', due: 'P18M' }] },
      '2024-04-01',
      '2024-05-01',
    );

    expect(scenario.commitment('delivery').status).toBe('WAIVED');
    expect(scenario.commitment('validation')).toMatchObject({
      status: 'SCHEDULED',
      waitingFor: 'delivery.v2',
    });
    const refusal = scenario.send(confirm('validation'), b, at('2024-05-02'));
    expect(refusal?.reason).toContain('waiting for delivery.v2');

    scenario.accept(confirm('delivery.v2'), a, at('2024-09-10'));
    expect(scenario.commitment('validation')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2024-10-10' });
  });

  it('keeps its due date, counted from the delivery, in a new version an amendment made after the delivery', () => {
    const scenario = amended(
      inForceOn('2024-03-01').accept(confirm('delivery'), a, at('2024-06-15')),
      {
        changeCommitments: [{ id: 'validation', title: 'Validation des livrables par le conseil municipal' }],
      },
      '2024-06-20',
      '2024-07-01',
    );

    expect(scenario.commitment('validation').status).toBe('WAIVED');
    expect(scenario.commitment('validation.v2')).toMatchObject({
      status: 'IN_EFFECT',
      startedOn: '2024-07-01',
      dueOn: '2024-07-15',
    });
  });

  it('waits again in a new version made before the delivery', () => {
    const scenario = amended(
      inForceOn('2024-03-01'),
      { changeCommitments: [{ id: 'validation', due: 'P2M' }] },
      '2024-04-01',
      '2024-05-01',
    );

    expect(scenario.commitment('validation.v2')).toMatchObject({
      status: 'SCHEDULED',
      waitingFor: 'delivery',
    });
    scenario.accept(confirm('delivery'), a, at('2024-06-15'));
    expect(scenario.commitment('validation.v2')).toMatchObject({ status: 'IN_EFFECT', dueOn: '2024-08-15' });
  });

  it.each([1, 2, 3] as const)(
    'means the same under rules v%i (a new field, read under every version)',
    (v) => {
      const scenario = inForceOn('2024-03-01', v);
      expect(scenario.commitment('validation')).toMatchObject({
        status: 'SCHEDULED',
        waitingFor: 'delivery',
      });
      scenario.accept(confirm('delivery'), a, at('2024-06-15'));
      expect(scenario.commitment('validation').dueOn).toBe('2024-07-15');
      expect(scenario.tick('COMMITMENT_DUE_PASSED', '2024-07-16', { commitmentId: 'validation' })).toBeNull();
      expect(scenario.commitment('validation').status).toBe('VIOLATED');
    },
  );

  describe('added by an amendment', () => {
    const report = {
      id: 'delivery-report',
      article: 'Avenant n° 1, article 1',
      title: 'Compte rendu de la remise',
      text: 'La commune B rend compte de la remise dans un délai de quinze jours.',
      owners: ['commune-b'],
      shape: 'one-off' as const,
      after: 'delivery',
      due: 'P15D',
    };

    it('waits for a delivery still owed, then counts from it', () => {
      const scenario = amended(
        inForceOn('2024-03-01'),
        { addCommitments: [report] },
        '2024-04-01',
        '2024-05-01',
      );

      expect(scenario.commitment('delivery-report')).toMatchObject({
        status: 'SCHEDULED',
        waitingFor: 'delivery',
      });
      scenario.accept(confirm('delivery'), a, at('2024-06-15'));
      expect(scenario.commitment('delivery-report')).toMatchObject({
        status: 'IN_EFFECT',
        dueOn: '2024-06-30',
      });
    });

    it('is owed at once after a delivery already made, counted from the day of the delivery', () => {
      const scenario = amended(
        inForceOn('2024-03-01').accept(confirm('delivery'), a, at('2024-06-15')),
        { addCommitments: [report] },
        '2024-06-16',
        '2024-06-20',
      );

      expect(scenario.commitment('delivery-report')).toMatchObject({
        status: 'IN_EFFECT',
        startedOn: '2024-06-20',
        dueOn: '2024-06-30',
      });
    });

    it.each([
      [{ after: 'nothing' }, 'commitment delivery-report: no current commitment nothing to come after'],
      [{ after: 'delivery-report' }, 'commitment delivery-report cannot come after itself'],
      [
        { after: 'contact-person' },
        'commitment delivery-report: "after" must name a one-off commitment (contact-person)',
      ],
      [
        { dueBy: '2024-12-31', due: undefined },
        'commitment delivery-report: "dueBy" and "after" exclude each other',
      ],
      [{ shape: 'standing' }, 'only a one-off commitment has "after" (delivery-report)'],
    ])('refuses %j', (change, reason) => {
      const scenario = inForceOn('2024-03-01');
      const refusal = scenario.send(
        amendment({ addCommitments: [{ ...report, ...change }] }, '2024-05-01'),
        a,
        at('2024-04-01'),
      );
      expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    });

    it('refuses a cycle among the commitments it adds', () => {
      const refusal = inForceOn('2024-03-01').send(
        amendment(
          {
            addCommitments: [
              { ...report, after: 'second' },
              { ...report, id: 'second', after: 'delivery-report' },
            ],
          },
          '2024-05-01',
        ),
        a,
        at('2024-04-01'),
      );
      expect(refusal).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason:
          'commitment delivery-report: "after" makes a cycle (delivery-report → second → delivery-report)',
      });
    });
  });
});
