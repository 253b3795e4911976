import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../src/common/canonical-json';
import { GENESIS_HASH, storedEventHash } from '../../src/events/event-hash';
import { fromExportedEvent } from '../../src/audit/export-format';
import { goldenPaths, SEEDS } from '../golden/generate-golden';
import { CLI, ROOT } from '../support/conventio-process';
import { ExportedEvent, ExportRecord } from '../support/tampering-world';

/**
 * The offline verifier replays a large export's conventions on worker threads. Whatever thread
 * finishes first, its report must be the one reading in order gives: the same verdict, the same
 * problem (the first one in the file), the same counts, the same output and exit code of the
 * CLI. The export is made of copies of the golden histories under new convention ids (their
 * hash chains recomputed), 3,000-odd events, so that batches go to both threads.
 */

type Verifier = typeof import('../../src/audit/offline-verifier');

// The compiled verifier: its threads load the compiled replay-worker.js beside it.
const compiled = (): Promise<Verifier> =>
  import(join(ROOT, 'dist/src/audit/offline-verifier.js')) as Promise<Verifier>;

const dir = mkdtempSync(join(tmpdir(), 'conventio-verify-threads-'));
const records = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ExportRecord);
const goldens = SEEDS.map((seed) => records(readFileSync(goldenPaths(seed).export, 'utf8')));

/** A golden history under a new convention id, its chain recomputed. */
function copyOf(events: ExportedEvent[]): ExportedEvent[] {
  const streamId = randomUUID();
  let prevHash = GENESIS_HASH;
  return events.map((event) => {
    const payload =
      event.version === 1
        ? canonicalJson({ ...(JSON.parse(event.payload) as object), conventionId: streamId })
        : event.payload;
    const copy: ExportedEvent = { ...event, streamId, payload, prevHash, hash: '' };
    copy.hash = storedEventHash(prevHash, fromExportedEvent(copy));
    prevHash = copy.hash;
    return copy;
  });
}

function largeExport(copies: number): ExportRecord[] {
  const events = Array.from({ length: copies }, (_, i) =>
    copyOf(goldens[i % goldens.length]!.filter((r): r is ExportedEvent => r.type === 'event')),
  )
    .flat()
    .map((event, index) => ({ ...event, sequence: index + 1 }));
  const first = goldens[0]!;
  return [
    { ...first[0]!, logSize: events.length },
    first.find((r) => r.type === 'publicKey')!,
    ...goldens.flatMap((g) => g.filter((r) => r.type === 'definition')),
    ...events,
    { type: 'end', events: events.length },
  ];
}

function write(name: string, lines: ExportRecord[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return path;
}

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const base = largeExport(200);
const eventIndexes = base.flatMap((r, i) => (r.type === 'event' ? [i] : []));

/** The export with the event at `nth` (among events) changed by `edit`. */
function edited(name: string, edits: [nth: number, edit: (e: ExportedEvent) => ExportRecord][]): string {
  const lines = [...base];
  for (const [nth, edit] of edits) {
    const at = eventIndexes[nth]!;
    lines[at] = edit(lines[at] as ExportedEvent);
  }
  return write(name, lines);
}

/** The event's payload changed and the chain after it recomputed: only the machine can object. */
function refusedByMachine(nth: number): [number, (e: ExportedEvent) => ExportRecord][] {
  const event = base[eventIndexes[nth]!] as ExportedEvent;
  const stream = eventIndexes
    .map((i) => base[i] as ExportedEvent)
    .filter((e) => e.streamId === event.streamId && e.version >= event.version);
  let prevHash = event.prevHash;
  return stream.map((e) => {
    const changed: ExportedEvent = { ...e, prevHash, hash: '' };
    if (e.version === event.version) changed.eventType = 'TERM_ENDED';
    changed.hash = storedEventHash(prevHash, fromExportedEvent(changed));
    prevHash = changed.hash;
    return [eventIndexes.indexOf(base.indexOf(e)), () => changed];
  });
}

const badHash = (e: ExportedEvent): ExportRecord => ({ ...e, hash: 'f'.repeat(64) });

describe('The offline verifier on worker threads reports what one thread reports', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const late = eventIndexes.length - 40;
  const cases: [string, () => string, RegExp | null][] = [
    ['an intact export', () => write('intact.ndjson', base), null],
    [
      'a hash broken in a convention near the end',
      () => edited('late.ndjson', [[late, badHash]]),
      /hash does not match/,
    ],
    [
      'two broken conventions: the first in the file is named, though it is in a later batch',
      () =>
        edited('two.ndjson', [
          [late, badHash],
          [1500, badHash],
        ]),
      /hash does not match/,
    ],
    [
      'an event the machine refuses, its chain recomputed',
      () => edited('refused.ndjson', refusedByMachine(2000)),
      /refused by the machine/,
    ],
    [
      'a line that is not JSON after a broken convention',
      () =>
        edited('line-after.ndjson', [
          [900, badHash],
          [2500, () => ({ type: 'bogus' })],
        ]),
      /hash does not match/,
    ],
    [
      'a line that is not JSON before a broken convention',
      () =>
        edited('line-before.ndjson', [
          [2500, badHash],
          [900, () => ({ type: 'bogus' })],
        ]),
      /unknown record type bogus/,
    ],
    [
      'the last convention broken',
      () => edited('last.ndjson', [[eventIndexes.length - 1, badHash]]),
      /hash does not match/,
    ],
  ];

  it('has a large enough export for both threads', () => {
    expect(eventIndexes.length).toBeGreaterThan(3000);
  });

  it.each(cases)(
    '%s: the same report with 0, 1 and 2 threads',
    async (_name, make, reason) => {
      const { verifyExport } = await compiled();
      const path = make();
      const inOrder = await verifyExport(path, { threads: 0 });
      expect(inOrder.ok).toBe(reason === null);
      if (reason) expect(inOrder.problem?.reason).toMatch(reason);
      for (const threads of [1, 2]) {
        expect(await verifyExport(path, { threads })).toEqual(inOrder);
      }
    },
    90_000,
  );

  it('names the problem a worker thread found, with the counts read up to it', async () => {
    const { verifyExport } = await compiled();
    const path = edited('named.ndjson', [[late, badHash]]);
    const event = base[eventIndexes[late]!] as ExportedEvent;
    const report = await verifyExport(path, { threads: 2 });
    expect(report.ok).toBe(false);
    expect(report.problem).toEqual({
      conventionId: event.streamId,
      version: event.version,
      reason: 'hash does not match the event content',
    });
    // The conventions before it replayed; it is named as the next convention's first event is read.
    const events = eventIndexes.map((i) => base[i] as ExportedEvent);
    expect(report.conventions).toBe(new Set(events.slice(0, late + 1).map((e) => e.streamId)).size - 1);
    expect(report.events).toBe(events.findIndex((e, i) => i > late && e.streamId !== event.streamId) + 1);
  });

  it('prints the same and exits with the same code from the CLI', async () => {
    for (const name of ['intact.ndjson', 'two.ndjson', 'line-before.ndjson']) {
      const path = join(dir, name);
      const inOrder = await cli('verify', path, '--threads', '0');
      expect(await cli('verify', path, '--threads', '2')).toEqual(inOrder);
      expect(inOrder.code).toBe(name === 'intact.ndjson' ? 0 : 2);
    }
    // By default a 3,000-event export goes to the threads.
    const auto = await cli('verify', join(dir, 'intact.ndjson'));
    expect(auto.stdout).toMatch(/conventions replayed: 200, events: \d+, all hash chains and guards hold/);
    expect(auto.stdout).toMatch(/VALID\s*$/);
  }, 120_000);
});
