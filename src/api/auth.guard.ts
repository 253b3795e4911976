import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError } from '../common/domain-error';
import { RequestContext } from './request-context';

/** Every operation needs a valid, unrevoked bearer token. */
@Injectable()
export class AuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const ctx = GqlExecutionContext.create(context).getContext<RequestContext>();
    if (!ctx.actor) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'a valid bearer token is required (Authorization: Bearer <token>)',
      );
    }
    return true;
  }
}
