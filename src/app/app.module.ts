import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { FastifyRequest } from 'fastify';
import { AmendmentResolver } from '../api/amendment.resolver';
import { AuditResolver } from '../api/audit.resolver';
import { DeadlineResolver } from '../api/deadline.resolver';
import { LogResolver } from '../api/log.resolver';
import { ClockResolver } from '../api/clock.resolver';
import { CommitmentResolver } from '../api/commitment.resolver';
import { CommitmentFieldsResolver, ConventionResolver } from '../api/convention.resolver';
import { formatGraphQLError } from '../api/graphql-errors';
import { bearerToken } from '../api/bearer';
import { DomainErrorFilter } from '../api/domain-error.filter';
import { ExportController } from '../api/export.controller';
import { createLoaders } from '../api/loaders';
import { RequestContext } from '../api/request-context';
import { RUNTIME } from '../api/runtime.token';
import { ViewerResolver } from '../api/viewer.resolver';
import { Runtime } from './runtime';
import { countingSqlStatements, sqlStatsPlugins } from '../database/sql-stats';
import { LogFailure } from '../audit/log.service';

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
          // The Fastify integration passes the request itself.
          context: countingSqlStatements(async (request: FastifyRequest): Promise<RequestContext> => {
            const secret = bearerToken(request.headers.authorization);
            const actor = secret ? await runtime.tokens.authenticate(runtime.db.read, secret) : null;
            let logCheck: Promise<LogFailure | null> | null = null;
            return {
              actor,
              loaders: createLoaders(runtime, actor),
              logCheck: () => (logCheck ??= runtime.log.verifyAgainstCheckpoints()),
            };
          }),
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
