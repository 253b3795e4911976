import { ConventionContext } from '../convention.context';
import { partyOfSignatory } from '../party-rules';
import { CheckRefusal, EventOf, invalid, Roster, unsignedSignatories } from './refusal';

/** A signature of the convention: a known signatory who has not signed yet. */
export function checkSignature(
  roster: Roster,
  context: Pick<ConventionContext, 'signatures'>,
  event: EventOf<'SIGNATURE_GIVEN'>,
): CheckRefusal | undefined {
  return signatoryProblem(roster, context.signatures, event.signatoryId, 'the convention');
}

export function signatoryProblem(
  roster: Roster,
  signatures: readonly { signatoryId: string }[],
  signatoryId: string,
  what: string,
): CheckRefusal | undefined {
  if (partyOfSignatory(roster, signatoryId) === undefined) {
    return invalid(`${signatoryId} is not a signatory of this convention`, { signatoryId });
  }
  if (signatures.some((s) => s.signatoryId === signatoryId)) {
    const pendingSignatories = unsignedSignatories(roster, signatures);
    const still = pendingSignatories.length ? pendingSignatories.join(', ') : 'nobody';
    return invalid(`${signatoryId} has already signed ${what}; still to sign: ${still}`, {
      signatoryId,
      pendingSignatories,
    });
  }
  return undefined;
}
