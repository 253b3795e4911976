import { join } from 'node:path';
import { metricsRegistry } from '../common/metrics';
import { ConventionActor, startConvention } from '../machines/convention.engine';
import { ConventionDefinition } from '../machines/definition';
import { MACHINE_VERSION } from '../machines/rules-version';
import { storedSnapshotJson } from '../machines/stored-snapshot-json';
import { loadDefinitions } from '../workflows/load-definitions';
import { LiveActors } from './live-actors';
import { WriteRow } from './records';

const definition = loadDefinitions(join(__dirname, '../../workflows'))
  .map((loaded) => loaded.definition)
  .find((d) => d.id === 'halde-amf-2010') as ConventionDefinition;

function started(conventionId: string): ConventionActor {
  return startConvention(
    definition,
    {
      conventionId,
      title: 'Convention HALDE–AMF',
      createdAt: '2010-06-24T08:00:00.000Z',
      agreedEffectiveOn: null,
    },
    MACHINE_VERSION,
  );
}

/** What `actorFor` reads of a stored row: its id, its version and its snapshot. */
function rowOf(id: string, version: number, actor: ConventionActor): WriteRow {
  return { id, version, snapshot: storedSnapshotJson(definition, actor) } as WriteRow;
}

/** Hits and misses counted on /metrics so far. */
async function lookups(): Promise<{ hit: number; miss: number }> {
  const metric = await metricsRegistry.getSingleMetric('conventio_live_actors_total')!.get();
  const of = (outcome: string) => metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return { hit: of('hit'), miss: of('miss') };
}

/** Hits and misses counted while `work` ran. */
async function counted(work: () => void): Promise<{ hit: number; miss: number }> {
  const before = await lookups();
  work();
  const after = await lookups();
  return { hit: after.hit - before.hit, miss: after.miss - before.miss };
}

describe('LiveActors', () => {
  it('gives the kept actor while the stored row stands at its version, and counts a hit', async () => {
    const live = new LiveActors(10);
    const actor = started('c1');
    const row = rowOf('c1', 1, actor);
    live.keep('c1', 1, actor);
    let found: ConventionActor | null = null;
    expect(await counted(() => (found = live.actorFor(definition, row)))).toEqual({ hit: 1, miss: 0 });
    expect(found).toBe(actor);
  });

  it('restores from the row, counting a miss, when none is kept, when the row moved on, or once forgotten', async () => {
    const live = new LiveActors(10);
    const actor = started('c1');
    const json = storedSnapshotJson(definition, actor);
    const restoredFrom = async (row: WriteRow) => {
      let found: ConventionActor | null = null;
      const count = await counted(() => (found = live.actorFor(definition, row)));
      expect(found).not.toBe(actor);
      expect(storedSnapshotJson(definition, found!)).toBe(json);
      return count;
    };
    expect(await restoredFrom(rowOf('c1', 1, actor))).toEqual({ hit: 0, miss: 1 });
    live.keep('c1', 1, actor);
    // Another instance wrote version 2 meanwhile: the kept actor is behind the stream.
    expect(await restoredFrom({ ...rowOf('c1', 1, actor), version: 2 })).toEqual({ hit: 0, miss: 1 });
    live.forget('c1');
    expect(await restoredFrom(rowOf('c1', 1, actor))).toEqual({ hit: 0, miss: 1 });
  });

  it('keeps at most its capacity, the least recently kept leaving first', async () => {
    const live = new LiveActors(2);
    const [a, b, c] = ['a', 'b', 'c'].map(started) as [ConventionActor, ConventionActor, ConventionActor];
    live.keep('a', 1, a);
    live.keep('b', 1, b);
    live.keep('a', 2, a); // kept again: now the most recent
    live.keep('c', 1, c);
    expect(await counted(() => live.actorFor(definition, rowOf('a', 2, a)))).toEqual({ hit: 1, miss: 0 });
    expect(await counted(() => live.actorFor(definition, rowOf('c', 1, c)))).toEqual({ hit: 1, miss: 0 });
    expect(await counted(() => live.actorFor(definition, rowOf('b', 1, b)))).toEqual({ hit: 0, miss: 1 });
  });
});
