import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { ConventionDefinition } from './definition';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at } from './testing/seed-events';

/**
 * Issue 14, bug 5, fixed under rules v2: committee meetings of seed 002 (« le comité technique
 * se réunira au moins deux fois par an », « un comité de pilotage rassemblant annuellement les
 * signataires »). One meeting is one meeting, whoever records it: a second member's record of
 * the same committee's meeting on the same day confirms or corrects the first and does not
 * fulfil again; a committee may state a quorum, and a meeting short of it is recorded but
 * fulfils nothing. Conventions created under v1 keep v1's count (every record a meeting).
 */
const load = (dir: string) => loadDefinitions(join(__dirname, dir)).map((loaded) => loaded.definition);
const all = [...load('../../workflows'), ...load('../../test/fixtures/definitions')];
function definition(id: string): ConventionDefinition {
  const found = all.find((d) => d.id === id);
  if (!found) throw new Error(`no definition ${id}`);
  return found;
}

const PARIS = 'Europe/Paris';
const cget = representative('cget');
const ddd = representative('defenseur-des-droits');
const BOTH = ['cget', 'defenseur-des-droits'];

/** Seed 002 as shipped: no quorum. */
const seed002 = definition('cget-defenseur-des-droits-2015');
/** Seed 002 with `quorum: all` on its steering committee (test/fixtures/definitions). */
const withQuorum = definition('clause-committee-quorum');

function inForce(def: ConventionDefinition, version?: RulesVersion): ConventionScenario {
  const scenario = new ConventionScenario(def, startOfDay('2015-11-17', PARIS), null, version).signAll(
    at('2015-11-17'),
  );
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2015-11-17')).toBeNull();
  return scenario;
}

const meeting = (
  committee: string,
  heldOn: string,
  attendingParties: string[],
  more: { minutesUrl?: string | null; decisions?: string[] } = {},
) => ({
  type: 'MEETING_RECORDED' as const,
  committee,
  heldOn,
  attendingParties,
  minutesUrl: more.minutesUrl ?? null,
  decisions: more.decisions ?? [],
});

const technical = (s: ConventionScenario) => s.commitment('technical-committee-meetings').occurrences[0];
const steering = (s: ConventionScenario) => s.commitment('steering-committee-meeting').occurrences[0];

describe('bug 5 (v2): one meeting is one meeting, whoever records it', () => {
  it('counts a technical meeting recorded by each of its two parties once: the year still owes a second one', () => {
    const scenario = inForce(seed002)
      .accept(meeting('technical', '2016-03-10', BOTH), cget, at('2016-03-11'))
      .accept(meeting('technical', '2016-03-10', BOTH), ddd, at('2016-03-12'));

    expect(technical(scenario)?.fulfilments).toHaveLength(1);
    expect(technical(scenario)?.status).toBe('IN_EFFECT');
    expect(scenario.view.meetings).toEqual([
      expect.objectContaining({
        committee: 'technical',
        heldOn: '2016-03-10',
        recordedBy: 'cget',
        confirmedBy: ['defenseur-des-droits'],
        quorate: true,
      }),
    ]);
  });

  it('fulfils the year with a second meeting on another day', () => {
    const scenario = inForce(seed002)
      .accept(meeting('technical', '2016-03-10', BOTH), cget, at('2016-03-11'))
      .accept(meeting('technical', '2016-03-10', BOTH), ddd, at('2016-03-12'))
      .accept(meeting('technical', '2016-10-04', BOTH), ddd, at('2016-10-05'));

    expect(technical(scenario)?.fulfilments).toHaveLength(2);
    expect(technical(scenario)?.status).toBe('FULFILLED');
    expect(scenario.view.meetings).toHaveLength(2);
  });

  it('merges the second record: attendance of both, the first minutes kept, decisions added', () => {
    const scenario = inForce(seed002)
      .accept(
        meeting('technical', '2016-03-10', ['cget'], {
          minutesUrl: 'https://example.org/cr-1.pdf',
          decisions: ['calendrier'],
        }),
        cget,
        at('2016-03-11'),
      )
      .accept(
        meeting('technical', '2016-03-10', ['defenseur-des-droits'], {
          minutesUrl: 'https://example.org/cr-2.pdf',
          decisions: ['calendrier', 'sites'],
        }),
        ddd,
        at('2016-03-12'),
      );

    expect(scenario.view.meetings).toEqual([
      expect.objectContaining({
        attendingParties: BOTH,
        minutesUrl: 'https://example.org/cr-1.pdf',
        decisions: ['calendrier', 'sites'],
        recordedBy: 'cget',
        recordedAt: at('2016-03-11'),
        confirmedBy: ['defenseur-des-droits'],
      }),
    ]);
    expect(technical(scenario)?.fulfilments).toHaveLength(1);
  });

  it('takes the confirmation of a meeting whose occurrence is already fulfilled (steering, once a year)', () => {
    const scenario = inForce(seed002).accept(meeting('steering', '2016-06-20', BOTH), cget, at('2016-06-21'));
    expect(steering(scenario)?.status).toBe('FULFILLED');

    expect(scenario.send(meeting('steering', '2016-06-20', BOTH), ddd, at('2016-06-22'))).toBeNull();
    expect(steering(scenario)?.fulfilments).toHaveLength(1);
    expect(scenario.view.meetings[0]?.confirmedBy).toEqual(['defenseur-des-droits']);
  });

  it('refuses the same party recording the same meeting twice (INVALID_TRANSITION, with its reason)', () => {
    const scenario = inForce(seed002).accept(
      meeting('technical', '2016-03-10', BOTH),
      cget,
      at('2016-03-11'),
    );

    const refusal = scenario.send(meeting('technical', '2016-03-10', BOTH), cget, at('2016-03-12'));

    expect(refusal?.code).toBe('INVALID_TRANSITION');
    expect(refusal?.message).toContain('cget already recorded the technical meeting of 2016-03-10');
    scenario.accept(meeting('technical', '2016-03-10', BOTH), ddd, at('2016-03-12'));
    expect(scenario.send(meeting('technical', '2016-03-10', BOTH), ddd, at('2016-03-13'))?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(scenario.view.meetings).toHaveLength(1);
  });
});

describe('bug 5 (v2): a committee that states its quorum (steering: « rassemblant les signataires »)', () => {
  it('records a steering meeting attended by one signatory alone, but fulfils nothing', () => {
    const scenario = inForce(withQuorum).accept(
      meeting('steering', '2016-06-20', ['cget']),
      cget,
      at('2016-06-21'),
    );

    expect(scenario.view.meetings).toEqual([
      expect.objectContaining({ attendingParties: ['cget'], quorate: false, confirmedBy: [] }),
    ]);
    expect(steering(scenario)?.status).toBe('IN_EFFECT');
    expect(steering(scenario)?.fulfilments).toEqual([]);
  });

  it('fulfils it once, when the other signatory’s record completes the attendance', () => {
    const scenario = inForce(withQuorum)
      .accept(meeting('steering', '2016-06-20', ['cget']), cget, at('2016-06-21'))
      .accept(meeting('steering', '2016-06-20', ['defenseur-des-droits']), ddd, at('2016-06-22'));

    expect(scenario.view.meetings).toEqual([
      expect.objectContaining({
        attendingParties: BOTH,
        quorate: true,
        confirmedBy: ['defenseur-des-droits'],
      }),
    ]);
    expect(steering(scenario)?.status).toBe('FULFILLED');
    expect(steering(scenario)?.fulfilments).toHaveLength(1);
    expect(steering(scenario)?.fulfilments[0]?.map((c) => c.partyId)).toEqual(BOTH);
  });

  it('keeps the technical committee (no quorum) fulfilled by any one member, as before', () => {
    const scenario = inForce(withQuorum)
      .accept(meeting('technical', '2016-03-10', ['cget']), cget, at('2016-03-11'))
      .accept(meeting('technical', '2016-09-10', ['defenseur-des-droits']), ddd, at('2016-09-11'));

    expect(technical(scenario)?.status).toBe('FULFILLED');
  });

  it('lets the year go VIOLATED when the signatories never met together', () => {
    const scenario = inForce(withQuorum).accept(
      meeting('steering', '2016-06-20', ['cget']),
      cget,
      at('2016-06-21'),
    );

    expect(
      scenario.tick('COMMITMENT_DUE_PASSED', '2016-11-17', { commitmentId: 'steering-committee-meeting' }),
    ).toBeNull();
    expect(steering(scenario)?.status).toBe('VIOLATED');
  });
});

describe('bug 5: conventions created under v1 keep v1’s count', () => {
  it('v1: one meeting recorded by each of its two parties counts twice, and the year passes', () => {
    const scenario = inForce(seed002, 1)
      .accept(meeting('technical', '2016-03-10', BOTH), cget, at('2016-03-11'))
      .accept(meeting('technical', '2016-03-10', BOTH), ddd, at('2016-03-12'));

    expect(technical(scenario)?.fulfilments).toHaveLength(2);
    expect(technical(scenario)?.status).toBe('FULFILLED');
    expect(scenario.view.meetings).toHaveLength(2);
    expect(scenario.view.meetings[0]).not.toHaveProperty('quorate');
    expect(scenario.view.meetings[0]).not.toHaveProperty('confirmedBy');
  });

  it('v1: ignores a quorum, one signatory alone fulfils the steering committee', () => {
    const scenario = inForce(withQuorum, 1).accept(
      meeting('steering', '2016-06-20', ['cget']),
      cget,
      at('2016-06-21'),
    );

    expect(steering(scenario)?.status).toBe('FULFILLED');
  });
});

describe('a meeting’s confirmations show each party’s own actor (rules v3)', () => {
  const actorsOf = (s: ConventionScenario, occurrence: typeof steering) =>
    occurrence(s).fulfilments.map((f) => f.map((c) => [c.partyId, c.userId]));

  it('gives the recording user to its own party only, none to a party it merely names', () => {
    const s = inForce(seed002);
    s.accept(meeting('technical', '2016-03-01', BOTH), cget, at('2016-03-02'));

    expect(actorsOf(s, technical)).toEqual([
      [
        ['cget', 'user-cget'],
        ['defenseur-des-droits', null],
      ],
    ]);
  });

  it('gives each party the user whose record completed the quorum', () => {
    const s = inForce(withQuorum);
    s.accept(meeting('steering', '2016-06-01', ['cget']), cget, at('2016-06-02'));
    s.accept(meeting('steering', '2016-06-01', ['defenseur-des-droits']), ddd, at('2016-06-03'));

    expect(actorsOf(s, steering)).toEqual([
      [
        ['cget', 'user-cget'],
        ['defenseur-des-droits', 'user-defenseur-des-droits'],
      ],
    ]);
  });

  it.each([1, 2] as const)('v%s: keeps the recording user on every party’s confirmation', (version) => {
    const s = inForce(seed002, version);
    s.accept(meeting('technical', '2016-03-01', BOTH), cget, at('2016-03-02'));

    expect(actorsOf(s, technical)).toEqual([
      [
        ['cget', 'user-cget'],
        ['defenseur-des-droits', 'user-cget'],
      ],
    ]);
  });
});
