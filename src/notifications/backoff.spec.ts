import { backoffMs, MAX_BACKOFF_MS } from './backoff';

describe('backoff between delivery attempts', () => {
  it('waits the base after one failure and doubles after each further one', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 60_000))).toEqual([60_000, 120_000, 240_000, 480_000]);
  });

  it('never waits longer than six hours', () => {
    expect(backoffMs(30, 60_000)).toBe(MAX_BACKOFF_MS);
  });
});
