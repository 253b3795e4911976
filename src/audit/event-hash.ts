import { canonicalJson } from '../common/canonical-json';
import { sha256Hex } from '../common/hash';

/** Every field of a stored event that its hash covers. */
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

/** hash = SHA-256(prevHash ‖ canonical JSON of the event): key order never changes it. */
export function eventHash(prevHash: string, event: HashedEvent): string {
  return sha256Hex(prevHash + canonicalJson(event));
}
