import { ConventionContext } from '../convention.context';
import { ExercisedCause } from '../convention.events';
import { openBreachRights, openTerminationRight } from '../convention-queries';
import { badInput, CheckRefusal, EventOf, invalid, Roster } from './refusal';

type TerminationContext = Pick<ConventionContext, 'rules' | 'suspension' | 'formalNotices'>;

/**
 * A right to terminate for force majeure (« l'autre partie pourra résilier »): the text gives one,
 * its ground stands (a suspension gone past its limit), and the actor's party holds it (not the
 * party that suspended). Before the day, and once the convention resumed, there is none.
 */
function checkForceMajeureRight(
  roster: Roster,
  context: TerminationContext,
  event: EventOf<'TERMINATION_EXERCISED'>,
): CheckRefusal | undefined {
  if (context.rules.forceMajeure?.termination !== 'right') {
    return invalid(
      'this convention gives no party a right to terminate it for force majeure: its text states none',
    );
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

/**
 * A right to terminate for breach (« pourra être résiliée par l'autre partie … mise en demeure
 * restée sans effet »): the text gives one, a formal notice was left without effect past its cure
 * period, the breach was not cured since, and the actor's party is one the commitment is owed to
 * (not its owner). While the cure period runs there is none yet.
 */
function checkBreachRight(
  context: TerminationContext,
  event: EventOf<'TERMINATION_EXERCISED'>,
): CheckRefusal | undefined {
  if (context.rules.breach?.termination !== 'right') {
    return invalid('this convention gives no party a right to terminate it for breach: its text states none');
  }
  const party = event.actor.partyId ?? '';
  const rights = openBreachRights(context);
  if (rights.some((r) => r.holders.includes(party))) return undefined;
  if (rights.length > 0) {
    const breached = rights.map((r) => r.commitmentId as string);
    return {
      code: 'FORBIDDEN',
      reason: `${party} is in breach of ${breached.join(', ')}: the right to terminate belongs to the parties the commitment is owed to`,
      details: { commitments: breached },
    };
  }
  const curing = context.formalNotices.find((n) => n.status === 'OPEN');
  if (curing) {
    return invalid(
      `no right to terminate is open yet: the formal notice on ${curing.commitmentId} gives until ${curing.cureBy} included to cure; the right opens the day after if it stays without effect`,
      { commitmentId: curing.commitmentId, cureBy: curing.cureBy },
    );
  }
  return invalid(
    'no right to terminate for breach is open: no formal notice was left without effect, or the breach was cured since (the right lapsed)',
  );
}

const CHECKS: Record<
  ExercisedCause,
  (
    roster: Roster,
    context: TerminationContext,
    event: EventOf<'TERMINATION_EXERCISED'>,
  ) => CheckRefusal | undefined
> = {
  FORCE_MAJEURE: checkForceMajeureRight,
  BREACH: (_roster, context, event) => checkBreachRight(context, event),
};

/**
 * The right a TERMINATION_EXERCISED exercises, or why none: its `cause` if named; else the one
 * the party holds. Holding both a force majeure and a breach right, it must name one
 * (BAD_USER_INPUT): the cause of the termination is the right's.
 */
export function exercisedRight(
  roster: Roster,
  context: TerminationContext,
  event: EventOf<'TERMINATION_EXERCISED'>,
): ExercisedCause | CheckRefusal {
  if (event.cause) return CHECKS[event.cause](roster, context, event) ?? event.cause;
  const given = (Object.keys(CHECKS) as ExercisedCause[]).filter((cause) =>
    cause === 'BREACH'
      ? context.rules.breach?.termination === 'right'
      : context.rules.forceMajeure?.termination === 'right',
  );
  if (given.length === 0) {
    return invalid('this convention gives no party a right to terminate it: its text states none');
  }
  const refusals = given.map((cause) => CHECKS[cause](roster, context, event));
  const held = given.filter((_, i) => refusals[i] === undefined);
  if (held.length > 1) {
    return badInput(
      `${event.actor.partyId} holds a right to terminate for ${held.join(' and for ')}: name the one exercised (cause), the termination takes its cause`,
      { causes: held },
    );
  }
  if (held.length === 1) return held[0] as ExercisedCause;
  // None held: the refusal of the right whose ground stands (a suspension, else a breach).
  const suspended = context.suspension !== null && given.includes('FORCE_MAJEURE');
  return refusals[suspended ? given.indexOf('FORCE_MAJEURE') : given.length - 1] as CheckRefusal;
}

export function checkTerminationRight(
  roster: Roster,
  context: TerminationContext,
  event: EventOf<'TERMINATION_EXERCISED'>,
): CheckRefusal | undefined {
  const right = exercisedRight(roster, context, event);
  return typeof right === 'string' ? undefined : right;
}
