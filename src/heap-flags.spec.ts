import { DEFAULT_HEAP_SETTINGS, heapSettingsFromEnv, runningFlags, START_UP_FLAGS } from './heap-flags';
import { ConfigError, configFromEnv } from './config';

describe('heap settings (HEAP_YOUNG_GROWTH, HEAP_GROWING_PERCENT)', () => {
  it("starts with the young generation held, then runs with V8's growth and a heap at most 1.5 × the live one", () => {
    expect(START_UP_FLAGS).toEqual(['--semi-space-growth-factor=1']);
    expect(heapSettingsFromEnv({})).toEqual({ youngGrowth: 2, growingPercent: 50 });
    expect(heapSettingsFromEnv({ HEAP_YOUNG_GROWTH: ' ', HEAP_GROWING_PERCENT: '' })).toEqual(
      DEFAULT_HEAP_SETTINGS,
    );
    expect(runningFlags(DEFAULT_HEAP_SETTINGS)).toEqual([
      '--semi-space-growth-factor=2',
      '--heap-growing-percent=50',
    ]);
  });

  it('takes the values it is given; 0 leaves the old generation to V8', () => {
    const settings = heapSettingsFromEnv({ HEAP_YOUNG_GROWTH: '1', HEAP_GROWING_PERCENT: '0' });
    expect(settings).toEqual({ youngGrowth: 1, growingPercent: 0 });
    expect(runningFlags(settings)).toEqual(['--semi-space-growth-factor=1']);
    expect(runningFlags(heapSettingsFromEnv({ HEAP_GROWING_PERCENT: '100' }))).toEqual([
      '--semi-space-growth-factor=2',
      '--heap-growing-percent=100',
    ]);
  });

  it.each([
    ['HEAP_YOUNG_GROWTH', '0'],
    ['HEAP_YOUNG_GROWTH', '5'],
    ['HEAP_YOUNG_GROWTH', '1.5'],
    ['HEAP_GROWING_PERCENT', '-10'],
    ['HEAP_GROWING_PERCENT', '1001'],
    ['HEAP_GROWING_PERCENT', '20%'],
  ])('refuses %s=%s, at start-up with the other settings', (name, value) => {
    expect(() => heapSettingsFromEnv({ [name]: value })).toThrow(`${name}=${value}`);
    expect(() => configFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => configFromEnv({ [name]: value })).toThrow(name);
  });

  it('is part of the configuration', () => {
    expect(configFromEnv({}).heap).toEqual(DEFAULT_HEAP_SETTINGS);
    expect(configFromEnv({ HEAP_YOUNG_GROWTH: '2', HEAP_GROWING_PERCENT: '100' }).heap).toEqual({
      youngGrowth: 2,
      growingPercent: 100,
    });
    expect(configFromEnv({ HEAP_YOUNG_GROWTH: '4', HEAP_GROWING_PERCENT: '0' }).heap).toEqual({
      youngGrowth: 4,
      growingPercent: 0,
    });
  });
});
