import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ChangeFeed } from '../changes/change-feed';
import { createChangeFeed } from '../changes/create-change-feed';
import { Clock, ManualClock, SystemClock } from '../common/clock';
import { IdGenerator, RandomIdGenerator } from '../common/id-generator';
import { Config, databaseTarget } from '../config';
import { AuditService } from '../audit/audit.service';
import { loadOrCreateAuditKey } from '../audit/audit-key';
import { LogService } from '../audit/log.service';
import { TokenService } from '../auth/token.service';
import { SessionService, tokenSignIn } from '../auth/session/session.service';
import { CalendarFeedRepository } from '../calendar/calendar-feed.repository';
import { CalendarFeedService } from '../calendar/calendar-feed.service';
import { PartyCalendarService } from '../calendar/party-calendar.service';
import { ConventionRepository } from '../conventions/convention.repository';
import { ConventionService } from '../conventions/convention.service';
import { IdempotencyRepository } from '../conventions/idempotency.repository';
import { Database, openDatabase } from '../database/database';
import { DeadlineRepository } from '../scheduler/deadline.repository';
import { Scheduler } from '../scheduler/scheduler';
import { createNotifications, Notifications } from '../notifications/notifications';
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
  scheduler: Scheduler;
  changes: ChangeFeed;
  audit: AuditService;
  log: LogService;
  tokens: TokenService;
  /** Web sign-in: session cookies. */
  sessions: SessionService;
  calendarFeeds: CalendarFeedService;
  partyCalendars: PartyCalendarService;
  notifications: Notifications;
  close(): Promise<void>;
}

/**
 * A manual clock starts at CLOCK_START, or at the log's last event if that is later: a restart
 * with an earlier start must not put new events before the ones already in the log.
 */
export function clockFor(config: Config, lastEventAt: string | null): Clock {
  if (config.clock === 'system') return new SystemClock();
  const start = config.clockStart ? new Date(config.clockStart) : new Date();
  if (Number.isNaN(start.getTime())) throw new Error(`CLOCK_START is not an instant: ${config.clockStart}`);
  const last = lastEventAt === null ? Number.NaN : Date.parse(lastEventAt);
  return new ManualClock(last > start.getTime() ? new Date(last) : start);
}

/**
 * Validates the definitions (a bad file stops start-up with its name, path and reason),
 * opens the database, runs migrations and publishes the definitions.
 */
export async function openRuntime(config: Config): Promise<Runtime> {
  const loaded = loadDefinitions(config.workflowsDir);
  const ids = new RandomIdGenerator();
  const db: Database = await openDatabase(databaseTarget(config));
  let changes: ChangeFeed | null = null;
  try {
    const conventionRepository = new ConventionRepository();
    const clock = clockFor(config, await conventionRepository.lastOccurredAt(db.read));
    const registry = await db.exclusively(() =>
      db.write((manager) => DefinitionRegistry.publish(manager, loaded, clock.nowIso())),
    );
    const deadlineRepository = new DeadlineRepository();
    const log = new LogService(db, loadOrCreateAuditKey(config.auditKeyPath), clock, config.checkpointOrigin);
    await log.assertSigningKey();
    const feed = (changes = await createChangeFeed(config));
    // Versions another instance publishes later (a rollout) are learnt at once, not at the next start.
    feed.onDefinitions(() => {
      registry.refresh(db.read).catch((error: unknown) => console.error('definitions:', error));
    });
    if (registry.published) await feed.announceDefinitions();
    const instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    const wallClock = new SystemClock();
    const notifications = createNotifications({
      config,
      db,
      registry,
      conventions: conventionRepository,
      clock,
      wallClock,
      ids,
      instance,
    });
    const conventions = new ConventionService(
      db,
      conventionRepository,
      deadlineRepository,
      registry,
      clock,
      ids,
      new IdempotencyRepository(),
      feed,
      config.liveActors,
      notifications,
    );
    const feeds = new CalendarFeedRepository();
    const tokens = new TokenService(clock, ids);
    return {
      config,
      db,
      clock,
      ids,
      registry,
      conventionRepository,
      deadlineRepository,
      conventions,
      scheduler: new Scheduler(
        db,
        deadlineRepository,
        conventions,
        clock,
        wallClock,
        instance,
        config.deadlineLeaseMs,
      ),
      changes: feed,
      audit: new AuditService(db, conventionRepository, registry, log),
      log,
      tokens,
      sessions: new SessionService(db, tokenSignIn(db, tokens), wallClock, config.sessionTtlMinutes),
      calendarFeeds: new CalendarFeedService(db, feeds, registry, clock, ids, config),
      partyCalendars: new PartyCalendarService(
        db,
        feeds,
        conventionRepository,
        deadlineRepository,
        registry,
        config,
      ),
      notifications,
      async close() {
        notifications.close();
        await feed.close();
        await db.close();
      },
    };
  } catch (error) {
    await changes?.close();
    await db.close();
    throw error;
  }
}
