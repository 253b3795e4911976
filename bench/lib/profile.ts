import { readFileSync } from 'node:fs';

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: ProfileLine[];
  /** Self time by package (node_modules/<name>), our code (src/…), node internals, GC, idle. */
  areas: ProfileLine[];
}

function area(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle';
  if (name === '(program)' || !url) return name.startsWith('(') ? name : 'native / (program)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/dist\/(src\/[^/]+)/.exec(url);
  if (ours) return `conventio ${ours[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

/** The monotonic clock V8 stamps profiles with (CLOCK_MONOTONIC, in microseconds). */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Self time per function and per area of a `--cpu-prof` profile, counting only the samples
 * taken between `from` and `to` (monotonicMicros() of this process: the same clock as the
 * server's), so that start-up and shutdown stay out of the figures.
 */
export function summariseProfile(path: string, from = 0, to = Infinity, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const functions = new Map<string, ProfileLine>();
  const areas = new Map<string, ProfileLine>();
  let total = 0;
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    const ms = micros / 1000;
    total += ms;
    const file = frame.url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|dist)\//, '$1/');
    const where = file ? `${file}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}|${where}`;
    const line = functions.get(key) ?? {
      name: frame.functionName || '(anonymous)',
      where,
      selfMs: 0,
      percent: 0,
    };
    line.selfMs += ms;
    functions.set(key, line);
    const a = area(frame.url, frame.functionName);
    const areaLine = areas.get(a) ?? { name: a, where: '', selfMs: 0, percent: 0 };
    areaLine.selfMs += ms;
    areas.set(a, areaLine);
  }
  const ranked = (lines: Iterable<ProfileLine>) =>
    [...lines]
      .map((l) => ({ ...l, percent: (100 * l.selfMs) / total }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return { totalMs: total, functions: ranked(functions.values()), areas: ranked(areas.values()) };
}

/**
 * The parts of a request, each a test on one frame (function name and file). A sample counts for
 * the part of its innermost frame that matches one of ours (the first list: our code, and the
 * statements it runs), so XState's frames under `apply` count as the machine step and a statement
 * run by the projection as a statement; only a sample with none of ours on its stack counts for
 * the innermost library (the second list: HTTP, Apollo, GraphQL…).
 */
type Test = (name: string, url: string) => boolean;

const PARTS: [string, Test][] = [
  ['GC', (name) => name === '(garbage collector)'],
  ['idle', (name) => name === '(idle)'],
  [
    'SQLite statements (sql(), query runner, better-sqlite3)',
    (_, url) => /src\/database\/sqlite-statements|BetterSqlite3QueryRunner|better-sqlite3/.test(url),
  ],
  [
    'PostgreSQL statements (sql(), node-postgres, query runner)',
    (_, url) =>
      /src\/database\/postgres-statements|PostgresQueryRunner|node_modules\/(pg|pg-protocol|pg-pool)\//.test(
        url,
      ),
  ],
  ['TypeORM query builder, find, metadata', (_, url) => /node_modules\/typeorm\//.test(url)],
  ['hashing (event hash, token hash)', (name) => name === 'storedEventHash' || name === 'sha256Hex'],
  [
    'machine restore (live-cache miss)',
    (name, url) =>
      (name === 'restoreConvention' && /convention\.engine/.test(url)) ||
      (name === 'keepRestoredEntries' && /stored-snapshot-json/.test(url)),
  ],
  ['live-actor cache', (_, url) => /src\/conventions\/live-actors/.test(url)],
  // Its JSON text included since it is written from the children's kept entries (storedSnapshotJson);
  // before, the projection stringified the snapshot (the projection's part).
  [
    'persisted snapshot (persist, storedSnapshotJson)',
    (name, url) =>
      (name === 'persist' && /convention\.engine/.test(url)) ||
      /src\/machines\/stored-snapshot-json/.test(url) ||
      (/^compact(Snapshot|Context|Child)$/.test(name) && /src\/machines\/stored-snapshot/.test(url)),
  ],
  ['machine step: guards, XState (apply)', (name, url) => name === 'apply' && /convention\.engine/.test(url)],
  ['views (conventionView, commitmentViews)', (_, url) => /src\/machines\/convention\.view/.test(url)],
  ['deadlines: plan and sync', (_, url) => /src\/machines\/deadlines|src\/scheduler\//.test(url)],
  ['notifier: notices, reminders, webhooks, outbox', (_, url) => /src\/notifications\//.test(url)],
  ['change feed (LISTEN/NOTIFY, live updates)', (_, url) => /src\/changes\//.test(url)],
  [
    'projection (rows, JSON of views and snapshot)',
    (_, url) => /src\/conventions\/convention-projection/.test(url),
  ],
  ['event staging and append', (_, url) => /src\/events\/|src\/conventions\/event-recorder/.test(url)],
  ['writer: lock, load, idempotency, answer', (_, url) => /src\/conventions\//.test(url)],
  ['machines: guards, actions, definitions', (_, url) => /src\/machines\//.test(url)],
  ['reader: the answer (payload)', (_, url) => /src\/api\/read\//.test(url)],
  [
    'auth: bearer token lookup',
    (_, url) => /src\/auth\/|src\/api\/(auth\.guard|token-authentication)/.test(url),
  ],
  ['query-cost gate', (_, url) => /src\/api\/limits\//.test(url)],
  ['request log, rate limit, metrics', (_, url) => /src\/operations\/|src\/common\/metrics/.test(url)],
  ['our API layer, other (resolvers, errors, context)', (_, url) => /dist\/src\//.test(url)],
];

/** The part of our Fastify hooks (operations/): the request log, the rate limit, the metrics, the headers. */
const HOOKS = 'request log, rate limit, metrics';

/**
 * Frames of the frameworks a hook hands the request back to. A hook's `done()` runs the rest of
 * the request inside the hook's frame (the onSend hook's `done` writes the answer to the socket,
 * an onRequest hook's `done` reaches the route): a sample under one of these frames below a hook
 * is the framework's (or ours again, deeper down), not the hook's.
 * What a hook calls itself (a header set, pino, the rate limiter) stays the hook's.
 */
const FRAMEWORK = /node_modules\/(fastify|@apollo|@as-integrations|@nestjs|graphql)\//;

const LIBRARIES: [string, Test][] = [
  ['XState (outside our calls)', (_, url) => /xstate|raise-/.test(url)],
  ['GraphQL: parse, validate, execute', (_, url) => /node_modules\/graphql\//.test(url)],
  ['Apollo Server', (_, url) => /@apollo\/|@as-integrations/.test(url)],
  ['Nest', (_, url) => /@nestjs\//.test(url)],
  [
    'Fastify, HTTP, sockets',
    (_, url) => /fastify|node:_http|node:net|node:internal\/(stream|http)/.test(url),
  ],
];

/**
 * Self time of the samples between `from` and `to`, by part of a request (PARTS; the rest is
 * "other": node internals, native, JSON). Milliseconds of samples, largest first.
 */
export function requestParts(path: string, from = 0, to = Infinity): { part: string; ms: number }[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const memo = (list: [string, Test][], hooksCutByFrameworks: boolean) => {
    const known = new Map<number, string | null>();
    const find = (id: number): string | null => {
      if (known.has(id)) return known.get(id)!;
      const { functionName, url } = byId.get(id)!.callFrame;
      const up = parent.get(id);
      const inherited = () => {
        const part = up === undefined ? null : find(up);
        return hooksCutByFrameworks && part === HOOKS && FRAMEWORK.test(url) ? null : part;
      };
      const part = list.find(([, test]) => test(functionName, url))?.[0] ?? inherited();
      known.set(id, part);
      return part;
    };
    return find;
  };
  const ours = memo(PARTS, true);
  const library = memo(LIBRARIES, false);
  const resolve = (id: number) => ours(id) ?? library(id) ?? 'other (node internals, native, JSON)';
  const ms = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from || at > to) return;
    const part = resolve(id);
    ms.set(part, (ms.get(part) ?? 0) + delta / 1000);
  });
  return [...ms].map(([part, value]) => ({ part, ms: value })).sort((a, b) => b.ms - a.ms);
}

/**
 * Where a request's main-thread time goes, by part (PARTS): each part's share of the non-idle
 * samples between `from` and `to`, and that share of the main-thread CPU per request measured from
 * /proc (samples count wall time, which other work on the machine stretches; CPU time does not).
 */
export function printRequestParts(file: string, window: [number, number], cpuMs: number, what: string): void {
  const parts = requestParts(file, ...window).filter((p) => p.part !== 'idle');
  const busy = parts.reduce((sum, p) => sum + p.ms, 0);
  console.log(
    `\n== ${what}, by part: share of the busy samples, and that share of ${cpuMs.toFixed(2)} ms of main-thread CPU`,
  );
  for (const { part, ms } of parts) {
    const share = ms / busy;
    console.log(`  ${(100 * share).toFixed(1).padStart(5)} %  ${(share * cpuMs).toFixed(3)} ms  ${part}`);
  }
}
