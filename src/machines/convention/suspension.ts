import { IsoDate } from '../calendar';
import { lastDayOf } from '../period-end';
import { Suspension } from '../convention.context';
import { ConventionDefinition } from '../definition';
import { Rules } from '../rules-version';
import { assignContext, dayIn, enqueueFor, Guard } from './kit';

/** Force majeure: the convention is suspended, its commitments pause, and it resumes or ends. */

type ResumeTo = { state: Suspension['resumeTo'] };

/**
 * Whether a suspension running on `day` has gone past its limit. `limitOn` (since + the
 * maximum) is the last day the suspension may run, included, like a cure period's `cureBy`
 * (see « Boundaries » in workflows/README.md): v2 ends the convention the day after it.
 * v1 ended it on `limitOn` itself, a day early; kept for the conventions created under v1.
 */
export function suspensionOverLimit(rules: Rules, day: IsoDate, limitOn: IsoDate): boolean {
  return rules.since(2) ? day > limitOn : day >= limitOn;
}

export function suspensionGuards(definition: ConventionDefinition, rules: Rules) {
  const dayOf = dayIn(definition);
  const forceMajeureProvided: Guard = ({ context }) => context.rules.forceMajeure !== undefined;
  // Once the right to terminate is open, the limit has been reached: nothing more to do.
  const suspensionLimitReached: Guard = ({ context, event }) =>
    context.suspension?.limitOn != null &&
    context.suspension.rightSince === undefined &&
    suspensionOverLimit(rules, dayOf(event.at), context.suspension.limitOn);
  const terminationIsRight: Guard = ({ context }) => context.rules.forceMajeure?.termination === 'right';
  const resumesTo: Guard<ResumeTo> = ({ context }, params) => context.suspension?.resumeTo === params.state;
  return {
    forceMajeureProvided,
    suspensionLimitReached,
    terminationIsRight,
    resumesTo,
  };
}

export function suspensionActions(definition: ConventionDefinition) {
  const dayOf = dayIn(definition);
  return {
    /** What a suspended convention returns to changes when its next term is decided or begins. */
    setResumeTo: assignContext(({ context }, params: ResumeTo) => ({
      suspension: context.suspension ? { ...context.suspension, resumeTo: params.state } : null,
    })),
    recordSuspension: assignContext(({ context, event }, params: { resumeTo: Suspension['resumeTo'] }) => {
      const since = dayOf(event.at);
      const max = context.rules.forceMajeure?.maxSuspension;
      const reason = event.type === 'CONVENTION_SUSPENDED' ? event.reason : '';
      return {
        suspension: {
          // The guard let only an actor of a party through.
          partyId: event.actor.partyId ?? '',
          since,
          reason,
          limitOn: max ? lastDayOf({ after: since }, max, definition.timeZone) : null,
          resumeTo: params.resumeTo,
        },
      };
    }),
    /** `termination: right`: past the limit the convention stays suspended; the other parties may terminate it. */
    openTerminationRight: assignContext(({ context, event }) => ({
      suspension: context.suspension ? { ...context.suspension, rightSince: dayOf(event.at) } : null,
    })),
    suspendCommitments: enqueueFor(({ context, event, enqueue }) => {
      for (const child of Object.values(context.commitments)) {
        enqueue.sendTo(child, { type: 'SUSPEND', on: dayOf(event.at) });
      }
    }),
    endSuspension: enqueueFor(({ context, event, enqueue }) => {
      enqueue.assign({ suspension: null });
      for (const child of Object.values(context.commitments)) {
        enqueue.sendTo(child, { type: 'RESUME', on: dayOf(event.at) });
      }
    }),
  };
}
