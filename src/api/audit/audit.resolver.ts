import { UseGuards } from '@nestjs/common';
import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { AuthGuard } from '../auth.guard';
import { ConventionAtInstant } from './convention-at-instant.model';
import { HistoryConnection } from './history-connection.model';
import { HistoryVerification } from './history-verification.model';
import { RequestContext } from '../request-context';
import { AuditReader } from './audit-reader';

/** Histories, their verification and past states, for whoever may read the convention. */
@Resolver()
@UseGuards(AuthGuard)
export class AuditResolver {
  constructor(private readonly audit: AuditReader) {}

  @Query(() => HistoryConnection, { description: "A convention's events, oldest first." })
  async history(
    @Args('conventionId', { type: () => ID }) conventionId: string,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context() ctx: RequestContext,
  ): Promise<HistoryConnection> {
    return this.audit.history(ctx.actor, conventionId, first, after);
  }

  @Query(() => HistoryVerification, {
    description:
      'Hash chain intact, every event replays with its guards passing, replayed state equals the projection.',
  })
  async verifyHistory(
    @Args('conventionId', { type: () => ID }) conventionId: string,
    @Context() ctx: RequestContext,
  ): Promise<HistoryVerification> {
    return this.audit.verify(ctx.actor, conventionId, ctx.logCheck);
  }

  @Query(() => ConventionAtInstant, { description: 'The convention as it stood at an instant (ISO-8601).' })
  async conventionAt(
    @Args('id', { type: () => ID }) id: string,
    @Args('at') at: string,
    @Context() ctx: RequestContext,
  ): Promise<ConventionAtInstant> {
    return this.audit.conventionAt(ctx.actor, id, at);
  }
}
