import { Clock, ManualClock, SystemClock } from '../common/clock';
import { IdGenerator, RandomIdGenerator } from '../common/id-generator';
import { Config } from '../config';
import { AuditService } from '../audit/audit.service';
import { loadOrCreateAuditKey } from '../audit/audit-key';
import { LogService } from '../audit/log.service';
import { TokenService } from '../auth/token.service';
import { ConventionRepository } from '../conventions/convention.repository';
import { ConventionService } from '../conventions/convention.service';
import { Database } from '../database/database';
import { DeadlineRepository } from '../scheduler/deadline.repository';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { loadDefinitions } from '../workflows/load-definitions';

/** Everything the API and the CLI share, built once from the configuration. */
export interface Runtime {
  config: Config;
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  registry: DefinitionRegistry;
  conventionRepository: ConventionRepository;
  deadlineRepository: DeadlineRepository;
  conventions: ConventionService;
  audit: AuditService;
  log: LogService;
  tokens: TokenService;
  close(): Promise<void>;
}

function clockFor(config: Config): Clock {
  if (config.clock === 'system') return new SystemClock();
  const start = config.clockStart ? new Date(config.clockStart) : new Date();
  if (Number.isNaN(start.getTime())) throw new Error(`CLOCK_START is not an instant: ${config.clockStart}`);
  return new ManualClock(start);
}

/**
 * Validates the definitions (a bad file stops start-up with its name, path and reason),
 * opens the database, runs migrations and publishes the definitions.
 */
export async function openRuntime(config: Config): Promise<Runtime> {
  const loaded = loadDefinitions(config.workflowsDir);
  const clock = clockFor(config);
  const ids = new RandomIdGenerator();
  const db = await Database.open(config.databasePath);
  try {
    const registry = await db.write((manager) => DefinitionRegistry.publish(manager, loaded, clock.nowIso()));
    const conventionRepository = new ConventionRepository();
    const deadlineRepository = new DeadlineRepository();
    const log = new LogService(db, loadOrCreateAuditKey(config.auditKeyPath), clock, config.checkpointOrigin);
    return {
      config,
      db,
      clock,
      ids,
      registry,
      conventionRepository,
      deadlineRepository,
      conventions: new ConventionService(db, conventionRepository, deadlineRepository, registry, clock, ids),
      audit: new AuditService(db, conventionRepository, registry, log),
      log,
      tokens: new TokenService(clock, ids),
      close: () => db.close(),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
