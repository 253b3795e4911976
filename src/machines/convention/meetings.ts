import { checkInput, checkState, EventOf } from '../checks';
import { committeeCommitment } from '../convention-queries';
import { ConventionDefinition } from '../definition';
import { enqueueFor, Guard, rosterOf } from './kit';
import { CommitmentEvent } from '../commitment.machine';
import { Meeting } from '../convention.context';

/** Committee meetings: each one recorded fulfils an occurrence of its committee's commitment. */

export function meetingOf(e: EventOf<'MEETING_RECORDED'>, commitmentId: string): Meeting {
  return {
    committee: e.committee,
    heldOn: e.heldOn,
    attendingParties: e.attendingParties,
    minutesUrl: e.minutesUrl,
    decisions: e.decisions,
    recordedBy: e.actor.partyId ?? '',
    recordedAt: e.at,
    commitmentId,
  };
}

/** Every attending party confirms the occurrence the meeting fulfils. */
export function fulfilmentOf(e: EventOf<'MEETING_RECORDED'>): Extract<CommitmentEvent, { type: 'FULFIL' }> {
  return {
    type: 'FULFIL',
    on: e.heldOn,
    confirmations: e.attendingParties.map((partyId) => ({
      partyId,
      userId: e.actor.userId,
      at: e.at,
      note: `${e.committee} meeting of ${e.heldOn}`,
      evidenceUrl: e.minutesUrl,
    })),
  };
}

export function meetingGuards(definition: ConventionDefinition) {
  const roster = rosterOf(definition);
  const meetingAccepted: Guard = ({ context, event }) =>
    event.type === 'MEETING_RECORDED' &&
    checkInput(roster, context, event) === undefined &&
    checkState(roster, context, event) === undefined;
  return { meetingAccepted };
}

export const meetingActions = {
  recordMeeting: enqueueFor(({ context, enqueue }, e: EventOf<'MEETING_RECORDED'>) => {
    const commitmentId = committeeCommitment(context, e.committee);
    const child = commitmentId === undefined ? undefined : context.commitments[commitmentId];
    if (commitmentId === undefined || !child) return;
    enqueue.assign({ meetings: [...context.meetings, meetingOf(e, commitmentId)] });
    enqueue.sendTo(child, fulfilmentOf(e));
  }),
};
