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

const json = JSON.stringify;

/**
 * The canonical JSON of `event` written field by field, its payload's text spliced in as it is:
 * the keys in RFC 8785's order, each value as `canonicalJson` writes a string, a number or null.
 * It is `canonicalJson(toHashedEvent(event))` whenever the payload's text is itself canonical
 * JSON, as the log stores it (`event-recorder.ts`), and another text otherwise.
 */
export function splicedEventText(event: UnchainedEvent): string {
  return (
    `{"actor":{"name":${json(event.actorName)},"partyId":${json(event.actorPartyId)},` +
    `"role":${json(event.actorRole)},"userId":${json(event.actorUserId)}},` +
    `"definitionRef":${json(event.definitionRef)},"idempotencyKey":${json(event.idempotencyKey)},` +
    `"machineVersion":${json(event.machineVersion)},"occurredAt":${json(event.occurredAt)},` +
    `"payload":${event.payload},"streamId":${json(event.streamId)},"type":${json(event.type)},` +
    `"version":${json(event.version)}}`
  );
}

/**
 * Whether `hash` is the hash of `event` after `prevHash`, as `storedEventHash` would compute it.
 *
 * First against the event's text with its payload spliced in as stored (`splicedEventText`),
 * which skips parsing the payload and canonicalising the event (about 15 → 6 µs an event, the
 * verifier's and `verifyHistory`'s hashing). A match is the full check's answer: the spliced
 * text then equals the canonical JSON the hash was made from (short of a SHA-256 collision), so
 * its payload is that JSON's. Otherwise the full check decides, so that a stored payload that
 * is not canonical but means the same verifies as before. Throws, as `storedEventHash` does,
 * when the payload is not JSON and the spliced text did not match.
 */
export function holdsEventHash(prevHash: string, event: UnchainedEvent, hash: string): boolean {
  return sha256Hex(prevHash + splicedEventText(event)) === hash || storedEventHash(prevHash, event) === hash;
}
