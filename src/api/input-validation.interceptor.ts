import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Observable } from 'rxjs';
import { checkArguments } from './input-rules';

/**
 * Applies the input rules to the arguments of every query, mutation and subscription before
 * its resolver runs, so no resolver has to remember them and a refused request changes nothing.
 */
@Injectable()
export class InputValidationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() === 'graphql') {
      checkArguments(GqlExecutionContext.create(context).getArgs<Record<string, unknown>>());
    }
    return next.handle();
  }
}
