import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { GraphQLClient, GraphQLResponse } from './graphql-client';
import { createTestStore, TestStore } from './test-store';

export { errorCode } from './graphql-client';
export type { GraphQLResponse } from './graphql-client';

const run = promisify(execFile);

/** The repository's root, from the sources (under ts-jest) or from their build (`dist/`, the benchmarks). */
function projectRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'workflows'))) return dir;
  }
  throw new Error(`no project root above ${from}`);
}

export const ROOT = projectRoot(__dirname);
const MAIN = join(ROOT, 'dist/src/main.js');
export const CLI = join(ROOT, 'dist/src/cli/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface SpawnedServer {
  child: ChildProcess;
  /** The GraphQL endpoint the server announced. */
  url: string;
  /** `performance.now()` just before the spawn. */
  spawnedAt: number;
  /** What the server wrote so far (stdout and stderr), or its tail when `keepOutput` is set. */
  output(): string;
}

/**
 * The built server (`node dist/src/main.js`) as a child process on a free port, resolved once it
 * announces its endpoint. Its output is kept whole, or only its last `keepOutput` characters for
 * a server that logs a line per request under load.
 */
export async function spawnServer(options: {
  env: NodeJS.ProcessEnv;
  nodeArgs?: string[];
  cwd?: string;
  timeoutMs?: number;
  keepOutput?: number;
  /** Told the child at once, before it announces itself (its pid names its claims meanwhile). */
  onSpawn?: (child: ChildProcess) => void;
}): Promise<SpawnedServer> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), MAIN], {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.keepOutput !== undefined && output.length > options.keepOutput) {
      output = output.slice(-options.keepOutput);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      // Nobody holds the child yet: a server that never announced itself must not outlive the caller.
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output}`));
    }, options.timeoutMs ?? 60_000);
    const check = () => {
      const match = /on (http:\/\/\S+\/graphql)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolveUrl(match[1]!);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { child, url, spawnedAt, output: () => output };
}

/** The secret and id of a token in the output of `conventio token create`. */
export function issuedToken(stdout: string): { id: string; secret: string } {
  const secret = /^secret:\s+(\S+)$/m.exec(stdout)?.[1];
  const id = /^token id:\s+(\S+)$/m.exec(stdout)?.[1];
  if (!secret || !id) throw new Error(`no secret or id in CLI output: ${stdout}`);
  return { id, secret };
}

/** The arguments of `conventio token create`. */
export function tokenArgs(
  role: 'admin' | 'auditor' | 'representative',
  name: string,
  party?: string,
): string[] {
  return ['token', 'create', '--role', role, '--name', name, ...(party ? ['--party', party] : [])];
}

/**
 * The real, built server as a separate process on a fresh store, driven over HTTP: a SQLite
 * file in a temporary directory, or with `CONVENTIO_TEST_DATABASE=postgres` a new PostgreSQL
 * database (see `test-store.ts`). Tokens are created with the real CLI against the same store.
 * A restart (`stop()`, `boot()`) keeps the store; `dispose()` removes it.
 */
export class ConventioProcess {
  private child: ChildProcess | null = null;
  private spawned: SpawnedServer | null = null;
  private client = new GraphQLClient('');
  url = '';

  private constructor(
    readonly dir: string,
    readonly store: TestStore,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<ConventioProcess> {
    const server = await ConventioProcess.create(extraEnv);
    try {
      await server.boot();
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  /**
   * A server on its fresh store, not started yet: `boot()` starts it (for tests that act while
   * it starts). A `DATABASE_URL` in `extraEnv` is a database the caller shares between several
   * servers (the cluster tests), and the caller's to create and drop.
   */
  static async create(extraEnv: NodeJS.ProcessEnv = {}): Promise<ConventioProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'conventio-e2e-'));
    try {
      const store = await createTestStore(dir, extraEnv.DATABASE_URL ? 'sqlite' : undefined);
      const env = {
        ...process.env,
        ...store.env,
        WORKFLOWS_DIR: join(ROOT, 'workflows'),
        HOST: '127.0.0.1',
        // Specs drive many requests from one token and one address; the rate-limit spec sets its own.
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
        ...extraEnv,
      };
      return new ConventioProcess(dir, store, env);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Starts the server process; `extraEnv` overrides the environment for this start only. */
  async boot(extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    this.spawned = null;
    this.failedOutput = '';
    const spawned = await spawnServer({
      env: { ...this.env, ...extraEnv },
      onSpawn: (child) => {
        this.child = child;
      },
    }).catch((error: Error) => {
      // A server that exited or never announced itself: its output stays readable in `logs`.
      this.failedOutput = error.message;
      throw error;
    });
    this.spawned = spawned;
    this.child = spawned.child;
    this.url = spawned.url;
    this.client = new GraphQLClient(spawned.url);
  }

  get logs(): string {
    return this.spawned?.output() ?? this.failedOutput;
  }

  private failedOutput = '';

  async cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run(process.execPath, [CLI, ...args], { env: this.env });
  }

  async token(role: 'admin' | 'auditor' | 'representative', name: string, party?: string): Promise<string> {
    return (await this.issueToken(role, name, party)).secret;
  }

  /** A token made with the real CLI: its secret, and its id (what `token revoke` takes). */
  async issueToken(
    role: 'admin' | 'auditor' | 'representative',
    name: string,
    party?: string,
  ): Promise<{ id: string; secret: string }> {
    const { stdout } = await this.cli(...tokenArgs(role, name, party));
    return issuedToken(stdout);
  }

  /** The tokens most specs need: an admin, an auditor, and the HALDE's and the AMF's representatives. */
  async haldeAmfTokens(): Promise<{ admin: string; auditor: string; halde: string; amf: string }> {
    const [admin, auditor, halde, amf] = await Promise.all([
      this.token('admin', 'Administrateur'),
      this.token('auditor', 'Cour des comptes'),
      this.token('representative', 'Jeannette Bougrab', 'halde'),
      this.token('representative', 'Jacques Pélissard', 'amf'),
    ]);
    return { admin, auditor, halde, amf };
  }

  async graphql<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    return this.client.request<T>(token, query, variables);
  }

  /** Runs a query that must succeed and returns its data. */
  async ok<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    return this.client.ok<T>(token, query, variables);
  }

  /** The server's process id while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Kills the server process at once (SIGKILL: no shutdown, nothing flushed by it). */
  kill(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolveExit) => {
      child.once('exit', () => resolveExit());
      child.kill('SIGTERM');
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    try {
      await this.store.dispose();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

declare module './conventio-process' {
  interface ConventioProcess {
    /** Moves the manual clock (admin token) and returns the deadlines that fired. */
    advance(adminToken: string, to: string): Promise<{ kind: string; dueOn: string; eventType: string }[]>;
  }
}

ConventioProcess.prototype.advance = async function advance(
  this: ConventioProcess,
  adminToken: string,
  to: string,
) {
  const data = await this.ok<{
    advanceClock: { fired: { kind: string; dueOn: string; eventType: string }[] };
  }>(
    adminToken,
    'mutation($to: String!) { advanceClock(input: { to: $to }) { now fired { kind dueOn eventType } } }',
    { to },
  );
  return data.advanceClock.fired;
};
