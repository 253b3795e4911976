import { ConventionContext } from '../convention.context';
import { meetsRegularly } from '../definition';
import { meetingRecorders, mergedMeeting, quorate, sameMeeting } from '../convention-queries';
import { badInput, CheckRefusal, dayIn, EventOf, invalid, Roster } from './refusal';

/** The meeting as recorded: a committee of this convention, attended by its members only. */
export function checkMeetingInput(
  roster: Roster,
  event: EventOf<'MEETING_RECORDED'>,
): CheckRefusal | undefined {
  const committee = roster.committees.find((c) => c.id === event.committee);
  if (!committee) {
    const known = roster.committees.map((c) => c.id).join(', ') || 'none';
    return badInput(`no committee ${event.committee} in this convention (committees: ${known})`, {
      committees: roster.committees.map((c) => c.id),
    });
  }
  const nonMembers = event.attendingParties.filter((p) => !committee.parties.includes(p));
  if (!event.attendingParties.length || nonMembers.length) {
    return badInput(
      `attendingParties must be members of ${committee.id}: ${committee.parties.join(', ')}` +
        (nonMembers.length ? `; not members: ${nonMembers.join(', ')}` : ''),
      { committee: committee.id, members: committee.parties, nonMembers },
    );
  }
  return undefined;
}

/**
 * A committee that meets « régulièrement » has no occurrence to fulfil: its meeting is evidence,
 * held while the convention is in force (from the day it took effect, no later than today).
 */
function checkRegularMeeting(
  context: Pick<ConventionContext, 'effectiveOn'>,
  event: EventOf<'MEETING_RECORDED'>,
): CheckRefusal | undefined {
  if (context.effectiveOn !== null && event.heldOn < context.effectiveOn) {
    return invalid(
      `a meeting held on ${event.heldOn} is before the convention took effect (on ${context.effectiveOn})`,
    );
  }
  return undefined;
}

/**
 * The meeting fulfils an open occurrence of the committee's commitment: each party once, held
 * no later than today. `accepts` asks the commitment whether it takes a meeting of that day.
 * A committee that meets regularly has none (`checkRegularMeeting`).
 */
export function checkMeeting(
  roster: Roster,
  context: Pick<ConventionContext, 'effectiveOn'>,
  event: EventOf<'MEETING_RECORDED'>,
  commitmentId: string | undefined,
  accepts: (commitmentId: string) => boolean,
): CheckRefusal | undefined {
  if (new Set(event.attendingParties).size !== event.attendingParties.length) {
    return invalid('each attending party is listed once');
  }
  const today = dayIn(roster, event.at);
  if (event.heldOn > today)
    return invalid(`a meeting held on ${event.heldOn} is still to come (today is ${today})`);
  const committee = roster.committees.find((c) => c.id === event.committee);
  if (committee && meetsRegularly(committee)) return checkRegularMeeting(context, event);
  if (commitmentId === undefined) return invalid(`committee ${event.committee} has no current commitment`);
  if (!accepts(commitmentId)) {
    return invalid(
      `commitment ${commitmentId} has no open occurrence for a meeting held on ${event.heldOn}`,
      {
        commitmentId,
      },
    );
  }
  return undefined;
}

/**
 * Rules v2: one meeting is one meeting, whoever records it. A record of a meeting already
 * recorded (same committee, same day) by another member confirms or corrects it; the same party
 * recording it again is refused (INVALID_TRANSITION, as a second signature or a second
 * evaluation by the same party is: the request is well formed, the convention has it already).
 * A new meeting needs an open occurrence of the committee's commitment (quorate or not); a
 * later record of it needs one only when it fulfils it, being the first to bring it to quorum.
 */
export function checkMeetingRecord(
  roster: Roster,
  context: Pick<ConventionContext, 'meetings' | 'effectiveOn'>,
  event: EventOf<'MEETING_RECORDED'>,
  commitmentId: string | undefined,
  accepts: (commitmentId: string) => boolean,
): CheckRefusal | undefined {
  const earlier = sameMeeting(context, event.committee, event.heldOn);
  const committee = roster.committees.find((c) => c.id === event.committee);
  if (!earlier || !committee) return checkMeeting(roster, context, event, commitmentId, accepts);
  const party = event.actor.partyId ?? '';
  if (meetingRecorders(earlier).includes(party)) {
    return invalid(
      `${party} already recorded the ${event.committee} meeting of ${event.heldOn}` +
        ` (recorded by ${meetingRecorders(earlier).join(', ')})`,
      { committee: event.committee, heldOn: event.heldOn },
    );
  }
  const merged = mergedMeeting(earlier, { ...event, recordedBy: party });
  const fulfils = earlier.quorate === false && quorate(committee, merged.attendingParties);
  return checkMeeting(roster, context, event, commitmentId, fulfils ? accepts : () => true);
}
