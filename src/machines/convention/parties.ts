import { commitmentOwners } from '../convention-queries';
import { ConventionDefinition } from '../definition';
import { mayAct } from '../party-rules';
import { Guard } from './kit';

/** Who may send an event: asked first by every transition a party or the clock takes. */
export function partyGuards(definition: ConventionDefinition) {
  const actorMayAct: Guard = ({ context, event }) =>
    mayAct({ parties: definition.parties, evaluation: context.rules.evaluation }, event.actor, event, (id) =>
      commitmentOwners(context, id),
    );
  return { actorMayAct };
}
