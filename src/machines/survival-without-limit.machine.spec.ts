import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { conventionStatus } from './convention.view';
import { plannedDeadlines } from './deadlines';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Issue 14, survival without a limit (test/fixtures/definitions/clause-survival-unlimited.yaml):
 * « l'obligation de confidentialité demeure en vigueur après le terme, sans limitation de durée »,
 * `survives: unlimited`. Once the convention ends, the commitment stays in effect for good: no
 * SURVIVAL_END deadline, no `survivesUntil`, and an owner may reopen it years later. Beside it, a
 * five-year survival ends as before.
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((d) => d.id === 'clause-survival-unlimited')!;

const a = representative('association-a');
const b = representative('association-b');

/** Signed on 15 January 2020, in force that day; two years: it expires on 15 January 2022. */
function inForce(version?: RulesVersion): ConventionScenario {
  return new ConventionScenario(definition, at('2020-01-10'), null, version)
    .signAll(at('2020-01-15'))
    .runUntil('2020-01-15');
}

function plan(scenario: ConventionScenario) {
  return plannedDeadlines(definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);
}

describe('survival without a limit: survives: unlimited', () => {
  it('reads the clause from the definition file', () => {
    expect(definition.commitments.find((c) => c.id === 'confidentiality')?.survives).toBe('unlimited');
  });

  it('stays IN_EFFECT after the end with no survivesUntil and no SURVIVAL_END, unlike the five-year one', () => {
    const scenario = inForce().runUntil('2022-01-15');

    expect(conventionStatus(scenario.snapshot)).toBe('TERMINATED');
    expect(scenario.commitment('confidentiality')).toMatchObject({
      status: 'IN_EFFECT',
      survivesUntil: null,
      survivesWithoutLimit: true,
      endedAt: null,
    });
    expect(scenario.commitment('archives').survivesUntil).toBe('2027-01-14');
    expect(scenario.commitment('archives')).not.toHaveProperty('survivesWithoutLimit');
    expect(scenario.commitment('contact-person').status).toBe('TERMINATED');
    expect(plan(scenario)).toEqual([['SURVIVAL_END', 'archives', '2027-01-15']]);
  });

  it('is still in effect in 2080, when the five-year survival has long ended', () => {
    const scenario = inForce().runUntil('2080-01-01');

    expect(scenario.commitment('confidentiality')).toMatchObject({ status: 'IN_EFFECT', endedAt: null });
    expect(scenario.commitment('archives').status).toBe('FULFILLED');
    expect(plan(scenario)).toEqual([]);
    expect(scenario.tick('SURVIVAL_ENDED', '2080-01-02', { commitmentId: 'confidentiality' })?.code).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('keeps its survival once confirmed before the end: an owner reopens it ten years later', () => {
    const scenario = inForce()
      .accept(confirm('confidentiality'), a, at('2020-02-01'))
      .accept(confirm('confidentiality'), b, at('2020-02-02'))
      .runUntil('2032-01-01');
    expect(scenario.commitment('confidentiality')).toMatchObject({
      status: 'FULFILLED',
      survivesWithoutLimit: true,
      endedAt: null,
    });

    scenario.accept(
      { type: 'COMMITMENT_REOPENED', commitmentId: 'confidentiality', reason: 'fuite' },
      b,
      at('2032-01-02'),
    );

    expect(scenario.commitment('confidentiality').status).toBe('IN_EFFECT');
    scenario
      .accept(confirm('confidentiality'), a, at('2032-02-01'))
      .accept(confirm('confidentiality'), b, at('2032-02-01'));
    expect(scenario.commitment('confidentiality').status).toBe('FULFILLED');
  });

  it('refuses reopening a commitment that does not survive once the convention ended', () => {
    const scenario = inForce()
      .accept(confirm('contact-person'), a, at('2020-02-01'))
      .accept(confirm('contact-person'), b, at('2020-02-02'))
      .runUntil('2022-01-15');

    const refusal = scenario.send(
      { type: 'COMMITMENT_REOPENED', commitmentId: 'contact-person', reason: 'départ' },
      b,
      at('2022-02-01'),
    );
    expect(refusal?.code).toBe('INVALID_TRANSITION');
  });

  it('is what an amendment may give a commitment too, and no other word than a duration', () => {
    const propose = (survives: string, amendmentId: string) => ({
      type: 'AMENDMENT_PROPOSED' as const,
      amendmentId,
      kind: 'CHANGE' as const,
      changes: { changeCommitments: [{ id: 'contact-person', survives }] },
      effectiveOn: null,
      summary: 'Avenant n° 1',
    });
    const scenario = inForce();
    expect(scenario.send(propose('forever', 'A0'), a, at('2020-03-01'))?.message).toContain(
      'survives "forever" is neither a positive ISO-8601 duration nor "unlimited"',
    );
    scenario
      .accept(propose('unlimited', 'A1'), a, at('2020-03-01'))
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-a-president' },
        a,
        at('2020-03-02'),
      )
      .accept(
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'association-b-presidente' },
        b,
        at('2020-03-03'),
      )
      .runUntil('2022-01-15');

    expect(scenario.commitment('contact-person.v2')).toMatchObject({
      status: 'IN_EFFECT',
      survivesUntil: null,
      survivesWithoutLimit: true,
    });
  });

  it('under rules v1, survives for good only while unconfirmed, as a timed survival did', () => {
    const scenario = inForce(1)
      .accept(confirm('confidentiality'), a, at('2020-02-01'))
      .accept(confirm('confidentiality'), b, at('2020-02-02'))
      .runUntil('2022-01-15');
    expect(scenario.commitment('confidentiality')).toMatchObject({ status: 'FULFILLED' });
    expect(scenario.commitment('confidentiality')).not.toHaveProperty('survivesWithoutLimit');
    expect(inForce(1).runUntil('2022-01-15').commitment('confidentiality')).toMatchObject({
      status: 'IN_EFFECT',
      survivesWithoutLimit: true,
    });
  });
});
