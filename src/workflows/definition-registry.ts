import { EntityManager } from 'typeorm';
import { DefinitionRow } from '../database/entities';
import { ConventionDefinition, definitionRef } from '../machines/definition';
import { DefinitionLoadError, DefinitionProblem, LoadedDefinition } from './load-definitions';

/**
 * Every definition version the store has ever run, by `id@version`. Files in `workflows/`
 * publish the current versions; older versions stay in the `definitions` table so that old
 * histories replay under the rules they were recorded with.
 */
export class DefinitionRegistry {
  private readonly byRef = new Map<string, ConventionDefinition>();
  private readonly latestById = new Map<string, ConventionDefinition>();

  /** Publishes the loaded files; refuses a file whose content changed under the same version. */
  static async publish(
    manager: EntityManager,
    loaded: LoadedDefinition[],
    publishedAt: string,
  ): Promise<DefinitionRegistry> {
    const registry = new DefinitionRegistry();
    const problems: DefinitionProblem[] = [];
    const stored = await manager.find(DefinitionRow);
    for (const row of stored) registry.add(JSON.parse(row.body) as ConventionDefinition, false);
    for (const { file, definition, contentHash } of loaded) {
      const ref = definitionRef(definition);
      const existing = stored.find((row) => row.ref === ref);
      if (existing && existing.contentHash !== contentHash) {
        problems.push({
          file,
          path: 'version',
          reason:
            `${ref} is already published with other content; raise "version" to publish a change ` +
            '(running conventions keep the version they started with)',
        });
        continue;
      }
      if (!existing) {
        await manager.insert(DefinitionRow, {
          ref,
          definitionId: definition.id,
          version: definition.version,
          contentHash,
          body: JSON.stringify(definition),
          publishedAt,
        });
      }
      registry.add(definition, true);
    }
    if (problems.length) throw new DefinitionLoadError(problems);
    return registry;
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
    return [...this.latestById.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  latest(id: string): ConventionDefinition | undefined {
    return this.latestById.get(id);
  }

  byReference(ref: string): ConventionDefinition | undefined {
    return this.byRef.get(ref);
  }

  partyIds(): Set<string> {
    const ids = new Set<string>();
    for (const definition of this.byRef.values()) for (const p of definition.parties) ids.add(p.id);
    return ids;
  }
}
