import { Actor } from '../machines/actor';
import { ConventionDefinition, Visibility } from '../machines/definition';

/** What the read rule needs to know of a convention. */
export interface ReadableConvention {
  partyIds: readonly string[];
  visibility: Visibility;
}

/** A convention as the read rule sees it, from the definition version it runs. */
export function readableOf(
  definition: Pick<ConventionDefinition, 'parties' | 'visibility'>,
): ReadableConvention {
  return { partyIds: definition.parties.map((p) => p.id), visibility: definition.visibility ?? 'parties' };
}

/** A definition version whose conventions every representative reads. */
export interface PublicDefinition {
  id: string;
  version: number;
}

/**
 * The read rule in the form a SQL list takes: the conventions of `partyId` and those of the
 * public definition versions. `partyId` null matches no party (no public definition is then given).
 */
export interface ReadableBy {
  partyId: string | null;
  publicDefinitions: readonly PublicDefinition[];
}

/**
 * Who reads what: auditors and admins every convention; a representative the conventions its
 * party is a party to, and those of `public` definitions; nobody else anything (no token, the
 * scheduler's system actor, a representative without a party).
 */
type Reader = { kind: 'everything' } | { kind: 'party'; partyId: string } | { kind: 'nothing' };

function readerOf(actor: Actor | null): Reader {
  if (actor?.role === 'auditor' || actor?.role === 'admin') return { kind: 'everything' };
  if (actor?.role === 'representative' && actor.partyId !== null) {
    return { kind: 'party', partyId: actor.partyId };
  }
  return { kind: 'nothing' };
}

/** The one read rule: every resolver, loader, subscription and the export ask it. */
export function mayRead(actor: Actor | null, convention: ReadableConvention): boolean {
  const reader = readerOf(actor);
  switch (reader.kind) {
    case 'everything':
      return true;
    case 'party':
      return convention.visibility === 'public' || convention.partyIds.includes(reader.partyId);
    case 'nothing':
      return false;
  }
}

/**
 * The same rule for a list filtered in SQL: `undefined` when the actor reads everything,
 * otherwise what the list must be restricted to.
 */
export function readableBy(
  actor: Actor | null,
  publicDefinitions: readonly PublicDefinition[],
): ReadableBy | undefined {
  const reader = readerOf(actor);
  switch (reader.kind) {
    case 'everything':
      return undefined;
    case 'party':
      return { partyId: reader.partyId, publicDefinitions };
    case 'nothing':
      return { partyId: null, publicDefinitions: [] };
  }
}
