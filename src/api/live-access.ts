import { mayRead, ReadableConvention } from '../conventions/read-access';
import { Actor } from '../machines/actor';

/**
 * Of the commitments of one convention, those a `commitmentChanged(partyId)` subscriber
 * receives: owned by `partyId` (alone or jointly), in a convention the subscriber may read.
 * A representative may name another party: it then receives that party's commitments in the
 * conventions both parties are in (and in public ones), never any of a convention it may not read.
 */
export function commitmentsFor<C extends { owners: readonly string[] }>(
  actor: Actor,
  partyId: string,
  convention: ReadableConvention,
  commitments: readonly C[],
): C[] {
  if (!mayRead(actor, convention)) return [];
  return commitments.filter((c) => c.owners.includes(partyId));
}
