/**
 * The floor of the server's idle memory: the same stack with less and less of Conventio in it.
 * `npm run bench:idle-floors [-- --rounds N]` (about 15 s per process; modes alternated, N rounds, default 2).
 *
 * Each mode is this file run again as a child (`--child <mode>`), with the heap flags the server uses
 * (young generation held during start-up, V8's own once listening), then asked one GraphQL query when it
 * serves one, left idle 3 s, and its `VmRSS` read five times a second apart (median, MB of 10^6 bytes):
 * - `bare`: `node` with nothing loaded;
 * - `nest-graphql`: Nest 12 on Fastify, `@nestjs/graphql` with Apollo and graphql-ws, one resolver;
 * - `nest-graphql-sqlite`: the same with one better-sqlite3 connection that ran a statement;
 * - `nest-graphql-typeorm`: the same with a TypeORM `DataSource` on better-sqlite3 instead;
 * - `modules`: Conventio's modules required (`dist/src/app/server.js`), nothing started.
 * The server itself idle is the first phase of `npm run bench` ("server memory by phase").
 */
import '../src/apply-heap-flags';
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_HEAP_SETTINGS, runningFlags, setHeapFlags } from '../src/heap-flags';

const MODES = ['bare', 'nest-graphql', 'nest-graphql-sqlite', 'nest-graphql-typeorm', 'modules'] as const;
type Mode = (typeof MODES)[number];

/** A port free now (the child binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The child: builds what its mode names, then says `ready` and idles. */
async function child(mode: Mode, port: number, dir: string): Promise<void> {
  if (mode === 'modules') await import('../src/app/server');
  if (mode.startsWith('nest')) {
    const { Module } = await import('@nestjs/common');
    const { NestFactory } = await import('@nestjs/core');
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    const { GraphQLModule, Query, Resolver } = await import('@nestjs/graphql');
    const { ApolloDriver } = await import('@nestjs/apollo');
    @Resolver()
    class FloorResolver {
      @Query(() => String)
      me(): string {
        return 'floor';
      }
    }
    @Module({
      imports: [
        GraphQLModule.forRoot({
          driver: ApolloDriver,
          autoSchemaFile: true,
          subscriptions: { 'graphql-ws': true },
        }),
      ],
      providers: [FloorResolver],
    })
    class FloorModule {}
    if (mode === 'nest-graphql-sqlite') {
      const { default: Database } = await import('better-sqlite3');
      new Database(join(dir, 'floor.sqlite')).prepare('SELECT 1').get();
    }
    if (mode === 'nest-graphql-typeorm') {
      const { DataSource } = await import('typeorm');
      const source = new DataSource({ type: 'better-sqlite3', database: join(dir, 'floor.sqlite') });
      await source.initialize();
      await source.query('SELECT 1');
    }
    const app = await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false });
    await app.listen(port, '127.0.0.1');
  }
  setHeapFlags(runningFlags(DEFAULT_HEAP_SETTINGS));
  console.log('ready');
  setInterval(() => undefined, 1 << 30);
}

function rssMB(pid: number): number {
  const kB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return (kB * 1024) / 1e6;
}

async function measure(mode: Mode): Promise<number> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'conventio-floor-'));
  const args =
    mode === 'bare'
      ? ['-e', 'console.log("ready"); setInterval(() => {}, 1 << 30)']
      : [__filename, '--child', mode, String(port), dir];
  const proc = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      proc.once('exit', (code) => reject(new Error(`${mode} exited with ${code}`)));
    });
    if (mode.startsWith('nest')) {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ me }' }),
      });
      await response.text();
    }
    await sleep(3_000);
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      samples.push(rssMB(proc.pid!));
      await sleep(1_000);
    }
    return samples.sort((a, b) => a - b)[2]!;
  } finally {
    proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    const [mode, port, dir] = process.argv.slice(at + 1);
    return child(mode as Mode, Number(port), dir!);
  }
  const roundsAt = process.argv.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(process.argv[roundsAt + 1]) : 2;
  const results = new Map<Mode, number[]>(MODES.map((m) => [m, []]));
  for (let round = 0; round < rounds; round++) {
    for (const mode of MODES) results.get(mode)!.push(await measure(mode));
  }
  for (const [mode, values] of results) {
    console.log(`${mode.padEnd(22)} idle RSS ${values.map((v) => v.toFixed(1)).join(', ')} MB`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
