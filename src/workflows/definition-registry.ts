import { EntityManager } from 'typeorm';
import { DefinitionRow } from '../database/entities';
import { ConventionDefinition, definitionRef } from '../machines/definition';
import { canonicalJson } from '../common/canonical-json';
import { contentHash, LoadedDefinition } from './loaded-definition';
import { byCodePoint } from '../common/code-point-order';

/**
 * Every definition version the store has ever run, by `id@version`. Files in `workflows/`
 * publish the current versions; older versions stay in the `definitions` table so that old
 * histories replay under the rules they were recorded with.
 */
export class DefinitionRegistry {
  private readonly byRef = new Map<string, ConventionDefinition>();
  private readonly latestById = new Map<string, ConventionDefinition>();
  /** How many versions this start published (files that were new or had changed). */
  published = 0;

  /**
   * Publishes the loaded files. A file whose content matches a published version (its
   * `version` aside) is that version; a file whose content changed is published as a new
   * version, above every version already published, so that running conventions keep the
   * rules they started with and old histories replay under the rules they recorded.
   */
  static async publish(
    manager: EntityManager,
    loaded: LoadedDefinition[],
    publishedAt: string,
  ): Promise<DefinitionRegistry> {
    const registry = new DefinitionRegistry();
    const stored = await manager.find(DefinitionRow, { order: { version: 'ASC' } });
    for (const row of stored) registry.add(JSON.parse(row.body) as ConventionDefinition, false);
    for (const { definition } of loaded) {
      const versions = stored.filter((row) => row.definitionId === definition.id);
      const fingerprint = contentFingerprint(definition);
      const same = versions.find(
        (row) => contentFingerprint(JSON.parse(row.body) as ConventionDefinition) === fingerprint,
      );
      if (same) {
        registry.add(registry.byRef.get(same.ref) as ConventionDefinition, true);
        continue;
      }
      const highest = Math.max(0, ...versions.map((row) => row.version));
      const published: ConventionDefinition = {
        ...definition,
        version: Math.max(definition.version, highest + 1),
      };
      await manager.insert(DefinitionRow, {
        ref: definitionRef(published),
        definitionId: published.id,
        version: published.version,
        contentHash: contentHash(published),
        body: JSON.stringify(published),
        publishedAt,
      });
      registry.add(published, true);
      registry.published += 1;
    }
    return registry;
  }

  /**
   * Learns the versions another instance published since this one started, so that it can
   * run and show their conventions. They do not become current here: this instance keeps
   * creating conventions from its own files.
   */
  async refresh(manager: EntityManager): Promise<number> {
    const stored = await manager.find(DefinitionRow, { order: { version: 'ASC' } });
    const unknown = stored.filter((row) => !this.byRef.has(row.ref));
    for (const row of unknown) this.add(JSON.parse(row.body) as ConventionDefinition, false);
    return unknown.length;
  }

  private add(definition: ConventionDefinition, current: boolean): void {
    this.byRef.set(definitionRef(definition), definition);
    const latest = this.latestById.get(definition.id);
    if (current && (!latest || latest.version <= definition.version)) {
      this.latestById.set(definition.id, definition);
    }
  }

  /** The current version of each definition in `workflows/`. */
  current(): ConventionDefinition[] {
    return [...this.latestById.values()].sort((a, b) => byCodePoint(a.id, b.id));
  }

  latest(id: string): ConventionDefinition | undefined {
    return this.latestById.get(id);
  }

  byReference(ref: string): ConventionDefinition | undefined {
    return this.byRef.get(ref);
  }

  /** The versions, current or not, whose conventions every representative reads. */
  publicDefinitions(): { id: string; version: number }[] {
    return [...this.byRef.values()]
      .filter((definition) => definition.visibility === 'public')
      .map(({ id, version }) => ({ id, version }));
  }

  partyIds(): Set<string> {
    const ids = new Set<string>();
    for (const definition of this.byRef.values()) for (const p of definition.parties) ids.add(p.id);
    return ids;
  }
}

/** What a definition says, whatever version number its file carries. */
function contentFingerprint(definition: ConventionDefinition): string {
  const { version: _version, ...content } = definition;
  return canonicalJson(content);
}
