import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { SYSTEM_ACTOR } from './actor';
import { startOfDay } from './calendar';
import { ConventionDefinition } from './definition';
import { admin, auditor, ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Seed 000: Convention HALDE – AMF, « Fait à Paris, le 24 juin 2010 ». Article 4: 12 months
 * from signature, tacit renewal, annual joint evaluation on three criteria, termination on
 * request of one party with three months' notice.
 */
const definition: ConventionDefinition = (() => {
  const found = loadDefinitions(join(__dirname, '../../workflows')).find(
    (loaded) => loaded.definition.id === 'halde-amf-2010',
  );
  if (!found) throw new Error('halde-amf-2010 is not among the workflows');
  return found.definition;
})();

const PARIS = 'Europe/Paris';
const halde = representative('halde');
const amf = representative('amf');
const CRITERIA = ['impact', 'conformity', 'readjustment'];

function evaluation(criteria: string[] = CRITERIA) {
  return {
    type: 'EVALUATION_SUBMITTED' as const,
    assessments: criteria.map((criterion) => ({ criterion, rating: 'MET' as const, comment: null })),
    summary: null,
  };
}

function notice(reason = 'fin du partenariat') {
  return { type: 'NOTICE_GIVEN' as const, reason };
}

function draft(): ConventionScenario {
  return new ConventionScenario(definition, '2010-06-01T09:00:00.000Z');
}

/** Given both presidents signed in Paris on 24 June 2010. */
function signed(): ConventionScenario {
  return draft().signAll(at('2010-06-24'));
}

/** Given the convention signed on 24 June 2010 and in force the same day. */
function inForce(): ConventionScenario {
  const scenario = signed();
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', '2010-06-24')).toBeNull();
  return scenario;
}

/** Given the first year evaluated jointly in early March 2011, before the notice deadline. */
function evaluatedFirstYear(): ConventionScenario {
  return inForce().accept(evaluation(), halde, at('2011-03-01')).accept(evaluation(), amf, at('2011-03-02'));
}

describe('HALDE–AMF convention (seed 000, 24 June 2010)', () => {
  describe('signature', () => {
    it('stays DRAFT while only the HALDE has signed', () => {
      const scenario = draft().accept(
        { type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' },
        halde,
        at('2010-06-24'),
      );

      expect(scenario.view.status).toBe('DRAFT');
      expect(scenario.view.effectiveOn).toBeNull();
      expect(scenario.view.signatures.map((s) => s.signatoryId)).toEqual(['halde-presidente']);
    });

    it('is SIGNED once both presidents have signed, effective on the date of signature', () => {
      const scenario = signed();

      expect(scenario.view.status).toBe('SIGNED');
      expect(scenario.view.effectiveOn).toBe('2010-06-24');
      expect(scenario.view.signatures.map((s) => [s.signatoryId, s.partyId])).toEqual([
        ['halde-presidente', 'halde'],
        ['amf-president', 'amf'],
      ]);
      expect(scenario.view.term).toBeNull();
      expect(scenario.commitment('good-practice-tools').status).toBe('SCHEDULED');
    });

    it('comes into force on the signature date: ACTIVE for 12 months, commitments in effect', () => {
      const scenario = inForce();

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term).toEqual({ number: 1, startsOn: '2010-06-24', endsOn: '2011-06-23' });
      expect(scenario.view.noticeDeadline).toBe('2011-03-23');
      expect(scenario.view.commitments.map((c) => c.status)).toEqual(
        definition.commitments.map(() => 'IN_EFFECT'),
      );
      expect(scenario.commitment('halde-shares-information').startedOn).toBe('2010-06-24');
      expect(scenario.view.evaluation).toMatchObject({
        number: 1,
        termNumber: 1,
        index: 1,
        opensOn: '2010-06-24',
        dueOn: '2011-06-23',
        submissions: [],
        completedAt: null,
      });
    });

    it('refuses the admin as a signatory (FORBIDDEN)', () => {
      const scenario = draft();

      const refusal = scenario.send(
        { type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' },
        admin,
        at('2010-06-24'),
      );

      expect(refusal?.code).toBe('FORBIDDEN');
      expect(scenario.view.signatures).toEqual([]);
    });

    it('refuses the auditor as a signatory (FORBIDDEN)', () => {
      const refusal = draft().send(
        { type: 'SIGNATURE_GIVEN', signatoryId: 'amf-president' },
        auditor,
        at('2010-06-24'),
      );

      expect(refusal?.code).toBe('FORBIDDEN');
    });

    it('refuses an AMF representative signing for the Présidente de la HALDE (FORBIDDEN)', () => {
      const refusal = draft().send(
        { type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' },
        amf,
        at('2010-06-24'),
      );

      expect(refusal?.code).toBe('FORBIDDEN');
    });

    it('refuses a second signature by the same signatory (INVALID_TRANSITION)', () => {
      const scenario = draft().accept(
        { type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' },
        halde,
        at('2010-06-24'),
      );

      const refusal = scenario.send(
        { type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' },
        halde,
        at('2010-06-24', '11:00'),
      );

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('has already signed the convention; still to sign: amf-president');
      expect(scenario.view.signatures).toHaveLength(1);
    });

    it('refuses signing again once the convention is SIGNED (INVALID_TRANSITION)', () => {
      const refusal = signed().send(
        { type: 'SIGNATURE_GIVEN', signatoryId: 'amf-president' },
        amf,
        at('2010-06-24', '12:00'),
      );

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('SIGNED');
    });
  });

  describe('commitments', () => {
    it('refuses the AMF marking a HALDE commitment done (FORBIDDEN)', () => {
      const scenario = inForce();

      const refusal = scenario.send(confirm('halde-shares-information'), amf, at('2010-09-01'));

      expect(refusal?.code).toBe('FORBIDDEN');
      expect(scenario.commitment('halde-shares-information').status).toBe('IN_EFFECT');
    });

    it('refuses the admin and the auditor marking a commitment done (FORBIDDEN)', () => {
      const scenario = inForce();

      expect(scenario.send(confirm('halde-shares-information'), admin, at('2010-09-01'))?.code).toBe(
        'FORBIDDEN',
      );
      expect(scenario.send(confirm('halde-shares-information'), auditor, at('2010-09-01'))?.code).toBe(
        'FORBIDDEN',
      );
    });

    it('fulfils a HALDE commitment once the HALDE marks it done', () => {
      const scenario = inForce().accept(confirm('halde-shares-information'), halde, at('2010-09-01'));

      const commitment = scenario.commitment('halde-shares-information');
      expect(commitment.status).toBe('FULFILLED');
      expect(commitment.fulfilledAt).toBe(at('2010-09-01'));
      expect(commitment.confirmations.map((c) => c.partyId)).toEqual(['halde']);
    });

    it('refuses marking a commitment done before the convention is in force (INVALID_TRANSITION)', () => {
      const refusal = signed().send(confirm('halde-shares-information'), halde, at('2010-06-24', '12:00'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('SIGNED');
    });

    it('fulfils the joint good-practice tools only when both parties have confirmed', () => {
      const scenario = inForce().accept(confirm('good-practice-tools'), halde, at('2010-11-02'));

      expect(scenario.commitment('good-practice-tools').status).toBe('IN_EFFECT');
      expect(scenario.commitment('good-practice-tools').confirmations.map((c) => c.partyId)).toEqual([
        'halde',
      ]);

      scenario.accept(confirm('good-practice-tools'), amf, at('2010-11-05'));

      expect(scenario.commitment('good-practice-tools').status).toBe('FULFILLED');
      expect(scenario.commitment('good-practice-tools').fulfilledAt).toBe(at('2010-11-05'));
    });

    it('refuses a party confirming its share of a joint commitment twice (INVALID_TRANSITION)', () => {
      const scenario = inForce().accept(confirm('good-practice-tools'), halde, at('2010-11-02'));

      const refusal = scenario.send(confirm('good-practice-tools'), halde, at('2010-11-03'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('good-practice-tools');
      expect(scenario.commitment('good-practice-tools').confirmations).toHaveLength(1);
    });

    it('refuses marking a fulfilled commitment done again (INVALID_TRANSITION)', () => {
      const scenario = inForce().accept(confirm('amf-relays-information'), amf, at('2010-09-01'));

      expect(scenario.send(confirm('amf-relays-information'), amf, at('2010-10-01'))?.code).toBe(
        'INVALID_TRANSITION',
      );
    });
  });

  describe('annual joint evaluation (article 4)', () => {
    it('stays ACTIVE while only the HALDE has submitted its evaluation', () => {
      const scenario = inForce().accept(evaluation(), halde, at('2011-06-01'));

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.evaluation?.submissions.map((s) => s.partyId)).toEqual(['halde']);
      expect(scenario.view.evaluation?.completedAt).toBeNull();
    });

    it('is EVALUATED once both parties have assessed the three criteria', () => {
      const scenario = evaluatedFirstYear();

      expect(scenario.view.status).toBe('EVALUATED');
      expect(scenario.view.evaluation?.submissions.map((s) => s.partyId)).toEqual(['halde', 'amf']);
      expect(scenario.view.evaluation?.submissions[1]?.assessments.map((a) => a.criterion)).toEqual(CRITERIA);
      expect(scenario.view.evaluation?.completedAt).toBe(at('2011-03-02'));
    });

    it('refuses an evaluation missing the readjustment criterion (BAD_USER_INPUT)', () => {
      const scenario = inForce();

      const refusal = scenario.send(evaluation(['impact', 'conformity']), halde, at('2011-06-01'));

      expect(refusal?.code).toBe('BAD_USER_INPUT');
      expect(scenario.view.evaluation?.submissions).toEqual([]);
    });

    it('refuses an evaluation with a criterion the convention does not state', () => {
      const refusal = inForce().send(evaluation([...CRITERIA, 'budget']), halde, at('2011-06-01'));

      expect(refusal?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses an evaluation assessing the same criterion twice', () => {
      const refusal = inForce().send(evaluation(['impact', 'impact', 'conformity']), halde, at('2011-06-01'));

      expect(refusal?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses a second evaluation by the same party in the round (INVALID_TRANSITION)', () => {
      const scenario = inForce().accept(evaluation(), halde, at('2011-06-01'));

      expect(scenario.send(evaluation(), halde, at('2011-06-02'))?.code).toBe('INVALID_TRANSITION');
    });

    it('refuses an evaluation by the admin (FORBIDDEN)', () => {
      expect(inForce().send(evaluation(), admin, at('2011-06-01'))?.code).toBe('FORBIDDEN');
    });
  });

  describe('tacit renewal (article 4)', () => {
    it('renews tacitly when the notice deadline passes without notice', () => {
      const scenario = inForce();

      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24')).toBeNull();

      expect(scenario.view.status).toBe('RENEWED');
      expect(scenario.view.term).toEqual({ number: 1, startsOn: '2010-06-24', endsOn: '2011-06-23' });
    });

    it('does not pass the notice deadline on 23 March 2011, the last day notice can be given (INVALID_TRANSITION)', () => {
      const scenario = inForce();

      const refusal = scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-23');

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('ACTIVE');
      expect(scenario.view.status).toBe('ACTIVE');
    });

    it('renews tacitly from EVALUATED as well', () => {
      const scenario = evaluatedFirstYear();

      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24')).toBeNull();
      expect(scenario.view.status).toBe('RENEWED');
    });

    it('begins term 2 on 24 June 2011 when term 1 ends', () => {
      const scenario = inForce();
      scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24');

      expect(scenario.tick('TERM_ENDED', '2011-06-24')).toBeNull();

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term).toEqual({ number: 2, startsOn: '2011-06-24', endsOn: '2012-06-23' });
      expect(scenario.view.noticeDeadline).toBe('2012-03-23');
      expect(scenario.view.evaluation).toMatchObject({
        number: 2,
        termNumber: 2,
        index: 1,
        opensOn: '2011-06-24',
        dueOn: '2012-06-23',
        submissions: [],
      });
      expect(scenario.view.termination).toBeNull();
    });

    it('does not end term 1 on its last day, 23 June 2011 (INVALID_TRANSITION)', () => {
      const scenario = inForce();
      scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24');

      expect(scenario.tick('TERM_ENDED', '2011-06-23')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.view.status).toBe('RENEWED');
    });

    it('keeps fulfilled commitments fulfilled across the renewal', () => {
      const scenario = inForce().accept(confirm('halde-shares-information'), halde, at('2010-09-01'));
      scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24');
      scenario.tick('TERM_ENDED', '2011-06-24');

      expect(scenario.commitment('halde-shares-information').status).toBe('FULFILLED');
      expect(scenario.commitment('amf-relays-information').status).toBe('IN_EFFECT');
    });

    it('lives a second year: evaluated again, renewed again, term 3 from 24 June 2012', () => {
      const scenario = evaluatedFirstYear();
      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24')).toBeNull();
      expect(scenario.tick('TERM_ENDED', '2011-06-24')).toBeNull();

      scenario.accept(evaluation(), amf, at('2012-02-10')).accept(evaluation(), halde, at('2012-02-14'));
      expect(scenario.view.status).toBe('EVALUATED');
      expect(scenario.view.evaluation).toMatchObject({ number: 2, termNumber: 2 });

      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2012-03-23')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2012-03-24')).toBeNull();
      expect(scenario.view.status).toBe('RENEWED');

      expect(scenario.tick('TERM_ENDED', '2012-06-24')).toBeNull();
      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term).toEqual({ number: 3, startsOn: '2012-06-24', endsOn: '2013-06-23' });
      expect(scenario.view.noticeDeadline).toBe('2013-03-23');
      expect(scenario.view.evaluation).toMatchObject({ number: 3, termNumber: 3, completedAt: null });
    });
  });

  describe('termination on notice of three months (article 4)', () => {
    it('terminates three months after the AMF gives notice', () => {
      const scenario = inForce().accept(notice(), amf, at('2010-10-15'));

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.notice).toMatchObject({
        partyId: 'amf',
        givenOn: '2010-10-15',
        effectiveOn: '2011-01-16',
      });

      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2011-01-15')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2011-01-16')).toBeNull();

      expect(scenario.view.status).toBe('TERMINATED');
      expect(scenario.view.termination).toEqual({
        on: '2011-01-16',
        at: startOfDay('2011-01-16', PARIS),
        cause: 'NOTICE',
      });
    });

    it('closes the commitments still open as TERMINATED and keeps the fulfilled ones FULFILLED', () => {
      const scenario = inForce()
        .accept(confirm('halde-shares-information'), halde, at('2010-09-01'))
        .accept(confirm('good-practice-tools'), halde, at('2010-09-02'))
        .accept(notice(), amf, at('2010-10-15'));

      scenario.tick('TERMINATION_TOOK_EFFECT', '2011-01-16');

      expect(scenario.commitment('halde-shares-information').status).toBe('FULFILLED');
      expect(scenario.commitment('halde-shares-information').endedAt).toBeNull();
      expect(scenario.commitment('good-practice-tools').status).toBe('TERMINATED');
      expect(scenario.commitment('good-practice-tools').endedAt).toBe(startOfDay('2011-01-16', PARIS));
      expect(scenario.commitment('amf-relays-information').status).toBe('TERMINATED');
      expect(scenario.view.commitments.filter((c) => c.status === 'TERMINATED')).toHaveLength(
        definition.commitments.length - 1,
      );
    });

    it('prevents the tacit renewal when notice is given by the deadline', () => {
      const scenario = inForce().accept(notice(), halde, at('2011-03-23', '18:00'));

      expect(scenario.view.notice?.effectiveOn).toBe('2011-06-24');
      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.view.status).toBe('ACTIVE');

      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2011-06-24')).toBeNull();
      expect(scenario.view.status).toBe('TERMINATED');
      expect(scenario.view.termination?.cause).toBe('NOTICE');
    });

    it('keeps the renewal when notice comes after the deadline: the convention ends three months later, in term 2', () => {
      const scenario = inForce();
      scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24');
      scenario.accept(notice(), amf, at('2011-04-10'));

      expect(scenario.view.status).toBe('RENEWED');
      expect(scenario.view.notice?.effectiveOn).toBe('2011-07-11');

      expect(scenario.tick('TERM_ENDED', '2011-06-24')).toBeNull();
      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term?.number).toBe(2);

      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2011-07-11')).toBeNull();
      expect(scenario.view.termination).toMatchObject({ on: '2011-07-11', cause: 'NOTICE' });
    });

    it('accepts notice while EVALUATED and terminates from there', () => {
      const scenario = evaluatedFirstYear().accept(notice(), halde, at('2011-03-10'));

      expect(scenario.view.status).toBe('EVALUATED');
      expect(scenario.view.notice?.effectiveOn).toBe('2011-06-11');
      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2011-03-24')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2011-06-11')).toBeNull();
      expect(scenario.view.status).toBe('TERMINATED');
    });

    it('refuses a second notice (INVALID_TRANSITION)', () => {
      const scenario = inForce().accept(notice(), amf, at('2010-10-15'));

      expect(scenario.send(notice(), halde, at('2010-10-16'))?.code).toBe('INVALID_TRANSITION');
      expect(scenario.view.notice?.partyId).toBe('amf');
    });

    it('refuses notice from the admin and the auditor (FORBIDDEN)', () => {
      const scenario = inForce();

      expect(scenario.send(notice(), admin, at('2010-10-15'))?.code).toBe('FORBIDDEN');
      expect(scenario.send(notice(), auditor, at('2010-10-15'))?.code).toBe('FORBIDDEN');
      expect(scenario.view.notice).toBeNull();
    });

    it('refuses notice before the convention is in force (INVALID_TRANSITION)', () => {
      expect(signed().send(notice(), amf, at('2010-06-24', '12:00'))?.code).toBe('INVALID_TRANSITION');
    });

    it('refuses any further action once TERMINATED (INVALID_TRANSITION)', () => {
      const scenario = inForce().accept(notice(), amf, at('2010-10-15'));
      scenario.tick('TERMINATION_TOOK_EFFECT', '2011-01-16');

      const refusal = scenario.send(confirm('halde-shares-information'), halde, at('2011-02-01'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('TERMINATED');
      expect(scenario.send(evaluation(), halde, at('2011-02-01'))?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('TERM_ENDED', '2011-06-24')?.code).toBe('INVALID_TRANSITION');
    });
  });

  describe('time events', () => {
    it('refuses a time event sent by a representative (FORBIDDEN)', () => {
      const scenario = inForce();

      const refusal = scenario.send({ type: 'NOTICE_DEADLINE_PASSED' }, amf, startOfDay('2011-03-24', PARIS));

      expect(refusal?.code).toBe('FORBIDDEN');
      expect(scenario.view.status).toBe('ACTIVE');
    });

    it('refuses the effective date sent by a representative (FORBIDDEN)', () => {
      const refusal = signed().send(
        { type: 'EFFECTIVE_DATE_REACHED' },
        halde,
        startOfDay('2010-06-25', PARIS),
      );

      expect(refusal?.code).toBe('FORBIDDEN');
    });

    it('refuses a time event sent before its date (INVALID_TRANSITION)', () => {
      const scenario = inForce();

      expect(scenario.tick('TERM_ENDED', '2011-01-01')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('NOTICE_DEADLINE_PASSED', '2011-01-01')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.view.status).toBe('ACTIVE');
    });

    it('accepts the system actor at the start of the day the event falls due', () => {
      const scenario = inForce();

      expect(
        scenario.send({ type: 'NOTICE_DEADLINE_PASSED' }, SYSTEM_ACTOR, startOfDay('2011-03-24', PARIS)),
      ).toBeNull();
      expect(scenario.view.status).toBe('RENEWED');
    });
  });
});
