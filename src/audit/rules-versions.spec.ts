import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goldenPaths } from '../../test/golden/generate-golden';
import { MACHINE_VERSION } from '../machines/rules-version';
import { describeProblem, verifyExport } from './offline-verifier';

/**
 * The offline verifier replays every rules version from 1 to its own, each stream under the
 * version of its first event; it refuses a stream that mixes versions and a version it does not
 * know. (The golden histories, all v1, verify under this v2 verifier: golden-histories.spec.ts.)
 */
const golden = readFileSync(goldenPaths('004').export, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'conventio-rules-versions-'));

/** The golden export with `machineVersion` rewritten on the events `pick` selects. */
function withVersions(name: string, pick: (version: number) => number | null): string {
  const lines = golden.split('\n').map((line) => {
    if (!line.trim()) return line;
    const record = JSON.parse(line) as { type: string; version?: number; machineVersion?: number };
    if (record.type !== 'event') return line;
    const rewritten = pick(record.version as number);
    return rewritten === null ? line : JSON.stringify({ ...record, machineVersion: rewritten });
  });
  const path = join(dir, `${name}.ndjson`);
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe('offline verifier and rules versions', () => {
  it('verifies a v1 history (the golden export of seed 004) under machine version 4', async () => {
    expect(MACHINE_VERSION).toBe(4);
    const report = await verifyExport(goldenPaths('004').export);
    expect(report.problem && describeProblem(report.problem)).toBeNull();
  });

  it('refuses a stream that mixes versions, at the first event of another version', async () => {
    const report = await verifyExport(withVersions('mixed', (version) => (version === 5 ? 2 : null)));

    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({
      version: 5,
      reason: 'recorded under machine version 2, its stream was created under 1',
    });
  });

  it('refuses a version above its own', async () => {
    const report = await verifyExport(withVersions('future', () => MACHINE_VERSION + 1));

    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({
      version: 1,
      reason: `recorded under machine version ${MACHINE_VERSION + 1}, this verifier runs 1 to ${MACHINE_VERSION}`,
    });
  });
});
