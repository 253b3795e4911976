import { AnyActorRef } from 'xstate';
import { CommitmentTerms } from './convention.context';
import { ConventionActor, restoreConvention } from './convention.engine';
import { ConventionDefinition } from './definition';
import { compactChild, compactContext, Persisted, PersistedChild } from './stored-snapshot';

/**
 * The stored snapshot of a live convention as JSON text: the same text as
 * `JSON.stringify(compactSnapshot(definition, actor.getPersistedSnapshot()))`, written without
 * persisting, compacting and stringifying again the commitment children that did not change.
 *
 * A transition changes one or two of a convention's commitments, but XState persists every
 * child at each call, and the whole text was then compacted and stringified: 90–380 µs of CPU
 * a write at 4–18 commitments on a slow night, against 30–85 µs written this way (`npm run
 * bench:machine`, bench/README.md). A child's entry depends only on its snapshot (XState replaces the object
 * whenever the child changes), on its terms (replaced by an amendment) and on the definition it
 * runs under (fixed for an actor). So each child's entry is kept beside its actor while those
 * two objects stay the same; a restore for writing keeps the stored ones (`keepRestoredEntries`).
 *
 * The convention's own part is persisted as XState's `getPersistedSnapshot` does (its fields
 * but the runtime ones, the actor references of its context replaced by their ids, its history
 * reduced to state ids), after the definition's terms and rules are left out. `children` comes
 * last in XState's persisted snapshot, so its text is appended at the end. This mirrors
 * XState 5's persisting: `stored-snapshot-json.spec.ts` checks that the text equals the one
 * written in full after every event of the golden histories and of the seeds under the current
 * rules, on live and restored actors, so an upgrade that changes it fails there.
 */
export function storedSnapshotJson(definition: ConventionDefinition, actor: AnyActorRef): string {
  const {
    _nodes: _n,
    tags: _t,
    machine: _m,
    children,
    context,
    can: _c,
    hasTag: _h,
    matches: _ma,
    getMeta: _g,
    toJSON: _j,
    ...jsonValues
  } = actor.getSnapshot() as MachineSnapshotFields;
  const head = JSON.stringify({
    ...jsonValues,
    context: persistContext(compactContext(definition, context)),
    historyValue: serializeHistoryValue(jsonValues.historyValue),
  });
  const terms = context.terms ?? {};
  let entries = '';
  for (const id in children) {
    const child = children[id] as ChildActor;
    const entry = childEntry(definition, child, terms[id]);
    entries += `${entries ? ',' : ''}${JSON.stringify(id)}:${entry}`;
  }
  return `${head.slice(0, -1)},"children":{${entries}}}`;
}

/** The fields of an XState machine snapshot that `storedSnapshotJson` reads or leaves out. */
interface MachineSnapshotFields {
  context: Persisted['context'];
  children: Record<string, AnyActorRef>;
  historyValue: unknown;
  [key: string]: unknown;
}

/** What XState's persisting reads of a child actor beyond the public interface. */
type ChildActor = AnyActorRef & { systemId?: string; _syncSnapshot?: unknown };

/**
 * A child's entry as stored, kept while its snapshot and terms are the objects it was written
 * from: its text, or, as a restore read it, the entry itself (stringified when first written).
 */
interface KeptEntry {
  snapshot: unknown;
  terms: CommitmentTerms | undefined;
  json: string | null;
  stored: unknown;
}

const keptEntries = new WeakMap<AnyActorRef, KeptEntry>();

function childEntry(
  definition: ConventionDefinition,
  child: ChildActor,
  terms: CommitmentTerms | undefined,
): string {
  const snapshot: unknown = child.getSnapshot();
  const kept = keptEntries.get(child);
  if (kept && kept.snapshot === snapshot && kept.terms === terms) {
    return (kept.json ??= JSON.stringify(kept.stored));
  }
  if (typeof child.src !== 'string') throw new Error('An inline child actor cannot be persisted.');
  const persisted = {
    snapshot: child.getPersistedSnapshot(),
    src: child.src,
    systemId: child.systemId,
    syncSnapshot: child._syncSnapshot,
  } as unknown as PersistedChild;
  const json = JSON.stringify(compactChild(definition, terms, persisted));
  keptEntries.set(child, { snapshot, terms, json, stored: null });
  return json;
}

/**
 * A convention restored from its stored snapshot (parsed) to be written: its children keep their
 * stored entries, so the write persists again only what its event changes.
 */
export function restoreForWriting(definition: ConventionDefinition, stored: unknown): ConventionActor {
  const actor = restoreConvention(definition, stored);
  keepRestoredEntries(actor, stored);
  return actor;
}

/**
 * After a restore, keeps each child's entry as the stored snapshot had it, so that the next
 * write persists again only the children its event changed. Only entries in the compact form
 * (a child context without `id`, `compactChild`'s output) are kept: a child stored whole by an
 * earlier build is persisted afresh, in today's form. `restored` is the actor restored from
 * `stored`; its children are the stored ones, under the same ids, and its terms are those the
 * stored entries were compacted against (the stored context's, expanded).
 */
export function keepRestoredEntries(restored: AnyActorRef, stored: unknown): void {
  const { children, context } = restored.getSnapshot() as MachineSnapshotFields;
  const storedChildren = (stored as Persisted).children;
  const terms = context.terms ?? {};
  for (const id in storedChildren) {
    const entry = storedChildren[id]!;
    const child = children[id];
    if (!child || 'id' in entry.snapshot.context) continue;
    keptEntries.set(child, { snapshot: child.getSnapshot(), terms: terms[id], json: null, stored: entry });
  }
}

/** XState's own (5.x, `persistContext`): the actor references in a context, by their ids. */
function persistContext(part: Record<string, unknown> | unknown[]): unknown {
  let copy: Record<string, unknown> | unknown[] | undefined;
  for (const key in part) {
    const value = (part as Record<string, unknown>)[key];
    if (!value || typeof value !== 'object') continue;
    let result: unknown;
    if ('sessionId' in value && 'send' in value && 'ref' in value) {
      result = { xstate$$type: ACTOR_TYPE, id: (value as unknown as { id: string }).id };
    } else {
      result = persistContext(value as Record<string, unknown>);
      if (result === value) continue;
    }
    copy ??= Array.isArray(part) ? part.slice() : { ...part };
    (copy as Record<string, unknown>)[key] = result;
  }
  return copy ?? part;
}

/** XState's marker of a persisted actor reference (`$$ACTOR_TYPE`). */
const ACTOR_TYPE = 1;

/** XState's own (5.x, `serializeHistoryValue`): each history entry reduced to its state's id. */
function serializeHistoryValue(historyValue: unknown): Record<string, { id: string }[]> {
  const result: Record<string, { id: string }[]> = {};
  if (typeof historyValue !== 'object' || historyValue === null) return result;
  for (const [key, value] of Object.entries(historyValue as Record<string, unknown>)) {
    if (Array.isArray(value)) result[key] = value.map((item: { id: string }) => ({ id: item.id }));
  }
  return result;
}
