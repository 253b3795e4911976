import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  GOLDEN_KEY_PATH,
  GOLDEN_RULES_VERSION,
  GoldenProjection,
  goldenPaths,
  parseExport,
  projectExport,
  RecordedRefusal,
  recordHistory,
  refusalCodeAfter,
  SEEDS,
} from '../../test/golden/generate-golden';
import { MACHINE_VERSION } from '../machines/convention.machine';
import { describeProblem, verifyExport } from './offline-verifier';

/**
 * Golden histories (test/fixtures/golden/, see its README): exported multi-year lives of the
 * five seed conventions. Like a workflow engine's replay tests, they fail when a change to
 * the machines would change the outcome of a history already stored: an event refused, a
 * different status, term, amendment or commitment state, a command now accepted that was
 * refused. Regenerate them only for an intended change (`npm run golden:generate`).
 */

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

// The committed test-only key: the export must be signed by it, not merely by its own key.
const publicKeyPem = createPublicKey(createPrivateKey(readFileSync(GOLDEN_KEY_PATH)))
  .export({ format: 'pem', type: 'spki' })
  .toString();

describe.each(SEEDS)('golden history %s', (seed) => {
  const paths = goldenPaths(seed);
  const parsed = parseExport(readFileSync(paths.export, 'utf8'));
  const lookup = (ref: string) => parsed.definitions.get(ref);

  it('was recorded under rules v1, which this build still decides as v1 did', () => {
    // Each convention keeps the rules version it was created with (rules-version.ts): these v1
    // histories must replay unchanged under every later MACHINE_VERSION (or regenerate, and say why).
    const recorded = [...new Set(parsed.events.map((e) => e.machineVersion))];
    expect({ header: parsed.header.machineVersion, events: recorded }).toEqual({
      header: GOLDEN_RULES_VERSION,
      events: [GOLDEN_RULES_VERSION],
    });
    expect(GOLDEN_RULES_VERSION).toBeLessThan(MACHINE_VERSION);
  });

  it('is accepted by the offline verifier, checkpoints signed by the golden key', async () => {
    const report = await verifyExport(paths.export, { publicKeyPem });
    expect(report.problem && describeProblem(report.problem)).toBeNull();
    expect(report).toMatchObject({
      ok: true,
      conventions: 1,
      events: parsed.events.length,
      trustedKey: 'given',
    });
    expect(report.checkpoints).toBeGreaterThanOrEqual(3);
  });

  it('replays through today’s machines to exactly the recorded outcome', () => {
    const expected = readJson<GoldenProjection>(paths.expected);
    const replayed = projectExport(parsed);
    // The path first: the first event whose outcome moved is the clearest failure.
    expect(replayed.trail).toEqual(expected.trail);
    expect(replayed).toEqual(expected);
  });

  it('still refuses, with the same code, every command refused when it was recorded', () => {
    const refusals = readJson<RecordedRefusal[]>(paths.refusals);
    expect(refusals.length).toBeGreaterThanOrEqual(3);
    for (const refusal of refusals) {
      const code = refusalCodeAfter(parsed.events, lookup, refusal);
      expect({ after: refusal.afterVersion, type: refusal.type, why: refusal.why, code }).toEqual({
        after: refusal.afterVersion,
        type: refusal.type,
        why: refusal.why,
        code: refusal.code,
      });
    }
  });
});

describe('golden history generator', () => {
  // One seed keeps this under a couple of seconds; `npm run golden:generate -- --check`
  // re-records all five and compares every file byte for byte.
  it('records seed 004 again byte for byte: fixed clock, ids and key', async () => {
    const paths = goldenPaths('004');
    const history = await recordHistory('004');
    expect(history.exportText).toBe(readFileSync(paths.export, 'utf8'));
    expect(history.refusals).toEqual(readJson(paths.refusals));
    expect(history.storedProjection).toEqual(readJson(paths.expected));
  }, 30_000);
});
