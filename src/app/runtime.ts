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
import { ConventionProjection } from '../conventions/convention-projection';
import { ConventionRepository } from '../conventions/convention.repository';
import { ConventionService } from '../conventions/convention.service';
import { IdempotencyRepository } from '../conventions/idempotency.repository';
import { Database, openDatabase } from '../database/database';
import { EventLogRepository } from '../events/event-log.repository';
import { DeadlineRepository } from '../scheduler/deadline.repository';
import { ClockControl } from '../scheduler/clock-control';
import { DeadlineFiring } from '../scheduler/deadline-firing';
import { Scheduler } from '../scheduler/scheduler';
import { createNotifications, Notifications } from '../notifications/notifications';
import { DefinitionRegistry } from '../workflows/definition-registry';
import type { LoadedDefinition } from '../workflows/loaded-definition';

/** Everything the API and the CLI share, built once from the configuration. */
export interface Runtime {
  config: Config;
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  registry: DefinitionRegistry;
  conventionRepository: ConventionRepository;
  eventLog: EventLogRepository;
  deadlineRepository: DeadlineRepository;
  conventions: ConventionService;
  firing: DeadlineFiring;
  clockControl: ClockControl;
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

/** What the services are built on: the stores, the clock, the published definitions, the signed log, the change feed. */
interface Foundation {
  config: Config;
  db: Database;
  ids: IdGenerator;
  clock: Clock;
  wallClock: Clock;
  instance: string;
  registry: DefinitionRegistry;
  conventionRepository: ConventionRepository;
  eventLog: EventLogRepository;
  deadlineRepository: DeadlineRepository;
  log: LogService;
  changes: ChangeFeed;
}

/**
 * Validates the definitions (a bad file stops start-up with its name, path and reason),
 * opens the database, runs migrations and publishes the definitions.
 */
export async function openRuntime(
  config: Config,
  /**
   * The definitions being loaded already: the server loads them on a worker thread, started
   * before its modules (main.ts). Otherwise (the CLI, tests) they load here, in this thread: the
   * module that parses them is imported on that path only, so the server never loads it.
   */
  loading?: Promise<LoadedDefinition[]>,
): Promise<Runtime> {
  const loaded = await (loading ??
    import('../workflows/load-definitions').then(({ loadDefinitions }) =>
      loadDefinitions(config.workflowsDir),
    ));
  const ids = new RandomIdGenerator();
  const db: Database = await openDatabase(databaseTarget(config));
  const opened: { changes: ChangeFeed | null } = { changes: null };
  try {
    const foundation = await openFoundation(config, db, ids, loaded, opened);
    const notifications = notificationsOf(foundation);
    const conventions = conventionServiceOf(foundation, notifications);
    return assembleRuntime(foundation, notifications, conventions);
  } catch (error) {
    await opened.changes?.close();
    await db.close();
    throw error;
  }
}

async function openFoundation(
  config: Config,
  db: Database,
  ids: IdGenerator,
  loaded: LoadedDefinition[],
  opened: { changes: ChangeFeed | null },
): Promise<Foundation> {
  const conventionRepository = new ConventionRepository();
  const eventLog = new EventLogRepository();
  const clock = clockFor(config, await eventLog.lastOccurredAt(db.read));
  const registry = await db.exclusively(() =>
    db.write((manager) => DefinitionRegistry.publish(manager, loaded, clock.nowIso())),
  );
  const deadlineRepository = new DeadlineRepository();
  const log = new LogService(db, loadOrCreateAuditKey(config.auditKeyPath), clock, config.checkpointOrigin);
  await log.assertSigningKey();
  const changes = (opened.changes = await createChangeFeed(config));
  // Versions another instance publishes later (a rollout) are learnt at once, not at the next start.
  changes.onDefinitions(() => {
    registry.refresh(db.read).catch((error: unknown) => console.error('definitions:', error));
  });
  if (registry.published) await changes.announceDefinitions();
  return {
    config,
    db,
    ids,
    clock,
    wallClock: new SystemClock(),
    instance: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    registry,
    conventionRepository,
    eventLog,
    deadlineRepository,
    log,
    changes,
  };
}

function notificationsOf(foundation: Foundation): Notifications {
  const { config, db, registry, conventionRepository, eventLog, clock, wallClock, ids, instance } =
    foundation;
  return createNotifications({
    config,
    db,
    registry,
    conventions: conventionRepository,
    eventLog,
    clock,
    wallClock,
    ids,
    instance,
  });
}

function conventionServiceOf(foundation: Foundation, notifications: Notifications): ConventionService {
  const { config, db, conventionRepository, eventLog, deadlineRepository, registry, clock, ids } = foundation;
  return new ConventionService(
    db,
    conventionRepository,
    eventLog,
    new ConventionProjection(),
    deadlineRepository,
    registry,
    clock,
    ids,
    new IdempotencyRepository(),
    foundation.changes,
    config.liveActors,
    notifications,
  );
}

function assembleRuntime(
  foundation: Foundation,
  notifications: Notifications,
  conventions: ConventionService,
): Runtime {
  const { config, db, clock, wallClock, ids, registry, conventionRepository, eventLog, deadlineRepository } =
    foundation;
  const { log, changes, instance } = foundation;
  const firing = new DeadlineFiring(conventions.writer, deadlineRepository);
  // What a command's write leaves due past its bound fires right after its commit.
  conventions.writer.catchUpWith((conventionId) => firing.fireDue(conventionId));
  const feeds = new CalendarFeedRepository();
  const tokens = new TokenService(clock, ids);
  return {
    config,
    db,
    clock,
    ids,
    registry,
    conventionRepository,
    eventLog,
    deadlineRepository,
    conventions,
    firing,
    clockControl: new ClockControl(
      db,
      conventions.writer,
      deadlineRepository,
      clock,
      notifications.reminders,
    ),
    scheduler: new Scheduler(
      db,
      deadlineRepository,
      firing,
      clock,
      wallClock,
      instance,
      config.deadlineLeaseMs,
    ),
    changes,
    audit: new AuditService(db, eventLog, conventionRepository, registry, log),
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
      await changes.close();
      await db.close();
    },
  };
}
