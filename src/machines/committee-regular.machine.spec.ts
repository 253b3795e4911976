import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { allowedActions } from './convention.engine';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { plannedReminders } from './reminders';
import { RulesVersion } from './rules-version';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at } from './testing/seed-events';

/**
 * A committee that meets « régulièrement » (issue 14, `cadence: regularly`): its meetings are
 * recorded as evidence (attendance, quorum, confirmations by other members) and fulfil nothing;
 * nothing falls due for it, no reminder goes out, nothing is ever VIOLATED. The fixture
 * (test/fixtures/definitions/clause-committee-regular.yaml) has beside it a technical committee
 * with a yearly cadence, whose missed meetings are VIOLATED, for contrast.
 */
const definition = loadDefinitions(join(__dirname, '../../test/fixtures/definitions'))
  .map((loaded) => loaded.definition)
  .find((candidate) => candidate.id === 'clause-committee-regular') as ConventionDefinition;

const PARIS = 'Europe/Paris';
const a = representative('association-a');
const b = representative('association-b');
const c = representative('association-c');

function meeting(heldOn: string, attendingParties: string[], committee = 'follow-up') {
  return {
    type: 'MEETING_RECORDED' as const,
    committee,
    heldOn,
    attendingParties,
    minutesUrl: `https://example.org/cr-${heldOn}.pdf`,
    decisions: [`Relevé de décisions du ${heldOn}`],
  };
}

/** In force from 15 January 2020, for a year renewed tacitly each year. */
function inForce(version?: RulesVersion): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay('2020-01-15', PARIS), null, version).signAll(
    at('2020-01-15'),
  );
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2020-01-15')).toBeNull();
  return scenario;
}

describe('a committee that meets « régulièrement »: meetings recorded as evidence', () => {
  it('plans no deadline and no reminder for it: only the technical committee’s period falls due', () => {
    const scenario = inForce();
    const deadlines = plannedDeadlines(definition, scenario.snapshot);
    const reminders = plannedReminders(definition, scenario.snapshot);

    expect(deadlines.filter((d) => d.subject !== null).map((d) => [d.kind, d.subject, d.dueOn])).toEqual([
      ['COMMITMENT_DUE', 'technical-meeting', '2021-01-15'],
    ]);
    expect(reminders.filter((r) => r.kind === 'COMMITTEE_MEETING').map((r) => r.subject)).toEqual([
      'technical-meeting',
    ]);
  });

  it('records a meeting that fulfils no commitment, with its quorum of two', () => {
    const before = inForce();
    const technical = before.commitment('technical-meeting');
    const scenario = before.accept(
      meeting('2020-03-10', ['association-a', 'association-b']),
      a,
      at('2020-03-11'),
    );

    expect(scenario.view.meetings).toEqual([
      expect.objectContaining({
        committee: 'follow-up',
        heldOn: '2020-03-10',
        attendingParties: ['association-a', 'association-b'],
        recordedBy: 'association-a',
        commitmentId: null,
        quorate: true,
        confirmedBy: [],
      }),
    ]);
    expect(scenario.commitment('technical-meeting')).toEqual(technical);
    expect(scenario.commitment('contact-person').status).toBe('IN_EFFECT');
  });

  it('records a meeting short of its quorum (quorate: false); another member’s record of it completes it', () => {
    const scenario = inForce().accept(meeting('2020-03-10', ['association-a']), a, at('2020-03-11'));
    expect(scenario.view.meetings[0]).toMatchObject({ quorate: false, commitmentId: null });

    scenario.accept(meeting('2020-03-10', ['association-c']), c, at('2020-03-12'));

    expect(scenario.view.meetings).toHaveLength(1);
    expect(scenario.view.meetings[0]).toMatchObject({
      attendingParties: ['association-a', 'association-c'],
      confirmedBy: ['association-c'],
      quorate: true,
      commitmentId: null,
    });
  });

  it('refuses the same party recording the meeting twice, a meeting to come, or one before the convention took effect', () => {
    const scenario = inForce().accept(
      meeting('2020-03-10', ['association-a', 'association-b']),
      a,
      at('2020-03-11'),
    );

    expect(scenario.send(meeting('2020-03-10', ['association-a']), a, at('2020-03-12'))?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(scenario.send(meeting('2020-03-13', ['association-a']), a, at('2020-03-12'))?.message).toContain(
      'is still to come',
    );
    expect(scenario.send(meeting('2020-01-14', ['association-b']), b, at('2020-03-12'))?.message).toContain(
      'is before the convention took effect (on 2020-01-15)',
    );
    expect(scenario.view.meetings).toHaveLength(1);
  });

  it('offers every member to record a meeting (RECORD_MEETING)', () => {
    const scenario = inForce();

    expect(allowedActions(definition, scenario.snapshot, c, at('2020-02-01')).convention).toContain(
      'RECORD_MEETING',
    );
  });

  it('never makes anything VIOLATED for it over three years, while the technical committee’s missed years are', () => {
    const scenario = inForce()
      .accept(meeting('2020-06-02', ['association-a', 'association-b']), b, at('2020-06-03'))
      .runUntil('2023-01-15');

    expect(scenario.view.status).toBe('ACTIVE');
    expect(scenario.view.meetings.map((m) => [m.committee, m.heldOn, m.commitmentId])).toEqual([
      ['follow-up', '2020-06-02', null],
    ]);
    expect(scenario.commitment('technical-meeting').occurrences.map((o) => o.status)).toEqual([
      'VIOLATED',
      'VIOLATED',
      'VIOLATED',
      'IN_EFFECT',
    ]);
    expect(scenario.commitment('contact-person').status).toBe('IN_EFFECT');
  });

  it('refuses an amendment that ties a new commitment to it (BAD_USER_INPUT): it has no period', () => {
    const scenario = inForce();
    const tied = {
      id: 'follow-up-meetings',
      article: 'Avenant n° 1',
      title: 'Réunions du comité de suivi',
      text: 'Le comité se réunit une fois par an.',
      owners: ['association-a', 'association-b'],
      shape: 'recurring' as const,
      every: 'P1Y',
      atLeast: 1,
      committee: 'follow-up',
    };
    const propose = (committee: string) => ({
      type: 'AMENDMENT_PROPOSED' as const,
      amendmentId: 'A1',
      kind: 'CHANGE' as const,
      changes: { addCommitments: [{ ...tied, committee }] },
      effectiveOn: null,
      summary: 'Avenant n° 1',
    });

    const refusal = scenario.send(propose('follow-up'), a, at('2020-02-01'));
    expect(refusal?.code).toBe('BAD_USER_INPUT');
    expect(refusal?.message).toContain('committee follow-up meets regularly, with no cadence');
    expect(scenario.send(propose('technical'), a, at('2020-02-01'))).toBeNull();
  });

  it('under rules v1, keeps each record as a meeting of its own, fulfilling nothing', () => {
    const scenario = inForce(1)
      .accept(meeting('2020-03-10', ['association-a']), a, at('2020-03-11'))
      .accept(meeting('2020-03-10', ['association-c']), c, at('2020-03-12'));

    expect(scenario.view.meetings.map((m) => [m.recordedBy, m.commitmentId])).toEqual([
      ['association-a', null],
      ['association-c', null],
    ]);
  });
});
