import { UseGuards } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ConventionService } from '../../conventions/convention.service';
import { Actor } from '../../machines/actor';
import { AuthGuard } from '../auth.guard';
import { CurrentActor } from '../current-actor.decorator';
import { commandOptions } from '../idempotency';
import { ConventionAction } from './convention-action.enum';
import { ConventionFilter } from './convention-filter.input';
import { CreateConventionInput } from './create-convention.input';
import { GiveNoticeInput } from './give-notice.input';
import { SignConventionInput } from './sign-convention.input';
import { SubmitEvaluationInput } from './submit-evaluation.input';
import { Commitment } from '../commitments/commitment.model';
import { ConventionConnection } from './convention-connection.model';
import { ConventionPayload } from './convention-payload.model';
import { Convention } from './convention.model';
import { Deadline } from '../deadlines/deadline.model';
import { ConventionReader, toDeadline } from '../read/convention-reader';
import { RequestContext } from '../request-context';

@Resolver(() => Convention)
@UseGuards(AuthGuard)
export class ConventionResolver {
  constructor(
    private readonly writer: ConventionService,
    private readonly reader: ConventionReader,
  ) {}

  @Query(() => ConventionConnection, { description: 'The conventions you may read, oldest first.' })
  async conventions(
    @Args('filter', { type: () => ConventionFilter, nullable: true }) filter: ConventionFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionConnection> {
    return this.reader.conventions(actor, filter, first, after);
  }

  @Query(() => Convention)
  async convention(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: RequestContext,
  ): Promise<Convention> {
    return this.reader.readable(ctx.loaders, id);
  }

  @Mutation(() => ConventionPayload, { description: 'Admin only: a new DRAFT convention from a definition.' })
  async createConvention(
    @Args('input') input: CreateConventionInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.create({
      actor,
      workflowId: input.workflowId,
      title: input.title,
      effectiveOn: input.effectiveOn,
      options: input.options,
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }

  @Mutation(() => ConventionPayload, { description: "Signs for one of your party's signatories." })
  async signConvention(
    @Args('input') input: SignConventionInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.sign({
      actor,
      conventionId: input.conventionId,
      signatoryId: input.signatoryId,
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }

  @Mutation(() => ConventionPayload, {
    description: "Your party's assessment of the current evaluation round.",
  })
  async submitEvaluation(
    @Args('input') input: SubmitEvaluationInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const assessments = input.assessments.map((a) => ({
      criterion: a.criterion,
      rating: a.rating,
      comment: a.comment ?? null,
    }));
    const row = await this.writer.submitEvaluation({
      actor,
      conventionId: input.conventionId,
      assessments,
      summary: input.summary ?? null,
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }

  @Mutation(() => ConventionPayload, {
    description: 'Notice of termination for your party; its effective date is computed from the definition.',
  })
  async giveNotice(
    @Args('input') input: GiveNoticeInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.giveNotice({
      actor,
      conventionId: input.conventionId,
      reason: input.reason,
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
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
