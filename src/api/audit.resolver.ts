import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { DateTime } from 'luxon';
import { DomainError } from '../common/domain-error';
import { Runtime } from '../app/runtime';
import { AuthGuard } from './auth.guard';
import { encodeCursor, toCommitment, toConvention, toHistoryEvent } from './mapping';
import { ConventionAtInstant, HistoryConnection, HistoryVerification } from './models';
import { cursor, isRecord, pageSize } from './pagination';
import { RequestContext } from './request-context';
import { RUNTIME } from './runtime.token';

function isHistoryCursor(value: unknown): value is { version: number } {
  return isRecord(value) && typeof value.version === 'number';
}

/** Histories, their verification and past states, for whoever may read the convention. */
@Resolver()
@UseGuards(AuthGuard)
export class AuditResolver {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Query(() => HistoryConnection, { description: "A convention's events, oldest first." })
  async history(
    @Args('conventionId', { type: () => ID }) conventionId: string,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context() ctx: RequestContext,
  ): Promise<HistoryConnection> {
    await this.mayAudit(ctx, conventionId);
    const afterVersion = cursor(after, isHistoryCursor)?.version ?? 0;
    const { page, totalCount } = await this.runtime.audit.history(
      conventionId,
      pageSize(first),
      afterVersion,
    );
    const edges = page.rows.map((row) => ({
      cursor: encodeCursor({ version: row.version }),
      node: toHistoryEvent(row),
    }));
    return {
      edges,
      totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  }

  @Query(() => HistoryVerification, {
    description:
      'Hash chain intact, every event replays with its guards passing, replayed state equals the projection.',
  })
  async verifyHistory(
    @Args('conventionId', { type: () => ID }) conventionId: string,
    @Context() ctx: RequestContext,
  ): Promise<HistoryVerification> {
    await this.mayAudit(ctx, conventionId);
    return this.runtime.audit.verify(conventionId, ctx.logCheck);
  }

  @Query(() => ConventionAtInstant, { description: 'The convention as it stood at an instant (ISO-8601).' })
  async conventionAt(
    @Args('id', { type: () => ID }) id: string,
    @Args('at') at: string,
    @Context() ctx: RequestContext,
  ): Promise<ConventionAtInstant> {
    await this.mayAudit(ctx, id);
    const instant = DateTime.fromISO(at, { setZone: true });
    if (!instant.isValid)
      throw new DomainError('BAD_USER_INPUT', `at must be an ISO-8601 instant, got "${at}"`);
    const iso = instant.toUTC().toISO() as string;
    const state = await this.runtime.audit.conventionAt(id, iso);
    if (!state) throw new DomainError('NOT_FOUND', `convention ${id} did not exist at ${iso}`);
    const { commitments, ...view } = state.view;
    const definition = this.runtime.registry.byReference(state.definitionRef)!;
    const embedded = commitments.map((c) => ({ ...toCommitment(definition, id, c, iso), historic: true }));
    return {
      at: iso,
      version: state.version,
      convention: toConvention(
        definition,
        { id, version: state.version, updatedAt: state.updatedAt, snapshot: null },
        view,
        iso,
        embedded,
      ),
    };
  }

  /**
   * Whoever reads a convention reads its history too: auditors and admins, the representatives
   * of its parties, and every representative for a public one. NOT_FOUND otherwise, as for an
   * unknown id.
   */
  private async mayAudit(ctx: RequestContext, conventionId: string): Promise<void> {
    if (!(await ctx.loaders.convention.load(conventionId))) {
      throw new DomainError('NOT_FOUND', `no convention ${conventionId}`);
    }
  }
}
