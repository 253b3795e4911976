import { dirname, join, resolve } from 'node:path';

export interface Config {
  databasePath: string;
  workflowsDir: string;
  host: string;
  port: number;
  clock: 'system' | 'manual';
  /** Start instant of the manual clock. */
  clockStart: string | null;
  /** How often the scheduler looks for due deadlines. Correctness never depends on it. */
  schedulerIntervalMs: number;
  /** The Ed25519 key that signs checkpoints; created on first start. */
  auditKeyPath: string;
  /** Names this log in its checkpoints. */
  checkpointOrigin: string;
  /** How often a checkpoint is published when the log has grown. */
  checkpointIntervalMs: number;
}

/** Reads the configuration from the environment; every setting has a working default. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const clock = env.CLOCK ?? 'system';
  if (clock !== 'system' && clock !== 'manual') {
    throw new Error(`CLOCK must be "system" or "manual", got "${clock}"`);
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port: ${env.PORT}`);
  const databasePath = resolve(env.DATABASE_PATH ?? 'data/conventio.sqlite');
  return {
    databasePath,
    workflowsDir: resolve(env.WORKFLOWS_DIR ?? 'workflows'),
    host: env.HOST ?? '127.0.0.1',
    port,
    clock,
    clockStart: env.CLOCK_START ?? null,
    schedulerIntervalMs: Number(env.SCHEDULER_INTERVAL_MS ?? 60_000),
    auditKeyPath: resolve(env.AUDIT_KEY_PATH ?? join(dirname(databasePath), 'audit-key.pem')),
    checkpointOrigin: env.CHECKPOINT_ORIGIN ?? 'conventio/log',
    checkpointIntervalMs: Number(env.CHECKPOINT_INTERVAL_MS ?? 3_600_000),
  };
}
