import { ConventionContext } from '../convention.context';
import { openTerminationRight } from '../convention-queries';
import { CheckRefusal, EventOf, invalid, Roster } from './refusal';

/**
 * A right to terminate (« l'autre partie pourra résilier »): the text gives one, its ground
 * stands (a force majeure suspension gone past its limit), and the actor's party holds it (not
 * the party that suspended). Before the day, and once the convention resumed, there is none.
 */
export function checkTerminationRight(
  roster: Roster,
  context: Pick<ConventionContext, 'rules' | 'suspension'>,
  event: EventOf<'TERMINATION_EXERCISED'>,
): CheckRefusal | undefined {
  if (context.rules.forceMajeure?.termination !== 'right') {
    return invalid('this convention gives no party a right to terminate it: its text states none');
  }
  const suspension = context.suspension;
  if (!suspension) {
    return invalid(
      'no right to terminate is open: the convention is not suspended for force majeure (the right lasts only while a suspension beyond its limit does, and lapses when the convention resumes)',
    );
  }
  const party = event.actor.partyId;
  if (party === suspension.partyId) {
    return {
      code: 'FORBIDDEN',
      reason: `${party} suspended the convention for force majeure: the right to terminate belongs to the other parties`,
      details: { suspendedBy: party },
    };
  }
  const right = openTerminationRight(context, roster.parties);
  if (!right) {
    return invalid(
      `no right to terminate is open yet: the suspension since ${suspension.since} may last until ${suspension.limitOn} included; the right opens the day after`,
      { since: suspension.since, limitOn: suspension.limitOn },
    );
  }
  return undefined;
}
