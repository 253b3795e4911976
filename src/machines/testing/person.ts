import { Actor } from '../actor';

/** An actor of any role, with or without a party, for specs of who may do or read what. */
export const person = (role: Actor['role'], partyId: string | null = null): Actor => ({
  userId: `${role}-${partyId ?? 'none'}`,
  name: role,
  role,
  partyId,
});
