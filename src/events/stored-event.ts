import { Actor, ActorRole } from '../machines/actor';

/**
 * An event as the log stores it: the one record of an event from its staging to its replay
 * and export. The payload is canonical JSON text, exactly as hashed.
 */
export interface StoredEvent {
  /** Global sequence: dense, in commit order, allocated by the append. */
  sequence: number;
  streamId: string;
  version: number;
  type: string;
  payload: string;
  actorUserId: string;
  actorName: string;
  actorRole: string;
  actorPartyId: string | null;
  occurredAt: string;
  definitionRef: string;
  machineVersion: number;
  idempotencyKey: string | null;
  prevHash: string;
  hash: string;
}

/** An event before the log chains it: what a writer stages. */
export type UnchainedEvent = Omit<StoredEvent, 'sequence' | 'prevHash' | 'hash'>;

/** A staged event: chained to its predecessor, its global sequence not yet allocated. */
export type ChainedEvent = Omit<StoredEvent, 'sequence'>;

export function actorColumns(
  actor: Actor,
): Pick<StoredEvent, 'actorUserId' | 'actorName' | 'actorRole' | 'actorPartyId'> {
  return {
    actorUserId: actor.userId,
    actorName: actor.name,
    actorRole: actor.role,
    actorPartyId: actor.partyId,
  };
}

export function actorOf(event: UnchainedEvent): Actor {
  return {
    userId: event.actorUserId,
    name: event.actorName,
    role: event.actorRole as ActorRole,
    partyId: event.actorPartyId,
  };
}
