import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * A state machine as a graph: its state nodes (compound ones holding their children) and the
 * transitions that change state, read from the machine XState built from the definition. Actions
 * that keep the state (a signature recorded in a draft, a commitment confirmed) are not edges.
 */

export interface DiagramState {
  /** The state's path below the root, joined by dots: `inForce.active`. */
  id: string;
  key: string;
  parent: string | null;
  children: string[];
  /** The child entered first, for a compound state. */
  initial: string | null;
}

export interface DiagramTransition {
  from: string;
  to: string;
  /** The event that takes it; null for a transition taken as soon as its condition holds. */
  event: string | null;
  /** The named guards that must hold, for an eventless transition (they tell it apart). */
  guards: string[];
}

export interface MachineGraph {
  /** The machine's id (the XState root key). */
  name: string;
  initial: string;
  /** Depth first, in declaration order. */
  states: DiagramState[];
  transitions: DiagramTransition[];
}

/** A guard's name (`'allSigned'`) or the names an `and([...])` combines. */
function guardNames(guard: unknown): string[] {
  if (typeof guard === 'string') return [guard];
  if (typeof guard === 'object' && guard !== null && 'type' in guard && typeof guard.type === 'string') {
    return [guard.type];
  }
  const inner = (guard as { guards?: unknown[] } | undefined)?.guards;
  return Array.isArray(inner) ? inner.flatMap(guardNames) : [];
}

function pathOf(node: AnyStateNode): string {
  return node.path.join('.');
}

export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const states: DiagramState[] = [];
  const transitions: DiagramTransition[] = [];
  const seen = new Set<string>();
  const addTransition = (
    from: string,
    targets: readonly AnyStateNode[] | undefined,
    event: string | null,
    guards: string[] = [],
  ) => {
    for (const target of targets ?? []) {
      const to = pathOf(target);
      const key = `${from}\u0000${to}\u0000${event ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      transitions.push({ from, to, event, guards });
    }
  };
  const visit = (node: AnyStateNode, parent: string | null) => {
    const id = pathOf(node);
    const children = Object.values(node.states as Record<string, AnyStateNode>);
    const initialTarget = children.length ? node.initial?.target?.[0] : undefined;
    states.push({
      id,
      key: node.key,
      parent,
      children: children.map(pathOf),
      initial: initialTarget ? pathOf(initialTarget) : null,
    });
    for (const [event, list] of node.transitions) {
      for (const transition of list) addTransition(id, transition.target, event);
    }
    for (const transition of node.always ?? []) {
      addTransition(id, transition.target, null, guardNames(transition.guard));
    }
    for (const child of children) visit(child, id);
  };
  const roots = Object.values(machine.root.states as Record<string, AnyStateNode>);
  for (const node of roots) visit(node, null);
  const initial = machine.root.initial?.target?.[0];
  return {
    name: machine.root.key,
    initial: initial ? pathOf(initial) : (states[0]?.id ?? ''),
    states,
    transitions,
  };
}

/** The innermost state a snapshot value names: `{ inForce: 'active' }` → `inForce.active`. */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, inner] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    if (key === undefined) return '';
    const rest = statePath(inner);
    return rest ? `${key}.${rest}` : key;
  }
  return '';
}
