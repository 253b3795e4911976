import { Provider } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AuditReader } from '../api/audit/audit-reader';
import { LogExport } from '../api/audit/log-export';
import { LiveUpdates } from '../api/live/live-updates';
import { ConventionReader } from '../api/read/convention-reader';
import { TokenAuthentication } from '../api/token-authentication';
import { AuditService } from '../audit/audit.service';
import { LogService } from '../audit/log.service';
import { CalendarFeedService } from '../calendar/calendar-feed.service';
import { PartyCalendarService } from '../calendar/party-calendar.service';
import { Clock } from '../common/clock';
import { ConventionService } from '../conventions/convention.service';
import { ContactService } from '../notifications/contact.service';
import { OutboxService } from '../notifications/outbox.service';
import { WebhookService } from '../notifications/webhook.service';
import { MetricsAccess } from '../operations/metrics.controller';
import { Readiness } from '../operations/readiness';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { ClockControl } from '../scheduler/clock-control';
import { CookiePolicy } from '../auth/session/cookie-caller';
import { SessionService } from '../auth/session/session.service';
import { Runtime } from './runtime';

/** The read side of the API, built from the runtime's stores. */
export function readersOf(runtime: Runtime): { reader: ConventionReader; tokens: TokenAuthentication } {
  const { db, conventionRepository, deadlineRepository, registry, clock } = runtime;
  return {
    reader: new ConventionReader({
      db,
      conventions: conventionRepository,
      deadlines: deadlineRepository,
      registry,
      clock,
    }),
    tokens: new TokenAuthentication(runtime.tokens, db, runtime.sessions, runtime.config),
  };
}

/**
 * Every service the resolvers, controllers and probes inject, each under its own class: they
 * receive what they use, never the runtime that holds it all.
 */
export function providersOf(runtime: Runtime, read: ReturnType<typeof readersOf>): Provider[] {
  const { db, changes, config, clock, registry, notifications } = runtime;
  return [
    { provide: ConventionService, useValue: runtime.conventions },
    { provide: ClockControl, useValue: runtime.clockControl },
    { provide: SessionService, useValue: runtime.sessions },
    { provide: CookiePolicy, useValue: new CookiePolicy(config.trustProxy, config.publicUrl) },
    { provide: AuditService, useValue: runtime.audit },
    { provide: LogService, useValue: runtime.log },
    { provide: CalendarFeedService, useValue: runtime.calendarFeeds },
    { provide: PartyCalendarService, useValue: runtime.partyCalendars },
    { provide: ContactService, useValue: notifications.contacts },
    { provide: WebhookService, useValue: notifications.webhooks },
    { provide: OutboxService, useValue: notifications.outbox },
    { provide: DefinitionRegistry, useValue: registry },
    { provide: Clock, useValue: clock },
    { provide: ConventionReader, useValue: read.reader },
    { provide: TokenAuthentication, useValue: read.tokens },
    { provide: LogExport, useValue: new LogExport(db, runtime.log, config.checkpointOrigin, clock) },
    {
      provide: LiveUpdates,
      useFactory: () => new LiveUpdates(changes, read.reader, registry, read.tokens),
    },
    AuditReader,
    { provide: MetricsAccess, useValue: new MetricsAccess(config.metricsToken) },
    {
      provide: Readiness,
      useFactory: (health: HealthIndicatorService) =>
        new Readiness({ db, changes, checksChangeListener: config.databaseUrl !== null }, health),
      inject: [HealthIndicatorService],
    },
  ];
}
