import { UseGuards } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ConventionService } from '../../conventions/convention.service';
import { Actor } from '../../machines/actor';
import { AuthGuard } from '../auth.guard';
import { CurrentActor } from '../current-actor.decorator';
import { commandOptions } from '../idempotency';
import { CommitmentFilter } from './commitment-filter.input';
import { MarkCommitmentDoneInput } from './mark-commitment-done.input';
import { ReopenCommitmentInput } from './reopen-commitment.input';
import { ReportBreachInput } from './report-breach.input';
import { ServeFormalNoticeInput } from './serve-formal-notice.input';
import { CommitmentConnection } from './commitment-connection.model';
import { CommitmentPayload } from './commitment-payload.model';
import { Commitment } from './commitment.model';
import { ConventionReader } from '../read/convention-reader';
import { RequestContext } from '../request-context';

@Resolver(() => Commitment)
@UseGuards(AuthGuard)
export class CommitmentResolver {
  constructor(
    private readonly writer: ConventionService,
    private readonly reader: ConventionReader,
  ) {}

  @Query(() => CommitmentConnection, {
    description: 'Commitments of the conventions you may read, earliest due first.',
  })
  async commitments(
    @Args('filter', { type: () => CommitmentFilter, nullable: true }) filter: CommitmentFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @CurrentActor() actor: Actor,
  ): Promise<CommitmentConnection> {
    return this.reader.commitments(actor, filter, first, after);
  }

  @Query(() => Commitment, {
    description:
      'A commitment version by its `id`, or the current version of a commitment by its `lineageId` (the one its amendments have not replaced). Exactly one of the two.',
  })
  async commitment(
    @Args('id', { type: () => ID, nullable: true }) id: string | null,
    @Args('lineageId', { type: () => ID, nullable: true }) lineageId: string | null,
    @Context() ctx: RequestContext,
  ): Promise<Commitment> {
    return this.reader.commitmentBy(ctx.loaders, id ?? null, lineageId ?? null);
  }

  @Mutation(() => CommitmentPayload, {
    description:
      "Confirms your party's share of a commitment (a joint one is fulfilled once every owner confirmed).",
  })
  async markCommitmentDone(
    @Args('input') input: MarkCommitmentDoneInput,
    @CurrentActor() actor: Actor,
  ): Promise<CommitmentPayload> {
    const result = await this.writer.markCommitmentDone({
      actor,
      commitmentId: input.commitmentId,
      note: input.note ?? null,
      evidenceUrl: input.evidenceUrl ?? null,
      ...commandOptions(input),
    });
    return this.reader.commitmentPayload(result);
  }

  @Mutation(() => CommitmentPayload, {
    description: 'Reopens a fulfilled standing commitment of your party.',
  })
  async reopenCommitment(
    @Args('input') input: ReopenCommitmentInput,
    @CurrentActor() actor: Actor,
  ): Promise<CommitmentPayload> {
    const result = await this.writer.reopenCommitment({
      actor,
      commitmentId: input.commitmentId,
      reason: input.reason,
      ...commandOptions(input),
    });
    return this.reader.commitmentPayload(result);
  }

  @Mutation(() => CommitmentPayload, {
    description:
      'Formal notice (mise en demeure) on a commitment another party has breached; uncured, the convention terminates.',
  })
  async serveFormalNotice(
    @Args('input') input: ServeFormalNoticeInput,
    @CurrentActor() actor: Actor,
  ): Promise<CommitmentPayload> {
    const result = await this.writer.serveFormalNotice({
      actor,
      commitmentId: input.commitmentId,
      reason: input.reason,
      ...commandOptions(input),
    });
    return this.reader.commitmentPayload(result);
  }

  @Mutation(() => CommitmentPayload, {
    description:
      'Reports the breach of a standing duty another party owes, with its evidence (rules v2): the commitment becomes VIOLATED and a formal notice may be served on it.',
  })
  async reportBreach(
    @Args('input') input: ReportBreachInput,
    @CurrentActor() actor: Actor,
  ): Promise<CommitmentPayload> {
    const result = await this.writer.reportBreach({
      actor,
      commitmentId: input.commitmentId,
      description: input.description,
      evidenceUrl: input.evidenceUrl,
      ...commandOptions(input),
    });
    return this.reader.commitmentPayload(result);
  }
}
