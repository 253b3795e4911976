import { feedKeyHash, keyOfFile, newFeedKey, withoutFeedKey } from './feed-key';

describe('feed keys', () => {
  it('reads the key of a feed file, and nothing else', () => {
    const key = newFeedKey();
    expect(keyOfFile(`${key}.ics`)).toBe(key);
    expect(keyOfFile(key)).toBeNull();
    expect(keyOfFile(`${key}.ics.ics`)).toBeNull();
    expect(keyOfFile('cvf_short.ics')).toBeNull();
    expect(keyOfFile(`../${key}.ics`)).toBeNull();
  });

  it('stores a key as its SHA-256, never as itself', () => {
    const key = newFeedKey();
    expect(feedKeyHash(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(feedKeyHash(key)).not.toContain(key);
    expect(newFeedKey()).not.toBe(key);
  });

  it('keeps a feed key out of a logged path', () => {
    const key = newFeedKey();
    expect(withoutFeedKey(`/calendar/${key}.ics`)).toBe('/calendar/<key>.ics');
    expect(withoutFeedKey(`/calendar/${key}.ics?x=1`)).toBe('/calendar/<key>.ics?x=1');
    expect(withoutFeedKey('/graphql')).toBe('/graphql');
  });
});
