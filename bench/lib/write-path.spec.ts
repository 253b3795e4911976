import { hitShare, liveActorLookupsBetween } from './write-path';

const scrape = (lines: string[]) =>
  [
    "# HELP conventio_live_actors_total A write's machine",
    '# TYPE conventio_live_actors_total counter',
    ...lines,
  ].join('\n');

describe('live-actor lookups between two scrapes', () => {
  it('counts what moved of each outcome, a line not yet written counting as none', () => {
    const before = scrape(['conventio_live_actors_total{outcome="hit"} 5']);
    const after = scrape([
      'conventio_live_actors_total{outcome="hit"} 35',
      'conventio_live_actors_total{outcome="miss"} 10',
    ]);
    const moved = liveActorLookupsBetween(before, after);
    expect(moved).toEqual({ hit: 30, miss: 10 });
    expect(hitShare(moved)).toBe(0.75);
  });

  it('gives every lookup as a hit when no machine was restored', () => {
    const before = scrape([]);
    const after = scrape(['conventio_live_actors_total{outcome="hit"} 12']);
    expect(hitShare(liveActorLookupsBetween(before, after))).toBe(1);
  });
});
