import { ConventionContext, Signature } from '../convention.context';
import { EventOf, Roster } from '../checks';
import { partyOfSignatory } from '../party-rules';

/** Signature of the convention: who signed, for which party. */

export function signatureOf(
  roster: Roster,
  event: EventOf<'SIGNATURE_GIVEN' | 'AMENDMENT_SIGNED'>,
): Signature {
  return {
    signatoryId: event.signatoryId,
    // The check let only a signatory of a party through.
    partyId: partyOfSignatory(roster, event.signatoryId) ?? '',
    userId: event.actor.userId,
    name: event.actor.name,
    at: event.at,
  };
}

export function recordSignature(
  roster: Roster,
  context: Pick<ConventionContext, 'signatures'>,
  event: EventOf<'SIGNATURE_GIVEN'>,
): Pick<ConventionContext, 'signatures'> {
  return { signatures: [...context.signatures, signatureOf(roster, event)] };
}
