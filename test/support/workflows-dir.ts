import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * A temporary workflows folder for a server (`WORKFLOWS_DIR`): the five seeds, plus the named
 * definitions of `test/fixtures/definitions/` (without `.yaml`). The caller removes it.
 */
export function workflowsWithFixtures(prefix: string, fixtures: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const file of readdirSync(join(ROOT, 'workflows')).filter((f) => f.endsWith('.yaml'))) {
    copyFileSync(join(ROOT, 'workflows', file), join(dir, file));
  }
  for (const fixture of fixtures) {
    copyFileSync(join(ROOT, 'test/fixtures/definitions', `${fixture}.yaml`), join(dir, `${fixture}.yaml`));
  }
  return dir;
}
