import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';

/**
 * In GraphQL, every error goes back to Apollo as it is, to be mapped and (when unexpected)
 * logged in one place, graphql-errors.ts: Nest's own handler would log it a second time, and
 * log refusals (DomainError), which are answers, not failures. HTTP routes keep Nest's handling.
 */
@Catch()
export class DomainErrorFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return error;
    return super.catch(error, host);
  }
}
