import { Actor, isRepresentativeOf, isSystem } from './actor';
import { ConventionEvent } from './convention.events';
import { ConventionDefinition } from './definition';

/**
 * Who may send which event, whatever the state. The machine's guards combine these with
 * the state rules; `explainRefusal` uses them to tell FORBIDDEN from INVALID_TRANSITION.
 */

export function partyOfSignatory(definition: ConventionDefinition, signatoryId: string): string | undefined {
  return definition.parties.find((p) => p.signatories.some((s) => s.id === signatoryId))?.id;
}

export function partyIds(definition: ConventionDefinition): string[] {
  return definition.parties.map((p) => p.id);
}

export function evaluatingParties(definition: ConventionDefinition): string[] {
  return definition.evaluation?.parties ?? [];
}

/**
 * Whether `actor` is the kind of actor that may send `event` to this convention.
 * `commitmentOwners` resolves a commitment's owners (commitments can change by amendment).
 */
export function mayAct(
  definition: ConventionDefinition,
  actor: Actor,
  event: ConventionEvent,
  commitmentOwners: (commitmentId: string) => readonly string[] | undefined,
): boolean {
  switch (event.type) {
    case 'SIGNATURE_GIVEN': {
      const party = partyOfSignatory(definition, event.signatoryId);
      return party !== undefined && isRepresentativeOf(actor, [party]);
    }
    case 'COMMITMENT_CONFIRMED':
      return isRepresentativeOf(actor, commitmentOwners(event.commitmentId) ?? []);
    case 'EVALUATION_SUBMITTED':
      return isRepresentativeOf(actor, evaluatingParties(definition));
    case 'NOTICE_GIVEN':
      return isRepresentativeOf(actor, partyIds(definition));
    case 'EFFECTIVE_DATE_REACHED':
    case 'COMMITMENT_DUE_PASSED':
    case 'NOTICE_DEADLINE_PASSED':
    case 'TERM_ENDED':
    case 'TERMINATION_TOOK_EFFECT':
    case 'EVALUATION_PERIOD_OPENED':
      return isSystem(actor);
  }
}
