import { ConventionContext, Signature } from '../convention.context';
import { EventOf, Roster } from '../checks';
import { checkState } from '../checks';
import { allSigned } from '../convention-queries';
import { ConventionDefinition } from '../definition';
import { partyOfSignatory } from '../party-rules';
import { assignContext, Guard, rosterOf } from './kit';

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

export function signatureGuards(definition: ConventionDefinition) {
  const roster = rosterOf(definition);
  const signatoryHasNotSigned: Guard = ({ context, event }) =>
    event.type === 'SIGNATURE_GIVEN' && checkState(roster, context, event) === undefined;
  const everySignatoryHasSigned: Guard = ({ context }) => allSigned(definition, context.signatures);
  return { signatoryHasNotSigned, everySignatoryHasSigned };
}

export function signatureActions(definition: ConventionDefinition) {
  const roster = rosterOf(definition);
  return {
    recordSignature: assignContext(({ context }, event: EventOf<'SIGNATURE_GIVEN'>) =>
      recordSignature(roster, context, event),
    ),
  };
}
