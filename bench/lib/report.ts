import { readFileSync, writeFileSync } from 'node:fs';
import { CatchUpResult } from './catch-up';
import { HeavyQueryResult } from './heavy-query';
import { LoadResult } from './load';
import { MemoryPhase, memoryRows } from './memory';
import { PeerResult } from './peer';
import { WritePath } from './write-path';
import { SeedRound } from './seed';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started and when it ended (other work on the machine). */
  loadAverage: { atStart: number; atEnd: number };
}

export interface ReadScale {
  conventions: number;
  commitments: number;
  commitmentsQuery: LoadResult;
  conventionQuery: LoadResult;
}

export interface ReplayResult {
  /** Conventions done within the time budget, of `ofConventions`. */
  conventions: number;
  ofConventions: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Mean time of one call. */
  msPerCall: number;
  invalid: number;
  /** Server main-thread CPU per call, in ms (verifyHistory; absent in results of earlier days). */
  serverCpuMsPerCall?: number;
}

/**
 * Server CPU of one verifyHistory call of a 5-event convention (issue 17: ≤ 1 ms): measured on
 * such conventions when the run has them; results of earlier days bring the mean call to 5 events.
 */
export function cpuPerFiveEventCall(r: Pick<BenchResults, 'verify' | 'verifyFive'>): number {
  if (r.verifyFive?.serverCpuMsPerCall !== undefined && r.verifyFive.conventions > 0) {
    return r.verifyFive.serverCpuMsPerCall;
  }
  const perCall = r.verify.serverCpuMsPerCall ?? NaN;
  const eventsPerCall = r.verify.events / r.verify.conventions;
  // Scaled up when the calls averaged fewer events (fixed costs dominate: this overstates).
  return eventsPerCall < 5 ? (perCall * 5) / eventsPerCall : perCall;
}

export interface Target {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}

export interface BenchResults {
  date: string;
  mode: 'full' | 'quick';
  command: string;
  /** The commit measured (`+` when the working tree had changes). */
  commit: string;
  machine: Machine;
  store: { conventions: number; commitments: number; events: number; fileMB: number };
  seeding: SeedRound & {
    concurrency: number;
    conventionsPerSecond: number;
    commitmentsPerSecond: number;
    mutationsPerSecond: number;
  };
  ceiling: LoadResult;
  transitions: LoadResult;
  /** Where the transitions waited, from the server's /metrics (absent before 2026-12-05's second run). */
  transitionsWritePath?: WritePath;
  peer: PeerResult;
  /**
   * `small` just after seeding it; `large` at the end of seeding, and (since 2026-12-07) in blocks
   * alternated with `alongside`: a copy of the store taken at the small size, on a server of its own.
   */
  reads: { small: ReadScale; large: ReadScale; alongside?: ReadScale };
  verify: ReplayResult;
  /**
   * verifyHistory again, over the conventions the first pass found with 5 events, in the order it
   * met them (absent in results before 2026-12-05, whose target was the first pass brought to 5 events).
   */
  verifyFive?: ReplayResult;
  replay: ReplayResult;
  /** `conventio export` then `conventio verify` (seconds of the verify process, start included). */
  offline: {
    events: number;
    seconds: number;
    exportSeconds: number;
    eventsPerSecond: number;
    valid: boolean;
  };
  /** Years of deadlines fired at once by advanceClock, with `{ me }` asked meanwhile. */
  catchUp: CatchUpResult;
  memory: {
    /** Just after start (tokens issued). */
    idleMB: number;
    /** After `idleSettleSeconds` without a request (absent from results written before 2026-12-06). */
    idleSettledMB?: number;
    idleSettleSeconds?: number;
    afterSeedingMB: number;
    rssMB: number;
    peakRssMB: number;
    afterVerifyRssMB: number;
    /** process.memoryUsage() of the server by phase (absent from results written before 2026-12-03). */
    phases?: MemoryPhase[];
  };
  /** The most expensive query the default limits accept, and the alias bomb they refuse (heavy-query.ts). */
  heavyQuery: HeavyQueryResult;
  /** On the large store; and, for comparison, the very first start on an empty file. */
  startup: { listeningMs: number; firstQueryMs: number; emptyStoreListeningMs: number };
  targets: Target[];
  runSeconds: number;
}

const fmt = (value: number, digits = 1) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';

/**
 * The write path of a transition load in one line. The load is a closed loop (each connection sends
 * its next request when answered), so its mean latency is connections / req/s whatever the phases:
 * they say where that time is spent, not what sets it.
 */
function writePathLine(w: WritePath, load: LoadResult): string {
  return (
    `${fmt(w.queuedMs, 2)} ms queued for the writer, ${fmt(w.transactionMs, 2)} ms in its group's transaction ` +
    `(${fmt(w.groupSize)} writes a commit), ${fmt(w.durableMs, 2)} ms from COMMIT until its log flush is seen; ` +
    `the rest of the mean ${fmt(load.mean, 2)} ms (= ${load.connections} connections / ${fmt(load.rps, 0)} req/s) ` +
    `is reading, parsing and answering. GC ${fmt(w.gcMsPerWrite, 2)} ms per write; ` +
    `event-loop lag p50 ${fmt(w.eventLoopLagP50Ms)} ms, p99 ${fmt(w.eventLoopLagP99Ms)} ms` +
    (w.liveActorHits === undefined
      ? ''
      : `; machines kept in memory ${fmt(w.liveActorHits * 100, 1)} %, the rest restored from their snapshot`)
  );
}

/** Issue 17's targets of the write path (SQLite): CPU and rate against the ceiling, p99, the peer. */
function transitionTargets(r: Omit<BenchResults, 'targets' | 'runSeconds'>): Target[] {
  const ratio = r.transitions.rps / r.ceiling.rps;
  const peerRatio = r.transitions.rps / r.peer.signalsPerSecond;
  const cpu = r.transitions.serverCpuMsPerRequest ?? NaN;
  const ceilingCpu = r.ceiling.serverCpuMsPerRequest ?? NaN;
  const cpuRatio = cpu / ceilingCpu;
  return [
    {
      name: `main-thread CPU per transition / the ceiling's (${fmt(cpu, 2)} / ${fmt(ceilingCpu, 2)} ms)`,
      value: cpuRatio,
      unit: '×',
      target: '≤ 3',
      pass: cpuRatio <= 3,
    },
    { name: 'transitions/s / ceiling req/s', value: ratio, unit: '×', target: '≥ 0.3', pass: ratio >= 0.3 },
    {
      name: `transition p99 at ${r.transitions.connections} connections`,
      value: r.transitions.p99,
      unit: 'ms',
      target: '≤ 50',
      pass: r.transitions.p99 <= 50,
    },
    {
      name: 'transitions over HTTP / peer in-process signals',
      value: peerRatio,
      unit: '×',
      target: '≥ 3',
      pass: peerRatio >= 3,
    },
  ];
}

export function targetsOf(r: Omit<BenchResults, 'targets' | 'runSeconds'>): Target[] {
  const { large } = r.reads;
  // The flatness compares the two sizes read in one window when the run did (results before 2026-12-07: minutes apart).
  const small = r.reads.alongside ?? r.reads.small;
  const apart = r.reads.alongside ? ', alternated in one window' : '';
  const at = `at ${fmt(large.commitments, 0)} commitments`;
  // Results written before 2026-12-06 have only the reading just after start.
  const idleMB = r.memory.idleSettledMB ?? r.memory.idleMB;
  return [
    ...transitionTargets(r),
    ...(['commitmentsQuery', 'conventionQuery'] as const).flatMap((q) => {
      const label = q === 'commitmentsQuery' ? 'commitments(partyId, IN_EFFECT, 50)' : 'convention(id)';
      const growth = large[q].p50 / small[q].p50;
      return [
        {
          name: `${label} p99 ${at}`,
          value: large[q].p99,
          unit: 'ms',
          target: '≤ 20',
          pass: large[q].p99 <= 20,
        },
        {
          name: `${label} p50 ${at} / p50 at ${fmt(small.commitments, 0)}${apart}`,
          value: growth,
          unit: '×',
          target: '≤ 1.5',
          pass: growth <= 1.5,
        },
      ];
    }),
    {
      name: 'verifyHistory events/s',
      value: r.verify.eventsPerSecond,
      unit: 'events/s',
      target: '≥ 50,000',
      pass: r.verify.eventsPerSecond >= 50_000,
    },
    {
      name: 'replay alone (conventionAt) events/s',
      value: r.replay.eventsPerSecond,
      unit: 'events/s',
      target: '≥ 50,000',
      pass: r.replay.eventsPerSecond >= 50_000,
    },
    {
      name: 'verifyHistory server main-thread CPU per call of a 5-event convention (issue 17)',
      value: cpuPerFiveEventCall(r),
      unit: 'ms',
      target: '≤ 1',
      pass: cpuPerFiveEventCall(r) <= 1,
    },
    {
      name: 'offline verifier (bulk, no HTTP, process start included) events/s (issue 17)',
      value: r.offline.eventsPerSecond,
      unit: 'events/s',
      target: '≥ 25,000',
      pass: r.offline.eventsPerSecond >= 25_000,
    },
    {
      name: 'longest `{ me }` wait during a catch-up of years of deadlines',
      value: r.catchUp.meMax,
      unit: 'ms',
      target: '≤ 100',
      pass: r.catchUp.meMax <= 100,
    },
    {
      name:
        r.memory.idleSettledMB === undefined
          ? 'server RSS idle after start'
          : `server RSS idle (${r.memory.idleSettleSeconds} s without a request)`,
      value: idleMB,
      unit: 'MB',
      target: '≤ 120',
      pass: idleMB <= 120,
    },
    {
      name: `server RSS at the end of the run ${at}`,
      value: r.memory.afterVerifyRssMB,
      unit: 'MB',
      target: '≤ 250',
      pass: r.memory.afterVerifyRssMB <= 250,
    },
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(rows[0]!),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

function loadRow(name: string, l: LoadResult): string[] {
  return [
    name,
    `${l.connections}`,
    fmt(l.requests, 0),
    fmt(l.rps, 0),
    fmt(l.p50, 2),
    fmt(l.p99, 2),
    l.serverCpuMsPerRequest === undefined ? 'n/a' : fmt(l.serverCpuMsPerRequest, 2),
    fmt(l.failed, 0),
  ];
}

/** The figures as Markdown tables (printed, and put in the README). */
export function renderTables(r: BenchResults): string {
  const { small, large, alongside } = r.reads;
  const alternated = alongside ? ', alternated with its copy at ' + fmt(alongside.commitments, 0) : '';
  const load = table([
    [
      'load (over HTTP, autocannon)',
      'connections',
      'requests',
      'req/s',
      'p50 ms',
      'p99 ms',
      'server main-thread CPU ms/request',
      'failed',
    ],
    loadRow('ceiling: `{ me { id } }`', r.ceiling),
    loadRow('transitions: `markCommitmentDone`, each a distinct commitment', r.transitions),
    ...(
      [
        ['commitments(partyId, IN_EFFECT, 50)', 'commitmentsQuery'],
        ['convention(id) + commitments + allowedActions', 'conventionQuery'],
      ] as const
    ).flatMap(([label, q]) => [
      loadRow(`${label} at ${fmt(small.commitments, 0)}`, small[q]),
      ...(alongside
        ? [
            loadRow(
              `${label} at ${fmt(alongside.commitments, 0)}: the store's copy, alternated with ${fmt(large.commitments, 0)}`,
              alongside[q],
            ),
          ]
        : []),
      loadRow(`${label} at ${fmt(large.commitments, 0)}${alternated}`, large[q]),
    ]),
    loadRow(
      'heaviest accepted query: 46 conventions + commitments + allowedActions (cost 9,937)',
      r.heavyQuery.accepted,
    ),
    loadRow(
      'alias bomb (1,000 × a page of 100), refused while parsed: every request failed',
      r.heavyQuery.refused,
    ),
  ]);
  const other = table([
    ['measure', 'figure'],
    [
      'seeding through the API',
      `${fmt(r.seeding.conventions, 0)} conventions, ${fmt(r.seeding.commitments, 0)} commitments, ` +
        `${fmt(r.seeding.mutations, 0)} mutations in ${fmt(r.seeding.seconds)} s (concurrency ${r.seeding.concurrency}): ` +
        `${fmt(r.seeding.conventionsPerSecond)} conventions/s, ${fmt(r.seeding.commitmentsPerSecond, 0)} commitments/s, ` +
        `${fmt(r.seeding.mutationsPerSecond, 0)} mutations/s`,
    ],
    [
      'server main-thread CPU per request, transition / ceiling',
      r.transitions.serverCpuMsPerRequest !== undefined && r.ceiling.serverCpuMsPerRequest !== undefined
        ? `${fmt(r.transitions.serverCpuMsPerRequest / r.ceiling.serverCpuMsPerRequest, 1)} × ` +
          `(what the req/s ratio would be if CPU were the only limit: ` +
          `${fmt(r.ceiling.serverCpuMsPerRequest / r.transitions.serverCpuMsPerRequest, 2)})`
        : 'n/a',
    ],
    [
      'where a transition waits (SQLite writer, means per write)',
      r.transitionsWritePath ? writePathLine(r.transitionsWritePath, r.transitions) : 'n/a',
    ],
    [
      'store',
      `${fmt(r.store.conventions, 0)} conventions, ${fmt(r.store.commitments, 0)} commitments, ` +
        `${fmt(r.store.events, 0)} events, ${fmt(r.store.fileMB)} MB on disk`,
    ],
    [
      'peer: bpmn-engine in-process',
      `${fmt(r.peer.signalsPerSecond, 0)} signals/s (signal + getState + JSON.stringify; ` +
        `${fmt((100 * r.peer.signalOnlySeconds) / r.peer.signalSeconds, 0)} % in signal), ` +
        `${fmt(r.peer.signals, 0)} signals over ${fmt(r.peer.instances, 0)} instances, ` +
        `${fmt(r.peer.stateBytes / 1000)} kB per saved state`,
    ],
    [
      'verifyHistory, one call after the other',
      `${fmt(r.verify.events, 0)} events of ${fmt(r.verify.conventions, 0)} conventions (of ${fmt(r.verify.ofConventions, 0)}) in ${fmt(r.verify.seconds, 2)} s: ` +
        `${fmt(r.verify.eventsPerSecond, 0)} events/s (${fmt(r.verify.msPerCall, 2)} ms per call, ` +
        `${fmt(r.verify.serverCpuMsPerCall ?? NaN, 2)} ms of server main-thread CPU per call of ${fmt(r.verify.events / r.verify.conventions, 1)} events), ${r.verify.invalid} invalid`,
    ],
    ...(r.verifyFive
      ? [
          [
            'verifyHistory of the 5-event conventions, again',
            `${fmt(r.verifyFive.conventions, 0)} calls (of ${fmt(r.verifyFive.ofConventions, 0)}) in ${fmt(r.verifyFive.seconds, 2)} s: ` +
              `${fmt(r.verifyFive.serverCpuMsPerCall ?? NaN, 3)} ms of server main-thread CPU per call, ${r.verifyFive.invalid} invalid`,
          ] as [string, string],
        ]
      : []),
    [
      'replay alone: conventionAt(now), one call after the other',
      `${fmt(r.replay.events, 0)} events of ${fmt(r.replay.conventions, 0)} conventions (of ${fmt(r.replay.ofConventions, 0)}) in ${fmt(r.replay.seconds, 2)} s: ` +
        `${fmt(r.replay.eventsPerSecond, 0)} events/s (${fmt(r.replay.msPerCall, 2)} ms per call)`,
    ],
    [
      'offline verifier: `conventio verify` of a full export (CLI)',
      `${fmt(r.offline.events, 0)} events in ${fmt(r.offline.seconds, 1)} s, process start included: ` +
        `${fmt(r.offline.eventsPerSecond, 0)} events/s, ${r.offline.valid ? 'VALID' : 'INVALID'} ` +
        `(export written in ${fmt(r.offline.exportSeconds, 1)} s)`,
    ],
    [
      'catch-up: advanceClock over years of deadlines (manual clock)',
      `${fmt(r.catchUp.years, 0)} years of ${fmt(r.catchUp.conventions, 0)} conventions: ${fmt(r.catchUp.fired, 0)} deadlines in ` +
        `${fmt(r.catchUp.seconds, 1)} s (${fmt(r.catchUp.firedPerSecond, 0)}/s, at most 8 per transaction); ` +
        `meanwhile \`{ me }\` p50 ${fmt(r.catchUp.meP50, 2)} ms, p99 ${fmt(r.catchUp.meP99, 2)} ms, worst ${fmt(r.catchUp.meMax, 1)} ms ` +
        `over ${fmt(r.catchUp.meCalls, 0)} calls (idle just before: p99 ${fmt(r.catchUp.idleP99, 2)} ms, worst ${fmt(r.catchUp.idleMax, 1)} ms)`,
    ],
    [
      'server memory',
      `RSS ${fmt(r.memory.rssMB)} MB after seeding and the read load (peak over the run ${fmt(r.memory.peakRssMB)} MB); ` +
        `${fmt(r.memory.idleMB)} MB idle after start` +
        (r.memory.idleSettledMB === undefined
          ? ', '
          : ` and ${fmt(r.memory.idleSettledMB)} MB after ${r.memory.idleSettleSeconds} s without a request, `) +
        `${fmt(r.memory.afterSeedingMB)} MB after seeding, ` +
        `${fmt(r.memory.afterVerifyRssMB)} MB after verifying every history`,
    ],
    [
      'server memory under the heaviest accepted query',
      `RSS ${fmt(r.heavyQuery.rssBeforeMB)} MB before, ${fmt(r.heavyQuery.rssAfterMB)} MB after ` +
        `(${fmt(r.heavyQuery.rssAfterMB - r.heavyQuery.rssBeforeMB)} MB growth; peak since start ${fmt(r.heavyQuery.peakRssMB)} MB)`,
    ],
    [
      `start-up on the ${fmt(r.store.commitments, 0)}-commitment store`,
      `${fmt(r.startup.firstQueryMs, 0)} ms from spawn to the first successful query ` +
        `(${fmt(r.startup.listeningMs, 0)} ms to listening; ${fmt(r.startup.emptyStoreListeningMs, 0)} ms on the empty store)`,
    ],
  ]);
  const memory = r.memory.phases ? `${table(memoryRows(r.memory.phases))}\n\n` : '';
  const targets = table([
    ['target', 'measured', 'target', ''],
    ...r.targets.map((t) => [t.name, `${fmt(t.value, 2)} ${t.unit}`, t.target, t.pass ? 'pass' : 'MISS']),
  ]);
  return `${load}\n\n${other}\n\n${memory}${targets}`;
}

/** Replaces (or adds, before "## Development") the README's "## Performance" section. */
export function refreshReadme(path: string, r: BenchResults, resultsFile: string): void {
  const m = r.machine;
  const section = `## Performance

Measured by \`npm run bench\` on ${r.date.slice(0, 10)} (commit ${r.commit}): ${m.cpus} CPUs (\`nproc\`,
${m.cpuModel}), ${fmt(m.memoryGiB)} GiB of memory, Node.js ${m.node}, ${m.platform}; the whole run took ${fmt(r.runSeconds, 0)} s, with a 1-minute
load average of ${fmt(m.loadAverage.atStart, 1)} at its start and ${fmt(m.loadAverage.atEnd, 1)} at its end. The built server runs as
its own process with the settings of \`npm start\` (WAL, the log flushed before each answer, system clock) on a
fresh SQLite file, seeded through the API; autocannon drives it from the benchmark process. The
machine is shared and noisy: compare the ratios, measured side by side in one run, rather than
the absolute figures. Raw figures: [\`${resultsFile}\`](${resultsFile}); what each line measures:
[\`bench/README.md\`](bench/README.md).

${renderTables(r)}

Rerun: \`npm run bench\` (5 to 10 minutes on 2 cores; writes \`bench/results/<date>.json\` and this section),
\`npm run bench -- --quick\` (a smoke run under a minute; writes neither),
\`npm run bench -- --profile\` (seeds, then profiles the server with \`--cpu-prof\` under the transition load,
the read loads, \`verifyHistory\` and \`conventionAt\`, and prints where its time goes),
\`npm run bench:machine\` (the machine layer alone, in-process) and \`npm run bench:floors\` (what XState
and SQLite cost alone, with none of our code). Why the targets marked MISS are out of reach on this stack, with
the measurements that show it: [\`bench/README.md\`, "Floors"](bench/README.md#floors-2026-12-02-what-the-stack-costs-before-our-code).
`;
  const readme = readFileSync(path, 'utf8');
  const start = readme.indexOf('\n## Performance\n');
  let next: string;
  if (start >= 0) {
    const end = readme.indexOf('\n## ', start + 1);
    next = readme.slice(0, start + 1) + section + (end >= 0 ? readme.slice(end) : '');
  } else {
    const before = readme.indexOf('\n## Development\n');
    next =
      before >= 0
        ? `${readme.slice(0, before + 1)}${section}\n${readme.slice(before + 1)}`
        : `${readme.trimEnd()}\n\n${section}`;
  }
  writeFileSync(path, next);
}
