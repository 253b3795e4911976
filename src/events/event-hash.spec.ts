import fc from 'fast-check';
import { canonicalJson } from '../common/canonical-json';
import {
  eventHash,
  GENESIS_HASH,
  HashedEvent,
  holdsEventHash,
  splicedEventText,
  storedEventHash,
  toHashedEvent,
} from './event-hash';
import { UnchainedEvent } from './stored-event';

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

describe('holdsEventHash', () => {
  const stored: UnchainedEvent = {
    streamId: 'c1',
    version: 2,
    type: 'SIGNATURE_GIVEN',
    payload: canonicalJson({ signatoryId: 'amf-president', extra: { b: 1, a: 2 } }),
    actorUserId: 't1',
    actorName: 'Jacques',
    actorRole: 'representative',
    actorPartyId: 'amf',
    occurredAt: '2010-06-24T10:00:00.000Z',
    definitionRef: 'halde-amf-2010@1',
    machineVersion: 1,
    idempotencyKey: null,
  };
  const text = fc.string({ unit: 'binary' });
  const events: fc.Arbitrary<UnchainedEvent> = fc.record({
    streamId: text,
    version: fc.integer({ min: 1, max: 2 ** 31 }),
    type: text,
    payload: fc.jsonValue().map((value) => canonicalJson(value)),
    actorUserId: text,
    actorName: text,
    actorRole: text,
    actorPartyId: fc.option(text),
    occurredAt: text,
    definitionRef: text,
    machineVersion: fc.integer({ min: 1, max: 99 }),
    idempotencyKey: fc.option(text),
  });

  it('writes an event with a canonical payload as canonicalJson writes it, whatever its texts', () => {
    fc.assert(
      fc.property(events, (event) => {
        expect(splicedEventText(event)).toBe(canonicalJson(toHashedEvent(event)));
      }),
      { numRuns: 500 },
    );
  });

  it('holds for the hash the log gives an event, without parsing its canonical payload', () => {
    const hash = storedEventHash(GENESIS_HASH, stored);
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(holdsEventHash(GENESIS_HASH, stored, hash)).toBe(true);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    fc.assert(
      fc.property(events, (event) =>
        holdsEventHash(GENESIS_HASH, event, storedEventHash(GENESIS_HASH, event)),
      ),
      { numRuns: 200 },
    );
  });

  it('holds, as the full check does, for a payload stored in another order or spacing', () => {
    const reordered = { ...stored, payload: '{ "signatoryId": "amf-president", "extra": {"b":1, "a":2} }' };
    expect(splicedEventText(reordered)).not.toBe(canonicalJson(toHashedEvent(reordered)));
    expect(holdsEventHash(GENESIS_HASH, reordered, storedEventHash(GENESIS_HASH, stored))).toBe(true);
  });

  it('fails when any covered field, the payload or the previous hash changed', () => {
    const hash = storedEventHash(GENESIS_HASH, stored);
    const changed: UnchainedEvent[] = [
      { ...stored, streamId: 'c2' },
      { ...stored, version: 3 },
      { ...stored, type: 'SIGNATURE_REFUSED' },
      { ...stored, payload: canonicalJson({ signatoryId: 'halde-presidente', extra: { a: 2, b: 1 } }) },
      { ...stored, payload: '{"extra":{"a":2,"b":1},"signatoryId":"amf-president","x":null}' },
      { ...stored, actorUserId: 't2' },
      { ...stored, actorName: 'Jacques P.' },
      { ...stored, actorRole: 'admin' },
      { ...stored, actorPartyId: null },
      { ...stored, occurredAt: '2010-06-24T10:00:00.001Z' },
      { ...stored, definitionRef: 'halde-amf-2010@2' },
      { ...stored, machineVersion: 2 },
      { ...stored, idempotencyKey: 'k' },
    ];
    for (const event of changed) expect(holdsEventHash(GENESIS_HASH, event, hash)).toBe(false);
    expect(holdsEventHash('1'.repeat(64), stored, hash)).toBe(false);
    fc.assert(
      fc.property(events, events, (a, b) => {
        fc.pre(canonicalJson(toHashedEvent(a)) !== canonicalJson(toHashedEvent(b)));
        return !holdsEventHash(GENESIS_HASH, b, storedEventHash(GENESIS_HASH, a));
      }),
      { numRuns: 200 },
    );
  });

  it('throws, as the full check does, for a payload that is not JSON', () => {
    const broken = { ...stored, payload: '{"signatoryId":' };
    expect(() => holdsEventHash(GENESIS_HASH, broken, storedEventHash(GENESIS_HASH, stored))).toThrow();
  });
});
