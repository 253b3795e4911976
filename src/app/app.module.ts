import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AmendmentResolver } from '../api/amendment.resolver';
import { AuditResolver } from '../api/audit.resolver';
import { DeadlineResolver } from '../api/deadline.resolver';
import { LogResolver } from '../api/log.resolver';
import { NotificationResolver } from '../api/notification.resolver';
import { ClockResolver } from '../api/clock.resolver';
import { CommitmentResolver } from '../api/commitment.resolver';
import { CommitmentFieldsResolver, ConventionResolver } from '../api/convention.resolver';
import { formatGraphQLError } from '../api/graphql-errors';
import { DomainErrorFilter } from '../api/domain-error.filter';
import { ExportController } from '../api/export.controller';
import { graphqlContext, webSocketErrorHooks } from '../api/graphql-context';
import { RUNTIME } from '../api/runtime.token';
import { SubscriptionResolver } from '../api/subscription.resolver';
import { ViewerResolver } from '../api/viewer.resolver';
import { Runtime } from './runtime';
import { sqlStatsPlugins } from '../database/sql-stats';

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
  NotificationResolver,
];

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const logger = new Logger('GraphQL');
    return {
      module: AppModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          includeStacktraceInErrorResponses: false,
          formatError: (formatted, error) => formatGraphQLError(formatted, error, (e) => logger.error(e)),
          // Over HTTP the Fastify integration passes the request itself; over graphql-ws the
          // connection context, whose connectionParams carry the token.
          context: graphqlContext(runtime),
          subscriptions: { 'graphql-ws': webSocketErrorHooks((e) => logger.error(e)) },
          plugins: sqlStatsPlugins(),
        }),
      ],
      controllers: [ExportController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        ...RESOLVERS,
      ],
    };
  }
}
