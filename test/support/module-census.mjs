// Loaded into a server under test with `node --import` (NODE_OPTIONS): on SIGUSR2 it writes the
// CommonJS modules the process has loaded so far (the keys of require.cache), one path a line, to
// the file MODULE_CENSUS_FILE names. test/e2e/idle-modules.e2e-spec.ts reads it.
import { renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { cache } = createRequire(import.meta.url);

process.on('SIGUSR2', () => {
  const file = process.env.MODULE_CENSUS_FILE;
  // Written aside then renamed: the reader never sees half a list.
  writeFileSync(`${file}.tmp`, Object.keys(cache).join('\n'));
  renameSync(`${file}.tmp`, file);
});
