import { Actor } from '../machines/actor';
import { ConventionDefinition } from '../machines/definition';

/** What the read rule needs to know of a convention. */
export interface ReadableConvention {
  partyIds: readonly string[];
  visibility: 'parties' | 'public';
}

/** A convention as the read rule sees it, from the definition version it runs. */
export function readableOf(definition: Pick<ConventionDefinition, 'parties'>): ReadableConvention {
  return { partyIds: definition.parties.map((p) => p.id), visibility: 'parties' };
}

/**
 * The one read rule: auditors and admins read every convention; a representative the conventions
 * its party is in, and those whose definition is public; nobody else anything.
 */
export function mayRead(actor: Actor | null, convention: ReadableConvention): boolean {
  if (actor?.role === 'auditor' || actor?.role === 'admin') return true;
  if (actor?.role !== 'representative' || actor.partyId === null) return false;
  return convention.visibility === 'public' || convention.partyIds.includes(actor.partyId);
}
