#!/usr/bin/env node
// `npm run cli -- …`: runs the built CLI, building first only when a source file changed since the
// last build made here (a stamp in dist/), so a token costs about a second instead of a rebuild.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/src/cli/main.js');
const stamp = join(root, 'dist/.cli-built');

function modified(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newest(dir) {
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    latest = Math.max(latest, item.isDirectory() ? newest(path) : modified(path));
  }
  return latest;
}

const sources = Math.max(
  newest(join(root, 'src')),
  ...['package-lock.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => modified(join(root, f))),
);
if (!modified(entry) || sources > modified(stamp)) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
  writeFileSync(stamp, '');
}
process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
await import(pathToFileURL(entry).href);
