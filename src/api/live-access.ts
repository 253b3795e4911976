import { Actor, isRepresentativeOf } from '../machines/actor';

/**
 * Who receives live updates of a convention: an auditor or an admin any convention, a
 * representative only the conventions its party is a party to. Nobody else (the scheduler's
 * system actor has no token).
 */
export function mayFollow(actor: Actor, conventionPartyIds: readonly string[]): boolean {
  switch (actor.role) {
    case 'auditor':
    case 'admin':
      return true;
    case 'representative':
      return isRepresentativeOf(actor, conventionPartyIds);
    default:
      return false;
  }
}

/**
 * Of the commitments of one convention, those a `commitmentChanged(partyId)` subscriber
 * receives: owned by `partyId` (alone or jointly), in a convention the subscriber may follow.
 * A representative may name another party: it then receives that party's commitments in the
 * conventions both parties are in, never any of a convention its own party is not in.
 */
export function commitmentsFor<C extends { owners: readonly string[] }>(
  actor: Actor,
  partyId: string,
  conventionPartyIds: readonly string[],
  commitments: readonly C[],
): C[] {
  if (!mayFollow(actor, conventionPartyIds)) return [];
  return commitments.filter((c) => c.owners.includes(partyId));
}
