import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase as Database } from '../database/sqlite-database';
import { DefinitionRow } from '../database/entities';
import { DefinitionRegistry } from './definition-registry';
import { loadDefinitions } from './load-definitions';
import { contentHash, LoadedDefinition } from './loaded-definition';

describe('DefinitionRegistry.publish', () => {
  let dir: string;
  let db: Database;
  const seeds = loadDefinitions(join(__dirname, '../../workflows'));
  const halde = seeds.find((d) => d.definition.id === 'halde-amf-2010') as LoadedDefinition;

  const edited = (change: (title: string) => string): LoadedDefinition => {
    const definition = { ...halde.definition, title: change(halde.definition.title) };
    return { ...halde, definition, contentHash: contentHash(definition) };
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-registry-'));
    db = await Database.open(join(dir, 'conventio.sqlite'));
  });

  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const publish = (loaded: LoadedDefinition[]) =>
    db.write((m) => DefinitionRegistry.publish(m, loaded, '2026-01-01T00:00:00.000Z'));

  it('publishes each file once, and again at start-up only what changed', async () => {
    await publish(seeds);
    const again = await publish(seeds);
    expect(await db.read.count(DefinitionRow)).toBe(5);
    expect(again.latest('halde-amf-2010')?.version).toBe(1);
  });

  it('publishes an edited file as a new version and keeps the old one for running conventions', async () => {
    await publish([halde]);
    const registry = await publish([edited((t) => `${t} (modifiée)`)]);

    expect(registry.latest('halde-amf-2010')?.version).toBe(2);
    expect(registry.latest('halde-amf-2010')?.title).toMatch(/modifiée/);
    expect(registry.byReference('halde-amf-2010@1')?.title).toBe(halde.definition.title);
    expect(registry.byReference('halde-amf-2010@2')?.title).toMatch(/modifiée/);
  });

  it('goes back to a published version when a file returns to its content', async () => {
    await publish([halde]);
    await publish([edited((t) => `${t} (modifiée)`)]);
    const registry = await publish([halde]);

    expect(registry.latest('halde-amf-2010')?.version).toBe(1);
    expect(await db.read.count(DefinitionRow)).toBe(2);
  });

  it('lists the public versions only, current or not: a version made public does not open the older ones', async () => {
    expect((await publish(seeds)).publicDefinitions()).toEqual([]);
    const madePublic = { ...halde.definition, visibility: 'public' as const };
    const registry = await publish([
      { ...halde, definition: madePublic, contentHash: contentHash(madePublic) },
    ]);
    expect(registry.publicDefinitions()).toEqual([{ id: 'halde-amf-2010', version: 2 }]);
    const back = await publish([halde]);
    expect(back.latest('halde-amf-2010')?.version).toBe(1);
    expect(back.publicDefinitions()).toEqual([{ id: 'halde-amf-2010', version: 2 }]);
  });
});
