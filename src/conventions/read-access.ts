import { Actor } from '../machines/actor';
import { ConventionDefinition } from '../machines/definition';

/** Who may read a convention: what its definition says about it. */
export interface Readable {
  partyIds: readonly string[];
  visibility: 'parties' | 'public';
}

export function readableOf(definition: Pick<ConventionDefinition, 'parties'>): Readable {
  return { partyIds: definition.parties.map((p) => p.id), visibility: 'parties' };
}

/** A representative reads the conventions its party is in, or public ones; auditors and admins all. */
export function mayRead(actor: Actor | null, convention: Readable): boolean {
  if (!actor) return false;
  if (actor.role !== 'representative') return true;
  if (convention.visibility === 'public') return true;
  return actor.partyId !== null && convention.partyIds.includes(actor.partyId);
}
