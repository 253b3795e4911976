import { ArgumentsHost, Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '../common/domain-error';

/**
 * Refusals are answers, not failures: hand them to GraphQL as they are (formatted in one
 * place, graphql-errors.ts) without Nest logging them as unhandled exceptions.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError, _host: ArgumentsHost): DomainError {
    return error;
  }
}
