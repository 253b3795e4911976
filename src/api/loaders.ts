import DataLoader from 'dataloader';
import { DeadlineRow } from '../database/entities';
import { Runtime } from '../app/runtime';
import { Actor } from '../machines/actor';
import { allowedActions, AllowedActions, restoreConvention } from '../machines/convention.engine';
import { commitmentFromRow, conventionFromRow } from './mapping';
import { Commitment, Convention } from './models';
import { Loaders } from './request-context';

/** Batch loaders for one request: one SQL statement per kind of nested read. */
export function createLoaders(runtime: Runtime, actor: Actor | null): Loaders {
  const { conventionRepository: repo, db, conventions } = runtime;
  const convention = new DataLoader<string, Convention | null>(async (ids) => {
    const rows = await repo.findConventions(db.read, ids);
    const byId = new Map(
      rows.map((row) => [
        row.id,
        conventionFromRow(conventions.definitionOf(row), row, runtime.clock.nowIso()),
      ]),
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
        c && !(c instanceof Error)
          ? [[c.id, runtime.registry.byReference(`${c.workflowId}@${c.workflowVersion}`)!]]
          : [],
      ),
    );
    const grouped = new Map<string, Commitment[]>(conventionIds.map((id) => [id, []]));
    for (const row of rows) {
      grouped
        .get(row.conventionId)
        ?.push(commitmentFromRow(definitions.get(row.conventionId)!, row, runtime.clock.nowIso()));
    }
    return conventionIds.map((id) => grouped.get(id) ?? []);
  });
  const allowed = new DataLoader<string, AllowedActions | null>(async (ids) => {
    const now = runtime.clock.nowIso();
    const loaded = await convention.loadMany(ids);
    return loaded.map((c) => (c && !(c instanceof Error) ? allowedActionsOf(runtime, c, actor, now) : null));
  });
  const upcomingDeadlines = new DataLoader<string, DeadlineRow[]>(async (ids) => {
    const rows = await runtime.deadlineRepository.pendingOf(db.read, ids);
    return ids.map((id) => rows.filter((row) => row.conventionId === id));
  });
  return { convention, commitmentsOf, allowedActions: allowed, upcomingDeadlines };
}

/** What `actor` may do on `convention` now, from its stored snapshot through the machine's guards. */
export function allowedActionsOf(
  runtime: Runtime,
  convention: Convention,
  actor: Actor | null,
  now: string,
): AllowedActions | null {
  if (!convention.snapshot || !actor) return null;
  const definition = runtime.registry.byReference(`${convention.workflowId}@${convention.workflowVersion}`)!;
  const machine = restoreConvention(definition, JSON.parse(convention.snapshot));
  const result = allowedActions(definition, machine.getSnapshot(), actor, now);
  machine.stop();
  return result;
}
