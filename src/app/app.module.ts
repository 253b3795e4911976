import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { Config } from '../config';
import { AmendmentResolver } from '../api/amendments/amendment.resolver';
import { AuditResolver } from '../api/audit/audit.resolver';
import { ExportController } from '../api/audit/export.controller';
import { LogResolver } from '../api/audit/log.resolver';
import { CalendarController } from '../api/calendar/calendar.controller';
import { CalendarFeedResolver } from '../api/calendar/calendar-feed.resolver';
import { ClockResolver } from '../api/clock/clock.resolver';
import { CommitmentFieldsResolver } from '../api/commitments/commitment-fields.resolver';
import { CommitmentResolver } from '../api/commitments/commitment.resolver';
import { ConventionResolver } from '../api/conventions/convention.resolver';
import { DeadlineResolver } from '../api/deadlines/deadline.resolver';
import { DomainErrorFilter } from '../api/domain-error.filter';
import { graphqlContext, webSocketErrorHooks } from '../api/graphql-context';
import { formatGraphQLError } from '../api/graphql-errors';
import { InputValidationInterceptor } from '../api/input-validation.interceptor';
import { LiveConnections, LiveTokens } from '../api/live-connections';
import { liveSocketOptions } from '../api/live-socket-options';
import { SubscriptionResolver } from '../api/live/subscription.resolver';
import { NotificationResolver } from '../api/notifications/notification.resolver';
import { ViewerResolver } from '../api/viewer/viewer.resolver';
import { providersOf, readersOf } from './providers';
import { WEB_RESOLVERS } from '../api/web/web-resolvers';
import type { IncomingMessage } from 'node:http';
import { originOf, sessionSecretOf } from '../auth/session/cookie-caller';
import { SessionController } from '../api/session/session.controller';
import { Runtime } from './runtime';
import { sqlStatsPlugins } from '../database/sql-stats';
import { limitRules } from '../api/limits/limit-rules';
import { queryLimitsPlugin } from '../api/limits/query-limits.plugin';
import { webSocketLimits } from '../api/limits/websocket-limits';
import { HealthController } from '../operations/health.controller';
import { MetricsController } from '../operations/metrics.controller';
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

function liveConnections(config: Config, tokens: LiveTokens, log: (error: unknown) => void): LiveConnections {
  return new LiveConnections(
    tokens,
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
    const read = readersOf(runtime);
    const live = liveConnections(runtime.config, read.tokens, (e) => logger.error(e));
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
          context: graphqlContext({ ...read, log: runtime.log }, live),
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
          plugins: [
            requestRecordPlugin(),
            ...sqlStatsPlugins(),
            queryLimitsPlugin(limits),
            // Apollo otherwise loads its federation trace plugin (with 370 kB of protobuf code) at start,
            // only to find that this schema is not a subgraph and do nothing (issue 17, idle memory).
            ApolloServerPluginInlineTraceDisabled(),
          ],
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
        ...providersOf(runtime, read),
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: InputValidationInterceptor },
        ...RESOLVERS,
      ],
    };
  }
}
