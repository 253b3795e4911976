import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '../common/domain-error';
import { Actor } from '../machines/actor';
import { Runtime } from '../app/runtime';
import { UNDATED } from '../conventions/records';
import { AuthGuard } from './auth.guard';
import { commandOptions } from './idempotency';
import {
  CommitmentFilter,
  MarkCommitmentDoneInput,
  ReopenCommitmentInput,
  ServeFormalNoticeInput,
} from './inputs';
import { TransitionResult } from '../conventions/convention.service';
import { commitmentFromRow, conventionFromRow, encodeCursor } from './mapping';
import { Commitment, CommitmentConnection, CommitmentPayload } from './models';
import { cursor, isRecord, pageSize } from './pagination';
import { RequestContext } from './request-context';
import { readableByCaller } from './readable-by-caller';
import { RUNTIME } from './runtime.token';

function isCommitmentCursor(value: unknown): value is { dueOn: string; id: string } {
  return isRecord(value) && typeof value.dueOn === 'string' && typeof value.id === 'string';
}

@Resolver(() => Commitment)
@UseGuards(AuthGuard)
export class CommitmentResolver {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Query(() => CommitmentConnection, {
    description: 'Commitments of the conventions you may read, earliest due first.',
  })
  async commitments(
    @Args('filter', { type: () => CommitmentFilter, nullable: true }) filter: CommitmentFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context() ctx: RequestContext,
  ): Promise<CommitmentConnection> {
    const { conventionRepository: repo, db, conventions } = this.runtime;
    const criteria = {
      partyId: filter?.partyId ?? undefined,
      status: filter?.status ?? undefined,
      dueBefore: filter?.dueBefore ?? undefined,
      conventionId: filter?.conventionId ?? undefined,
      readableBy: readableByCaller(this.runtime, ctx),
    };
    const [page, totalCount] = await Promise.all([
      repo.listCommitments(db.read, criteria, pageSize(first), cursor(after, isCommitmentCursor)),
      repo.countCommitments(db.read, criteria),
    ]);
    const definitions = new Map<string, ReturnType<typeof conventions.definitionOf>>();
    const owning = await repo.findConventions(db.read, [...new Set(page.rows.map((r) => r.conventionId))]);
    for (const row of owning) definitions.set(row.id, conventions.definitionOf(row));
    const edges = page.rows.map((row) => ({
      cursor: encodeCursor({ dueOn: row.dueOn ?? UNDATED, id: row.id }),
      node: commitmentFromRow(definitions.get(row.conventionId)!, row, this.runtime.clock.nowIso()),
    }));
    return {
      edges,
      totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  }

  @Query(() => Commitment)
  async commitment(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: RequestContext,
  ): Promise<Commitment> {
    const { conventionRepository: repo, db, registry } = this.runtime;
    const row = await repo.findCommitment(db.read, id);
    // One answer for an unknown commitment and one of a convention the actor may not read.
    const convention = row && (await ctx.loaders.convention.load(row.conventionId));
    if (!row || !convention) throw new DomainError('NOT_FOUND', `no commitment ${id}`);
    const definition = registry.byReference(`${convention.workflowId}@${convention.workflowVersion}`)!;
    return commitmentFromRow(definition, row, this.runtime.clock.nowIso());
  }

  @Mutation(() => CommitmentPayload, {
    description:
      "Confirms your party's share of a commitment (a joint one is fulfilled once every owner confirmed).",
  })
  async markCommitmentDone(
    @Args('input') input: MarkCommitmentDoneInput,
    @Context() ctx: RequestContext,
  ): Promise<CommitmentPayload> {
    return this.payload(
      await this.runtime.conventions.markCommitmentDone({
        actor: ctx.actor as Actor,
        commitmentId: input.commitmentId,
        note: input.note ?? null,
        evidenceUrl: input.evidenceUrl ?? null,
        ...commandOptions(input),
      }),
    );
  }

  @Mutation(() => CommitmentPayload, {
    description: 'Reopens a fulfilled standing commitment of your party.',
  })
  async reopenCommitment(
    @Args('input') input: ReopenCommitmentInput,
    @Context() ctx: RequestContext,
  ): Promise<CommitmentPayload> {
    return this.payload(
      await this.runtime.conventions.reopenCommitment({
        actor: ctx.actor!,
        commitmentId: input.commitmentId,
        reason: input.reason,
        ...commandOptions(input),
      }),
    );
  }

  @Mutation(() => CommitmentPayload, {
    description:
      'Formal notice (mise en demeure) on a commitment another party has breached; uncured, the convention terminates.',
  })
  async serveFormalNotice(
    @Args('input') input: ServeFormalNoticeInput,
    @Context() ctx: RequestContext,
  ): Promise<CommitmentPayload> {
    return this.payload(
      await this.runtime.conventions.serveFormalNotice({
        actor: ctx.actor!,
        commitmentId: input.commitmentId,
        reason: input.reason,
        ...commandOptions(input),
      }),
    );
  }

  /** The convention and the commitment as the transition left them (read in its transaction). */
  private payload(result: TransitionResult): CommitmentPayload {
    const { conventions, clock } = this.runtime;
    const definition = conventions.definitionOf(result.convention);
    return {
      convention: conventionFromRow(definition, result.convention, clock.nowIso()),
      commitment: commitmentFromRow(definition, result.commitment!, clock.nowIso()),
    };
  }
}
