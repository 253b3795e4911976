import { sameJson } from '../common/same-json';
import { CommitmentTerms } from './convention.context';
import { CommitmentInput } from './commitment.machine';
import { commitmentInput } from './convention.machine';
import { ConventionDefinition, ConventionRules } from './definition';
import { definitionBase } from './definition-base';
import { FIRST_RULES_VERSION } from './rules-version';

/**
 * The form a convention's machine snapshot is stored in. XState persists the whole context,
 * and most of it is the definition's text copied in: the commitments' terms (article, title,
 * text, owners…), the rules, and every commitment child's input. Amendments can change them,
 * so the machine keeps them in its context; but until one does, they are the definition's, and
 * the store keeps only what differs:
 *
 * - `context.terms` keeps the entries that are not the definition's (added, changed or
 *   superseded by an amendment); an absent key is the definition's entry;
 * - `context.rules` is absent while it is the definition's rules;
 * - a commitment child's context without `id` takes its input fields from its terms.
 *
 * A snapshot stored whole (before this form, or by another version) has every key present,
 * so it expands to itself: both forms restore. Nothing here changes what the machine decides;
 * events, hashes and replay do not depend on it.
 */

/** The parts of an XState persisted snapshot this module reads or rewrites. */
export interface PersistedChild {
  snapshot: { context: Record<string, unknown> } & Record<string, unknown>;
  [key: string]: unknown;
}
export interface Persisted {
  context: {
    terms?: Record<string, CommitmentTerms>;
    rules?: ConventionRules;
    chosenOptions?: string[];
  } & Record<string, unknown>;
  children: Record<string, PersistedChild>;
  [key: string]: unknown;
}

/** An XState persisted snapshot of a convention, reduced to what the definition does not say. */
export function compactSnapshot(definition: ConventionDefinition, persisted: unknown): unknown {
  const snapshot = persisted as Persisted;
  const terms = snapshot.context.terms ?? {};
  const children: Record<string, PersistedChild> = {};
  for (const [id, child] of Object.entries(snapshot.children)) {
    children[id] = compactChild(definition, terms[id], child);
  }
  return { ...snapshot, context: compactContext(definition, snapshot.context), children };
}

/**
 * A convention's context without the definition's terms and rules (`terms` keeps its own
 * entries; `rules` only when amended). The other keys are kept as they are, in their order.
 */
export function compactContext(
  definition: ConventionDefinition,
  snapshotContext: Persisted['context'],
): Record<string, unknown> {
  const base = definitionBase(definition, snapshotContext.chosenOptions);
  const { terms = {}, rules } = snapshotContext;
  const context: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(snapshotContext)) {
    if (key === 'rules') {
      if (rules !== base.rules) context.rules = rules;
    } else if (key === 'terms') {
      const own: Record<string, CommitmentTerms> = {};
      for (const id in terms) if (terms[id] !== base.terms[id]) own[id] = terms[id] as CommitmentTerms;
      context.terms = own;
    } else {
      context[key] = value;
    }
  }
  return context;
}

/**
 * A commitment child's persisted entry, its context without the fields `commitmentInput`
 * derives from its terms while they still match (whole otherwise).
 */
export function compactChild(
  definition: ConventionDefinition,
  childTerms: CommitmentTerms | undefined,
  child: PersistedChild,
): PersistedChild {
  const childContext = child.snapshot.context;
  const expected = childTerms && commitmentInput(childTerms, definition.timeZone);
  const matches = (field: keyof CommitmentInput) => sameJson(childContext[field], expected?.[field]);
  if (!expected || !(Object.keys(expected) as (keyof CommitmentInput)[]).every(matches)) return child;
  const own: Record<string, unknown> = {};
  for (const key in childContext) if (!(key in expected)) own[key] = childContext[key];
  return { ...child, snapshot: { ...child.snapshot, context: own } };
}

/** The XState persisted snapshot a stored one stands for (a whole one is returned as it is). */
export function expandSnapshot(definition: ConventionDefinition, stored: unknown): unknown {
  const snapshot = stored as Persisted;
  const base = definitionBase(definition, snapshot.context.chosenOptions);
  const own = snapshot.context.terms ?? {};
  const terms = (Object.keys(own).length ? { ...base.terms, ...own } : base.terms) as Record<
    string,
    CommitmentTerms
  >;
  // The machine's key order: rules just before terms.
  const context: Record<string, unknown> = {};
  // Stored before rules versions: the convention runs under version 1 (rules-version.ts).
  if (snapshot.context.rulesVersion === undefined) context.rulesVersion = FIRST_RULES_VERSION;
  for (const [key, value] of Object.entries(snapshot.context)) {
    if (key === 'rules') continue;
    if (key === 'terms') {
      context.rules = snapshot.context.rules ?? base.rules;
      context.terms = terms;
    } else {
      context[key] = value;
    }
  }
  const children: Record<string, PersistedChild> = {};
  for (const [id, child] of Object.entries(snapshot.children)) {
    const childContext = child.snapshot.context;
    const childTerms = terms[id];
    children[id] =
      'id' in childContext || !childTerms
        ? child
        : {
            ...child,
            snapshot: {
              ...child.snapshot,
              // Object.assign into a fresh input, not a spread of two objects: V8 builds
              // the spread's shape anew each time (17 µs a child, measured).
              context: Object.assign(commitmentInput(childTerms, definition.timeZone), childContext),
            },
          };
  }
  return { ...snapshot, context, children };
}
