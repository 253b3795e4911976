import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestStore, TestStore } from './test-store';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');
const CLI = join(ROOT, 'dist/src/cli/main.js');

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

async function freePort(): Promise<number> {
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

/**
 * The real, built server as a separate process on a fresh store, driven over HTTP: a SQLite
 * file in a temporary directory, or with `CONVENTIO_TEST_DATABASE=postgres` a new PostgreSQL
 * database (see `test-store.ts`). Tokens are created with the real CLI against the same store.
 * A restart (`stop()`, `boot()`) keeps the store; `dispose()` removes it.
 */
export class ConventioProcess {
  private child: ChildProcess | null = null;
  private output = '';
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
    this.output = '';
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...this.env, ...extraEnv, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 20_000);
      const check = () => {
        const match = /on (http:\/\/\S+\/graphql)/.exec(this.output);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]!);
        }
      };
      child.stdout?.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${this.output}`));
      });
    });
  }

  get logs(): string {
    return this.output;
  }

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
    const args = ['token', 'create', '--role', role, '--name', name, ...(party ? ['--party', party] : [])];
    const { stdout } = await this.cli(...args);
    const secret = /^secret:\s+(\S+)$/m.exec(stdout)?.[1];
    const id = /^token id:\s+(\S+)$/m.exec(stdout)?.[1];
    if (!secret || !id) throw new Error(`no secret or id in CLI output: ${stdout}`);
    return { id, secret };
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
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** Runs a query that must succeed and returns its data. */
  async ok<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const result = await this.graphql<T>(token, query, variables);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    }
    return result.data;
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

/** The error code of a response that must have failed. */
export function errorCode(result: GraphQLResponse<unknown>): string | undefined {
  return result.errors?.[0]?.extensions?.code;
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
