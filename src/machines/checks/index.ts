import { ConventionContext } from '../convention.context';
import { ConventionEvent } from '../convention.events';
import { childAccepts, committeeCommitment, isOpenCommitment } from '../convention-queries';
import { checkAmendmentSignature, checkProposal, checkProposalInput, checkWithdrawal } from './amendments';
import { checkBreachReport, checkFormalNotice } from './breach';
import { checkAssessments, checkEvaluationOpen } from './evaluation';
import { checkNotLapsed } from './lapsed';
import { checkMeeting, checkMeetingInput, checkMeetingRecord } from './meeting';
import { checkNotice } from './notice';
import { CheckRefusal, invalid, Roster } from './refusal';
import { checkSignature } from './signature';
import { checkTerminationRight } from './termination';
import { rulesOf } from '../rules-version';
import { waitingFor } from '../convention/ordering';

export * from './refusal';

/**
 * What the event says of itself, asked before who sends it (a malformed request is refused as
 * such, whoever sends it and whatever the state).
 */
export function checkInput(
  roster: Roster,
  context: ConventionContext,
  event: ConventionEvent,
): CheckRefusal | undefined {
  switch (event.type) {
    case 'EVALUATION_SUBMITTED':
      return checkAssessments(context, event);
    case 'AMENDMENT_PROPOSED':
      return checkProposalInput(roster, context, event, (key) => isOpenCommitment(context, key));
    case 'MEETING_RECORDED':
      return checkMeetingInput(roster, event);
    default:
      return undefined;
  }
}

/** What the convention as it stands says of the event, for the states that take it. */
export function checkState(
  roster: Roster,
  context: ConventionContext,
  event: ConventionEvent,
): CheckRefusal | undefined {
  switch (event.type) {
    case 'SIGNATURE_GIVEN':
      return checkSignature(roster, context, event);
    case 'EVALUATION_SUBMITTED':
      return checkEvaluationOpen(roster, context, event);
    case 'NOTICE_GIVEN':
      return checkNotice(roster, context, event);
    case 'AMENDMENT_PROPOSED':
      return checkProposal(context, event);
    case 'AMENDMENT_SIGNED':
      return checkAmendmentSignature(roster, context, event);
    case 'AMENDMENT_WITHDRAWN':
      return checkWithdrawal(context, event);
    case 'MEETING_RECORDED': {
      const commitmentId = committeeCommitment(context, event.committee);
      const accepts = (id: string) =>
        childAccepts(context, id, { type: 'FULFIL', on: event.heldOn, confirmations: [] });
      // v2: a meeting recorded again merges into the first record (see checkMeetingRecord).
      return rulesOf(context.rulesVersion).since(2)
        ? checkMeetingRecord(roster, context, event, commitmentId, accepts)
        : checkMeeting(roster, context, event, commitmentId, accepts);
    }
    case 'FORMAL_NOTICE_SERVED':
      return checkFormalNotice(roster, context, event);
    case 'BREACH_REPORTED':
      return checkBreachReport(context, event);
    case 'TERMINATION_EXERCISED':
      return checkTerminationRight(roster, context, event);
    case 'COMMITMENT_CONFIRMED': {
      const lapsed = checkNotLapsed(context, event.commitmentId);
      if (lapsed) return lapsed;
      const predecessor = waitingFor(context, event.commitmentId);
      return predecessor === null
        ? undefined
        : invalid(
            `commitment ${event.commitmentId} is waiting for ${predecessor}: it is owed only once ${predecessor} is fulfilled`,
            { waitingFor: predecessor },
          );
    }
    case 'COMMITMENT_REOPENED':
      return checkNotLapsed(context, event.commitmentId);
    default:
      return undefined;
  }
}
