import { canonicalJson } from '../common/canonical-json';
import { sha256Hex } from '../common/hash';
import { UnchainedEvent } from './stored-event';

/** Every field of a stored event that its hash covers, in the shape that is hashed. */
export interface HashedEvent {
  streamId: string;
  version: number;
  type: string;
  payload: unknown;
  actor: { userId: string; name: string; role: string; partyId: string | null };
  occurredAt: string;
  definitionRef: string;
  machineVersion: number;
  idempotencyKey: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * What the hash of a stored event covers: every field but its global sequence (allocated at
 * commit) and the chain itself. Staging, replay, export and the tampering checks all hash
 * through here, so the covered set is written once. Throws when the payload is not JSON.
 */
export function toHashedEvent(event: UnchainedEvent): HashedEvent {
  return {
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    payload: JSON.parse(event.payload) as unknown,
    actor: {
      userId: event.actorUserId,
      name: event.actorName,
      role: event.actorRole,
      partyId: event.actorPartyId,
    },
    occurredAt: event.occurredAt,
    definitionRef: event.definitionRef,
    machineVersion: event.machineVersion,
    idempotencyKey: event.idempotencyKey,
  };
}

/** hash = SHA-256(prevHash ‖ canonical JSON of the event): key order never changes it. */
export function eventHash(prevHash: string, event: HashedEvent): string {
  return sha256Hex(prevHash + canonicalJson(event));
}

/** The hash a stored (or staged) event should have after `prevHash`. */
export function storedEventHash(prevHash: string, event: UnchainedEvent): string {
  return eventHash(prevHash, toHashedEvent(event));
}
