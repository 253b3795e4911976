import { EventOf } from '../checks';
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
