import { eventHash, GENESIS_HASH, HashedEvent } from './event-hash';

const event: HashedEvent = {
  streamId: 'c1',
  version: 2,
  type: 'SIGNATURE_GIVEN',
  payload: { signatoryId: 'amf-president', extra: { b: 1, a: 2 } },
  actor: { userId: 't1', name: 'Jacques', role: 'representative', partyId: 'amf' },
  occurredAt: '2010-06-24T10:00:00.000Z',
  definitionRef: 'halde-amf-2010@1',
  machineVersion: 1,
  idempotencyKey: null,
};

describe('eventHash', () => {
  it('hashes the same event with keys in another order to the same value', () => {
    const reordered = JSON.parse(
      '{"idempotencyKey":null,"machineVersion":1,"definitionRef":"halde-amf-2010@1",' +
        '"occurredAt":"2010-06-24T10:00:00.000Z","actor":{"partyId":"amf","role":"representative",' +
        '"name":"Jacques","userId":"t1"},"payload":{"extra":{"a":2,"b":1},"signatoryId":"amf-president"},' +
        '"type":"SIGNATURE_GIVEN","version":2,"streamId":"c1"}',
    ) as HashedEvent;
    expect(eventHash(GENESIS_HASH, reordered)).toBe(eventHash(GENESIS_HASH, event));
  });

  it('changes when any field or the previous hash changes', () => {
    const base = eventHash(GENESIS_HASH, event);
    expect(eventHash('1'.repeat(64), event)).not.toBe(base);
    expect(eventHash(GENESIS_HASH, { ...event, version: 3 })).not.toBe(base);
    expect(eventHash(GENESIS_HASH, { ...event, actor: { ...event.actor, partyId: 'halde' } })).not.toBe(base);
    expect(eventHash(GENESIS_HASH, { ...event, payload: { signatoryId: 'halde-presidente' } })).not.toBe(
      base,
    );
  });

  it('is a 64-character SHA-256 hex digest', () => {
    expect(eventHash(GENESIS_HASH, event)).toMatch(/^[0-9a-f]{64}$/);
  });
});
