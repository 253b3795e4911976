import { checkInput, checkState, EventOf } from '../checks';
import { committeeCommitment, mergedMeeting, quorate, sameMeeting } from '../convention-queries';
import { ConventionDefinition, meetsRegularly } from '../definition';
import { enqueueFor, Guard, rosterOf } from './kit';
import { CommitmentEvent } from '../commitment.machine';
import { Meeting } from '../convention.context';
import { Rules } from '../rules-version';

/**
 * Committee meetings: each one recorded fulfils an occurrence of its committee's commitment, or,
 * for a committee that meets « régulièrement », nothing: it is kept as evidence.
 */

export function meetingOf(e: EventOf<'MEETING_RECORDED'>, commitmentId: string | null): Meeting {
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

/** Who recorded the meeting for each party so far, this record included (rules v3). */
function recordersAfter(
  earlier: Meeting | undefined,
  e: EventOf<'MEETING_RECORDED'>,
): Record<string, string> {
  return { ...earlier?.recorders, [e.actor.partyId ?? '']: e.actor.userId };
}

/**
 * Every attending party confirms the occurrence the meeting fulfils. With `recorders` (rules
 * v3), each confirmation carries the user who recorded the meeting for that party, or none when
 * only another party's record names it; without (v1, v2), the recording user on every one.
 */
export function fulfilmentOf(
  e: EventOf<'MEETING_RECORDED'>,
  recorders: Record<string, string> | null,
): Extract<CommitmentEvent, { type: 'FULFIL' }> {
  return {
    type: 'FULFIL',
    on: e.heldOn,
    confirmations: e.attendingParties.map((partyId) => ({
      partyId,
      userId: recorders ? (recorders[partyId] ?? null) : e.actor.userId,
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
  /** v3: the users who recorded it, kept on the meeting and given to the confirmations. */
  const recorders = (earlier: Meeting | undefined, e: EventOf<'MEETING_RECORDED'>) =>
    rules.since(3) ? recordersAfter(earlier, e) : null;
  return {
    recordMeeting: enqueueFor(({ context, enqueue }, e: EventOf<'MEETING_RECORDED'>) => {
      const committee = definition.committees.find((c) => c.id === e.committee);
      // A committee that meets regularly has no commitment: its meetings are evidence only.
      const regular = committee !== undefined && meetsRegularly(committee);
      const commitmentId = regular ? null : committeeCommitment(context, e.committee);
      const child = commitmentId ? context.commitments[commitmentId] : undefined;
      if (commitmentId === undefined || (!regular && !child)) return;
      const fulfil = (event: ReturnType<typeof fulfilmentOf>) => child && enqueue.sendTo(child, event);
      if (!rules.since(2) || !committee) {
        // v1: every record is a meeting of its own and fulfils an occurrence.
        enqueue.assign({ meetings: [...context.meetings, meetingOf(e, commitmentId)] });
        fulfil(fulfilmentOf(e, recorders(undefined, e)));
        return;
      }
      // v2: one meeting per committee and day; it fulfils once, when its attendance reaches
      // the committee's quorum (the first record, or the later record that completes it).
      const earlier = sameMeeting(context, e.committee, e.heldOn);
      const byParty = recorders(earlier, e);
      if (!earlier) {
        const meeting: Meeting = {
          ...meetingOf(e, commitmentId),
          confirmedBy: [],
          quorate: quorate(committee, e.attendingParties),
          ...(byParty && { recorders: byParty }),
        };
        enqueue.assign({ meetings: [...context.meetings, meeting] });
        if (meeting.quorate) fulfil(fulfilmentOf(e, byParty));
        return;
      }
      const merged = {
        ...mergedMeeting(earlier, meetingOf(e, commitmentId)),
        ...(byParty && { recorders: byParty }),
      };
      const fulfils = earlier.quorate === false && quorate(committee, merged.attendingParties);
      const updated: Meeting = fulfils ? { ...merged, quorate: true, commitmentId } : merged;
      enqueue.assign({ meetings: context.meetings.map((m) => (m === earlier ? updated : m)) });
      if (fulfils) {
        fulfil(
          fulfilmentOf(
            { ...e, attendingParties: updated.attendingParties, minutesUrl: updated.minutesUrl },
            byParty,
          ),
        );
      }
    }),
  };
}
