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
