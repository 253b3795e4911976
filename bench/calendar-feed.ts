/**
 * What a calendar feed costs: `npm run bench:calendar [-- --conventions 1000]`. Seeds HALDE–AMF
 * conventions through the API (created and signed, on the system clock), creates the AMF's feed
 * with the CLI, then fetches it one request after the other: after a change to one of the
 * party's conventions (the feed is rendered), unchanged (the rendered text is kept), and for a
 * client that already has it (If-None-Match → 304). Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GraphQLClient, percentile, pool } from './lib/client';
import { cli, createToken, ServerProcess } from './lib/server';

const CREATE = 'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id } } }';
const MARK =
  'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c }) { commitment { status } } }';
const SIGN = 'mutation($c: ID!) { signConvention(input: { conventionId: $c }) { convention { status } } }';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

async function timed(url: string, runs: number, headers: Record<string, string> = {}) {
  const ms: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    bytes = (await response.arrayBuffer()).byteLength;
    ms.push(performance.now() - started);
    status = response.status;
  }
  ms.sort((a, b) => a - b);
  return { status, bytes, p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function main(): Promise<void> {
  const conventions = option('conventions', 500);
  const runs = option('runs', 100);
  const dir = mkdtempSync(join(tmpdir(), 'conventio-bench-calendar-'));
  try {
    const [admin, amf, halde] = [
      await createToken(dir, 'admin', 'Administrateur'),
      await createToken(dir, 'representative', 'AMF', 'amf'),
      await createToken(dir, 'representative', 'HALDE', 'halde'),
    ];
    const { server } = await ServerProcess.start(dir, admin);
    try {
      const client = new GraphQLClient(server.url);
      const seeding = performance.now();
      const ids: string[] = [];
      await pool(conventions, 8, async () => {
        const created = await client.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE, {
          w: 'halde-amf-2010',
        });
        const id = created.createConvention.convention.id;
        ids.push(id);
        await client.ok(amf, SIGN, { c: id });
        await client.ok(halde, SIGN, { c: id });
      });
      console.log(
        `seeded ${conventions} HALDE–AMF conventions in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
      );
      const printed = await cli(dir, 'calendar', 'create', '--party', 'amf');
      const key = /\/calendar\/(\S+)\.ics$/m.exec(printed)?.[1];
      if (!key) throw new Error(`no feed URL in: ${printed}`);
      const url = `${server.url.replace(/\/graphql$/, '')}/calendar/${key}.ics`;
      const body = await (await fetch(url)).text();
      const events = body.match(/^BEGIN:VEVENT/gm)?.length ?? 0;
      // Each change makes the next request render the feed again.
      const rendered: number[] = [];
      for (const id of ids.slice(0, Math.min(runs, ids.length))) {
        await client.ok(amf, MARK, { c: `${id}:amf-relays-information` });
        rendered.push((await timed(url, 1)).p50);
      }
      rendered.sort((a, b) => a - b);
      const full = await timed(url, runs);
      const etag = (await fetch(url)).headers.get('etag') ?? '';
      const cached = await timed(url, runs, { 'if-none-match': etag });
      const f = (n: number) => n.toFixed(2);
      console.log(`feed: ${events} events, ${(full.bytes / 1024).toFixed(1)} kB`);
      const r = (p: number) => f(percentile(rendered, p));
      console.log(
        `GET 200 after a change (renders): p50 ${r(50)} ms, p99 ${r(99)} ms (${rendered.length} requests)`,
      );
      console.log(`GET 200 unchanged: p50 ${f(full.p50)} ms, p99 ${f(full.p99)} ms (${runs} requests)`);
      console.log(`GET 304: p50 ${f(cached.p50)} ms, p99 ${f(cached.p99)} ms (status ${cached.status})`);
      const memory = server.memory();
      console.log(`server RSS ${memory.rssMiB.toFixed(1)} MiB (peak ${memory.peakRssMiB.toFixed(1)} MiB)`);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
