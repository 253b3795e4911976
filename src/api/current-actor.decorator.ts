import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError } from '../common/domain-error';
import { Actor } from '../machines/actor';
import { RequestContext } from './request-context';

export const UNAUTHENTICATED_MESSAGE = 'a valid bearer token is required (Authorization: Bearer <token>)';

/** The actor of the request's token; without one the operation is refused (UNAUTHENTICATED). */
export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new DomainError('UNAUTHENTICATED', UNAUTHENTICATED_MESSAGE);
  return ctx.actor;
}

/** `@CurrentActor() actor: Actor`: who is asking, never null. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor =>
  actorOf(GqlExecutionContext.create(context).getContext<RequestContext>()),
);
