import dagre from '@dagrejs/dagre';
import { stateLabel, transitionLabel } from './labels';
import { DiagramState, MachineGraph } from './machine-graph';

export type DiagramFormat = 'MERMAID' | 'SCXML' | 'SVG';

export interface DiagramOptions {
  /** What the diagram is of, for its title: the convention's or the definition's title. */
  title: string;
  /** The state to highlight (its path, `inForce.active`), if any. */
  current?: string | null;
}

export function renderDiagram(graph: MachineGraph, format: DiagramFormat, options: DiagramOptions): string {
  switch (format) {
    case 'MERMAID':
      return mermaid(graph, options);
    case 'SCXML':
      return scxml(graph, options);
    case 'SVG':
      return svg(graph, options);
  }
}

function byId(graph: MachineGraph): Map<string, DiagramState> {
  return new Map(graph.states.map((s) => [s.id, s]));
}

// ---------------------------------------------------------------------------------------------
// Mermaid (stateDiagram-v2)

function mermaidId(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Mermaid ends a transition label at a newline and reads `;` and `#` specially. */
function mermaidText(text: string): string {
  return text.replace(/[\n;#:]/g, ' ');
}

function mermaid(graph: MachineGraph, { title, current }: DiagramOptions): string {
  const states = byId(graph);
  const lines = ['---', `title: ${JSON.stringify(title)}`, '---', 'stateDiagram-v2'];
  const declare = (state: DiagramState, indent: string) => {
    lines.push(`${indent}state "${mermaidText(stateLabel(state.key))}" as ${mermaidId(state.id)}`);
    if (!state.children.length) return;
    lines.push(`${indent}state ${mermaidId(state.id)} {`);
    if (state.initial) lines.push(`${indent}  [*] --> ${mermaidId(state.initial)}`);
    for (const child of state.children) declare(states.get(child)!, `${indent}  `);
    lines.push(`${indent}}`);
  };
  lines.push(`  [*] --> ${mermaidId(graph.initial)}`);
  for (const state of graph.states.filter((s) => s.parent === null)) declare(state, '  ');
  for (const t of graph.transitions) {
    lines.push(`  ${mermaidId(t.from)} --> ${mermaidId(t.to)} : ${mermaidText(transitionLabel(t))}`);
  }
  if (current && states.has(current)) {
    lines.push('  classDef current fill:#000091,color:#ffffff,font-weight:bold,stroke:#000091');
    lines.push(`  class ${mermaidId(current)} current`);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// SCXML (W3C State Chart XML)

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A comment may not hold `--`. */
function xmlComment(text: string): string {
  return `<!-- ${text.replace(/-{2,}/g, '-')} -->`;
}

function scxml(graph: MachineGraph, { title, current }: DiagramOptions): string {
  const states = byId(graph);
  const highlighted = current && states.has(current) ? current : null;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // The current state, when there is one, is where the chart starts: reading it resumes there.
    `<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" name="${xml(graph.name)}" initial="${xml(highlighted ?? graph.initial)}">`,
    `  ${xmlComment(title)}`,
  ];
  if (highlighted)
    lines.push(
      `  ${xmlComment(`current state: ${highlighted} (${stateLabel(states.get(highlighted)!.key)})`)}`,
    );
  const write = (state: DiagramState, indent: string) => {
    const initial = state.initial ? ` initial="${xml(state.initial)}"` : '';
    lines.push(`${indent}<state id="${xml(state.id)}"${initial}>`);
    lines.push(`${indent}  ${xmlComment(stateLabel(state.key))}`);
    for (const t of graph.transitions.filter((tr) => tr.from === state.id)) {
      const event = t.event === null ? '' : ` event="${xml(t.event)}"`;
      lines.push(`${indent}  <transition${event} target="${xml(t.to)}"/>`);
    }
    for (const child of state.children) write(states.get(child)!, `${indent}  `);
    lines.push(`${indent}</state>`);
  };
  for (const state of graph.states.filter((s) => s.parent === null)) write(state, '  ');
  lines.push('</scxml>');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// SVG, laid out by dagre

const FONT_SIZE = 13;
/** No text measuring on the server: a generous average width per character of the sans font. */
const CHAR_WIDTH = 7.2;
const NODE_HEIGHT = 36;
const EDGE_FONT_SIZE = 11;
const EDGE_CHAR_WIDTH = 6.1;

interface Point {
  x: number;
  y: number;
}

function textWidth(text: string, charWidth: number): number {
  return Math.ceil(text.length * charWidth);
}

function round(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** The atomic state an edge into `id` arrives at: a compound state is entered at its initial child. */
function entered(states: Map<string, DiagramState>, id: string): string {
  let state = states.get(id)!;
  while (state.initial) state = states.get(state.initial)!;
  return state.id;
}

/** A short id safe in XML ids, unique per machine: several diagrams may share a page. */
function idPrefix(name: string): string {
  return `diagram-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

interface Layout {
  width: number;
  height: number;
  boxes: Map<string, { x: number; y: number; width: number; height: number }>;
  edges: { points: Point[]; label: string; x?: number; y?: number }[];
}

/** Laying out takes about 100 ms; a graph (one per definition version) is laid out once. */
const layouts = new WeakMap<MachineGraph, Layout>();

function layoutOf(graph: MachineGraph): Layout {
  const cached = layouts.get(graph);
  if (cached) return cached;
  const states = byId(graph);
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 48, edgesep: 16, marginx: 16, marginy: 16 });
  for (const state of graph.states) {
    const label = stateLabel(state.key);
    if (state.children.length) g.setNode(state.id, { label });
    else g.setNode(state.id, { label, width: textWidth(label, CHAR_WIDTH) + 28, height: NODE_HEIGHT });
    if (state.parent) g.setParent(state.id, state.parent);
  }
  // Dagre lays out edges between leaves only: a transition a compound state declares (it holds
  // in each of its children) leaves from an unseen point inside the compound's frame.
  const anchors = new Set<string>();
  graph.transitions.forEach((t, index) => {
    let from = t.from;
    if (states.get(from)!.children.length) {
      from = `${t.from}#from`;
      if (!anchors.has(from)) {
        anchors.add(from);
        g.setNode(from, { width: 1, height: 1 });
        g.setParent(from, t.from);
      }
    }
    const label = transitionLabel(t);
    g.setEdge(
      from,
      entered(states, t.to),
      { label, width: textWidth(label, EDGE_CHAR_WIDTH), height: EDGE_FONT_SIZE + 4, labelpos: 'c' },
      String(index),
    );
  });
  dagre.layout(g);
  const size = g.graph();
  const layout: Layout = {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    boxes: new Map(
      graph.states.map((state) => {
        const node = g.node(state.id);
        return [state.id, { x: node.x, y: node.y, width: node.width, height: node.height }];
      }),
    ),
    edges: g.edges().map((edge) => {
      const { points, label, x, y } = g.edge(edge) as {
        points: Point[];
        label: string;
        x?: number;
        y?: number;
      };
      return { points, label, x, y };
    }),
  };
  layouts.set(graph, layout);
  return layout;
}

function svg(graph: MachineGraph, { title, current }: DiagramOptions): string {
  const states = byId(graph);
  const highlighted = current && states.has(current) ? current : null;
  const { width, height, boxes, edges } = layoutOf(graph);
  const prefix = idPrefix(graph.name);
  const currentLabel = highlighted ? stateLabel(states.get(highlighted)!.key) : null;
  const description = [
    `${graph.states.filter((s) => !s.children.length).length} états et ${graph.transitions.length} transitions.`,
    currentLabel ? `État actuel : ${currentLabel}.` : null,
  ]
    .filter(Boolean)
    .join(' ');
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${prefix}-title ${prefix}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Marianne, Arial, sans-serif">`,
    `<title id="${prefix}-title">${xml(`Cycle de vie : ${title}`)}</title>`,
    `<desc id="${prefix}-desc">${xml(description)}</desc>`,
    '<defs>',
    `<marker id="${prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#3a3a3a"/></marker>`,
    '<style>',
    '.cluster rect{fill:#f6f6f6;stroke:#929292;stroke-dasharray:4 3}',
    '.state rect{fill:#ffffff;stroke:#3a3a3a;stroke-width:1.2}',
    '.state text,.cluster text{fill:#161616}',
    '.state.current rect{fill:#000091;stroke:#000091;stroke-width:3}',
    '.state.current text{fill:#ffffff;font-weight:bold}',
    '.transition path{fill:none;stroke:#3a3a3a;stroke-width:1.1}',
    '.transition text{fill:#3a3a3a}',
    '</style>',
    '</defs>',
  ];
  for (const state of graph.states.filter((s) => s.children.length)) {
    const node = boxes.get(state.id)!;
    const x = node.x - node.width / 2;
    const y = node.y - node.height / 2;
    out.push(
      `<g class="cluster" data-state="${xml(state.id)}"><rect x="${round(x)}" y="${round(y)}" width="${round(node.width)}" height="${round(node.height)}" rx="8"/>` +
        `<text x="${round(x + 8)}" y="${round(y + FONT_SIZE + 2)}" font-size="${FONT_SIZE}" font-weight="bold">${xml(stateLabel(state.key))}</text></g>`,
    );
  }
  for (const label of edges) {
    const points = label.points;
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' ');
    const text =
      label.x === undefined || label.y === undefined
        ? ''
        : `<text x="${round(label.x)}" y="${round(label.y + EDGE_FONT_SIZE / 3)}" font-size="${EDGE_FONT_SIZE}" text-anchor="middle">${xml(label.label)}</text>`;
    out.push(`<g class="transition"><path d="${d}" marker-end="url(#${prefix}-arrow)"/>${text}</g>`);
  }
  for (const state of graph.states.filter((s) => !s.children.length)) {
    const node = boxes.get(state.id)!;
    const isCurrent = state.id === highlighted;
    const x = node.x - node.width / 2;
    const y = node.y - node.height / 2;
    out.push(
      `<g class="state${isCurrent ? ' current' : ''}" data-state="${xml(state.id)}"${isCurrent ? ' aria-current="true"' : ''}>` +
        `<rect x="${round(x)}" y="${round(y)}" width="${round(node.width)}" height="${round(node.height)}" rx="18"/>` +
        `<text x="${round(node.x)}" y="${round(node.y + FONT_SIZE / 3)}" font-size="${FONT_SIZE}" text-anchor="middle">${xml(stateLabel(state.key))}</text></g>`,
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
