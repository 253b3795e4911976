import { SYSTEM_ACTOR } from './actor';
import { eventFrom, eventFromParsed, EventPayload } from './convention.events';

/** `eventFromParsed` sets the envelope on a parsed payload in place: the event `eventFrom` copies. */
describe('eventFromParsed', () => {
  const at = '2026-01-05T10:00:00.000Z';
  const payloads = [
    '{"commitmentId":"c1","note":null,"evidenceUrl":null}',
    '{}',
    // Fields an export could carry: the envelope's own names, and a key named __proto__.
    '{"at":"1999-01-01T00:00:00.000Z","signatoryId":"s1","type":"TERM_ENDED","actor":{"role":"admin"}}',
    '{"__proto__":{"commitmentId":"c9"},"reason":"r"}',
    '[1,2]',
    'null',
    '7',
    '"text"',
  ];

  it.each(payloads)('%s', (text) => {
    const copied = eventFrom('COMMITMENT_CONFIRMED', JSON.parse(text) as EventPayload, SYSTEM_ACTOR, at);
    const inPlace = eventFromParsed('COMMITMENT_CONFIRMED', JSON.parse(text), SYSTEM_ACTOR, at);
    expect(JSON.stringify(inPlace)).toBe(JSON.stringify(copied));
    expect(Object.getOwnPropertyNames(inPlace)).toEqual(Object.getOwnPropertyNames(copied));
    expect(Object.getPrototypeOf(inPlace)).toBe(Object.getPrototypeOf(copied));
    expect(Array.isArray(inPlace)).toBe(false);
    expect((inPlace as { commitmentId?: unknown }).commitmentId).toEqual(
      (copied as { commitmentId?: unknown }).commitmentId,
    );
  });
});
