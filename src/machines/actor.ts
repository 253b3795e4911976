/** Who acts. Always taken from the authenticated token (or the scheduler), never from input. */
export const ACTOR_ROLES = ['representative', 'auditor', 'admin', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export interface Actor {
  /** Token id for people, `scheduler` for the system actor. */
  userId: string;
  name: string;
  role: ActorRole;
  /** The party a representative acts for; null for every other role. */
  partyId: string | null;
}

export const SYSTEM_ACTOR: Actor = {
  userId: 'scheduler',
  name: 'Conventio scheduler',
  role: 'system',
  partyId: null,
};

export function isSystem(actor: Actor): boolean {
  return actor.role === 'system';
}

export function isRepresentativeOf(actor: Actor, partyIds: readonly string[]): boolean {
  return actor.role === 'representative' && actor.partyId !== null && partyIds.includes(actor.partyId);
}
