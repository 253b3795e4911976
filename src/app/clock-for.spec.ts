import { ManualClock, SystemClock } from '../common/clock';
import { configFromEnv } from '../config';
import { clockFor } from './runtime';

describe('clockFor', () => {
  const manual = (start: string | null) => ({
    ...configFromEnv({}),
    clock: 'manual' as const,
    clockStart: start,
  });

  it('starts a manual clock at CLOCK_START when the log is empty or older', () => {
    expect(clockFor(manual('2010-06-24T08:00:00.000Z'), null).nowIso()).toBe('2010-06-24T08:00:00.000Z');
    expect(clockFor(manual('2010-06-24T08:00:00.000Z'), '2009-01-01T00:00:00.000Z').nowIso()).toBe(
      '2010-06-24T08:00:00.000Z',
    );
  });

  it("starts a manual clock at the log's last event when CLOCK_START is earlier", () => {
    const clock = clockFor(manual('2000-01-01T00:00:00.000Z'), '2026-01-05T08:00:00.016Z');
    expect(clock).toBeInstanceOf(ManualClock);
    expect(clock.nowIso()).toBe('2026-01-05T08:00:00.016Z');
  });

  it('refuses a CLOCK_START that is not an instant', () => {
    expect(() => clockFor(manual('yesterday'), null)).toThrow('CLOCK_START is not an instant: yesterday');
  });

  it('leaves the system clock alone', () => {
    expect(clockFor({ ...configFromEnv({}), clock: 'system' }, '2999-01-01T00:00:00.000Z')).toBeInstanceOf(
      SystemClock,
    );
  });
});
