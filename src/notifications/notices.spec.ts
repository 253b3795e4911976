import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../machines/actor';
import { ConventionEvent } from '../machines/convention.events';
import { conventionStatus } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { ConventionScenario, representative } from '../machines/testing/convention-scenario';
import { loadDefinitions } from '../workflows/load-definitions';
import { noticesOf } from './notices';

const fixtures = loadDefinitions(join(__dirname, '../../test/fixtures/definitions')).map((l) => l.definition);
const fixture = (id: string): ConventionDefinition => fixtures.find((d) => d.id === id)!;
const a = representative('association-a');
const b = representative('association-b');

type Body = ConventionEvent extends infer E
  ? E extends ConventionEvent
    ? Omit<E, 'actor' | 'at'>
    : never
  : never;

/** Sends an event and answers the notices it gives, as the write pipeline derives them. */
function told(scenario: ConventionScenario, event: Body, actor = a, at = '2020-03-01T09:00:00.000Z') {
  const before = conventionStatus(scenario.snapshot);
  scenario.accept(event, actor, at);
  const { type, ...payload } = event;
  return noticesOf(
    scenario.definition,
    scenario.snapshot.context,
    { type, payload, actor },
    before,
    conventionStatus(scenario.snapshot),
  ).map((n) => ({ kind: n.kind, parties: n.parties, facts: n.facts }));
}

function inForce(definition: ConventionDefinition): ConventionScenario {
  const scenario = new ConventionScenario(definition, '2020-01-14T09:00:00.000Z').signAll(
    '2020-01-15T09:00:00.000Z',
  );
  if (scenario.tick('EFFECTIVE_DATE_REACHED', '2020-01-15')) throw new Error('not in force');
  return scenario;
}

describe('noticesOf', () => {
  it('tells the other party of a signature, and the date in force with the last one', () => {
    const scenario = new ConventionScenario(fixture('clause-force-majeure'), '2020-01-14T09:00:00.000Z');
    expect(
      told(
        scenario,
        { type: 'SIGNATURE_GIVEN', signatoryId: 'association-a-president' },
        a,
        '2020-01-15T09:00:00.000Z',
      ),
    ).toEqual([
      {
        kind: 'SIGNATURE_GIVEN',
        parties: ['association-b'],
        facts: { title: scenario.definition.title, party: 'A' },
      },
    ]);
    expect(
      told(
        scenario,
        { type: 'SIGNATURE_GIVEN', signatoryId: 'association-b-presidente' },
        b,
        '2020-01-15T10:00:00.000Z',
      ),
    ).toEqual([
      {
        kind: 'SIGNATURE_GIVEN',
        parties: ['association-a'],
        facts: { title: scenario.definition.title, party: 'B', inForceOn: '2020-01-15' },
      },
    ]);
  });

  it('tells of a suspension, with its reason', () => {
    const scenario = inForce(fixture('clause-force-majeure'));
    expect(told(scenario, { type: 'CONVENTION_SUSPENDED', reason: 'inondation des locaux' })).toEqual([
      {
        kind: 'CONVENTION_SUSPENDED',
        parties: ['association-b'],
        facts: { title: scenario.definition.title, party: 'A', reason: 'inondation des locaux' },
      },
    ]);
  });

  it('tells of a formal notice, naming the commitment in breach', () => {
    const scenario = inForce(fixture('clause-breach-cure'));
    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2020-04-16', { commitmentId: 'training-sessions' }),
    ).toBeNull();
    const notices = told(
      scenario,
      { type: 'FORMAL_NOTICE_SERVED', commitmentId: 'training-sessions', reason: 'aucune session' },
      a,
      '2020-04-20T09:00:00.000Z',
    );
    expect(notices).toEqual([
      {
        kind: 'FORMAL_NOTICE_SERVED',
        parties: ['association-b'],
        facts: expect.objectContaining({
          party: 'A',
          reason: 'aucune session',
          commitment: expect.any(String),
        }),
      },
    ]);
  });

  it('tells every party when the convention ends, with the date and the cause', () => {
    const scenario = inForce(fixture('clause-force-majeure'));
    scenario.accept({ type: 'NOTICE_GIVEN', reason: 'fin' }, a, '2020-03-01T09:00:00.000Z');
    const before = conventionStatus(scenario.snapshot);
    const effectiveOn = scenario.snapshot.context.notice!.effectiveOn;
    expect(scenario.tick('TERMINATION_TOOK_EFFECT', effectiveOn)).toBeNull();
    const notices = noticesOf(
      scenario.definition,
      scenario.snapshot.context,
      {
        type: 'TERMINATION_TOOK_EFFECT',
        payload: {},
        actor: SYSTEM_ACTOR,
      },
      before,
      conventionStatus(scenario.snapshot),
    );
    expect(notices.map((n) => [n.kind, n.parties, n.facts.effectiveOn, n.facts.cause])).toEqual([
      ['CONVENTION_TERMINATED', ['association-a', 'association-b'], effectiveOn, 'NOTICE'],
    ]);
  });
});
