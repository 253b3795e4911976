import { assign, Assigner, enqueueActions, ParameterizedObject } from 'xstate';
import { IsoDate, IsoInstant, localDate } from '../calendar';
import { Roster } from '../checks';
import { commitmentMachine } from '../commitment.machine';
import { ConventionContext } from '../convention.context';
import { ConventionEvent } from '../convention.events';
import { ConventionDefinition } from '../definition';

/** What every guard and action of the convention machine is typed against. */

type Params = ParameterizedObject['params'] | undefined;

/** The children a convention spawns: one commitment machine per commitment. */
export type ConventionActors = {
  src: 'commitment';
  logic: typeof commitmentMachine;
  id: string | undefined;
};

export interface MachineArgs {
  context: ConventionContext;
  event: ConventionEvent;
}

export type Guard<P extends Params = undefined> = (args: MachineArgs, params: P) => boolean;

/** An `assign` typed for the convention machine, outside its `setup()`. */
export function assignContext<P extends Params = undefined>(
  assigner: Assigner<ConventionContext, ConventionEvent, P, ConventionEvent, ConventionActors>,
) {
  return assign<ConventionContext, ConventionEvent, P, ConventionEvent, ConventionActors>(assigner);
}

type Collect<P extends Params> = Parameters<
  typeof enqueueActions<
    ConventionContext,
    ConventionEvent,
    P,
    ConventionEvent,
    ConventionActors,
    never,
    never,
    never,
    never
  >
>[0];

/** An `enqueueActions` typed for the convention machine, outside its `setup()`. */
export function enqueueFor<P extends Params = undefined>(collect: Collect<P>) {
  return enqueueActions<
    ConventionContext,
    ConventionEvent,
    P,
    ConventionEvent,
    ConventionActors,
    never,
    never,
    never,
    never
  >(collect);
}

/** The local day of an instant, in the convention's time zone. */
export function dayIn(definition: Pick<ConventionDefinition, 'timeZone'>): (at: IsoInstant) => IsoDate {
  return (at) => localDate(at, definition.timeZone);
}

export function rosterOf(definition: ConventionDefinition): Roster {
  return { parties: definition.parties, committees: definition.committees, timeZone: definition.timeZone };
}
