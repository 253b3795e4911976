import { HashedEvent } from '../events/event-hash';
import { StoredEvent } from '../events/stored-event';

/**
 * The records of an export as the verifier reads them: no storage here, so that the offline
 * verifier (and its worker threads) load only what replaying needs.
 */

export const EXPORT_FORMAT = 'conventio-export';

export interface ExportedEvent {
  type: 'event';
  sequence: number;
  streamId: string;
  version: number;
  eventType: string;
  payload: string;
  actor: HashedEvent['actor'];
  occurredAt: string;
  definitionRef: string;
  machineVersion: number;
  idempotencyKey: string | null;
  prevHash: string;
  hash: string;
}

export function toExportedEvent(row: StoredEvent): ExportedEvent {
  return {
    type: 'event',
    sequence: row.sequence,
    streamId: row.streamId,
    version: row.version,
    eventType: row.type,
    payload: row.payload,
    actor: { userId: row.actorUserId, name: row.actorName, role: row.actorRole, partyId: row.actorPartyId },
    occurredAt: row.occurredAt,
    definitionRef: row.definitionRef,
    machineVersion: row.machineVersion,
    idempotencyKey: row.idempotencyKey,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export function fromExportedEvent(event: ExportedEvent): StoredEvent {
  return {
    sequence: event.sequence,
    streamId: event.streamId,
    version: event.version,
    type: event.eventType,
    payload: event.payload,
    actorUserId: event.actor.userId,
    actorName: event.actor.name,
    actorRole: event.actor.role,
    actorPartyId: event.actor.partyId,
    occurredAt: event.occurredAt,
    definitionRef: event.definitionRef,
    machineVersion: event.machineVersion,
    idempotencyKey: event.idempotencyKey,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}
