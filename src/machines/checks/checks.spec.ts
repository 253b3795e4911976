import { join } from 'node:path';
import { DateTime } from 'luxon';
import { loadDefinitions } from '../../workflows/load-definitions';
import { startOfDay } from '../calendar';
import { ConventionEvent } from '../convention.events';
import { ConventionDefinition } from '../definition';
import { ConventionScenario, representative } from '../testing/convention-scenario';
import { checkProposalInput } from './amendments';
import { checkAssessments, checkEvaluationOpen } from './evaluation';
import { checkMeeting, checkMeetingInput } from './meeting';
import { checkNotice } from './notice';
import { Roster } from './refusal';
import { checkSignature } from './signature';

/** Each check on its own: a context from a scenario, an event, the refusal it gives or none. */

const definitions = [
  ...loadDefinitions(join(__dirname, '../../../workflows')),
  ...loadDefinitions(join(__dirname, '../../../test/fixtures/definitions')),
].map((loaded) => loaded.definition);

function definition(id: string): ConventionDefinition {
  const found = definitions.find((d) => d.id === id);
  if (!found) throw new Error(`no definition ${id}`);
  return found;
}

const PARIS = 'Europe/Paris';

function at(day: string): string {
  return DateTime.fromISO(`${day}T10:00`, { zone: PARIS }).toUTC().toISO() as string;
}

function inForceOn(of: ConventionDefinition, day: string): ConventionScenario {
  const scenario = new ConventionScenario(of, startOfDay(day, PARIS)).signAll(at(day));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

function event<T extends ConventionEvent['type']>(
  body: Omit<Extract<ConventionEvent, { type: T }>, 'actor' | 'at'> & { type: T },
  party: string,
  day: string,
): Extract<ConventionEvent, { type: T }> {
  return { ...body, actor: representative(party), at: at(day) } as Extract<ConventionEvent, { type: T }>;
}

const halde = definition('halde-amf-2010');
const cgetDdd = definition('cget-defenseur-des-droits-2015');
const window = definition('clause-notice-anniversary-window');

describe('checkNotice', () => {
  const inForce = () => inForceOn(window, '2020-01-15');
  const notice = (day: string) => event({ type: 'NOTICE_GIVEN', reason: 'fin' }, 'association-a', day);

  it('says when the next window opens and closes when notice comes too early', () => {
    const refusal = checkNotice(window, inForce().snapshot.context, notice('2020-06-01'));

    expect(refusal).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { opensOn: '2020-10-15', closesOn: '2021-01-14' },
    });
    expect(refusal?.reason).toContain('opens on 2020-10-15');
  });

  it('points to the following window on the anniversary itself', () => {
    expect(checkNotice(window, inForce().snapshot.context, notice('2021-01-15'))?.details).toEqual({
      opensOn: '2021-10-15',
      closesOn: '2022-01-14',
    });
  });

  it('takes a notice inside the window, once', () => {
    const scenario = inForce();
    expect(checkNotice(window, scenario.snapshot.context, notice('2020-10-15'))).toBeUndefined();

    scenario.accept(
      { type: 'NOTICE_GIVEN', reason: 'fin' },
      representative('association-a'),
      at('2020-10-15'),
    );

    expect(checkNotice(window, scenario.snapshot.context, notice('2020-11-01'))?.details).toEqual({
      givenOn: '2020-10-15',
      effectiveOn: '2021-01-15',
    });
  });

  it('is what the machine answers, with the same reason', () => {
    const refusal = inForce().send(
      { type: 'NOTICE_GIVEN', reason: 'fin' },
      representative('association-b'),
      at('2020-06-01'),
    );

    expect(refusal).toMatchObject({ code: 'INVALID_TRANSITION', details: { opensOn: '2020-10-15' } });
    expect(refusal?.message).toMatch(/^cannot give notice on this convention: notice may be given only/);
  });
});

describe('checkAssessments and checkEvaluationOpen', () => {
  const submit = (criteria: string[], day = '2011-06-01') =>
    event(
      {
        type: 'EVALUATION_SUBMITTED',
        assessments: criteria.map((criterion) => ({ criterion, rating: 'MET' as const, comment: null })),
        summary: null,
      },
      'halde',
      day,
    );

  it('names the missing, unknown and repeated criteria', () => {
    const context = inForceOn(halde, '2010-06-24').snapshot.context;

    expect(checkAssessments(context, submit(['impact', 'conformity']))).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { missingCriteria: ['readjustment'], unknownCriteria: [], duplicateCriteria: [] },
    });
    expect(
      checkAssessments(context, submit(['impact', 'impact', 'conformity', 'readjustment', 'budget']))
        ?.details,
    ).toEqual({ missingCriteria: [], unknownCriteria: ['budget'], duplicateCriteria: ['impact'] });
    expect(checkAssessments(context, submit(['impact', 'conformity', 'readjustment']))).toBeUndefined();
  });

  it('refuses a second submission by the same party in the round', () => {
    const scenario = inForceOn(halde, '2010-06-24');
    const full = submit(['impact', 'conformity', 'readjustment']);
    expect(checkEvaluationOpen(halde, scenario.snapshot.context, full)).toBeUndefined();

    scenario.accept(full, representative('halde'), full.at);

    expect(checkEvaluationOpen(halde, scenario.snapshot.context, full)?.reason).toBe(
      'halde has already submitted its evaluation for round 1',
    );
  });
});

describe('checkSignature', () => {
  it('says who still has to sign when a signatory signs twice', () => {
    const scenario = new ConventionScenario(halde, startOfDay('2010-06-24', PARIS));
    const sign = event({ type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' }, 'halde', '2010-06-24');
    expect(checkSignature(halde, scenario.snapshot.context, sign)).toBeUndefined();

    scenario.accept(
      { type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' },
      representative('halde'),
      sign.at,
    );

    expect(checkSignature(halde, scenario.snapshot.context, sign)).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { signatoryId: 'halde-presidente', pendingSignatories: ['amf-president'] },
    });
    expect(checkSignature(halde, scenario.snapshot.context, { ...sign, signatoryId: 'nobody' })?.reason).toBe(
      'nobody is not a signatory of this convention',
    );
  });
});

describe('checkMeetingInput and checkMeeting', () => {
  const meeting = (attendingParties: string[], heldOn = '2016-03-10', committee = 'technical') =>
    event(
      { type: 'MEETING_RECORDED', committee, heldOn, attendingParties, minutesUrl: null, decisions: [] },
      'cget',
      '2016-03-11',
    );

  it('names the attendees that do not sit on the committee, and an unknown committee', () => {
    expect(checkMeetingInput(cgetDdd, meeting(['cget', 'halde']))).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { committee: 'technical', nonMembers: ['halde'] },
    });
    expect(checkMeetingInput(cgetDdd, meeting(['cget'], '2016-03-10', 'scientific'))?.details).toEqual({
      committees: ['technical', 'steering'],
    });
    expect(checkMeetingInput(cgetDdd, meeting(['cget', 'defenseur-des-droits']))).toBeUndefined();
  });

  it('refuses a meeting still to come, or one its commitment does not take', () => {
    const always = () => true;
    const inForce = { effectiveOn: '2015-11-17' };
    expect(checkMeeting(cgetDdd, inForce, meeting(['cget'], '2016-03-12'), 'c', always)?.reason).toBe(
      'a meeting held on 2016-03-12 is still to come (today is 2016-03-11)',
    );
    expect(checkMeeting(cgetDdd, inForce, meeting(['cget', 'cget']), 'c', always)?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(checkMeeting(cgetDdd, inForce, meeting(['cget']), 'c', () => false)?.details).toEqual({
      commitmentId: 'c',
    });
    expect(checkMeeting(cgetDdd, inForce, meeting(['cget']), 'c', always)).toBeUndefined();
  });
});

describe('checkProposalInput', () => {
  const roster: Roster = halde;
  const propose = (changes: object, effectiveOn: string | null = null) =>
    event(
      { type: 'AMENDMENT_PROPOSED', amendmentId: 'A1', kind: 'CHANGE', changes, effectiveOn, summary: 's' },
      'halde',
      '2010-09-01',
    );

  it('names a commitment the convention does not have', () => {
    const context = inForceOn(halde, '2010-06-24').snapshot.context;

    expect(checkProposalInput(roster, context, propose({ waiveCommitments: ['nope'] }), () => true)).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'no current commitment nope',
      details: { unknownCommitments: ['nope'] },
    });
  });

  it('refuses an effective date that is not a real day', () => {
    const context = inForceOn(halde, '2010-06-24').snapshot.context;
    const refusal = checkProposalInput(
      roster,
      context,
      propose({ waiveCommitments: [] }, '2011-02-30'),
      () => true,
    );

    expect(refusal?.code).toBe('BAD_USER_INPUT');
    expect(refusal?.reason).toContain('effectiveOn must be a real date');
  });
});
