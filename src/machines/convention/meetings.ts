import { checkInput, checkState, EventOf } from '../checks';
import { committeeCommitment, mergedMeeting, quorate, sameMeeting } from '../convention-queries';
import { ConventionDefinition } from '../definition';
import { enqueueFor, Guard, rosterOf } from './kit';
import { CommitmentEvent } from '../commitment.machine';
import { Meeting } from '../convention.context';
import { Rules } from '../rules-version';

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

export function meetingActions(definition: ConventionDefinition, rules: Rules) {
  return {
    recordMeeting: enqueueFor(({ context, enqueue }, e: EventOf<'MEETING_RECORDED'>) => {
      const commitmentId = committeeCommitment(context, e.committee);
      const child = commitmentId === undefined ? undefined : context.commitments[commitmentId];
      if (commitmentId === undefined || !child) return;
      const committee = definition.committees.find((c) => c.id === e.committee);
      if (!rules.since(2) || !committee) {
        // v1: every record is a meeting of its own and fulfils an occurrence.
        enqueue.assign({ meetings: [...context.meetings, meetingOf(e, commitmentId)] });
        enqueue.sendTo(child, fulfilmentOf(e));
        return;
      }
      // v2: one meeting per committee and day; it fulfils once, when its attendance reaches
      // the committee's quorum (the first record, or the later record that completes it).
      const earlier = sameMeeting(context, e.committee, e.heldOn);
      if (!earlier) {
        const meeting: Meeting = {
          ...meetingOf(e, commitmentId),
          confirmedBy: [],
          quorate: quorate(committee, e.attendingParties),
        };
        enqueue.assign({ meetings: [...context.meetings, meeting] });
        if (meeting.quorate) enqueue.sendTo(child, fulfilmentOf(e));
        return;
      }
      const merged = mergedMeeting(earlier, meetingOf(e, commitmentId));
      const fulfils = earlier.quorate === false && quorate(committee, merged.attendingParties);
      const updated: Meeting = fulfils ? { ...merged, quorate: true, commitmentId } : merged;
      enqueue.assign({ meetings: context.meetings.map((m) => (m === earlier ? updated : m)) });
      if (fulfils)
        enqueue.sendTo(
          child,
          fulfilmentOf({ ...e, attendingParties: updated.attendingParties, minutesUrl: updated.minutesUrl }),
        );
    }),
  };
}
