import { join } from 'node:path';
import { startOfDay } from '../machines/calendar';
import { ConventionView } from '../machines/convention.view';
import { ConventionScenario, representative } from '../machines/testing/convention-scenario';
import { at, evaluation } from '../machines/testing/seed-events';
import { loadDefinitions } from '../workflows/load-definitions';
import { toConvention } from './mapping';

/**
 * Issue 14, « every clause visible in the API »: after the end, the last evaluation appears in
 * `pastEvaluations`, with its assessments. Seeds 000 (HALDE–AMF, ended by notice) and 001
 * (Région IDF–Acsé, three years, expired).
 */
const definitions = loadDefinitions(join(__dirname, '../../workflows')).map((l) => l.definition);
const seed = (id: string) => definitions.find((d) => d.id === id)!;

function answered(scenario: ConventionScenario, now: string) {
  const { commitments: _commitments, ...view } = scenario.view;
  const base = { id: 'conv-1', version: 1, updatedAt: now, snapshot: null };
  return toConvention(scenario.definition, base, view as Omit<ConventionView, 'commitments'>, now);
}

describe('pastEvaluations once the convention ended', () => {
  it('includes the last round, completed, of a convention ended by notice, with its assessments', () => {
    const halde = seed('halde-amf-2010');
    const scenario = new ConventionScenario(halde, startOfDay('2010-06-20', halde.timeZone))
      .signAll(at('2010-06-24'))
      .runUntil('2010-06-24');
    scenario.accept(evaluation(halde), representative('halde'), at('2011-01-05'));
    scenario.accept(evaluation(halde), representative('amf'), at('2011-01-06'));
    scenario.accept({ type: 'NOTICE_GIVEN', reason: 'Fin' }, representative('amf'), at('2011-01-10'));
    expect(answered(scenario, at('2011-01-10')).pastEvaluations).toEqual([]);

    scenario.runUntil('2011-05-01');
    const convention = answered(scenario, at('2011-05-01'));

    expect(convention.status).toBe('TERMINATED');
    expect(convention.pastEvaluations).toHaveLength(1);
    const [last] = convention.pastEvaluations;
    expect(last).toMatchObject({ number: 1, termNumber: 1, opensOn: '2010-06-24', pendingParties: [] });
    expect(last?.submissions.map((s) => [s.partyId, s.assessments.length])).toEqual([
      ['halde', 3],
      ['amf', 3],
    ]);
    // The stored view is the machine's, unchanged: the round is added when read.
    expect(scenario.view.pastEvaluations).toHaveLength(0);
  });

  it('includes the last round of an expired convention, overdue, with who still owed it', () => {
    const region = seed('region-idf-acse-2008');
    const scenario = new ConventionScenario(region, startOfDay('2008-07-01', region.timeZone))
      .signAll(at('2008-07-11'))
      .runUntil('2011-08-01');
    const convention = answered(scenario, at('2011-08-01'));

    expect(convention.termination).toMatchObject({ on: '2011-07-11', cause: 'EXPIRY' });
    expect(convention.pastEvaluations).toHaveLength(1);
    expect(convention.pastEvaluations[0]).toMatchObject({
      number: 1,
      completedAt: null,
      overdueSince: '2009-07-11',
      submissions: [],
      pendingParties: ['region-idf', 'acse'],
    });
  });

  it('leaves the rounds of a convention in force as they were: the open round is not past', () => {
    const region = seed('region-idf-acse-2008');
    const scenario = new ConventionScenario(region, startOfDay('2008-07-01', region.timeZone))
      .signAll(at('2008-07-11'))
      .runUntil('2009-06-01');
    scenario.accept(evaluation(region), representative('region-idf'), at('2009-06-02'));
    scenario.accept(evaluation(region), representative('acse'), at('2009-06-03'));
    scenario.runUntil('2009-08-01');
    const convention = answered(scenario, at('2009-08-01'));

    expect(convention.pastEvaluations.map((e) => e.number)).toEqual([1]);
    expect(convention.evaluation?.number).toBe(2);
  });
});
