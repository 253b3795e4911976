import { Actor as XActor, createActor, Snapshot } from 'xstate';
import { ConventionMachineInput } from './convention.context';
import { ConventionMachine } from './convention.machine';
import { definitionBase, DefinitionBase } from './definition-base';
import { ConventionDefinition } from './definition';

/**
 * Starting a convention's machine, which a replay does first for every convention it verifies.
 *
 * XState builds a new machine's first snapshot by running its initial step: for the convention,
 * then for each commitment it spawns as a child actor (12 on average), each with its context
 * assigned, its initial state entered and its eventless transitions looked for. Restoring the
 * same snapshot skips those steps and costs about half as much. Every convention of one
 * definition version, rules version and choice of options starts in the same state with the
 * same commitments: its snapshot differs from another's only by its CONVENTION_CREATED payload,
 * copied first into its context. So the first start of each kind is kept in XState's persisted
 * form (a template) and the next ones restore it with their own payload: the same actors, a
 * convention with its commitments as child actors, and the same snapshot, key for key and in
 * the same order (convention-start.spec.ts, for every definition, rules version and option).
 *
 * A template is used only when it holds: a payload with fields other than a CONVENTION_CREATED
 * payload's, or whose options are not a list of names, starts as XState starts it; and a kind of
 * convention whose start depends on its payload beyond copying it (two starts with different
 * payloads compared, once) is never templated.
 */

type ConventionActor = XActor<ConventionMachine>;

/** What a CONVENTION_CREATED payload and the rules version put in the context, first. */
const INPUT_KEYS: ReadonlySet<string> = new Set([
  'conventionId',
  'title',
  'createdAt',
  'agreedEffectiveOn',
  'chosenOptions',
  'rulesVersion',
] satisfies (keyof ConventionMachineInput)[]);

interface PersistedChild {
  snapshot: { context: Record<string, unknown> } & Record<string, unknown>;
  [key: string]: unknown;
}

/** An object of a template, and those of its keys whose values each start creates anew. */
interface Part {
  values: Record<string, unknown>;
  fresh: string[];
}

interface Template {
  /** The persisted snapshot's own fields (status, value, history…) but its context and children. */
  snapshot: Record<string, unknown>;
  /** The context's entries after the payload's, in their order. */
  tail: Part;
  /** Each commitment's persisted snapshot, and its context. */
  children: [string, PersistedChild, Part][];
}

/** 400 days, an hour, a minute, a second and a millisecond. */
const PROBE_SHIFT_MS = 400 * 86_400_000 + 3_661_001;

/** Per machine (a definition version under a rules version), per base (its choice of options). */
const templates = new WeakMap<ConventionMachine, Map<DefinitionBase, Template | null>>();

/** XState's own start: the initial step of the convention and of each commitment. */
export function startAfresh(machine: ConventionMachine, input: ConventionMachineInput): ConventionActor {
  return createActor(machine, { input }).start();
}

/** Starts a convention: from its kind's template when there is one, afresh otherwise. */
export function startMachine(
  machine: ConventionMachine,
  definition: ConventionDefinition,
  input: ConventionMachineInput,
): ConventionActor {
  if (!templatable(input)) return startAfresh(machine, input);
  const base = definitionBase(definition, input.chosenOptions);
  let kinds = templates.get(machine);
  if (!kinds) {
    kinds = new Map();
    templates.set(machine, kinds);
  }
  const template = kinds.get(base);
  if (template) {
    return createActor(machine, {
      snapshot: fromTemplate(template, input) as Snapshot<unknown>,
      input,
    }).start();
  }
  if (template === undefined) kinds.set(base, templateOf(machine, input));
  return startAfresh(machine, input);
}

/** A payload of a CONVENTION_CREATED event's fields only, its options a list of names. */
function templatable(input: ConventionMachineInput): boolean {
  for (const key of Object.keys(input)) if (!INPUT_KEYS.has(key)) return false;
  const options: unknown = input.chosenOptions;
  return options === undefined || (Array.isArray(options) && options.every((o) => typeof o === 'string'));
}

/**
 * The template of a kind of convention, from a start of its own (no live actor shares its
 * objects), or null when the kind cannot have one: a start that fails, or one that a start with
 * another payload (every field changed) does not reproduce.
 */
function templateOf(machine: ConventionMachine, input: ConventionMachineInput): Template | null {
  const actor = startAfresh(machine, input);
  if (actor.getSnapshot().status !== 'active') return null;
  const template = split(actor.getPersistedSnapshot());
  // Every field changed: first and last characters, length, and each part of the instant.
  const created = Date.parse(input.createdAt);
  const probe: ConventionMachineInput = {
    ...input,
    conventionId: `~${input.conventionId}~`,
    title: `~${input.title}~`,
    createdAt: Number.isFinite(created)
      ? new Date(created + PROBE_SHIFT_MS).toISOString()
      : '1999-12-31T23:59:59.999Z',
    agreedEffectiveOn: input.agreedEffectiveOn === null ? '1999-12-31' : null,
  };
  const other = split(startAfresh(machine, probe).getPersistedSnapshot());
  return JSON.stringify(other) === JSON.stringify(template) ? template : null;
}

function split(persisted: unknown): Template {
  const { context, children, ...snapshot } = persisted as {
    context: Record<string, unknown>;
    children: Record<string, PersistedChild>;
  };
  return {
    snapshot,
    tail: partOf(Object.fromEntries(Object.entries(context).filter(([key]) => !INPUT_KEYS.has(key)))),
    children: Object.entries(children).map(([id, child]) => [id, child, partOf(child.snapshot.context)]),
  };
}

/**
 * The values a start creates anew, and which a template must therefore copy for each: the
 * empty lists and the map of commitments. What is frozen (the definition's terms and rules,
 * shared by every convention of the definition, `definition-base.ts`) and what is not an object
 * are shared as a start shares them.
 */
function partOf(values: Record<string, unknown>): Part {
  const fresh = Object.keys(values).filter((key) => {
    const value = values[key];
    return value !== null && typeof value === 'object' && !Object.isFrozen(value);
  });
  return { values, fresh };
}

/** `part`'s values (after those of `into`, in order), its fresh ones copied. */
function copyOf(part: Part, into: Record<string, unknown>): Record<string, unknown> {
  // Object.assign, not a spread: these objects have as many shapes as there are definitions.
  const copy = Object.assign(into, part.values);
  for (const key of part.fresh) {
    const value = copy[key] as object;
    copy[key] = Array.isArray(value) ? value.slice() : Object.assign({}, value);
  }
  return copy;
}

/** The persisted snapshot a convention with `input` would have just started afresh. */
function fromTemplate(template: Template, input: ConventionMachineInput): unknown {
  // The payload first, in its own order, as the machine's `context` spreads it.
  const context = copyOf(template.tail, { ...input });
  const children: Record<string, PersistedChild> = {};
  for (const [id, child, part] of template.children) {
    children[id] = { ...child, snapshot: { ...child.snapshot, context: copyOf(part, {}) } };
  }
  return { ...template.snapshot, context, children };
}
