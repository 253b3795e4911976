import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConventioProcess } from '../support/conventio-process';
import { createTestDatabase, TestDatabase, withDatabase } from '../support/postgres';

/**
 * N real API processes against one fresh PostgreSQL database, as behind a load balancer:
 * same database, same audit key, each on its own port.
 */
export class Cluster {
  private constructor(
    readonly database: TestDatabase,
    private readonly keyDir: string,
    readonly env: NodeJS.ProcessEnv,
    readonly instances: ConventioProcess[],
  ) {}

  static async start(size: number, env: NodeJS.ProcessEnv = {}): Promise<Cluster> {
    const cluster = Cluster.create(await createTestDatabase(), env);
    await cluster.grow(size);
    return cluster;
  }

  /** No instance yet: `grow()` or `add()` start them. */
  static create(database: TestDatabase, env: NodeJS.ProcessEnv = {}): Cluster {
    const keyDir = mkdtempSync(join(tmpdir(), 'conventio-cluster-'));
    return new Cluster(
      database,
      keyDir,
      { DATABASE_URL: database.url, AUDIT_KEY_PATH: join(keyDir, 'audit-key.pem'), ...env },
      [],
    );
  }

  /** Starts `count` more instances, all at once. */
  async grow(count: number, env: NodeJS.ProcessEnv = {}): Promise<ConventioProcess[]> {
    const added = await Promise.all(Array.from({ length: count }, () => this.add(env)));
    await Promise.all(added.map((instance) => instance.boot()));
    return added;
  }

  /** One more instance, not started yet. */
  async add(env: NodeJS.ProcessEnv = {}): Promise<ConventioProcess> {
    const instance = await ConventioProcess.create({ ...this.env, ...env });
    this.instances.push(instance);
    return instance;
  }

  /** Statements against the shared database, for checks the API does not offer. */
  sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    return withDatabase(this.database.url, async (client) => (await client.query(query, params)).rows as T[]);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.dispose()));
    await this.database.drop();
    rmSync(this.keyDir, { recursive: true, force: true });
  }
}
