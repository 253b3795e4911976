import { BodyCache } from './body-cache';

describe('BodyCache', () => {
  it('answers a body it holds, and drops the least recently used once over its budget', () => {
    const cache = new BodyCache(10);
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    expect(cache.get('a')).toBe('aaaa');
    cache.set('c', 'cccc');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('aaaa');
    expect(cache.get('c')).toBe('cccc');
  });

  it('keeps nothing larger than its whole budget', () => {
    const cache = new BodyCache(3);
    cache.set('a', 'aaaa');
    expect(cache.get('a')).toBeUndefined();
  });
});
