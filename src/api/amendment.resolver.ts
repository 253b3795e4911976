import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Runtime } from '../app/runtime';
import { ConventionRecord } from '../conventions/records';
import { AuthGuard } from './auth.guard';
import { amendmentChanges } from './amendment-changes';
import { commandOptions } from './idempotency';
import {
  ProposeAmendmentInput,
  ProposeRenewalInput,
  RecordMeetingInput,
  ResumeConventionInput,
  SignAmendmentInput,
  SuspendConventionInput,
  WithdrawAmendmentInput,
} from './inputs';
import { conventionFromRow } from './mapping';
import { ConventionPayload } from './models';
import { RequestContext } from './request-context';
import { RUNTIME } from './runtime.token';

/** Changes to a running convention: amendments (avenants), committee meetings, force majeure. */
@Resolver()
@UseGuards(AuthGuard)
export class AmendmentResolver {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  private payload(row: ConventionRecord): ConventionPayload {
    const { conventions, clock } = this.runtime;
    return { convention: conventionFromRow(conventions.definitionOf(row), row, clock.nowIso()) };
  }

  @Mutation(() => ConventionPayload, {
    description:
      'Proposes an amendment (add, change or waive commitments; change term, renewal, notice or evaluation).',
  })
  async proposeAmendment(@Args('input') input: ProposeAmendmentInput, @Context() ctx: RequestContext) {
    const row = await this.runtime.conventions.proposeAmendment({
      actor: ctx.actor!,
      conventionId: input.conventionId,
      changes: amendmentChanges(input.changes),
      effectiveOn: input.effectiveOn ?? null,
      summary: input.summary,
      ...commandOptions(input),
    });
    return this.payload(row);
  }

  @Mutation(() => ConventionPayload, {
    description: 'Renewal by amendment: once every signatory has signed it, the convention is RENEWED.',
  })
  async proposeRenewal(@Args('input') input: ProposeRenewalInput, @Context() ctx: RequestContext) {
    return this.payload(
      await this.runtime.conventions.proposeRenewal({
        actor: ctx.actor!,
        conventionId: input.conventionId,
        summary: input.summary ?? null,
        ...commandOptions(input),
      }),
    );
  }

  @Mutation(() => ConventionPayload, {
    description: "Signs the pending amendment for one of your party's signatories.",
  })
  async signAmendment(@Args('input') input: SignAmendmentInput, @Context() ctx: RequestContext) {
    return this.payload(
      await this.runtime.conventions.signAmendment({
        actor: ctx.actor!,
        conventionId: input.conventionId,
        amendmentId: input.amendmentId,
        signatoryId: input.signatoryId,
        ...commandOptions(input),
      }),
    );
  }

  @Mutation(() => ConventionPayload, {
    description: 'Withdraws an amendment not yet signed by every signatory.',
  })
  async withdrawAmendment(@Args('input') input: WithdrawAmendmentInput, @Context() ctx: RequestContext) {
    return this.payload(
      await this.runtime.conventions.withdrawAmendment({
        actor: ctx.actor!,
        conventionId: input.conventionId,
        amendmentId: input.amendmentId,
        reason: input.reason,
        ...commandOptions(input),
      }),
    );
  }

  @Mutation(() => ConventionPayload, {
    description:
      "Records a committee meeting; it fulfils the committee's recurring commitment for its period.",
  })
  async recordMeeting(@Args('input') input: RecordMeetingInput, @Context() ctx: RequestContext) {
    return this.payload(
      await this.runtime.conventions.recordMeeting({
        actor: ctx.actor!,
        conventionId: input.conventionId,
        committee: input.committee,
        heldOn: input.heldOn,
        attendingParties: input.attendingParties,
        minutesUrl: input.minutesUrl ?? null,
        decisions: input.decisions ?? [],
        ...commandOptions(input),
      }),
    );
  }

  @Mutation(() => ConventionPayload, {
    description: 'Suspends the convention for force majeure (when its text allows).',
  })
  async suspendConvention(@Args('input') input: SuspendConventionInput, @Context() ctx: RequestContext) {
    return this.payload(
      await this.runtime.conventions.suspend({
        actor: ctx.actor!,
        conventionId: input.conventionId,
        reason: input.reason,
        ...commandOptions(input),
      }),
    );
  }

  @Mutation(() => ConventionPayload, {
    description: 'Ends a force-majeure suspension; due dates move by its length.',
  })
  async resumeConvention(@Args('input') input: ResumeConventionInput, @Context() ctx: RequestContext) {
    return this.payload(
      await this.runtime.conventions.resume({
        actor: ctx.actor!,
        conventionId: input.conventionId,
        ...commandOptions(input),
      }),
    );
  }
}
