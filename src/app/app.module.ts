import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { AmendmentResolver } from '../api/amendment.resolver';
import { AuditResolver } from '../api/audit.resolver';
import { CalendarController } from '../api/calendar.controller';
import { CalendarFeedResolver } from '../api/calendar-feed.resolver';
import { DeadlineResolver } from '../api/deadline.resolver';
import { LogResolver } from '../api/log.resolver';
import { NotificationResolver } from '../api/notification.resolver';
import { ClockResolver } from '../api/clock.resolver';
import { CommitmentResolver } from '../api/commitment.resolver';
import { CommitmentFieldsResolver, ConventionResolver } from '../api/convention.resolver';
import { formatGraphQLError } from '../api/graphql-errors';
import { DomainErrorFilter } from '../api/domain-error.filter';
import { ExportController } from '../api/export.controller';
import { InputValidationInterceptor } from '../api/input-validation.interceptor';
import { graphqlContext, webSocketErrorHooks } from '../api/graphql-context';
import { LiveConnections } from '../api/live-connections';
import { liveSocketOptions } from '../api/live-socket-options';
import { RUNTIME } from '../api/runtime.token';
import { SubscriptionResolver } from '../api/subscription.resolver';
import { ViewerResolver } from '../api/viewer.resolver';
import { WEB_RESOLVERS } from '../api/web/web-resolvers';
import type { IncomingMessage } from 'node:http';
import { originOf, sessionSecretOf } from '../auth/session/cookie-caller';
import { SessionController } from '../auth/session/session.controller';
import { SESSION_PREFIX } from '../auth/session/session.service';
import { Runtime } from './runtime';
import { sqlStatsPlugins } from '../database/sql-stats';
import { limitRules } from '../api/limits/limit-rules';
import { queryLimitsPlugin } from '../api/limits/query-limits.plugin';
import { webSocketLimits } from '../api/limits/websocket-limits';
import { HealthController } from '../operations/health.controller';
import { MetricsController } from '../operations/metrics.controller';
import { Readiness } from '../operations/readiness';
import { requestRecordPlugin } from '../operations/request-record.plugin';

export const RESOLVERS = [
  ViewerResolver,
  ConventionResolver,
  CommitmentFieldsResolver,
  CommitmentResolver,
  AmendmentResolver,
  DeadlineResolver,
  AuditResolver,
  LogResolver,
  ClockResolver,
  SubscriptionResolver,
  CalendarFeedResolver,
  NotificationResolver,
  ...WEB_RESOLVERS,
];

function liveConnections(runtime: Runtime, log: (error: unknown) => void): LiveConnections {
  const { tokens, sessions, db, config } = runtime;
  return new LiveConnections(
    {
      // A browser's websocket carries its session cookie instead of a token.
      authenticate: (secret) =>
        secret.startsWith(SESSION_PREFIX) ? sessions.actorOf(secret) : tokens.authenticate(db.read, secret),
      activeAmong: (ids) => tokens.activeAmong(db.read, ids),
    },
    {
      subscriptionsPerSocket: config.liveSubscriptionsPerSocket,
      subscriptionsPerToken: config.liveSubscriptionsPerToken,
      socketsPerToken: config.liveSocketsPerToken,
      tokenRecheckMs: config.liveTokenRecheckMs,
    },
    log,
  );
}

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const logger = new Logger('GraphQL');
    const live = liveConnections(runtime, (e) => logger.error(e));
    const limits = runtime.config.queryLimits;
    return {
      module: AppModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          includeStacktraceInErrorResponses: false,
          // Introspection is gated by token and priced like any query (queryLimitsPlugin).
          introspection: true,
          // Session cookies ride on every request a browser sends: refuse the simple ones a foreign form could.
          csrfPrevention: true,
          graphiql: runtime.config.graphiql,
          parseOptions: { maxTokens: limits.maxTokens },
          validationRules: limitRules(limits),
          formatError: (formatted, error) => formatGraphQLError(formatted, error, (e) => logger.error(e)),
          // Over HTTP the Fastify integration passes the request itself; over graphql-ws the
          // connection context, whose connectionParams carry the token.
          context: graphqlContext(runtime, live),
          subscriptions: {
            'graphql-ws': liveSocketOptions(
              live,
              runtime.config.liveConnectionInitTimeoutMs,
              webSocketErrorHooks((e) => logger.error(e), limits),
              (subscribeWith) => webSocketLimits(limits, subscribeWith),
              (ctx) =>
                sessionSecretOf(
                  originOf((ctx.extra as { request: IncomingMessage }).request),
                  runtime.config,
                ),
            ),
          },
          plugins: [requestRecordPlugin(), ...sqlStatsPlugins(), queryLimitsPlugin(limits)],
        }),
        // A failed check is already in the request's log line (503).
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [
        ExportController,
        HealthController,
        MetricsController,
        CalendarController,
        SessionController,
      ],
      providers: [
        Readiness,
        { provide: RUNTIME, useValue: runtime },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: InputValidationInterceptor },
        ...RESOLVERS,
      ],
    };
  }
}
