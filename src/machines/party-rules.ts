import { Actor, isRepresentativeOf, isSystem } from './actor';
import { ConventionEvent } from './convention.events';
import { ConventionDefinition } from './definition';

/**
 * Who may send which event, whatever the state. The machine's guards combine these with
 * the state rules; `explainRefusal` uses them to tell FORBIDDEN from INVALID_TRANSITION.
 */

/** The parts of a definition that say who may act: its parties and (amendable) evaluation. */
export type PartyRoster = Pick<ConventionDefinition, 'parties' | 'evaluation'>;

export function partyOfSignatory(
  definition: Pick<PartyRoster, 'parties'>,
  signatoryId: string,
): string | undefined {
  return definition.parties.find((p) => p.signatories.some((s) => s.id === signatoryId))?.id;
}

export function partyIds(definition: PartyRoster): string[] {
  return definition.parties.map((p) => p.id);
}

export function evaluatingParties(definition: PartyRoster): string[] {
  return definition.evaluation?.parties ?? [];
}

/**
 * Whether `actor` is the kind of actor that may send `event` to this convention.
 * `commitmentOwners` resolves a commitment's owners (commitments can change by amendment).
 */
export function mayAct(
  definition: PartyRoster,
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
    case 'COMMITMENT_REOPENED':
      return isRepresentativeOf(actor, commitmentOwners(event.commitmentId) ?? []);
    case 'AMENDMENT_SIGNED': {
      const party = partyOfSignatory(definition, event.signatoryId);
      return party !== undefined && isRepresentativeOf(actor, [party]);
    }
    case 'MEETING_RECORDED':
      return (
        isRepresentativeOf(actor, event.attendingParties) && isRepresentativeOf(actor, partyIds(definition))
      );
    case 'FORMAL_NOTICE_SERVED':
    case 'BREACH_REPORTED': {
      // The creditor serves it (or reports the breach): a party of the convention that does not owe the commitment.
      const owners = commitmentOwners(event.commitmentId) ?? [];
      return (
        isRepresentativeOf(actor, partyIds(definition)) &&
        actor.partyId !== null &&
        !owners.includes(actor.partyId)
      );
    }
    case 'EVALUATION_SUBMITTED':
      return isRepresentativeOf(actor, evaluatingParties(definition));
    case 'AMENDMENT_PROPOSED':
    case 'AMENDMENT_WITHDRAWN':
    case 'CONVENTION_SUSPENDED':
    case 'CONVENTION_RESUMED':
    case 'NOTICE_GIVEN':
    case 'TERMINATION_EXERCISED': // who holds the right is the state's to say (checkTerminationRight)
      return isRepresentativeOf(actor, partyIds(definition));
    case 'EVALUATION_DUE_PASSED':
    case 'AMENDMENT_TOOK_EFFECT':
    case 'CURE_PERIOD_ENDED':
    case 'SUSPENSION_LIMIT_REACHED':
    case 'SURVIVAL_ENDED':
    case 'EFFECTIVE_DATE_REACHED':
    case 'COMMITMENT_DUE_PASSED':
    case 'NOTICE_DEADLINE_PASSED':
    case 'TERM_ENDED':
    case 'TERMINATION_TOOK_EFFECT':
    case 'EVALUATION_PERIOD_OPENED':
      return isSystem(actor);
  }
}
