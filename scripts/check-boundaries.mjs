#!/usr/bin/env node
// Import boundaries between the folders of src/, checked by `npm run lint`:
// - no cycle between folders (a folder that imports another never gets imported back, even
//   through a third one);
// - the composition root (src/app) is imported by nobody but the entry points;
// - the domain core (machines, common, workflows, events) never imports the web or storage
//   frameworks, nor the folders that sit on them.
// `import type` does not count: it is how the storage layer names the domain records its tables
// implement (the dependency points at the domain, erased at build).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** Folders of the pure core, and what they must not reach. */
const PURE = ['machines', 'common', 'diagrams'];
const FRAMEWORKS =
  /^(@nestjs\/|typeorm$|typeorm\/|pg$|better-sqlite3$|fastify$|@fastify\/|graphql$|@apollo\/)/;
const IMPURE_FOLDERS = new Set(['api', 'app', 'database', 'operations', 'cli', 'notifications', 'calendar']);
/** Who may import the composition root. */
const ENTRY_POINTS = new Set(['main.ts', 'cli', 'schema', 'app']);

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) ? [path] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import(?!\s+type\s)|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The top-level folder of src/ a file belongs to ('main.ts' for files at the root). */
function folderOf(path) {
  const parts = relative(src, path).split(sep);
  return parts.length === 1 ? parts[0] : parts[0];
}

const problems = [];
const edges = new Map(); // folder -> Map(folder -> example "file -> specifier")
for (const file of files(src)) {
  const from = folderOf(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    const where = `${relative(root, file)} imports '${specifier}'`;
    if (!specifier.startsWith('.')) {
      if (PURE.includes(from) && FRAMEWORKS.test(specifier)) {
        problems.push(`src/${from} must stay free of frameworks: ${where}`);
      }
      continue;
    }
    const to = folderOf(resolve(dirname(file), specifier));
    if (to === from) continue;
    if (PURE.includes(from) && IMPURE_FOLDERS.has(to)) {
      problems.push(`src/${from} must not depend on src/${to}: ${where}`);
    }
    if (to === 'app' && !ENTRY_POINTS.has(from)) {
      problems.push(`only the entry points import the composition root (src/app): ${where}`);
    }
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, where);
  }
}

// Folder cycles: Tarjan's strongly connected components over the folder graph.
let index = 0;
const stack = [];
const state = new Map();
const components = [];
function connect(node) {
  state.set(node, { index, low: index, onStack: true });
  index += 1;
  stack.push(node);
  for (const next of edges.get(node)?.keys() ?? []) {
    if (!state.has(next)) {
      connect(next);
      state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
    } else if (state.get(next).onStack) {
      state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
    }
  }
  if (state.get(node).low === state.get(node).index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      state.get(member).onStack = false;
      component.push(member);
    } while (member !== node);
    if (component.length > 1) components.push(component);
  }
}
for (const node of edges.keys()) if (!state.has(node)) connect(node);
for (const component of components) {
  const inside = new Set(component);
  const links = component.flatMap((from) =>
    [...edges.get(from)].filter(([to]) => inside.has(to)).map(([, where]) => `    ${where}`),
  );
  problems.push(`import cycle between folders ${component.sort().join(', ')}:\n${links.join('\n')}`);
}

if (process.argv.includes('--graph')) {
  for (const [from, targets] of [...edges].sort())
    console.log(`${from} -> ${[...targets.keys()].sort().join(', ')}`);
}
if (problems.length) {
  console.error(`Import boundaries: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`Import boundaries: ${edges.size} folders, no cycle, core free of frameworks`);
