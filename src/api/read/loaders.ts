import DataLoader from 'dataloader';
import { DeadlineRecord } from '../../conventions/deadline-record';
import { Actor } from '../../machines/actor';
import { mayRead, readableOf } from '../../conventions/read-access';
import { allowedActions, AllowedActions, restoreConvention } from '../../machines/convention.engine';
import { ConventionDefinition } from '../../machines/definition';
import { DefinitionRegistry } from '../../workflows/definition-registry';
import { commitmentFromRow, conventionFromRow } from '../mapping';
import { Commitment } from '../commitments/commitment.model';
import { Convention } from '../conventions/convention.model';
import { Loaders } from '../request-context';
import { definitionOf, ReadSources } from './read-sources';

/** The definition version a GraphQL convention was read with. */
export function definitionOfConvention(
  registry: DefinitionRegistry,
  convention: Convention,
): ConventionDefinition {
  return definitionOf(registry, {
    definitionId: convention.workflowId,
    definitionVersion: convention.workflowVersion,
  });
}

/**
 * Batch loaders for one request: one SQL statement per kind of nested read. A convention the
 * actor may not read loads as null, as an unknown one does, and so do its commitments, deadlines
 * and allowed actions, which all go through it.
 */
export function createLoaders(sources: ReadSources, actor: Actor | null): Loaders {
  const { conventions: repo, deadlines, db, registry, clock } = sources;
  const convention = new DataLoader<string, Convention | null>(async (ids) => {
    const rows = await repo.findConventions(db.read, ids);
    const byId = new Map(
      rows.flatMap((row) => {
        const definition = definitionOf(registry, row);
        if (!mayRead(actor, readableOf(definition))) return [];
        return [[row.id, conventionFromRow(definition, row, clock.nowIso())] as const];
      }),
    );
    return ids.map((id) => byId.get(id) ?? null);
  });
  const commitmentsOf = new DataLoader<string, Commitment[]>(async (conventionIds) => {
    const [rows, owners] = await Promise.all([
      repo.commitmentsOf(db.read, conventionIds),
      convention.loadMany(conventionIds),
    ]);
    const definitions = new Map(
      owners.flatMap((c) =>
        c && !(c instanceof Error) ? [[c.id, definitionOfConvention(registry, c)] as const] : [],
      ),
    );
    const grouped = new Map<string, Commitment[]>(conventionIds.map((id) => [id, []]));
    for (const row of rows) {
      const definition = definitions.get(row.conventionId);
      if (!definition) continue;
      grouped.get(row.conventionId)?.push(commitmentFromRow(definition, row, clock.nowIso()));
    }
    return conventionIds.map((id) => grouped.get(id) ?? []);
  });
  const allowed = new DataLoader<string, AllowedActions | null>(async (ids) => {
    const now = clock.nowIso();
    const loaded = await convention.loadMany(ids);
    return loaded.map((c) => (c && !(c instanceof Error) ? allowedActionsOf(registry, c, actor, now) : null));
  });
  const upcomingDeadlines = new DataLoader<string, DeadlineRecord[]>(async (ids) => {
    const readable = (await convention.loadMany(ids)).flatMap((c) =>
      c && !(c instanceof Error) ? [c.id] : [],
    );
    const rows = await deadlines.pendingOf(db.read, readable);
    return ids.map((id) => rows.filter((row) => row.conventionId === id));
  });
  return { convention, commitmentsOf, allowedActions: allowed, upcomingDeadlines };
}

/** What `actor` may do on `convention` now, from its stored snapshot through the machine's guards. */
export function allowedActionsOf(
  registry: DefinitionRegistry,
  convention: Convention,
  actor: Actor | null,
  now: string,
): AllowedActions | null {
  if (!convention.snapshot || !actor) return null;
  const definition = definitionOfConvention(registry, convention);
  const machine = restoreConvention(definition, JSON.parse(convention.snapshot));
  const result = allowedActions(definition, machine.getSnapshot(), actor, now);
  machine.stop();
  return result;
}
