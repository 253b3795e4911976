import { UnchainedEvent } from '../../../src/events/stored-event';

/** An AMF representative's confirmation in stream `streamId`, as the log specs append it. */
export function confirmationEvent(streamId: string, version: number, at: string): UnchainedEvent {
  return {
    streamId,
    version,
    type: 'COMMITMENT_CONFIRMED',
    payload: JSON.stringify({ commitmentId: `${streamId}:k`, note: `fait ${version}` }),
    actorUserId: 'user-amf',
    actorName: 'AMF',
    actorRole: 'representative',
    actorPartyId: 'amf',
    occurredAt: at,
    definitionRef: 'halde-amf-2010@1',
    machineVersion: 2,
    idempotencyKey: null,
  };
}
