#!/usr/bin/env node
// `node scripts/folder-graph.mjs [--graph]`: which folders of src/ import each other, from the
// import lines of the non-spec files. Type-only imports (erased at build) are counted apart.
// Exits 1 when two folders import each other at run time.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve('src');
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) files.push(path);
  }
})(root);

const say = (line) => process.stdout.write(`${line}\n`);
const folderOf = (file) => relative(root, file).split('/').slice(0, -1)[0] ?? '.';
const runtime = new Set();
const typeOnly = new Set();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  for (const [, kind, path] of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'(\.[^']+)'/gms)) {
    const target = resolve(dirname(file), path);
    if (!target.startsWith(root)) continue;
    const [from, to] = [folderOf(file), folderOf(`${target}.ts`)];
    if (from !== to) (kind ? typeOnly : runtime).add(`${from} -> ${to}`);
  }
}

const edges = [...new Set([...runtime, ...typeOnly])].sort();
const twoWay = (withTypes) =>
  edges
    .map((edge) => edge.split(' -> '))
    .filter(([a, b]) => {
      const has = (x, y) => runtime.has(`${x} -> ${y}`) || (withTypes && typeOnly.has(`${x} -> ${y}`));
      return a < b && has(a, b) && has(b, a);
    })
    .map(([a, b]) => `${a} <-> ${b}`);

if (process.argv.includes('--graph')) {
  const targets = new Map();
  for (const edge of edges) {
    const [from, to] = edge.split(' -> ');
    const label = runtime.has(edge) ? to : `${to} (type only)`;
    targets.set(from, [...(targets.get(from) ?? []), label]);
  }
  for (const [from, to] of targets) say(`${from} -> ${to.join(', ')}`);
}
const cycles = twoWay(false);
say(`folders importing each other: ${cycles.join('; ') || 'none'}`);
const typed = twoWay(true).filter((pair) => !cycles.includes(pair));
if (typed.length) say(`and through type-only imports: ${typed.join('; ')}`);
process.exitCode = cycles.length ? 1 : 0;
