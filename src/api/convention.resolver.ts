import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '../common/domain-error';
import { Actor } from '../machines/actor';
import { Runtime } from '../app/runtime';
import { AuthGuard } from './auth.guard';
import { commandOptions } from './idempotency';
import { CommitmentAction, ConventionAction } from './enums';
import {
  ConventionFilter,
  CreateConventionInput,
  GiveNoticeInput,
  SignConventionInput,
  SubmitEvaluationInput,
} from './inputs';
import { conventionFromRow, encodeCursor } from './mapping';
import { Commitment, Convention, ConventionConnection, ConventionPayload, Deadline } from './models';
import { toDeadline } from './deadline.resolver';
import { cursor, isRecord, pageSize } from './pagination';
import { RequestContext } from './request-context';
import { readableByCaller } from './readable-by-caller';
import { RUNTIME } from './runtime.token';

function isConventionCursor(value: unknown): value is { createdAt: string; id: string } {
  return isRecord(value) && typeof value.createdAt === 'string' && typeof value.id === 'string';
}

function actorOf(ctx: RequestContext): Actor {
  return ctx.actor as Actor;
}

@Resolver(() => Convention)
@UseGuards(AuthGuard)
export class ConventionResolver {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Query(() => ConventionConnection, { description: 'The conventions you may read, oldest first.' })
  async conventions(
    @Args('filter', { type: () => ConventionFilter, nullable: true }) filter: ConventionFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context() ctx: RequestContext,
  ): Promise<ConventionConnection> {
    const { conventionRepository: repo, db } = this.runtime;
    const criteria = {
      status: filter?.status ?? undefined,
      partyId: filter?.partyId ?? undefined,
      workflowId: filter?.workflowId ?? undefined,
      readableBy: readableByCaller(this.runtime, ctx),
    };
    const [page, totalCount] = await Promise.all([
      repo.listConventions(db.read, criteria, pageSize(first), cursor(after, isConventionCursor)),
      repo.countConventions(db.read, criteria),
    ]);
    const edges = page.rows.map((row) => ({
      cursor: encodeCursor({ createdAt: row.createdAt, id: row.id }),
      node: conventionFromRow(this.runtime.conventions.definitionOf(row), row, this.runtime.clock.nowIso()),
    }));
    return {
      edges,
      totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  }

  @Query(() => Convention)
  async convention(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: RequestContext,
  ): Promise<Convention> {
    const found = await ctx.loaders.convention.load(id);
    if (!found) throw new DomainError('NOT_FOUND', `no convention ${id}`);
    return found;
  }

  @Mutation(() => ConventionPayload, { description: 'Admin only: a new DRAFT convention from a definition.' })
  async createConvention(
    @Args('input') input: CreateConventionInput,
    @Context() ctx: RequestContext,
  ): Promise<ConventionPayload> {
    const row = await this.runtime.conventions.create({
      actor: actorOf(ctx),
      workflowId: input.workflowId,
      title: input.title,
      effectiveOn: input.effectiveOn,
      ...commandOptions(input),
    });
    return {
      convention: conventionFromRow(
        this.runtime.conventions.definitionOf(row),
        row,
        this.runtime.clock.nowIso(),
      ),
    };
  }

  @Mutation(() => ConventionPayload, { description: "Signs for one of your party's signatories." })
  async signConvention(
    @Args('input') input: SignConventionInput,
    @Context() ctx: RequestContext,
  ): Promise<ConventionPayload> {
    const row = await this.runtime.conventions.sign({
      actor: actorOf(ctx),
      conventionId: input.conventionId,
      signatoryId: input.signatoryId,
      ...commandOptions(input),
    });
    return {
      convention: conventionFromRow(
        this.runtime.conventions.definitionOf(row),
        row,
        this.runtime.clock.nowIso(),
      ),
    };
  }

  @Mutation(() => ConventionPayload, {
    description: "Your party's assessment of the current evaluation round.",
  })
  async submitEvaluation(
    @Args('input') input: SubmitEvaluationInput,
    @Context() ctx: RequestContext,
  ): Promise<ConventionPayload> {
    const assessments = input.assessments.map((a) => ({
      criterion: a.criterion,
      rating: a.rating,
      comment: a.comment ?? null,
    }));
    const row = await this.runtime.conventions.submitEvaluation({
      actor: actorOf(ctx),
      conventionId: input.conventionId,
      assessments,
      summary: input.summary ?? null,
      ...commandOptions(input),
    });
    return {
      convention: conventionFromRow(
        this.runtime.conventions.definitionOf(row),
        row,
        this.runtime.clock.nowIso(),
      ),
    };
  }

  @Mutation(() => ConventionPayload, {
    description: 'Notice of termination for your party; its effective date is computed from the definition.',
  })
  async giveNotice(
    @Args('input') input: GiveNoticeInput,
    @Context() ctx: RequestContext,
  ): Promise<ConventionPayload> {
    const row = await this.runtime.conventions.giveNotice({
      actor: actorOf(ctx),
      conventionId: input.conventionId,
      reason: input.reason,
      ...commandOptions(input),
    });
    return {
      convention: conventionFromRow(
        this.runtime.conventions.definitionOf(row),
        row,
        this.runtime.clock.nowIso(),
      ),
    };
  }

  @ResolveField(() => [Commitment])
  async commitments(@Parent() convention: Convention, @Context() ctx: RequestContext): Promise<Commitment[]> {
    return convention.embeddedCommitments ?? ctx.loaders.commitmentsOf.load(convention.id);
  }

  @ResolveField(() => [Deadline], { description: 'Its pending deadlines, earliest first.' })
  async upcomingDeadlines(
    @Parent() convention: Convention,
    @Context() ctx: RequestContext,
  ): Promise<Deadline[]> {
    if (convention.embeddedCommitments) return [];
    return (await ctx.loaders.upcomingDeadlines.load(convention.id)).map(toDeadline);
  }

  @ResolveField(() => [ConventionAction], { description: 'What you may do on this convention now.' })
  async allowedActions(
    @Parent() convention: Convention,
    @Context() ctx: RequestContext,
  ): Promise<ConventionAction[]> {
    if (convention.embeddedCommitments) return [];
    const allowed = await ctx.loaders.allowedActions.load(convention.id);
    return (allowed?.convention ?? []) as ConventionAction[];
  }
}

@Resolver(() => Commitment)
export class CommitmentFieldsResolver {
  @ResolveField(() => [CommitmentAction], { description: 'What you may do on this commitment now.' })
  async allowedActions(
    @Parent() commitment: Commitment,
    @Context() ctx: RequestContext,
  ): Promise<CommitmentAction[]> {
    if (commitment.historic) return [];
    const allowed = await ctx.loaders.allowedActions.load(commitment.conventionId);
    return (allowed?.commitments[commitment.key] ?? []) as CommitmentAction[];
  }

  @ResolveField(() => Convention)
  async convention(@Parent() commitment: Commitment, @Context() ctx: RequestContext): Promise<Convention> {
    const found = await ctx.loaders.convention.load(commitment.conventionId);
    if (!found) throw new DomainError('NOT_FOUND', `no convention ${commitment.conventionId}`);
    return found;
  }
}
